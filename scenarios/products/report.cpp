#include "scenarios/products/report.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "scenarios/products/map_render.hpp"

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
  std::string o;
  for (char c : s) {
    if (c == '<')
      o += "&lt;";
    else if (c == '>')
      o += "&gt;";
    else if (c == '&')
      o += "&amp;";
    else if (c == '"')
      o += "&quot;";
    else
      o += c;
  }
  return o;
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

namespace {

struct MapImage {
  std::string file, caption, legend_html, legend_md;
};

}  // namespace

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

  t.zones = Table{{"id", tr("zone", L), tr("type", L), tr("target", L), tr("class_mean", L), tr("class_p90", L),
                   tr("pass", L), tr("worst", L), tr("exceed_h", L)},
                  {}};
  for (const auto& p : a.parameters) t.zones.header.push_back(p + " (mg/L)");
  for (const auto& z : a.zones) {
    std::vector<std::string> r{z.info.id,
                               localized(z.info.name, z.info.name_zh, L),
                               z.info.type,
                               s.class_name(z.info.target_class, L),
                               s.class_name(z.class_mean, L),
                               s.class_name(z.class_p90, L),
                               tr(z.pass_mean ? "yes" : "no", L),
                               z.worst_parameter,
                               fmt(z.exceed_hours, 4)};
    for (const auto& p : a.parameters) r.push_back(fmt(z.stats.at(p).mean));
    for (int cls : {z.info.target_class, z.class_mean, z.class_p90}) r.push_back(std::to_string(class_code(cls)));
    t.zones.rows.push_back(r);
  }
  t.zones.shown = t.zones.header.size();
  for (const char* h : {"target_code", "class_mean_code", "class_p90_code"}) t.zones.header.push_back(h);
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

// DIR/maps/*.png: the class map, one mean map per parameter, the zones' pass/fail.
std::vector<MapImage> render_maps(const std::string& dir, const ReportInput& in) {
  const Assessment& a = *in.assessment;
  const Standard& s = *in.standard;
  const Mesh& m = *in.mesh;
  const std::string& L = in.lang;
  const int ncls = static_cast<int>(s.classes.size());
  std::vector<MapImage> maps;
  {
    render_png(dir + "/maps/class.png", m, colour_classes(a.face_class, ncls));
    std::string lh, lm;
    for (int c = 0; c <= ncls; ++c) {
      const Rgb col = class_colour(c, ncls);
      char hex[8];
      std::snprintf(hex, sizeof hex, "#%02x%02x%02x", col[0], col[1], col[2]);
      lh += "<span class=\"sw\" style=\"background:" + std::string(hex) + "\"></span>" +
            html_escape(s.class_name(c, L)) + " ";
      lm += std::string(lm.empty() ? "" : ", ") + s.class_name(c, L) + " " + hex;
    }
    maps.push_back({"maps/class.png", tr("class_map", L), lh, lm});
  }
  for (const auto& p : a.parameters) {
    const auto& v = a.mean.at(p);
    // Colour scale from 0 to the 98th percentile: river mouths would otherwise wash out the gulf.
    std::vector<double> finite;
    for (double x : v)
      if (!std::isnan(x)) finite.push_back(x);
    std::sort(finite.begin(), finite.end());
    const double lo = 0.0, hi = finite.empty() ? 1.0 : finite[static_cast<std::size_t>(0.98 * (finite.size() - 1))];
    render_png(dir + "/maps/mean_" + p + ".png", m, colour_continuous(v, lo, hi));
    const std::string lh = "<span class=\"bar\"></span> " + fmt(lo) + " &ndash; " + fmt(hi) + " mg/L and above";
    maps.push_back(
        {"maps/mean_" + p + ".png", tr("mean_map", L) + " " + p, lh, fmt(lo) + " to " + fmt(hi) + " mg/L (viridis)"});
  }
  {
    std::vector<int> zc(m.n_faces(), -1);  // -1 grey outside zones; 0 green pass; 5 red fail
    for (std::size_t z = 0; z < a.zones.size(); ++z)
      for (long f : a.zones[z].info.faces) zc[f] = a.zones[z].pass_mean ? 1 : ncls;
    render_png(dir + "/maps/zones.png", m, colour_classes(zc, ncls));
    maps.push_back({"maps/zones.png", tr("zones_map", L), "", ""});
  }

  return maps;
}

