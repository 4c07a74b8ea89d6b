#include "scenarios/apportion/apportion_report.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "scenarios/products/map_render.hpp"

namespace beibu {

namespace {

std::string pct(double v) {
  std::ostringstream os;
  os.setf(std::ios::fixed);
  os.precision(1);
  os << 100 * v;
  return os.str();
}

std::string num(double v) {
  std::ostringstream os;
  os.precision(4);
  os << v;
  return os.str();
}

std::vector<std::string> distinct(const std::vector<std::string>& v) {
  std::vector<std::string> out;
  for (const auto& s : v)
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  return out;
}

std::string file_safe(std::string s) {
  for (auto& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  return s;
}

}  // namespace

std::map<std::string, double> shares_by(const SourceReceptorMatrix& m, std::size_t k, std::size_t r,
                                        const std::vector<std::string>& key) {
  std::map<std::string, double> out;
  const double c = m.concentration[k * m.nr() + r];
  if (!(c > 0)) return out;
  for (std::size_t g = 0; g < m.ng(); ++g) out[key[g]] += m.R(k, r, g) * m.current_load[k * m.ng() + g] / c;
  out["background"] = m.background[k * m.nr() + r] / c;
  return out;
}

Table share_table(const SourceReceptorMatrix& m, const std::vector<std::string>& key, const std::string& lang) {
  const auto cols = distinct(key);
  Table t;
  t.header = {tr("col.receptor", lang),    tr("col.kind", lang), tr("col.waters", lang),
              tr("col.constituent", lang), tr("col.mean", lang), tr("col.background", lang)};
  for (const auto& c : cols) t.header.push_back(c + " %");
  for (std::size_t k = 0; k < m.constituents.size(); ++k)
    for (std::size_t r = 0; r < m.nr(); ++r) {
      if (m.receptor_kind[r] == "cell") continue;
      auto sh = shares_by(m, k, r, key);
      std::vector<std::string> row{m.receptors[r],
                                   m.receptor_kind[r],
                                   m.receptor_jurisdiction[r],
                                   m.constituents[k],
                                   num(m.concentration[k * m.nr() + r]),
                                   pct(sh["background"])};
      for (const auto& c : cols) row.push_back(pct(sh[c]));
      t.rows.push_back(row);
    }
  return t;
}

void write_apportion_report(const std::string& dir, const SourceReceptorMatrix& m, const Mesh& mesh,
                            const std::map<std::string, std::map<std::string, std::vector<double>>>& face_means,
                            const std::string& title, const std::string& lang) {
  namespace fs = std::filesystem;
  fs::create_directories(dir + "/tables");
  fs::create_directories(dir + "/maps");
  const bool by_sector = std::any_of(m.group_sector.begin(), m.group_sector.end(),
                                     [](const std::string& s) { return s != "all" && !s.empty(); });
  const Table tj = share_table(m, m.group_jurisdiction, lang);
  write_csv(dir + "/tables/shares_by_jurisdiction.csv", tj);
  Table ts;
  if (by_sector) {
    ts = share_table(m, m.group_sector, lang);
    write_csv(dir + "/tables/shares_by_sector.csv", ts);
  }

  // Cross-border summary: each sea area's concentration split by the jurisdiction of the sources.
  const auto js = distinct(m.group_jurisdiction);
  Table cb;
  cb.header = {tr("col.waters_of", lang), tr("col.constituent", lang), tr("col.mean", lang),
               tr("col.background", lang)};
  for (const auto& j : js) cb.header.push_back(tr("col.from_jurisdiction", lang, {j}));
  cb.header.push_back(tr("col.from_others", lang));
  for (std::size_t k = 0; k < m.constituents.size(); ++k)
    for (std::size_t r = 0; r < m.nr(); ++r) {
      if (m.receptor_kind[r] != "sea_area") continue;
      auto sh = shares_by(m, k, r, m.group_jurisdiction);
      std::vector<std::string> row{m.receptors[r], m.constituents[k], num(m.concentration[k * m.nr() + r]),
                                   pct(sh["background"])};
      double foreign = 0;
      for (const auto& j : js) {
        row.push_back(pct(sh[j]));
        if (j != m.receptors[r]) foreign += sh[j];
      }
      row.push_back(pct(foreign));
      cb.rows.push_back(row);
    }
  write_csv(dir + "/tables/cross_border.csv", cb);

  // Share maps: each source jurisdiction's share of the first constituent's period mean.
  struct Img {
    std::string file, caption;
  };
  std::vector<Img> imgs;
  if (!m.constituents.empty() && face_means.count(m.constituents[0])) {
    const std::string& c0 = m.constituents[0];
    const auto& fm = face_means.at(c0);
    const auto& base = fm.at("");
    for (const auto& j : js) {
      std::vector<double> share(base.size(), 0.0);
      for (std::size_t g = 0; g < m.ng(); ++g) {
        if (m.group_jurisdiction[g] != j) continue;
        const auto& v = fm.at(m.groups[g]);
        for (std::size_t f = 0; f < share.size(); ++f) share[f] += v[f];
      }
      for (std::size_t f = 0; f < share.size(); ++f)
        share[f] = (std::isnan(base[f]) || !(base[f] > 0)) ? std::nan("") : share[f] / base[f];
      const std::string file = "maps/share_" + file_safe(j) + "_" + file_safe(c0) + ".png";
      render_png(dir + "/" + file, mesh, colour_continuous(share, 0.0, 1.0));
      imgs.push_back({file, tr("share_map", lang, {j, c0})});
    }
  }

  // How the matrix's water was made and how far to trust its tide (matrix attributes).
  const auto attr = [&m](const std::string& k) {
    const auto it = m.attributes.find(k);
    return it == m.attributes.end() ? std::string() : it->second;
  };
  std::vector<std::string> notes;
  if (!attr("hydrodynamics").empty()) notes.push_back(tr("note_water", lang, {attr("hydrodynamics")}));
  const std::string trust =
      lang == "zh" && !attr("tides_uncertainty_zh").empty() ? attr("tides_uncertainty_zh") : attr("tides_uncertainty");
  if (!trust.empty()) notes.push_back(tr("note_tides_uncertainty", lang, {trust}));

  std::ostringstream md;
  md << "# " << title << "\n\n" << tr("apportion_text", lang) << "\n\n";
  md << "## " << tr("cross_border", lang) << "\n\n";
  md_table(md, cb);
  md << "\n## " << tr("shares_by_jurisdiction", lang) << "\n\n";
  md_table(md, tj);
  if (by_sector) {
    md << "\n## " << tr("shares_by_sector", lang) << "\n\n";
    md_table(md, ts);
  }
  for (const auto& i : imgs) md << "\n![" << i.caption << "](" << i.file << ")\n";
  if (!notes.empty()) {
    md << "\n## " << tr("notes", lang) << "\n\n";
    for (const auto& n : notes) md << "- " << n << "\n";
  }
  write_text(dir + "/apportionment.md", md.str());

  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"" << tr("html_lang", lang) << "\"><head><meta charset=\"utf-8\"><title>"
    << html_escape(title) << "</title><style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;color:#222}"
    << "table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #bbb;padding:3px 6px}"
    << "th{background:#eef}img{max-width:100%;border:1px solid #ccc}</style></head><body>\n<h1>" << html_escape(title)
    << "</h1>\n<h2>" << tr("cross_border", lang) << "</h2>\n";
  html_table(h, cb);
  h << "<h2>" << tr("shares_by_jurisdiction", lang) << "</h2>\n";
  html_table(h, tj);
  if (by_sector) {
    h << "<h2>" << tr("shares_by_sector", lang) << "</h2>\n";
    html_table(h, ts);
  }
  for (const auto& i : imgs)
    h << "<figure><img alt=\"" << html_escape(i.caption) << "\" src=\"data:image/png;base64,"
      << base64(read_file(dir + "/" + i.file)) << "\"><figcaption>" << html_escape(i.caption)
      << "</figcaption></figure>\n";
  if (!notes.empty()) {
    h << "<h2>" << tr("notes", lang) << "</h2>\n<ul>\n";
    for (const auto& n : notes) h << "<li>" << html_escape(n) << "</li>\n";
    h << "</ul>\n";
  }
  h << "</body></html>\n";
  write_text(dir + "/apportionment.html", h.str());
}

}  // namespace beibu
