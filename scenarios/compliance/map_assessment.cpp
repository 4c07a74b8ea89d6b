#include "scenarios/compliance/map_assessment.hpp"

#include <cmath>
#include <stdexcept>

#include "core/error.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/netcdf_file.hpp"

namespace beibu {

Assessment assess_map_file(const std::string& path, const Mesh& mesh, const Standard& s, std::vector<ZoneInfo> zones,
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
  std::vector<std::string> params;
  for (const auto& p : s.parameters) {
    if (!nc.has_var(p.id)) continue;
    const auto dims = nc.var_dims(p.id);
    if (dims.size() == 2 && dims[1] == "nMesh_face") params.push_back(p.id);
  }
  if (params.empty()) throw InputError(path, "", "has no face variable named like a parameter of " + s.id);
  if (nc.dim_len("nMesh_face") != mesh.n_faces())
    throw InputError(path, "dimension 'nMesh_face'", "does not match the mesh");

  AssessmentBuilder b(mesh, s, params, std::move(zones), std::move(stations));
  const std::size_t nf = mesh.n_faces();
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] < t_from || t[i] > t_to) continue;
    const double hours = (t.size() > 1 ? (i > 0 ? t[i] - t[i - 1] : t[1] - t[0]) : 3600.0) / 3600.0;
    std::map<std::string, std::vector<double>> fv;
    for (const auto& p : params) {
      std::vector<double> v(nf);
      const std::size_t start[2] = {i, 0}, count[2] = {1, nf};
      const int st = nc_get_vara_double(nc.id(), nc.varid(p), start, count, v.data());
      if (st != NC_NOERR) throw InputError(path, "variable '" + p + "'", nc_strerror(st));
      for (double x : v)
        if (!std::isfinite(x) || x < 0)
          throw InputError(path, "variable '" + p + "'",
                           "record " + std::to_string(i) + " has a negative or missing value");
      fv[p] = std::move(v);
    }
    b.add_sample(hours, fv);
  }
  return b.finish();
}

}  // namespace beibu