std::string report_markdown(const ReportInput& in, const ReportTables& t, const std::vector<MapImage>& maps) {
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
  md << "## " << tr("maps", L) << "\n\n";
  for (const auto& mp : maps)
    md << "![" << mp.caption << "](" << mp.file << ")\n\n*" << mp.caption << "*"
       << (mp.legend_md.empty() ? "" : " — " + mp.legend_md) << "\n\n";
  md << "## " << tr("zones", L) << "\n\n";
  md_table(md, t.zones);
  md << "## " << tr("stations", L) << "\n\n";
  md_table(md, t.stations);
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
std::string report_html(const std::string& dir, const ReportInput& in, const ReportTables& t,
                        const std::vector<MapImage>& maps) {
  const Assessment& a = *in.assessment;
  const Standard& s = *in.standard;
  const std::string& L = in.lang;
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"" << tr("html_lang", L) << "\"><head><meta charset=\"utf-8\">"
    << "<title>" << html_escape(in.title) << "</title><style>"
    << "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
    << "table{border-collapse:collapse;margin:1em 0;font-size:14px}td,th{border:1px solid #bbb;padding:3px 8px}"
    << "th{background:#eef}img{max-width:100%;border:1px solid #ccc}.sw{display:inline-block;width:14px;height:14px;"
    << "margin:0 4px 0 "
       "10px;vertical-align:middle}.bar{display:inline-block;width:160px;height:14px;vertical-align:middle;"
    << "background:linear-gradient(to right,#440154,#3b528b,#21918c,#5ec962,#fde725)}figure{margin:1.5em 0}"
    << ".big{font-size:2em;font-weight:bold}</style></head><body>\n";
  h << "<h1>" << html_escape(tr("report", L) + ": " + in.title) << "</h1>\n<p>" << html_escape(tr("scenario", L))
    << ": <code>" << html_escape(in.scenario) << "</code><br>" << html_escape(tr("period", L) + ": " + in.period)
    << "<br>" << html_escape(tr("standard", L) + ": " + localized(s.title, s.title_zh, L) + " (" + s.id + ")")
    << "</p>\n";
  h << "<h2>" << html_escape(tr("headline", L)) << "</h2>\n<p class=\"big\">" << pct(a.share_area_good) << "</p><p>"
    << html_escape(tr("share_area", L)) << "</p>\n";
  html_table(h, t.headline);
  h << "<h3>" << html_escape(tr("by_jurisdiction", L)) << "</h3>\n";
  html_table(h, t.by_jurisdiction);
  h << "<h2>" << html_escape(tr("maps", L)) << "</h2>\n";
  for (const auto& mp : maps)
    h << "<figure><img alt=\"" << html_escape(mp.caption) << "\" src=\"data:image/png;base64,"
      << base64(read_file(dir + "/" + mp.file)) << "\"><figcaption>" << html_escape(mp.caption) << "<br>"
      << mp.legend_html << "</figcaption></figure>\n";
  h << "<h2>" << html_escape(tr("zones", L)) << "</h2>\n";
  html_table(h, t.zones);
  h << "<h2>" << html_escape(tr("stations", L)) << "</h2>\n";
  html_table(h, t.stations);
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
  const std::vector<MapImage> maps = render_maps(dir, in);
  write_text(dir + "/report.md", report_markdown(in, t, maps));
  write_text(dir + "/report.html", report_html(dir, in, t, maps));
}

}  // namespace beibu
