#include "scenarios/products/export.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <stdexcept>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/nc_util.hpp"
#include "ingest/nc_var.hpp"
#include "ingest/netcdf_file.hpp"
#include "mesh/ugrid_io.hpp"
#include "scenarios/compliance/compliance.hpp"
#include "scenarios/products/gis_export.hpp"

namespace beibu {

namespace {

// Statistic over time of each selected face.
double statistic(const std::vector<double>& v, const std::string& stat) {
  if (v.empty()) return NAN;
  if (stat == "max") return *std::max_element(v.begin(), v.end());
  if (stat == "min") return *std::min_element(v.begin(), v.end());
  if (stat == "p90") return quantile(v, 0.9);
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

// The mesh restricted to `faces` (nodes renumbered, edges rebuilt; cut edges become boundary).
Mesh submesh(const Mesh& m, const std::vector<long>& faces) {
  Mesh s;
  std::map<int, int> node;
  for (long f : faces)
    for (int k = 0; k < 3; ++k) {
      const int n = m.tri[3 * f + k];
      auto [it, inserted] = node.emplace(n, static_cast<int>(s.x.size()));
      if (inserted) {
        s.x.push_back(m.x[n]);
        s.y.push_back(m.y[n]);
        s.lon.push_back(m.lon[n]);
        s.lat.push_back(m.lat[n]);
      }
      s.tri.push_back(it->second);
    }
  for (long f : faces) {
    s.depth.push_back(m.depth[f]);
    s.jurisdiction.push_back(m.jurisdiction.empty() ? -1 : m.jurisdiction[f]);
    s.zone.push_back(m.zone.empty() ? -1 : m.zone[f]);
  }
  s.jurisdiction_codes = m.jurisdiction_codes;
  s.zone_ids = m.zone_ids;
  s.open_boundary_names = m.open_boundary_names;
  build_edges(s);
  return s;
}

}  // namespace

ExportSummary export_subset(const ExportRequest& r) {
  if (r.stat != "mean" && r.stat != "p90" && r.stat != "max" && r.stat != "min")
    throw InputError("", "--stat", "expected mean, p90, max or min");
  if (r.format != "netcdf" && r.format != "geotiff" && r.format != "gpkg")
    throw InputError("", "--format", "expected netcdf, geotiff or gpkg");
  const Mesh mesh = read_ugrid(r.maps);
  NcFile nc = NcFile::open(r.maps);
  if (!nc.has_var("time")) throw InputError(r.maps, "variable 'time'", "is missing: not a beibu map file");
  const NcTimeAxis axis = read_time_axis(nc, "time", real_calendars());
  const std::vector<double>& times = axis.t;
  const std::vector<double>& raw = axis.raw;
  // The window: the one asked for, else the run's assessment period (its statistics'
  // bounds), else every record.
  const bool own_window = std::isfinite(r.t_from) || std::isfinite(r.t_to);
  double t_from = r.t_from, t_to = r.t_to;
  std::vector<double> period_bnds;
  if (nc.has_var("period_bnds")) period_bnds = nc.get_double("period_bnds");
  if (!own_window && period_bnds.size() == 2) {
    t_from = cf_to_model(period_bnds[0], axis.units);
    t_to = cf_to_model(period_bnds[1], axis.units);
  }
  std::vector<std::size_t> recs;
  for (std::size_t i = 0; i < times.size(); ++i)
    if (times[i] >= t_from - 1e-6 && times[i] <= t_to + 1e-6) recs.push_back(i);
  if (recs.empty()) throw InputError(r.maps, "--from/--to", "no time record falls in the requested window");
  // Window bounds in the file's time values, for the output's period.
  const double b0 = own_window || period_bnds.size() != 2 ? raw[recs.front()] : period_bnds[0];
  const double b1 = own_window || period_bnds.size() != 2 ? raw[recs.back()] : period_bnds[1];

  // Faces: inside the box (by centroid), or in the zone.
  std::vector<long> faces;
  int zone = -1;
  if (!r.zone.empty()) {
    auto it = std::find(mesh.zone_ids.begin(), mesh.zone_ids.end(), r.zone);
    if (it == mesh.zone_ids.end()) throw InputError(r.maps, "--zone", "no zone '" + r.zone + "' in this mesh");
    zone = static_cast<int>(it - mesh.zone_ids.begin());
  }
  for (std::size_t f = 0; f < mesh.n_faces(); ++f) {
    const int a = mesh.tri[3 * f], b = mesh.tri[3 * f + 1], c = mesh.tri[3 * f + 2];
    const double lon = (mesh.lon[a] + mesh.lon[b] + mesh.lon[c]) / 3,
                 lat = (mesh.lat[a] + mesh.lat[b] + mesh.lat[c]) / 3;
    if (r.has_bbox && (lon < r.lon0 || lon > r.lon1 || lat < r.lat0 || lat > r.lat1)) continue;
    if (zone >= 0 && mesh.zone[f] != zone) continue;
    faces.push_back(static_cast<long>(f));
  }
  if (faces.empty()) throw InputError("", r.zone.empty() ? "--bbox" : "--zone", "selects no face of the mesh");

  // Variables: face variables over time.
  std::vector<std::string> vars = r.variables;
  if (vars.empty()) {
    for (const auto& name : variable_names(nc)) {
      auto dims = nc.var_dims(name);
      std::sort(dims.begin(), dims.end());
      if (dims == std::vector<std::string>{"nMesh_face", "time"}) vars.push_back(name);
    }
  }
  const std::size_t nf = mesh.n_faces();
  std::map<std::string, std::vector<double>> stat;  // per variable, per global face (NaN outside the selection)
  std::map<std::string, std::string> var_units, var_methods, var_comment;
  const std::string suffix = "_" + r.stat;
  for (const auto& v : vars) {
    // The run's own statistic of the variable, where it wrote one and no window was asked for.
    if (!own_window && nc.has_var(v + suffix) && nc.var_dims(v + suffix) == std::vector<std::string>{"nMesh_face"}) {
      var_units[v] = nc.att_text(v, "units");
      var_methods[v] = nc.att_text(v + suffix, "cell_methods");
      var_comment[v] = nc.att_text(v + suffix, "comment");
      const auto all = nc.get_double(v + suffix);
      auto& out = stat[v];
      out.assign(nf, NAN);
      for (long f : faces) out[f] = std::fabs(all[f]) < 1e36 ? all[f] : NAN;
      continue;
    }
    if (!nc.has_var(v)) throw InputError(r.maps, "variable '" + v + "'", "is not in the file");
    // By dimension name; fill values (dry faces) are left out of the statistic.
    const NcVar var(nc, NcVarSpec{v, {"time", "nMesh_face"}, "", true});
    if (var.len(0) != times.size() || var.len(1) != nf)
      throw InputError(r.maps, "variable '" + v + "'", "is not one value per time and face of the mesh");
    var_units[v] = var.units();
    std::vector<std::vector<double>> series(faces.size());
    for (std::size_t i : recs) {
      const std::vector<double> rec = var.read_record(i);
      for (std::size_t k = 0; k < faces.size(); ++k)
        if (std::isfinite(rec[faces[k]])) series[k].push_back(rec[faces[k]]);
    }
    auto& out = stat[v];
    out.assign(nf, NAN);
    bool any = false;
    for (std::size_t k = 0; k < faces.size(); ++k) {
      out[faces[k]] = statistic(series[k], r.stat);
      any = any || !series[k].empty();
    }
    if (!any)
      throw InputError(r.maps, "variable '" + v + "'",
                       "has only fill values (no data) on the selected faces in the selected records");
    const std::string of = " of " + std::to_string(recs.size()) + " snapshot records";
    if (r.stat == "p90")
      var_comment[v] = "90th percentile (nearest rank)" + of + "; CF has no percentile cell method";
    else
      var_methods[v] = std::string("period: ") +
                       (r.stat == "mean"  ? "mean"
                        : r.stat == "max" ? "maximum"
                                          : "minimum") +
                       " (comment: " + of.substr(4) + ")";
  }

  if (r.format == "geotiff") {
    RasterGrid g = grid_covering(mesh, r.crs, r.resolution);
    if (r.crs == "EPSG:4326") {
      // Only as large as the selected faces.
      double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
      for (long f : faces)
        for (int k = 0; k < 3; ++k) {
          const int n = mesh.tri[3 * f + k];
          x0 = std::min(x0, mesh.lon[n]);
          x1 = std::max(x1, mesh.lon[n]);
          y0 = std::min(y0, mesh.lat[n]);
          y1 = std::max(y1, mesh.lat[n]);
        }
      g.x0 = std::floor(x0 / r.resolution) * r.resolution;
      g.y0 = std::floor(y0 / r.resolution) * r.resolution;
      g.x1 = std::ceil(x1 / r.resolution) * r.resolution;
      g.y1 = std::ceil(y1 / r.resolution) * r.resolution;
    }
    std::vector<RasterBand> bands;
    for (const auto& v : vars) bands.push_back({v + "_" + r.stat, var_units[v], stat[v]});
    write_geotiff(r.out, mesh, bands, g);
  } else if (r.format == "gpkg") {
    GisLayer layer{"faces", true, {}};
    for (long f : faces) {
      GisFeature feat;
      std::vector<std::pair<double, double>> ring;
      for (int k = 0; k < 3; ++k) ring.emplace_back(mesh.lon[mesh.tri[3 * f + k]], mesh.lat[mesh.tri[3 * f + k]]);
      feat.rings.push_back(ring);
      feat.attrs["face"] = static_cast<long>(f);
      feat.attrs["depth_m"] = mesh.depth[f];
      for (const auto& v : vars) feat.attrs[v + "_" + r.stat] = stat[v][f];
      layer.features.push_back(feat);
    }
    write_geopackage(r.out, {layer});
  } else {
    const Mesh sub = submesh(mesh, faces);
    AtomicOutput out(r.out);
    {
      NcFile w = NcFile::create(out.temp_path().string());
      w.put_att("", "Conventions", "CF-1.8 UGRID-1.0");
      w.put_att("", "title", "beibu export of " + r.maps);
      w.put_att("", "source", r.maps);
      w.put_att("", "history",
                "beibu export: " + r.stat + " over the period (the run's statistics where it wrote them, else " +
                    std::to_string(recs.size()) + " snapshot records); boundary edges of a subset are tagged land");
      define_ugrid(w, sub);
      w.def_dim("nv", 2);
      w.def_var("period", NC_DOUBLE, {});
      w.put_att("period", "standard_name", "time");
      w.put_att("period", "long_name", "period of the statistic (its end; bounds: start and end)");
      w.put_att("period", "units", nc.att_text("time", "units"));
      w.put_att("period", "calendar", "standard");
      w.put_att("period", "bounds", "period_bnds");
      w.def_var("period_bnds", NC_DOUBLE, {"nv"});
      for (const auto& v : vars) {
        w.def_var(v, NC_DOUBLE, {"nMesh_face"}, 4);
        w.put_att(v, "long_name", v + " (" + r.stat + " over the selected period)");
        if (!var_units[v].empty()) w.put_att(v, "units", var_units[v]);
        put_face_attributes(w, v);
        w.put_att(v, "coordinates", "period mesh_face_lon mesh_face_lat");
        if (!var_methods[v].empty()) w.put_att(v, "cell_methods", var_methods[v]);
        if (!var_comment[v].empty()) w.put_att(v, "comment", var_comment[v]);
      }
      w.enddef();
      write_ugrid_data(w, sub);
      w.put("period", std::vector<double>{b1});
      w.put("period_bnds", std::vector<double>{b0, b1});
      for (const auto& v : vars) {
        std::vector<double> vals;
        for (long f : faces) vals.push_back(stat[v][f]);
        w.put(v, vals);
      }
      w.close();
    }
    out.commit();
  }
  return {faces.size(), recs.size(), vars};
}

}  // namespace beibu
