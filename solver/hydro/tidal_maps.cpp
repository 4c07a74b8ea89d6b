#include "tidal_maps.hpp"

#include <cmath>
#include <complex>
#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "ingest/cf_time.hpp"
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

HydroRecord read_hydro_record(const std::string& path) {
  HydroRecord r;
  r.mesh = read_ugrid(path);
  NcFile nc = NcFile::open(path);
  for (const char* v : {"time", "eta"})
    if (!nc.has_var(v))
      throw InputError(path, std::string("variable '") + v + "'",
                       "missing: not a beibu hydro output (bench_hydro --out or beibu run --save-hydro)");
  const std::string units = nc.att_text("time", "units");
  const std::string since = "seconds since ";
  const std::string bad_units = "units must be 'seconds since <UTC time>', found '" + units + "'";
  if (units.rfind(since, 0) != 0) throw InputError(path, "variable 'time'", bad_units);
  double epoch = 0;
  try {
    epoch = parse_iso8601(units.substr(since.size()), 0.0);
  } catch (const std::exception&) {
    throw InputError(path, "variable 'time'", bad_units);
  }
  r.start_utc = format_iso8601(epoch);
  r.t = nc.get_double("time");
  r.eta = nc.get_double("eta");
  if (r.eta.size() != r.t.size() * r.mesh.n_faces())
    throw InputError(path, "variable 'eta'", "size differs from time x faces");
  for (std::size_t i = 1; i < r.t.size(); ++i)
    if (!(r.t[i] > r.t[i - 1])) throw InputError(path, "variable 'time'", "times must increase");
  return r;
}

TidalMapSummary write_tidal_maps(const std::string& path, const std::string& out_dir, const TidalMapOptions& opt) {
  const HydroRecord rec = read_hydro_record(path);
  const Mesh& mesh = rec.mesh;
  const std::string& start = rec.start_utc;
  const std::vector<double>& time = rec.t;
  const std::vector<double>& eta = rec.eta;
  // Currents are in bench_hydro's files, not in those of beibu run --save-hydro.
  NcFile nc = NcFile::open(path);
  const bool currents = nc.has_var("u") && nc.has_var("v");
  const std::vector<double> u = currents ? nc.get_double("u") : std::vector<double>();
  const std::vector<double> v = currents ? nc.get_double("v") : std::vector<double>();
  const std::size_t nf = mesh.n_faces();
  std::size_t first = 0;
  while (first < time.size() && time[first] < time.front() + opt.skip_days * 86400.0) ++first;
  if (time.size() < first + 3) throw InputError(path, "variable 'time'", "too few records after the spin-up");
  const std::vector<double> t(time.begin() + static_cast<long>(first), time.end());
  TidalMapSummary sum;
  sum.constituents = opt.constituents.empty() ? resolvable_constituents(t.back() - t.front()) : opt.constituents;
  if (sum.constituents.empty())
    throw InputError(path, "",
                     "the record (" + std::to_string((t.back() - t.front()) / 86400.0) +
                         " days after spin-up) is too short for any pair of constituents; K1/O1 need 13.7 days");
  sum.records = static_cast<long>(t.size());
  sum.days = (t.back() - t.front()) / 86400.0;
  const HarmonicAnalyser ha(t, sum.constituents, start);
  const std::size_t K = sum.constituents.size();
  std::vector<std::vector<double>> amp(K, std::vector<double>(nf)), pha = amp, maj = amp, mnr = amp, inc = amp;
  std::vector<double> F(nf), mean_eta(nf), res_u(nf), res_v(nf);
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
      amp[k][f] = fe.amplitude[k];
      pha[k][f] = fe.phase[k];
      if (!currents) continue;
      const TidalEllipse el = tidal_ellipse(fu.amplitude[k], fu.phase[k], fv.amplitude[k], fv.phase[k]);
      maj[k][f] = el.major;
      mnr[k][f] = el.minor;
      inc[k][f] = el.inclination;
    }
    F[f] = can_F ? form_factor(fe) : NAN;
    mean_eta[f] = fe.mean;
    res_u[f] = currents ? fu.mean : 0.0;
    res_v[f] = currents ? fv.mean : 0.0;
  }

  AtomicOutput out(out_dir + "/tides.nc");
  {
    NcFile o = NcFile::create(out.temp_path().string());
    o.put_att("", "Conventions", "CF-1.8 UGRID-1.0");
    o.put_att("", "title", "beibu tides: harmonic analysis of " + path);
    std::string list;
    for (const auto& c : sum.constituents) list += (list.empty() ? "" : " ") + c;
    o.put_att("", "constituents", list);
    o.put_att("", "analysis_period",
              "seconds " + std::to_string(t.front()) + " to " + std::to_string(t.back()) + " since " + start);
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
      o.put(c + "_amplitude", amp[k]);
      o.put(c + "_phase", pha[k]);
      if (!currents) continue;
      o.put(c + "_major", maj[k]);
      o.put(c + "_minor", mnr[k]);
      o.put(c + "_inclination", inc[k]);
    }
    o.put("form_factor", F);
    o.put("mean_eta", mean_eta);
    if (currents) {
      o.put("residual_u", res_u);
      o.put("residual_v", res_v);
    }
    o.close();
  }
  out.commit();

  if (!opt.stations.empty()) {
    Projection proj;
    const VectorData st = read_vector(opt.stations, proj);
    std::ostringstream head;
    head << "id,name,lon,lat,face";
    for (const auto& c : sum.constituents) head << "," << c << "_amplitude_m," << c << "_phase_deg";
    head << ",form_factor,mean_eta_m,residual_speed_m_s";
    sum.station_lines.push_back(head.str());
    for (const auto& p : st.points) {
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
      for (std::size_t k = 0; k < K; ++k) row << "," << amp[k][best] << "," << pha[k][best];
      row << "," << F[best] << "," << mean_eta[best] << ",";
      if (currents)
        row << std::hypot(res_u[best], res_v[best]);
      else
        row << "nan";
      sum.station_lines.push_back(row.str());
    }
    AtomicOutput csv(out_dir + "/tide_stations.csv");
    {
      std::ofstream os(csv.temp_path());
      for (const auto& l : sum.station_lines) os << l << "\n";
      if (!os) throw Failure("cannot write " + csv.temp_path().string());
    }
    csv.commit();
  }
  return sum;
}

}  // namespace beibu::hydro
