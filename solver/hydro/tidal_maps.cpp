#include "tidal_maps.hpp"

#include <cerrno>
#include <cmath>
#include <complex>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/nc_var.hpp"
#include "ingest/netcdf_file.hpp"
#include "ingest/projection.hpp"
#include "ingest/vector_layer.hpp"
#include "mesh/ugrid_io.hpp"
#include "physics.hpp"

namespace beibu::hydro {

TidalEllipse tidal_ellipse(double au, double gu, double av, double gv) {
  using C = std::complex<double>;
  const C U = std::polar(au, -gu * kPi / 180.0), V = std::polar(av, -gv * kPi / 180.0);
  const C I(0.0, 1.0);
  // u + i v = W+ e^{iX} + W- e^{-iX}: counter-clockwise and clockwise rotary parts.
  const C wp = 0.5 * (U + I * V), wm = 0.5 * (std::conj(U) + I * std::conj(V));
  TidalEllipse e;
  e.major = std::abs(wp) + std::abs(wm);
  e.minor = std::abs(wp) - std::abs(wm);
  double inc = 0.5 * (std::arg(wp) + std::arg(wm)) * 180.0 / kPi;
  inc = std::fmod(inc + 360.0, 180.0);
  e.inclination = inc;
  return e;
}

std::vector<std::string> resolvable_constituents(double seconds) {
  std::vector<std::string> out;
  for (const char* c : {"K1", "O1", "M2", "S2", "M4", "MS4", "N2", "Q1", "K2", "P1"}) {
    out.push_back(c);
    if (rayleigh_record_length(out) > seconds) out.pop_back();
  }
  return out;
}

HydroRecord read_hydro_record(const std::string& path, bool with_currents) {
  HydroRecord r;
  r.mesh = read_ugrid(path);
  NcFile nc = NcFile::open(path);
  for (const char* v : {"time", "eta"})
    if (!nc.has_var(v))
      throw InputError(path, std::string("variable '") + v + "'",
                       "missing: not a beibu hydro output (bench_hydro --out or beibu run --save-hydro)");
  // Harmonic analysis needs real seconds: calendars without real instants are refused.
  const NcTimeAxis axis = read_time_axis(nc, "time", real_calendars());
  r.start_utc = format_iso8601(cf_to_model(0.0, axis.units));
  r.t.resize(axis.raw.size());
  for (std::size_t i = 0; i < r.t.size(); ++i) r.t[i] = axis.raw[i] * axis.units.unit_seconds;
  const auto face_series = [&](const char* name, const char* units) {
    const NcVar v(nc, NcVarSpec{name, {"time", "nMesh_face"}, units});
    if (v.len(0) != r.t.size() || v.len(1) != r.mesh.n_faces())
      throw InputError(path, std::string("variable '") + name + "'", "size differs from time x faces");
    return v.read();
  };
  r.eta = face_series("eta", "m");
  if (with_currents && nc.has_var("u") && nc.has_var("v")) {
    r.u = face_series("u", "m s-1");
    r.v = face_series("v", "m s-1");
  }
  return r;
}

TidalAnalysis analyse_tides(const std::string& path, const TidalMapOptions& opt) {
  // The stations first: a bad station file is refused before the record is analysed.
  TidalAnalysis r;
  if (!opt.stations.empty()) {
    Projection proj;
    r.stations = read_vector(opt.stations, proj).points;
  }
  const HydroRecord rec = read_hydro_record(path, true);
  r.source = path;
  r.mesh = rec.mesh;
  r.start_utc = rec.start_utc;
  const Mesh& mesh = r.mesh;
  const std::vector<double>& time = rec.t;
  const std::vector<double>& eta = rec.eta;
  // Currents are in bench_hydro's files, not in those of beibu run --save-hydro.
  r.currents = !rec.u.empty();
  const bool currents = r.currents;
  const std::vector<double>& u = rec.u;
  const std::vector<double>& v = rec.v;
  const std::size_t nf = mesh.n_faces();
  std::size_t first = 0;
  while (first < time.size() && time[first] < time.front() + opt.skip_days * 86400.0) ++first;
  if (time.size() < first + 3) throw InputError(path, "variable 'time'", "too few records after the spin-up");
  const std::vector<double> t(time.begin() + static_cast<long>(first), time.end());
  TidalMapSummary& sum = r.summary;
  sum.constituents = opt.constituents.empty() ? resolvable_constituents(t.back() - t.front()) : opt.constituents;
  if (sum.constituents.empty())
    throw InputError(path, "",
                     "the record (" + std::to_string((t.back() - t.front()) / 86400.0) +
                         " days after spin-up) is too short for any pair of constituents; K1/O1 need 13.7 days");
  sum.records = static_cast<long>(t.size());
  sum.days = (t.back() - t.front()) / 86400.0;
  r.t0 = t.front();
  r.t1 = t.back();
  const HarmonicAnalyser ha(t, sum.constituents, r.start_utc);
  const std::size_t K = sum.constituents.size();
  r.amp.assign(K, std::vector<double>(nf));
  r.pha = r.maj = r.mnr = r.inc = r.amp;
  r.F.assign(nf, 0.0);
  r.mean_eta = r.res_u = r.res_v = r.F;
  auto has = [&](const char* n) {
    for (const auto& c : sum.constituents)
      if (c == n) return true;
    return false;
  };
  const bool can_F = has("K1") && has("O1") && has("M2") && has("S2");
  for (std::size_t f = 0; f < nf; ++f) {
    const HarmonicFit fe = ha.fit(&eta[first * nf + f], nf);
    const HarmonicFit fu = currents ? ha.fit(&u[first * nf + f], nf) : HarmonicFit{};
    const HarmonicFit fv = currents ? ha.fit(&v[first * nf + f], nf) : HarmonicFit{};
    for (std::size_t k = 0; k < K; ++k) {
      r.amp[k][f] = fe.amplitude[k];
      r.pha[k][f] = fe.phase[k];
      if (!currents) continue;
      const TidalEllipse el = tidal_ellipse(fu.amplitude[k], fu.phase[k], fv.amplitude[k], fv.phase[k]);
      r.maj[k][f] = el.major;
      r.mnr[k][f] = el.minor;
      r.inc[k][f] = el.inclination;
    }
    r.F[f] = can_F ? form_factor(fe) : NAN;
    r.mean_eta[f] = fe.mean;
    r.res_u[f] = currents ? fu.mean : 0.0;
    r.res_v[f] = currents ? fv.mean : 0.0;
  }
  if (!opt.stations.empty()) station_table(r);
  return r;
}

void station_table(TidalAnalysis& r) {
  const Mesh& mesh = r.mesh;
  const std::size_t nf = mesh.n_faces(), K = r.summary.constituents.size();
  std::vector<std::string>& lines = r.summary.station_lines;
  std::ostringstream head;
  head << "id,name,lon,lat,face";
  for (const auto& c : r.summary.constituents) head << "," << c << "_amplitude_m," << c << "_phase_deg";
  head << ",form_factor,mean_eta_m,residual_speed_m_s";
  lines.push_back(head.str());
  for (const auto& p : r.stations) {
    std::size_t best = 0;
    double bd = 1e300;
    for (std::size_t f = 0; f < nf; ++f) {
      double cx, cy;
      mesh.face_centroid(f, cx, cy);
      const double d = std::hypot(cx - p.x, cy - p.y);
      if (d < bd) bd = d, best = f;
    }
    std::ostringstream row;
    row.precision(5);
    auto prop = [&](const char* k) {
      auto it = p.props.find(k);
      return it == p.props.end() ? std::string() : it->second;
    };
    row << prop("id") << ",\"" << prop("name") << "\"," << p.lon << "," << p.lat << "," << best;
    for (std::size_t k = 0; k < K; ++k) row << "," << r.amp[k][best] << "," << r.pha[k][best];
    row << "," << r.F[best] << "," << r.mean_eta[best] << ",";
    if (r.currents)
      row << std::hypot(r.res_u[best], r.res_v[best]);
    else
      row << "nan";
    lines.push_back(row.str());
  }
}

void write_tidal_analysis(const TidalAnalysis& r, const std::string& out_dir) {
  const Mesh& mesh = r.mesh;
  const TidalMapSummary& sum = r.summary;
  const bool currents = r.currents;
  const std::size_t K = sum.constituents.size();
  AtomicOutput out(out_dir + "/tides.nc");
  AtomicOutput csv(out_dir + "/tide_stations.csv");
  {
    NcFile o = NcFile::create(out.temp_path().string());
    o.put_att("", "Conventions", "CF-1.8 UGRID-1.0");
    o.put_att("", "title", "beibu tides: harmonic analysis of " + r.source);
    std::string list;
    for (const auto& c : sum.constituents) list += (list.empty() ? "" : " ") + c;
    o.put_att("", "constituents", list);
    o.put_att("", "analysis_period",
              "seconds " + std::to_string(r.t0) + " to " + std::to_string(r.t1) + " since " + r.start_utc);
    define_ugrid(o, mesh);
    auto var = [&](const std::string& name, const std::string& unit, const std::string& long_name) {
      o.def_var(name, NC_DOUBLE, {"nMesh_face"}, 1);
      o.put_att(name, "units", unit);
      o.put_att(name, "long_name", long_name);
      put_face_attributes(o, name);
    };
    for (const auto& c : sum.constituents) {
      var(c + "_amplitude", "m", c + " elevation amplitude");
      var(c + "_phase", "degree", c + " elevation Greenwich phase lag");
      if (!currents) continue;
      var(c + "_major", "m s-1", c + " current ellipse semi-major axis");
      var(c + "_minor", "m s-1", c + " current ellipse semi-minor axis (positive: counter-clockwise)");
      var(c + "_inclination", "degree", c + " current ellipse inclination, counter-clockwise from east");
    }
    var("form_factor", "1", "tidal form factor (K1+O1)/(M2+S2)");
    var("mean_eta", "m", "mean elevation over the analysis period");
    if (currents) {
      var("residual_u", "m s-1", "residual (tidally averaged) current, x of the model projection");
      var("residual_v", "m s-1", "residual (tidally averaged) current, y of the model projection");
    }
    o.enddef();
    write_ugrid_data(o, mesh);
    for (std::size_t k = 0; k < K; ++k) {
      const std::string& c = sum.constituents[k];
      o.put(c + "_amplitude", r.amp[k]);
      o.put(c + "_phase", r.pha[k]);
      if (!currents) continue;
      o.put(c + "_major", r.maj[k]);
      o.put(c + "_minor", r.mnr[k]);
      o.put(c + "_inclination", r.inc[k]);
    }
    o.put("form_factor", r.F);
    o.put("mean_eta", r.mean_eta);
    if (currents) {
      o.put("residual_u", r.res_u);
      o.put("residual_v", r.res_v);
    }
    o.close();
  }
  if (!sum.station_lines.empty()) {
    std::ofstream os(csv.temp_path());
    for (const auto& l : sum.station_lines) os << l << "\n";
    os.close();
    if (!os) throw Failure("cannot write " + csv.temp_path().string() + ": " + std::strerror(errno));
    csv.commit();
  }
  out.commit();
}

TidalMapSummary write_tidal_maps(const std::string& path, const std::string& out_dir, const TidalMapOptions& opt) {
  const TidalAnalysis a = analyse_tides(path, opt);
  write_tidal_analysis(a, out_dir);
  return a.summary;
}
}  // namespace beibu::hydro
