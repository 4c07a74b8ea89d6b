#pragma once
// What a finished scenario run leaves for people and GIS: the report (Markdown,
// HTML, CSV, PNG maps), the GeoTIFF of seasonal means and classes, and the
// GeoPackage of zones and stations with their compliance attributes.
#include <string>
#include <vector>

#include "scenarios/compliance/assessment.hpp"
#include "scenarios/compliance/standards.hpp"
#include "scenarios/products/report.hpp"
#include "scenarios/spec/scenario.hpp"
#include "solver/transport/mass_budget.hpp"

namespace beibu {

struct Mesh;

// The mass budget as a report table (tonnes), headings in `lang`.
Table budget_table(const MassBudget& budget, const std::string& lang = "en");
// The report's notes on the ocean data the run used and how approximate they are: the
// water temperature of the decay rates, each gridded initial or boundary field, and the
// boundary inflows that are constants of the scenario.
std::vector<std::string> ocean_data_notes(const Scenario& s, const std::string& lang);
// All the notes of a run's report in `lang`: the loads, bathymetry and statistics
// caveats, the water of `mesh` that is not assessed (if any), the ocean data's, then
// `extra` (the water's: scenarios/run/hydro_provenance).
std::vector<std::string> run_notes(const Scenario& s, const Mesh& mesh, const std::string& lang,
                                   const std::vector<std::string>& extra);

struct RunProductsInput {
  const Scenario* scenario = nullptr;
  const Mesh* mesh = nullptr;
  const Standard* standard = nullptr;
  const Assessment* assessment = nullptr;
  const MassBudget* budget = nullptr;
  std::string lang = "en", period;
  std::vector<ReportInput::Section> sections;  // extra report sections (rivers, fluxes, ...)
  std::vector<std::string> notes;              // extra limitations and provenance (e.g. of the tide)
};

// Writes DIR/report/, DIR/seasonal_mean.tif, DIR/seasonal_class.tif and DIR/compliance.gpkg
// (docs/outputs.md). Rank 0 only.
void write_run_products(const std::string& dir, const RunProductsInput& in);

}  // namespace beibu
