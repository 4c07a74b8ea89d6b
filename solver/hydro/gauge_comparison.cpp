#include "gauge_comparison.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "harmonic_analysis.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/netcdf_file.hpp"
#include "ingest/projection.hpp"
#include "mesh/ugrid_io.hpp"
#include "physics.hpp"
#include "tidal_maps.hpp"
#include "tide_admittance.hpp"
#include "tide_constituents.hpp"

namespace beibu::hydro {

namespace {

// Inferred with the equilibrium-tide amplitude ratio to their parent (tide_admittance.hpp)
// and equal phase lags.
struct InferenceRule {
  const char* name;
  const char* from;
};
const InferenceRule kInference[] = {{"P1", "K1"}, {"K2", "S2"}};

double wrap180(double d) {
  double x = std::fmod(d, 360.0);
  if (x <= -180) x += 360;
  if (x > 180) x -= 360;
  return x;
}

// Distance from (x, y) to the segment a-b.
double segment_distance(double x, double y, double ax, double ay, double bx, double by) {
  const double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
  const double s = l2 > 0 ? std::clamp(((x - ax) * dx + (y - ay) * dy) / l2, 0.0, 1.0) : 0.0;
  return std::hypot(ax + s * dx - x, ay + s * dy - y);
}

bool in_triangle(const Mesh& m, std::size_t f, double x, double y) {
  const int* n = &m.tri[3 * f];
  bool neg = false, pos = false;
  for (int k = 0; k < 3; ++k) {
    const int a = n[k], b = n[(k + 1) % 3];
    const double c = (m.x[b] - m.x[a]) * (y - m.y[a]) - (m.y[b] - m.y[a]) * (x - m.x[a]);
    neg = neg || c < 0;
    pos = pos || c > 0;
  }
  return !(neg && pos);
}

double rms(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x * x;
  return v.empty() ? 0.0 : std::sqrt(s / static_cast<double>(v.size()));
}

std::vector<double> minus_mean(std::vector<double> v) {
  double m = 0;
  for (double x : v) m += x;
  m /= static_cast<double>(std::max<std::size_t>(1, v.size()));
  for (double& x : v) x -= m;
  return v;
}

}  // namespace

const std::vector<std::string>& gauge_analysis_candidates() {
  static const std::vector<std::string> c = {"K1", "O1", "M2", "S2", "N2", "Q1", "M4", "MS4", "MN4", "P1", "K2"};
  return c;
}

GaugeLocation locate_gauge(const Mesh& mesh, const TideGauge& g, const std::string& gauge_file,
                           const std::vector<char>& wet, const GaugeComparisonOptions& opt) {
  const std::size_t nf = mesh.n_faces();
  auto is_wet = [&](std::size_t f) { return wet.empty() || wet[f]; };
  double x, y;
  Projection().forward(g.lon, g.lat, x, y);
  // Distance to the mesh: 0 inside a face, else to the nearest boundary edge.
  long containing = -1;
  for (std::size_t f = 0; f < nf && containing < 0; ++f)
    if (in_triangle(mesh, f, x, y)) containing = static_cast<long>(f);
  if (containing < 0) {
    double d = 1e300;
    for (std::size_t e = 0; e < mesh.n_edges(); ++e)
      if (mesh.edge_face[2 * e + 1] < 0) {
        const int a = mesh.edge_node[2 * e], b = mesh.edge_node[2 * e + 1];
        d = std::min(d, segment_distance(x, y, mesh.x[a], mesh.y[a], mesh.x[b], mesh.y[b]));
      }
    if (d > opt.max_distance_km * 1000.0) {
      char msg[256];
      std::snprintf(msg, sizeof msg, "gauge '%s' (%.3f E, %.3f N) is %.1f km outside the model mesh (limit %.0f km)",
                    g.id.c_str(), g.lon, g.lat, d / 1000.0, opt.max_distance_km);
      throw InputError(gauge_file, "line " + std::to_string(g.line), msg);
    }
  }
  GaugeLocation loc;
  if (containing >= 0 && is_wet(static_cast<std::size_t>(containing))) {
    loc.face = containing;
    loc.inside = true;
  } else {
    double best = 1e300;
    for (std::size_t f = 0; f < nf; ++f) {
      if (!is_wet(f)) continue;
      double cx, cy;
      mesh.face_centroid(f, cx, cy);
      const double d = std::hypot(cx - x, cy - y);
      if (d < best) best = d, loc.face = static_cast<long>(f);
    }
    if (loc.face < 0) return loc;
  }
  double cx, cy;
  mesh.face_centroid(static_cast<std::size_t>(loc.face), cx, cy);
  loc.distance_km = std::hypot(cx - x, cy - y) / 1000.0;
  return loc;
}

double diurnal_record_days() {
  return rayleigh_record_length({"K1", "O1"}) / 86400.0;
}

bool separates_diurnal(const GaugeComparison& c) {
  const auto& f = c.fitted;
  return std::find(f.begin(), f.end(), "K1") != f.end() && std::find(f.begin(), f.end(), "O1") != f.end();
}

GaugeComparison compare_gauge_records(const std::vector<double>& t, const std::vector<std::vector<double>>& series,
                                      const std::vector<GaugeLocation>& locations, const std::string& start_utc,
                                      const TideGaugeFile& gauges, const GaugeComparisonOptions& opt) {
  const std::size_t ng = gauges.gauges.size();
  if (series.size() != ng || locations.size() != ng)
    throw Failure("gauge comparison: one record and one model cell per gauge expected");
  for (const auto& s : series)
    if (s.size() != t.size()) throw Failure("gauge comparison: a gauge's record does not match the times");
  if (t.size() < 2) throw Failure("gauge comparison: fewer than two records");
  GaugeComparison out;
  out.gauge_file = gauges.file;
  out.start_utc = start_utc;
  out.t = t;
  const std::size_t nt = t.size();
  const double length = t.back() - t.front();

  // Constituents: the candidates the record resolves; P1 and K2 inferred when it does not.
  // A record too short for any pair leaves only the time-domain comparison.
  std::vector<std::string> fitted;
  std::vector<Inference> inferred;
  const std::vector<std::string>& cand = opt.constituents.empty() ? gauge_analysis_candidates() : opt.constituents;
  for (const std::string& c : cand) {
    fitted.push_back(c);
    if (rayleigh_record_length(fitted) <= length) continue;
    fitted.pop_back();
    for (const InferenceRule& r : kInference)
      if (c == r.name && std::find(fitted.begin(), fitted.end(), r.from) != fitted.end())
        inferred.push_back({r.name, r.from, equilibrium_amplitude(r.name) / equilibrium_amplitude(r.from), 0.0});
  }
  if (opt.constituents.empty()) fitted = with_minor_diurnals(fitted, length);
  std::unique_ptr<HarmonicAnalyser> ha;
  if (!fitted.empty()) ha = std::make_unique<HarmonicAnalyser>(t, fitted, start_utc, true, inferred);
  out.fitted = fitted;
  out.constituents = fitted;
  for (const Inference& i : inferred) out.constituents.push_back(i.name);

  for (std::size_t gi = 0; gi < ng; ++gi) {
    const TideGauge& g = gauges.gauges[gi];
    const std::vector<double>& eta = series[gi];
    GaugeRow row;
    row.id = g.id;
    row.name = g.name;
    row.validate = g.validate;
    row.lon = g.lon;
    row.lat = g.lat;
    row.face = locations[gi].face;
    row.inside = locations[gi].inside;
    row.distance_km = locations[gi].distance_km;

    const HarmonicFit fit = ha ? ha->fit(eta) : HarmonicFit{};
    for (std::size_t k = 0; k < fit.names.size(); ++k) {
      const Constituent* c = lookup_constituent(fit.names[k]);
      const HarmonicConstant* obs = nullptr;
      for (const HarmonicConstant& h : g.constituents)
        if (lookup_constituent(h.name) == c) obs = &h;
      if (!obs) continue;
      ConstituentRow r;
      r.gauge = g.id;
      r.constituent = c->name;
      r.obs_amplitude = obs->amplitude;
      r.obs_phase = obs->phase;
      r.model_amplitude = fit.amplitude[k];
      r.model_phase = fit.phase[k];
      r.amplitude_ratio = obs->amplitude > 0 ? fit.amplitude[k] / obs->amplitude : NAN;
      r.phase_difference = wrap180(fit.phase[k] - obs->phase);
      r.vector_error = std::abs(std::polar(fit.amplitude[k], fit.phase[k] * kPi / 180.0) -
                                std::polar(obs->amplitude, obs->phase * kPi / 180.0));
      r.resolution = "resolved";
      for (const Inference& i : inferred)
        if (i.name == fit.names[k]) {
          char s[96];
          std::snprintf(s, sizeof s, "inferred from %s (equilibrium ratio %.3f)", i.from.c_str(), i.ratio);
          r.resolution = s;
        }
      out.rows.push_back(r);
    }

    const TidePredictor pred(g.constituents);
    row.unpredicted = pred.unpredicted();
    row.model = minus_mean(eta);
    row.predicted = minus_mean(pred.series(start_utc, t));
    std::vector<double> diff(nt);
    for (std::size_t i = 0; i < nt; ++i) diff[i] = row.model[i] - row.predicted[i];
    row.rms_error = rms(diff);
    row.observed_rms = rms(row.predicted);
    row.model_rms = rms(row.model);
    out.gauges.push_back(std::move(row));
  }
  return out;
}

GaugeComparison compare_with_gauges(const Mesh& mesh, const std::vector<double>& t_all, const std::vector<double>& eta,
                                    const std::string& start_utc, const TideGaugeFile& gauges,
                                    const GaugeComparisonOptions& opt) {
  const std::size_t nf = mesh.n_faces();
  if (t_all.empty() || eta.size() != t_all.size() * nf)
    throw Failure("gauge comparison: the elevation record does not match the mesh and the times");
  std::size_t first = 0;
  while (first < t_all.size() && t_all[first] < t_all.front() + opt.skip_days * 86400.0 - 1e-6) ++first;
  if (t_all.size() < first + 3)
    throw InputError("", "variable 'time'",
                     "too few records after the spin-up of " + std::to_string(opt.skip_days) + " days");
  const std::vector<double> t(t_all.begin() + static_cast<long>(first), t_all.end());

  // Wet cells: depth + eta above min_depth_m at every analysed record.
  std::vector<char> wet(nf, 1);
  for (std::size_t i = first; i < t_all.size(); ++i)
    for (std::size_t f = 0; f < nf; ++f)
      if (!(mesh.depth[f] + eta[i * nf + f] > opt.min_depth_m)) wet[f] = 0;

  std::vector<GaugeLocation> loc;
  std::vector<std::vector<double>> series;
  for (const TideGauge& g : gauges.gauges) {
    loc.push_back(locate_gauge(mesh, g, gauges.file, wet, opt));
    if (loc.back().face < 0) throw Failure("gauge comparison: no cell of the mesh stays wet over the analysis period");
    std::vector<double> s(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) s[i] = eta[(first + i) * nf + static_cast<std::size_t>(loc.back().face)];
    series.push_back(std::move(s));
  }
  return compare_gauge_records(t, series, loc, start_utc, gauges, opt);
}

GaugeComparison compare_with_gauges(const std::string& path, const TideGaugeFile& gauges,
                                    const GaugeComparisonOptions& opt) {
  const HydroRecord rec = read_hydro_record(path);
  GaugeComparison c;
  try {
    c = compare_with_gauges(rec.mesh, rec.t, rec.eta, rec.start_utc, gauges, opt);
  } catch (const InputError& e) {
    if (!e.file().empty()) throw;
    throw InputError(path, e.where(), e.problem());
  }
  c.run = path;
  return c;
}

void write_gauge_comparison(const GaugeComparison& c, const std::string& dir) {
  auto write_csv = [&](const std::string& name, const std::string& text) {
    AtomicOutput out(dir + "/" + name);
    {
      std::ofstream os(out.temp_path());
      os << text;
      if (!os) throw Failure("cannot write " + out.temp_path().string());
    }
    out.commit();
  };
  std::ostringstream cmp, sum;
  cmp.setf(std::ios::fixed);
  sum.setf(std::ios::fixed);
  cmp << "gauge,constituent,obs_amplitude_m,obs_phase_deg,model_amplitude_m,model_phase_deg,amplitude_ratio,"
         "phase_difference_deg,vector_error_m,resolution\n";
  for (const ConstituentRow& r : c.rows) {
    cmp.precision(4);
    cmp << r.gauge << "," << r.constituent << "," << r.obs_amplitude << ",";
    cmp.precision(2);
    cmp << r.obs_phase << ",";
    cmp.precision(4);
    cmp << r.model_amplitude << ",";
    cmp.precision(2);
    cmp << r.model_phase << ",";
    cmp.precision(3);
    cmp << r.amplitude_ratio << ",";
    cmp.precision(2);
    cmp << r.phase_difference << ",";
    cmp.precision(4);
    cmp << r.vector_error << ",\"" << r.resolution << "\"\n";
  }
  sum << "gauge,name,use,lon,lat,model_face,inside_cell,distance_km,rms_error_m,observed_rms_m,model_rms_m,"
         "records,days,unpredicted\n";
  for (const GaugeRow& g : c.gauges) {
    std::string un;
    char b[64];
    for (const HarmonicConstant& h : g.unpredicted) {
      std::snprintf(b, sizeof b, "%s%s %.4f m", un.empty() ? "" : "; ", h.name.c_str(), h.amplitude);
      un += b;
    }
    sum.precision(3);
    sum << g.id << ",\"" << g.name << "\"," << (g.validate ? "validate" : "fit") << "," << g.lon << "," << g.lat << ","
        << g.face << "," << (g.inside ? "yes" : "no") << ",";
    sum.precision(2);
    sum << g.distance_km << ",";
    sum.precision(4);
    sum << g.rms_error << "," << g.observed_rms << "," << g.model_rms << "," << c.t.size() << ",";
    sum.precision(2);
    sum << (c.t.back() - c.t.front()) / 86400.0 << ",\"" << un << "\"\n";
  }

  AtomicOutput series(dir + "/gauge_series.nc");
  {
    NcFile o = NcFile::create(series.temp_path().string());
    o.put_att("", "Conventions", "CF-1.8");
    o.put_att("", "title", "beibu tides: model elevation and predicted astronomical tide at tide gauges");
    o.put_att("", "source", "run " + c.run + ", gauge constants " + c.gauge_file);
    std::string ids;
    for (const GaugeRow& g : c.gauges) ids += (ids.empty() ? "" : " ") + g.id;
    o.put_att("", "gauges", ids);
    o.def_dim("time", c.t.size());
    o.def_dim("gauge", c.gauges.size());
    o.def_var("time", NC_DOUBLE, {"time"});
    o.put_att("time", "units", "seconds since " + c.start_utc);
    o.put_att("time", "standard_name", "time");
    o.def_var("model_eta", NC_DOUBLE, {"gauge", "time"}, 1);
    o.put_att("model_eta", "units", "m");
    o.put_att("model_eta", "long_name", "model elevation at the gauge's cell, about its mean");
    o.def_var("predicted_eta", NC_DOUBLE, {"gauge", "time"}, 1);
    o.put_att("predicted_eta", "units", "m");
    o.put_att("predicted_eta", "long_name", "astronomical tide from the gauge's constants, about its mean");
    o.enddef();
    o.put("time", c.t);
    std::vector<double> m, p;
    for (const GaugeRow& g : c.gauges) {
      m.insert(m.end(), g.model.begin(), g.model.end());
      p.insert(p.end(), g.predicted.begin(), g.predicted.end());
    }
    o.put("model_eta", m);
    o.put("predicted_eta", p);
    o.close();
  }
  write_csv("gauge_comparison.csv", cmp.str());
  write_csv("gauge_summary.csv", sum.str());
  series.commit();
}

std::string format_gauge_comparison(const GaugeComparison& c) {
  std::ostringstream os;
  char b[256];
  std::snprintf(b, sizeof b, "tide gauges (%s) against %s: %zu records over %.2f days from %s + %.2f d\n",
                c.gauge_file.c_str(), c.run.c_str(), c.t.size(), (c.t.back() - c.t.front()) / 86400.0,
                c.start_utc.c_str(), c.t.front() / 86400.0);
  os << b;
  if (!separates_diurnal(c)) {
    std::snprintf(b, sizeof b, "  K1 and O1 need a record of %.1f days or more (this one: %.2f days)\n",
                  diurnal_record_days(), (c.t.back() - c.t.front()) / 86400.0);
    os << b;
  }
  std::snprintf(b, sizeof b, "  %-10s %-5s %9s %7s %9s %7s %7s %8s %9s  %s\n", "gauge", "const", "obs A m", "obs g",
                "model A", "mod g", "ratio", "dg deg", "vec err", "");
  os << b;
  for (const ConstituentRow& r : c.rows) {
    std::snprintf(b, sizeof b, "  %-10s %-5s %9.4f %7.2f %9.4f %7.2f %7.3f %8.2f %9.4f  %s\n", r.gauge.c_str(),
                  r.constituent.c_str(), r.obs_amplitude, r.obs_phase, r.model_amplitude, r.model_phase,
                  r.amplitude_ratio, r.phase_difference, r.vector_error,
                  r.resolution == "resolved" ? "" : r.resolution.c_str());
    os << b;
  }
  std::snprintf(b, sizeof b, "  %-10s %-8s %6s %11s %10s %10s %10s\n", "gauge", "use", "cell", "distance km",
                "RMS err m", "obs RMS m", "model RMS");
  os << b;
  for (const GaugeRow& g : c.gauges) {
    std::snprintf(b, sizeof b, "  %-10s %-8s %6ld %11.2f %10.4f %10.4f %10.4f%s\n", g.id.c_str(),
                  g.validate ? "validate" : "fit", g.face, g.distance_km, g.rms_error, g.observed_rms, g.model_rms,
                  g.inside ? "" : "  (nearest wet cell)");
    os << b;
    for (const HarmonicConstant& h : g.unpredicted) {
      std::snprintf(b, sizeof b, "  %-10s not predicted: %s (%.4f m)\n", "", h.name.c_str(), h.amplitude);
      os << b;
    }
  }
  return os.str();
}

}  // namespace beibu::hydro
