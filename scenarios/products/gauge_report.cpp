#include "scenarios/products/gauge_report.hpp"

#include <cstdio>

#include "scenarios/products/labels.hpp"

namespace beibu {

namespace {

std::string fixed(double v, int decimals) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}

// "Beihai, Dongfang" (or "none") from the gauges of one use.
std::string gauge_names(const hydro::GaugeComparison& c, bool validate, const std::string& lang) {
  std::string s;
  for (const hydro::GaugeRow& g : c.gauges)
    if (g.validate == validate) s += (s.empty() ? "" : ", ") + g.name;
  return s.empty() ? tr("none", lang) : s;
}

// "resolved", or "inferred from K1" from the comparison's "inferred from K1 (equilibrium ratio ...)".
std::string resolution(const std::string& r, const std::string& lang) {
  const std::string pre = "inferred from ";
  if (r.rfind(pre, 0) != 0) return tr("resolved", lang);
  return tr("inferred_from", lang, {r.substr(pre.size(), r.find(' ', pre.size()) - pre.size())});
}

}  // namespace

std::vector<ReportInput::Section> gauge_report_sections(const hydro::GaugeComparison& c, const std::string& tides_file,
                                                        const std::string& L) {
  const double days = c.t.empty() ? 0.0 : (c.t.back() - c.t.front()) / 86400.0;
  std::vector<ReportInput::Section> out;
  ReportInput::Section s;
  s.title = tr("gauges_title", L);
  s.csv_name = "tide_gauges";
  s.text = tr("gauges_text", L,
              {fixed(days, 2), c.gauge_file, gauge_names(c, false, L), gauge_names(c, true, L), tides_file});
  if (!hydro::separates_diurnal(c)) s.text += tr("gauges_short", L, {fixed(hydro::diurnal_record_days(), 1)});
  s.table.header = {tr("col.gauge", L),          tr("col.use", L),         tr("col.distance_km", L),
                    tr("col.observed_rms_m", L), tr("col.model_rms_m", L), tr("col.rms_error_m", L)};
  for (const hydro::GaugeRow& g : c.gauges)
    s.table.rows.push_back({g.name, tr(g.validate ? "use_validate" : "use_fit", L), fixed(g.distance_km, 2),
                            fixed(g.observed_rms, 3), fixed(g.model_rms, 3), fixed(g.rms_error, 3)});
  out.push_back(s);
  if (!hydro::separates_diurnal(c)) return out;

  ReportInput::Section k;
  k.title = tr("gauges_constituents_title", L);
  k.csv_name = "tide_gauge_constituents";
  k.text = tr("gauges_constituents_text", L);
  k.table.header = {tr("col.gauge", L),           tr("col.tidal_constituent", L),    tr("col.obs_amplitude_m", L),
                    tr("col.obs_phase_deg", L),   tr("col.model_amplitude_m", L),    tr("col.model_phase_deg", L),
                    tr("col.amplitude_ratio", L), tr("col.phase_difference_deg", L), tr("col.vector_error_m", L),
                    tr("col.resolution", L)};
  for (const hydro::ConstituentRow& r : c.rows) {
    std::string name = r.gauge;
    for (const hydro::GaugeRow& g : c.gauges)
      if (g.id == r.gauge) name = g.name;
    k.table.rows.push_back({name, r.constituent, fixed(r.obs_amplitude, 3), fixed(r.obs_phase, 1),
                            fixed(r.model_amplitude, 3), fixed(r.model_phase, 1), fixed(r.amplitude_ratio, 2),
                            fixed(r.phase_difference, 1), fixed(r.vector_error, 3), resolution(r.resolution, L)});
  }
  out.push_back(k);
  return out;
}

}  // namespace beibu
