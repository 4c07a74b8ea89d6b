#include "scenarios/products/report.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "scenarios/products/map_layers.hpp"
#include "scenarios/products/map_render.hpp"
#include "scenarios/products/map_svg.hpp"
#include "scenarios/products/report_maps.hpp"
#include "scenarios/products/station_series.hpp"

namespace beibu {

namespace fs = std::filesystem;

namespace {

std::string fmt(double v, int prec = 3) {
  return std::isnan(v) ? "-" : format_significant(v, prec);
}

std::string pct(double v) {
  return std::isnan(v) ? "-" : fmt(100 * v, 3) + " %";
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

std::string html_escape(const std::string& s) {
  return xml_escape(s);
}

namespace {}  // namespace

void md_table(std::ostream& os, const Table& t) {
  const std::size_t n = std::min(t.shown, t.header.size());
  os << "|";
  for (std::size_t i = 0; i < n; ++i) os << " " << t.header[i] << " |";
  os << "\n|";
  for (std::size_t i = 0; i < n; ++i) os << "---|";
  os << "\n";
  for (const auto& r : t.rows) {
    os << "|";
    for (std::size_t i = 0; i < std::min(n, r.size()); ++i) os << " " << r[i] << " |";
    os << "\n";
  }
  os << "\n";
}

void html_table(std::ostream& os, const Table& t) {
  const std::size_t n = std::min(t.shown, t.header.size());
  os << "<table><thead><tr>";
  for (std::size_t i = 0; i < n; ++i) os << "<th>" << html_escape(t.header[i]) << "</th>";
  os << "</tr></thead><tbody>\n";
  for (const auto& r : t.rows) {
    os << "<tr>";
    for (std::size_t i = 0; i < std::min(n, r.size()); ++i) os << "<td>" << html_escape(r[i]) << "</td>";
    os << "</tr>\n";
  }
  os << "</tbody></table>\n";
}

namespace {}  // namespace

void write_text(const std::string& path, const std::string& text) {
  AtomicOutput out(path);
  {
    std::ofstream f(out.temp_path(), std::ios::binary);
    f << text;
    if (!f) throw Failure("cannot write " + path);
  }
  out.commit();
}

std::string format_significant(double v, int digits) {
  std::ostringstream os;
  os.precision(digits);
  os << v;
  return os.str();
}

void write_csv(const std::string& path, const Table& t) {
  std::ostringstream os;
  for (std::size_t i = 0; i < t.header.size(); ++i) os << (i ? "," : "") << csv_field(t.header[i]);
  os << "\n";
  for (const auto& r : t.rows) {
    for (std::size_t i = 0; i < r.size(); ++i) os << (i ? "," : "") << csv_field(r[i]);
    os << "\n";
  }
  write_text(path, os.str());
}

namespace {

std::string zone_type(const std::string& type, const std::string& lang) {
  for (const auto& k : label_keys())
    if (k == "zone_type." + type) return tr(k, lang);
  return type;
}

}  // namespace

double exceedance_ratio(const ParameterLimit& limit, int target_class, double c) {
  if (target_class < 0 || target_class >= static_cast<int>(limit.values.size()) || std::isnan(c)) return NAN;
  const double L = limit.values[target_class];
  return limit.higher_is_worse() ? c / L : L / c;
}

Table zone_table(const Assessment& a, const Standard& s, const std::string& L) {
  Table t{{"id", tr("zone", L), tr("type", L), tr("target", L), tr("class_mean", L), tr("class_p90", L), tr("pass", L),
           tr("worst", L), tr("exceed_h", L)},
          {}};
  for (const auto& p : a.parameters) t.header.push_back(p + " C/L");
  t.shown = t.header.size();
  for (const auto& p : a.parameters) t.header.push_back(p + " (mg/L)");
  for (const char* h : {"target_code", "class_mean_code", "class_p90_code"}) t.header.push_back(h);
  for (const auto& z : a.zones) {
    std::vector<std::string> r{z.info.id,
                               localized(z.info.name, z.info.name_zh, L),
                               zone_type(z.info.type, L),
                               s.class_name(z.info.target_class, L),
                               s.class_name(z.class_mean, L),
                               s.class_name(z.class_p90, L),
                               tr(z.pass_mean ? "yes" : "no", L),
                               z.worst_parameter,
                               fmt(z.exceed_hours, 4)};
    for (const auto& p : a.parameters) {
      const ParameterLimit* lim = s.find(p);
      r.push_back(lim ? fmt(exceedance_ratio(*lim, z.info.target_class, z.stats.at(p).mean), 3) : "-");
    }
    for (const auto& p : a.parameters) r.push_back(fmt(z.stats.at(p).mean));
    for (int cls : {z.info.target_class, z.class_mean, z.class_p90}) r.push_back(std::to_string(class_code(cls)));
    t.rows.push_back(r);
  }
  return t;
}

namespace {

// The report's own tables (the sections bring theirs).
struct ReportTables {
  Table headline, by_jurisdiction, zones, stations;
};

ReportTables report_tables(const ReportInput& in) {
  const Assessment& a = *in.assessment;
  const Standard& s = *in.standard;
  const std::string& L = in.lang;
  ReportTables t;
  t.headline = Table{{tr("headline", L), tr("value", L)}, {}};
  t.headline.rows.push_back({tr("share_area", L), pct(a.share_area_good)});
  t.headline.rows.push_back({tr("share_stations", L), pct(a.share_stations_good)});
  t.by_jurisdiction = Table{{tr("jurisdiction", L), tr("share_area", L)}, {}};
  for (const auto& [j, v] : a.share_area_good_by_jurisdiction) t.by_jurisdiction.rows.push_back({j, pct(v)});

  t.zones = zone_table(a, s, L);
  t.stations =
      Table{{"id", tr("station", L), tr("jurisdiction", L), tr("class", L), tr("target", L), tr("exceeding", L)}, {}};
  for (const auto& p : a.parameters) t.stations.header.push_back(p + " (mg/L)");
  for (const auto& st : a.stations) {
    std::string ex;
    for (const auto& [p, mult] : st.exceeding) ex += (ex.empty() ? "" : "; ") + p + " " + fmt(mult, 2);
    std::vector<std::string> r{st.info.id,
                               localized(st.info.name, st.info.name_zh, L),
                               st.info.jurisdiction,
                               st.overall < 0 ? tr("not_assessed", L) : s.class_name(st.overall, L),
                               s.class_name(st.info.target_class, L),
                               ex.empty() ? tr("none", L) : ex};
    for (const auto& p : a.parameters) r.push_back(fmt(st.mean.at(p)));
    for (int cls : {st.overall, st.info.target_class}) r.push_back(std::to_string(class_code(cls)));
    t.stations.rows.push_back(r);
  }
  t.stations.shown = t.stations.header.size();
  for (const char* h : {"class_code", "target_code"}) t.stations.header.push_back(h);
  return t;
}

// The maps and station charts of a report.
struct Figures {
  std::vector<MapFigure> maps;
  std::vector<StationFigure> stations;
};

Figures render_figures(const std::string& dir, const ReportInput& in) {
  Figures f;
  const MapLayers layers = load_map_layers(map_views_file(in.zones_file), in.zones_file, mesh_box(*in.mesh));
  f.maps = render_report_maps(dir, *in.mesh, *in.assessment, *in.standard, layers, in.lang);
  if (!in.stations_file.empty() && fs::exists(in.stations_file)) {
    f.stations = station_figures(read_station_series(in.stations_file), *in.assessment, *in.standard, in.lang);
    if (!f.stations.empty()) fs::create_directories(dir + "/series");
    for (const auto& st : f.stations) write_text(dir + "/series/" + st.id + ".svg", st.svg);
  }
  return f;
}

// One sentence on the zones, and one line per failing zone with its worst C/L.
std::vector<std::string> zone_summary(const ReportInput& in) {
  const Assessment& a = *in.assessment;
  const std::string& L = in.lang;
  int pass = 0;
  for (const auto& z : a.zones) pass += z.pass_mean;
  std::vector<std::string> out{
      tr("zones_summary", L, {std::to_string(pass), std::to_string(a.zones.size()), in.standard->id})};
  for (const auto& z : a.zones) {
    if (z.pass_mean) continue;
    const ParameterLimit* lim = in.standard->find(z.worst_parameter);
    const double r = lim && z.stats.count(z.worst_parameter)
                         ? exceedance_ratio(*lim, z.info.target_class, z.stats.at(z.worst_parameter).mean)
                         : NAN;
    out.push_back(tr("zone_failing", L,
                     {z.info.id + " " + localized(z.info.name, z.info.name_zh, L),
                      in.standard->class_name(z.info.target_class, L), z.worst_parameter, fmt(r, 3)}));
  }
  return out;
}

std::string report_markdown(const ReportInput& in, const ReportTables& t, const Figures& fig) {
  const Standard& s = *in.standard;
  const std::string& L = in.lang;
  std::ostringstream md;
  md << "# " << tr("report", L) << ": " << in.title << "\n\n";
  md << "- " << tr("scenario", L) << ": `" << in.scenario << "`\n- " << tr("period", L) << ": " << in.period << "\n- "
     << tr("standard", L) << ": " << localized(s.title, s.title_zh, L) << " (" << s.id << ")\n\n";
  md << "## " << tr("headline", L) << "\n\n";
  md_table(md, t.headline);
  md << "### " << tr("by_jurisdiction", L) << "\n\n";
  md_table(md, t.by_jurisdiction);
  const auto summary = zone_summary(in);
  md << summary.front() << "\n\n";
  for (std::size_t i = 1; i < summary.size(); ++i) md << "- " << summary[i] << "\n";
  md << "\n## " << tr("maps", L) << "\n\n";
  std::string section;
  for (const auto& mp : fig.maps) {
    if (mp.section != section) md << "### " << (section = mp.section) << "\n\n";
    md << "![" << mp.caption << "](" << mp.file << ")\n\n*" << mp.caption << "*\n\n";
  }
  md << "## " << tr("zones", L) << "\n\n" << tr("cl_text", L) << "\n\n";
  md_table(md, t.zones);
  md << "## " << tr("stations", L) << "\n\n";
  md_table(md, t.stations);
  if (!fig.stations.empty()) {
    md << "## " << tr("series", L) << "\n\n" << tr("series_text", L) << "\n\n";
    for (const auto& st : fig.stations)
      md << "![" << st.caption << "](series/" << st.id << ".svg)\n\n*" << st.caption << "*\n\n";
  }
  if (!in.budget.rows.empty()) {
    md << "## " << tr("budget", L) << "\n\n";
    md_table(md, in.budget);
  }
  for (const auto& sec : in.sections) {
    md << "\n## " << sec.title << "\n\n";
    if (!sec.text.empty()) md << sec.text << "\n\n";
    md_table(md, sec.table);
  }
  if (!in.notes.empty()) {
    md << "## " << tr("notes", L) << "\n\n";
    for (const auto& n : in.notes) md << "- " << n << "\n";
  }
  return md.str();
}

// One self-contained page: the maps embedded as data URIs.
std::string report_html(const ReportInput& in, const ReportTables& t, const Figures& fig) {
  const Assessment& a = *in.assessment;
  const Standard& s = *in.standard;
  const std::string& L = in.lang;
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"" << tr("html_lang", L) << "\"><head><meta charset=\"utf-8\">"
    << "<title>" << html_escape(in.title) << "</title><style>"
    << "body{font-family:\"Noto Sans CJK SC\",\"Noto Sans SC\",sans-serif;max-width:1100px;margin:2em auto;color:#222}"
    << "table{border-collapse:collapse;margin:1em 0;font-size:14px}td,th{border:1px solid #bbb;padding:3px 8px}"
    << "th{background:#eef}svg{max-width:100%;height:auto;border:1px solid #ccc}figure{margin:1.5em 0}"
    << "ul.fail{color:#a00000}.big{font-size:2em;font-weight:bold}</style></head><body>\n";
  h << "<h1>" << html_escape(tr("report", L) + ": " + in.title) << "</h1>\n<p>" << html_escape(tr("scenario", L))
    << ": <code>" << html_escape(in.scenario) << "</code><br>" << html_escape(tr("period", L) + ": " + in.period)
    << "<br>" << html_escape(tr("standard", L) + ": " + localized(s.title, s.title_zh, L) + " (" + s.id + ")")
    << "</p>\n";
  h << "<h2>" << html_escape(tr("headline", L)) << "</h2>\n<p class=\"big\">" << pct(a.share_area_good) << "</p><p>"
    << html_escape(tr("share_area", L)) << "</p>\n";
  html_table(h, t.headline);
  h << "<h3>" << html_escape(tr("by_jurisdiction", L)) << "</h3>\n";
  html_table(h, t.by_jurisdiction);
  const auto summary = zone_summary(in);
  h << "<p>" << html_escape(summary.front()) << "</p>\n";
  if (summary.size() > 1) {
    h << "<ul class=\"fail\">";
    for (std::size_t i = 1; i < summary.size(); ++i) h << "<li>" << html_escape(summary[i]) << "</li>";
    h << "</ul>\n";
  }
  h << "<h2>" << html_escape(tr("maps", L)) << "</h2>\n";
  std::string section;
  for (const auto& mp : fig.maps) {
    if (mp.section != section) h << "<h3>" << html_escape(section = mp.section) << "</h3>\n";
    h << "<figure>" << mp.inline_svg << "<figcaption>" << html_escape(mp.caption) << "</figcaption></figure>\n";
  }
  h << "<h2>" << html_escape(tr("zones", L)) << "</h2>\n<p>" << html_escape(tr("cl_text", L)) << "</p>\n";
  html_table(h, t.zones);
  h << "<h2>" << html_escape(tr("stations", L)) << "</h2>\n";
  html_table(h, t.stations);
  if (!fig.stations.empty()) {
    h << "<h2>" << html_escape(tr("series", L)) << "</h2>\n<p>" << html_escape(tr("series_text", L)) << "</p>\n";
    for (const auto& st : fig.stations)
      h << "<figure>" << st.svg << "<figcaption>" << html_escape(st.caption) << "</figcaption></figure>\n";
  }
  if (!in.budget.rows.empty()) {
    h << "<h2>" << html_escape(tr("budget", L)) << "</h2>\n";
    html_table(h, in.budget);
  }
  for (const auto& sec : in.sections) {
    h << "<h2>" << html_escape(sec.title) << "</h2>\n";
    if (!sec.text.empty()) h << "<p>" << html_escape(sec.text) << "</p>\n";
    html_table(h, sec.table);
  }
  if (!in.notes.empty()) {
    h << "<h2>" << html_escape(tr("notes", L)) << "</h2><ul>";
    for (const auto& n : in.notes) h << "<li>" << html_escape(n) << "</li>";
    h << "</ul>\n";
  }
  h << "</body></html>\n";
  return h.str();
}

}  // namespace

void write_report(const std::string& dir, const ReportInput& in) {
  fs::create_directories(dir + "/maps");
  fs::create_directories(dir + "/tables");
  const ReportTables t = report_tables(in);
  write_csv(dir + "/tables/headline.csv", t.headline);
  write_csv(dir + "/tables/headline_by_jurisdiction.csv", t.by_jurisdiction);
  write_csv(dir + "/tables/zones.csv", t.zones);
  write_csv(dir + "/tables/stations.csv", t.stations);
  if (!in.budget.rows.empty()) write_csv(dir + "/tables/mass_budget.csv", in.budget);
  for (const auto& sec : in.sections) write_csv(dir + "/tables/" + sec.csv_name + ".csv", sec.table);
  const Figures fig = render_figures(dir, in);
  write_text(dir + "/report.md", report_markdown(in, t, fig));
  write_text(dir + "/report.html", report_html(in, t, fig));
}

}  // namespace beibu
