#include "scenarios/compliance/statistics_file.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/nc_var.hpp"
#include "ingest/netcdf_file.hpp"

namespace beibu {

namespace {

constexpr double kFill = 9.96921e36;

std::vector<double> filled(const std::vector<double>& v) {
  std::vector<double> out(v);
  for (double& x : out)
    if (std::isnan(x)) x = kFill;
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
  return s;
}

std::string fmt(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

}  // namespace

std::string percentile_suffix(bool higher_is_worse) {
  return higher_is_worse ? "_p90" : "_p10";
}

void write_period_statistics(const std::string& path, const PeriodStatistics& ps, const Mesh& mesh, const Standard& s,
                             const std::string& time_units, const std::string& method) {
  NcFile nc = NcFile::append(path);
  const std::size_t nz = mesh.zone_ids.size();
  nc.def_dim("nv", 2);
  if (nz > 0) nc.def_dim("nzone", nz);
  nc.def_var("period", NC_DOUBLE, {});
  nc.put_att("period", "standard_name", "time");
  nc.put_att("period", "long_name", "assessment period of the time statistics (its end; bounds: start and end)");
  nc.put_att("period", "units", time_units);
  nc.put_att("period", "calendar", "standard");
  nc.put_att("period", "bounds", "period_bnds");
  nc.def_var("period_bnds", NC_DOUBLE, {"nv"});
  const std::string interval = "interval: " + fmt(ps.spacing_s) + " s";
  auto face_var = [&](const std::string& name, const std::string& units, const std::string& long_name,
                      const std::string& cell_methods, const std::vector<std::string>& dims) {
    nc.def_var(name, NC_DOUBLE, dims, 4);
    nc.put_att(name, "long_name", long_name);
    nc.put_att(name, "units", units);
    nc.put_att(name, "mesh", "mesh");
    nc.put_att(name, "location", "face");
    nc.put_att(name, "coordinates", "period mesh_face_lon mesh_face_lat");
    nc.put_att(name, "grid_mapping", "crs");
    if (!cell_methods.empty()) nc.put_att(name, "cell_methods", cell_methods);
    nc.put_att(name, "_FillValue", kFill);
  };
  auto zone_var = [&](const std::string& name, const std::string& units, const std::string& long_name,
                      const std::vector<std::string>& dims) {
    nc.def_var(name, NC_DOUBLE, dims);
    nc.put_att(name, "long_name", long_name);
    nc.put_att(name, "units", units);
    nc.put_att(name, "coordinates", "period");
    nc.put_att(name, "zones", join(mesh.zone_ids));
    nc.put_att(name, "_FillValue", kFill);
  };
  for (const auto& p : ps.parameters) {
    const ParameterLimit* lim = s.find(p.parameter);
    const std::string P = p.parameter, units = lim ? lim->units : "";
    const std::string beyond = p.higher_is_worse ? "above" : "below";
    const std::string lim_dim = P + "_class_limit";
    nc.def_dim(lim_dim, p.limits.size());
    nc.def_var(lim_dim, NC_DOUBLE, {lim_dim});
    nc.put_att(lim_dim, "long_name", "distinct class limits of " + P + " in " + s.id);
    nc.put_att(lim_dim, "units", units);
    face_var(P + "_mean", units, P + ": time mean over the assessment period (wet time)",
             "period: mean (" + interval + " comment: linear in time between states, wet time only)", {"nMesh_face"});
    const std::string pct = p.higher_is_worse ? "90th" : "10th";
    face_var(P + percentile_suffix(p.higher_is_worse), units,
             P + ": " + pct + " percentile in time over the assessment period (wet time)", "", {"nMesh_face"});
    nc.put_att(P + percentile_suffix(p.higher_is_worse), "comment",
               "time-weighted percentile of the series linear between states (" + interval +
                   "), read from a histogram of the time spent in 2 % bins whose edges include the class limits "
                   "(within one bin of the exact value, always in the right class); CF-1.12 Appendix E has no "
                   "percentile cell method, so no cell_methods is given");
    face_var(P + "_max", units, P + ": maximum over the assessment period", "period: maximum (" + interval + ")",
             {"nMesh_face"});
    face_var(P + "_min", units, P + ": minimum over the assessment period", "period: minimum (" + interval + ")",
             {"nMesh_face"});
    face_var(P + "_wet_hours", "h", P + ": hours the face was wet in the assessment period",
             "period: sum (comment: duration)", {"nMesh_face"});
    face_var(P + "_hours_worse", "h", P + ": hours " + beyond + " each class limit in the assessment period",
             "period: sum (" + interval + " comment: duration " + beyond + " the limit, linear between states)",
             {lim_dim, "nMesh_face"});
    if (nz > 0) {
      zone_var(P + "_zone" + percentile_suffix(p.higher_is_worse), units,
               P + ": " + pct + " percentile over each zone's cells and the period, weighted by area and time",
               {"nzone"});
      zone_var(P + "_zone_hours_worse", "h",
               P + ": hours each zone's area-weighted mean was " + beyond + " each class limit", {lim_dim, "nzone"});
    }
  }
  nc.put_att("", "time_statistics", method);
  nc.put_att("", "time_statistics_hours", ps.hours);
  nc.put_att("", "time_statistics_intervals", static_cast<double>(ps.intervals));
  nc.put_att("", "time_statistics_spacing_s", ps.spacing_s);
  nc.enddef();
  nc.put("period", std::vector<double>{ps.t_to});
  nc.put("period_bnds", std::vector<double>{ps.t_from, ps.t_to});
  for (const auto& p : ps.parameters) {
    const std::string P = p.parameter;
    nc.put(P + "_class_limit", p.limits);
    nc.put(P + "_mean", filled(p.mean));
    nc.put(P + percentile_suffix(p.higher_is_worse), filled(p.percentile));
    nc.put(P + "_max", filled(p.maximum));
    nc.put(P + "_min", filled(p.minimum));
    nc.put(P + "_wet_hours", p.wet_hours);
    std::vector<double> hw, zhw;
    for (const auto& row : p.hours_worse) hw.insert(hw.end(), row.begin(), row.end());
    nc.put(P + "_hours_worse", filled(hw));
    if (nz > 0) {
      nc.put(P + "_zone" + percentile_suffix(p.higher_is_worse), filled(p.zone_percentile));
      for (const auto& row : p.zone_hours_worse) zhw.insert(zhw.end(), row.begin(), row.end());
      nc.put(P + "_zone_hours_worse", filled(zhw));
    }
  }
  nc.close();
}

std::optional<PeriodStatistics> read_period_statistics(const std::string& path, const Mesh& mesh, const Standard& s) {
  NcFile nc = NcFile::open(path);
  if (!nc.has_var("period_bnds")) return std::nullopt;
  const auto b = NcVar(nc, {"period_bnds", {"nv"}, ""}).read();
  if (b.size() != 2 || !(b[1] >= b[0]))
    throw InputError(path, "variable 'period_bnds'", "must hold the start and end of the period");
  PeriodStatistics ps;
  try {
    const CfTimeUnits u = parse_time_units(nc.att_text("period", "units"), nc.att_text("period", "calendar"));
    ps.t_from = cf_to_model(b[0], u);
    ps.t_to = cf_to_model(b[1], u);
  } catch (const std::invalid_argument& e) {
    throw InputError(path, "variable 'period'", std::string("bad units: ") + e.what());
  }
  auto global = [&](const char* name) {
    const auto v = nc.att_doubles("", name);
    if (v.size() != 1) throw InputError(path, std::string("attribute '") + name + "'", "missing or not one number");
    return v[0];
  };
  ps.hours = global("time_statistics_hours");
  ps.intervals = static_cast<long>(global("time_statistics_intervals"));
  ps.spacing_s = global("time_statistics_spacing_s");
  const std::size_t nf = mesh.n_faces(), nz = mesh.zone_ids.size();
  if (nc.dim_len("nMesh_face") != nf) throw InputError(path, "dimension 'nMesh_face'", "does not match the mesh");
  for (const auto& lim : s.parameters) {
    const std::string P = lim.id;
    if (!nc.has_var(P + "_mean")) continue;
    ParameterStatistics p;
    p.parameter = P;
    p.higher_is_worse = lim.higher_is_worse();
    p.quantile = p.higher_is_worse ? 0.9 : 0.1;
    const std::string L = P + "_class_limit";
    p.limits = NcVar(nc, {L, {L}, ""}).read();
    // By dimension name; fill values (faces never wet, zones without water) read as NaN.
    auto read = [&](const std::string& name, std::vector<std::string> dims) {
      return NcVar(nc, {name, std::move(dims), "", true}).read();
    };
    p.mean = read(P + "_mean", {"nMesh_face"});
    p.percentile = read(P + percentile_suffix(p.higher_is_worse), {"nMesh_face"});
    p.maximum = read(P + "_max", {"nMesh_face"});
    p.minimum = read(P + "_min", {"nMesh_face"});
    p.wet_hours = read(P + "_wet_hours", {"nMesh_face"});
    const auto hw = read(P + "_hours_worse", {L, "nMesh_face"});
    for (std::size_t l = 0; l < p.limits.size(); ++l)
      p.hours_worse.emplace_back(hw.begin() + static_cast<std::ptrdiff_t>(l * nf),
                                 hw.begin() + static_cast<std::ptrdiff_t>((l + 1) * nf));
    if (nz > 0) {
      const std::string zp = P + "_zone" + percentile_suffix(p.higher_is_worse);
      if (nc.att_text(zp, "zones") != join(mesh.zone_ids))
        throw InputError(path, "variable '" + zp + "'", "its zones are not the mesh's zones");
      p.zone_percentile = read(zp, {"nzone"});
      const auto zhw = read(P + "_zone_hours_worse", {L, "nzone"});
      if (p.zone_percentile.size() != nz)
        throw InputError(path, "variable '" + zp + "'", "does not fit the mesh's zones");
      for (std::size_t l = 0; l < p.limits.size(); ++l)
        p.zone_hours_worse.emplace_back(zhw.begin() + static_cast<std::ptrdiff_t>(l * nz),
                                        zhw.begin() + static_cast<std::ptrdiff_t>((l + 1) * nz));
    } else {
      p.zone_hours_worse.assign(p.limits.size(), {});
    }
    ps.parameters.push_back(std::move(p));
  }
  if (ps.parameters.empty()) throw InputError(path, "", "has a statistics period but no statistics of " + s.id);
  return ps;
}

}  // namespace beibu
