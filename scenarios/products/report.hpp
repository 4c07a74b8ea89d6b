#pragma once
// The report of a run, for people: Markdown and a self-contained HTML page
// (maps embedded), CSV tables, PNG maps; in English or Chinese.
#include <ostream>
#include <string>
#include <vector>

#include "mesh/mesh.hpp"
#include "scenarios/compliance/assessment.hpp"
#include "scenarios/compliance/standards.hpp"
#include "scenarios/products/labels.hpp"

namespace beibu {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // Markdown and HTML show the first `shown` columns; CSV has them all (the class
  // codes, kept for machines, follow the columns people read).
  std::size_t shown = static_cast<std::size_t>(-1);
};

struct ReportInput {
  std::string scenario, title, period, lang = "en";  // lang: "en" or "zh"
  const Mesh* mesh = nullptr;
  const Assessment* assessment = nullptr;
  const Standard* standard = nullptr;
  Table budget;  // mass budget rows (may be empty)
  // Further sections (e.g. river border sections, cross-border fluxes), each
  // written after the budget and also as tables/<csv_name>.csv.
  struct Section {
    std::string title, csv_name, text;  // text: a paragraph before the table (may be empty)
    Table table;
  };
  std::vector<Section> sections;
  std::vector<std::string> notes;  // limitations, provenance
  // The zones' polygons (outlines on the maps; its directory's map_views.yaml gives the
  // views, land and coast) and the station time series (stations.nc); either may be empty.
  std::string zones_file, stations_file;
};

// C/L: the concentration over the limit of class `target_class` (L/C for a minimum
// limit such as dissolved oxygen), so that above 1 fails the target. NaN without a limit.
double exceedance_ratio(const ParameterLimit& limit, int target_class, double c);
// The zone table as the report shows it (per parameter C/L against the zone's target;
// the means in mg/L and the class codes follow in the CSV only).
Table zone_table(const Assessment& a, const Standard& s, const std::string& lang);

// Writes DIR/report.md, DIR/report.html, DIR/tables/*.csv and DIR/maps/*.png.
void write_report(const std::string& dir, const ReportInput& in);

void write_csv(const std::string& path, const Table& t);
// A table cell: v with `digits` significant digits (ostream's default notation).
std::string format_significant(double v, int digits = 4);
void md_table(std::ostream& os, const Table& t);
void html_table(std::ostream& os, const Table& t);
std::string html_escape(const std::string& s);
// Writes a text file atomically.
void write_text(const std::string& path, const std::string& text);

}  // namespace beibu
