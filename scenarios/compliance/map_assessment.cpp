#include "scenarios/compliance/map_assessment.hpp"

#include <cmath>
#include <stdexcept>

#include "core/error.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/netcdf_file.hpp"
#include "scenarios/compliance/statistics_file.hpp"

namespace beibu {

std::optional<Assessment> assess_map_statistics(const std::string& path, const Mesh& mesh, const Standard& s,
                                                std::vector<ZoneInfo> zones, std::vector<StationInfo> stations) {
  const auto ps = read_period_statistics(path, mesh, s);
  if (!ps) return std::nullopt;
  return assess_period(*ps, mesh, s, std::move(zones), std::move(stations));
}

Assessment assess_map_records(const std::string& path, const Mesh& mesh, const Standard& s, std::vector<ZoneInfo> zones,
                              std::vector<StationInfo> stations, double t_from, double t_to) {
  NcFile nc = NcFile::open(path);
  if (!nc.has_var("time")) throw InputError(path, "variable 'time'", "is missing: not a beibu map file");
  const auto raw = nc.get_double("time");
  CfTimeUnits units;
  try {
    units = parse_time_units(nc.att_text("time", "units"), nc.att_text("time", "calendar"));
  } catch (const std::invalid_argument& e) {
    throw InputError(path, "variable 'time'", std::string("bad units: ") + e.what());
  }
  std::vector<double> t(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    t[i] = cf_to_model(raw[i], units);
    if (i > 0 && !(t[i] > t[i - 1])) throw InputError(path, "variable 'time'", "is not increasing");
  }
  if (t.size() < 2) throw InputError(path, "variable 'time'", "needs at least two records for time statistics");
  std::vector<std::string> params;
  for (const auto& p : s.parameters) {
    if (!nc.has_var(p.id)) continue;
    const auto dims = nc.var_dims(p.id);
    if (dims.size() == 2 && dims[0] == "time" && dims[1] == "nMesh_face") params.push_back(p.id);
  }
  if (params.empty()) throw InputError(path, "", "has no face variable named like a parameter of " + s.id);
  if (nc.dim_len("nMesh_face") != mesh.n_faces())
    throw InputError(path, "dimension 'nMesh_face'", "does not match the mesh");
  const double from = std::max(t_from, t.front()), to = std::min(t_to, t.back());
  if (!(to > from)) throw InputError(path, "--from/--to", "the window holds no time between two records");

  TimeStatisticsBuilder b(mesh, s, params, from, to);
  const std::size_t nf = mesh.n_faces();
  for (std::size_t i = 0; i < t.size(); ++i) {
    if ((i + 1 < t.size() && t[i + 1] <= from) || (i > 0 && t[i - 1] >= to)) continue;
    std::map<std::string, std::vector<double>> fv;
    std::vector<char> wet(nf, 1);
    for (const auto& p : params) {
      std::vector<double> v(nf);
      const std::size_t start[2] = {i, 0}, count[2] = {1, nf};
      const int st = nc_get_vara_double(nc.id(), nc.varid(p), start, count, v.data());
      if (st != NC_NOERR) throw InputError(path, "variable '" + p + "'", nc_strerror(st));
      for (std::size_t f = 0; f < nf; ++f) {
        if (std::fabs(v[f]) >= 1e36) {  // the fill value of a dry cell
          wet[f] = 0;
          v[f] = 0;
        } else if (!std::isfinite(v[f]) || v[f] < 0) {
          throw InputError(path, "variable '" + p + "'", "record " + std::to_string(i) + " has a negative value");
        }
      }
      fv[p] = std::move(v);
    }
    b.add_state(t[i], fv, wet);
  }
  return assess_period(b.finish(), mesh, s, std::move(zones), std::move(stations));
}

}  // namespace beibu
