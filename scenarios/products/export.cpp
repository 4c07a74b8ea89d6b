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

// The records the statistic is taken over: the window asked for, else the run's
// assessment period (its statistics' bounds), else every record; and its bounds in the
// file's time values.
struct Window {
  std::vector<std::size_t> recs;
  double b0 = 0, b1 = 0;
  bool own = false;  // asked for with --from/--to
};

Window select_window(const ExportRequest& r, const NcFile& nc, const NcTimeAxis& axis) {
  Window w;
  w.own = std::isfinite(r.t_from) || std::isfinite(r.t_to);
  double t_from = r.t_from, t_to = r.t_to;
  std::vector<double> period_bnds;
  if (nc.has_var("period_bnds")) period_bnds = NcVar(nc, {"period_bnds", {"nv"}, ""}).read();
  const bool run_period = !w.own && period_bnds.size() == 2;
  if (run_period) {
    t_from = cf_to_model(period_bnds[0], axis.units);
    t_to = cf_to_model(period_bnds[1], axis.units);
  }
  for (std::size_t i = 0; i < axis.t.size(); ++i)
    if (axis.t[i] >= t_from - 1e-6 && axis.t[i] <= t_to + 1e-6) w.recs.push_back(i);
  if (w.recs.empty()) throw InputError(r.maps, "--from/--to", "no time record falls in the requested window");
  w.b0 = run_period ? period_bnds[0] : axis.raw[w.recs.front()];
  w.b1 = run_period ? period_bnds[1] : axis.raw[w.recs.back()];
  return w;
}

// Faces inside the box (by centroid), or in the zone.
std::vector<long> select_faces(const ExportRequest& r, const Mesh& mesh) {
  int zone = -1;
  if (!r.zone.empty()) {
    auto it = std::find(mesh.zone_ids.begin(), mesh.zone_ids.end(), r.zone);
    if (it == mesh.zone_ids.end()) throw InputError(r.maps, "--zone", "no zone '" + r.zone + "' in this mesh");
    zone = static_cast<int>(it - mesh.zone_ids.begin());
  }
  std::vector<long> faces;
  for (std::size_t f = 0; f < mesh.n_faces(); ++f) {
    const int a = mesh.tri[3 * f], b = mesh.tri[3 * f + 1], c = mesh.tri[3 * f + 2];
    const double lon = (mesh.lon[a] + mesh.lon[b] + mesh.lon[c]) / 3,
                 lat = (mesh.lat[a] + mesh.lat[b] + mesh.lat[c]) / 3;
    if (r.has_bbox && (lon < r.lon0 || lon > r.lon1 || lat < r.lat0 || lat > r.lat1)) continue;
    if (zone >= 0 && mesh.zone[f] != zone) continue;
    faces.push_back(static_cast<long>(f));
  }
  if (faces.empty()) throw InputError("", r.zone.empty() ? "--bbox" : "--zone", "selects no face of the mesh");
  return faces;
}

// Per variable: the statistic on every global face (NaN outside the selection), its
// units and its CF cell_methods or comment.
struct FaceStatistic {
  std::vector<double> value;
  std::string units, methods, comment;
};

// The run's own statistic of `v` (`v`_stat, kept inside the run over its assessment period).
FaceStatistic run_statistic(const NcFile& nc, const std::string& v, const std::string& stat_var,
                            const std::vector<long>& faces, std::size_t nf) {
  FaceStatistic s;
  s.units = nc.att_text(v, "units");
  s.methods = nc.att_text(stat_var, "cell_methods");
  s.comment = nc.att_text(stat_var, "comment");
  const std::vector<double> all = NcVar(nc, {stat_var, {"nMesh_face"}, "", true}).read();
  s.value.assign(nf, NAN);
  for (long f : faces) s.value[f] = all[f];
  return s;
}

// The statistic of `v` over the window's snapshot records; fill values (dry faces) left out.
FaceStatistic snapshot_statistic(const ExportRequest& r, const NcFile& nc, const std::string& v,
                                 const std::vector<long>& faces, std::size_t nf, const Window& w, std::size_t n_times) {
  if (!nc.has_var(v)) throw InputError(r.maps, "variable '" + v + "'", "is not in the file");
  const NcVar var(nc, NcVarSpec{v, {"time", "nMesh_face"}, "", true});
  if (var.len(0) != n_times || var.len(1) != nf)
    throw InputError(r.maps, "variable '" + v + "'", "is not one value per time and face of the mesh");
  FaceStatistic s;
  s.units = var.units();
  std::vector<std::vector<double>> series(faces.size());
  for (std::size_t i : w.recs) {
    const std::vector<double> rec = var.read_record(i);
    for (std::size_t k = 0; k < faces.size(); ++k)
      if (std::isfinite(rec[faces[k]])) series[k].push_back(rec[faces[k]]);
  }
  s.value.assign(nf, NAN);
  bool any = false;
  for (std::size_t k = 0; k < faces.size(); ++k) {
    s.value[faces[k]] = statistic(series[k], r.stat);
    any = any || !series[k].empty();
  }
  if (!any)
    throw InputError(r.maps, "variable '" + v + "'",
                     "has only fill values (no data) on the selected faces in the selected records");
  const std::string of = " of " + std::to_string(w.recs.size()) + " snapshot records";
  if (r.stat == "p90")
    s.comment = "90th percentile (nearest rank)" + of + "; CF has no percentile cell method";
  else
    s.methods = std::string("period: ") +
                (r.stat == "mean"  ? "mean"
                 : r.stat == "max" ? "maximum"
                                   : "minimum") +
                " (comment: " + of.substr(4) + ")";
  return s;
}

// The face variables over time, or those asked for.
std::vector<std::string> export_variables(const ExportRequest& r, const NcFile& nc) {
  if (!r.variables.empty()) return r.variables;
  std::vector<std::string> vars;
  for (const auto& name : variable_names(nc)) {
    auto dims = nc.var_dims(name);
    std::sort(dims.begin(), dims.end());
    if (dims == std::vector<std::string>{"nMesh_face", "time"}) vars.push_back(name);
  }
  return vars;
}

using Statistics = std::map<std::string, FaceStatistic>;

void write_geotiff_subset(const ExportRequest& r, const Mesh& mesh, const std::vector<long>& faces,
                          const std::vector<std::string>& vars, const Statistics& st) {
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
  for (const auto& v : vars) bands.push_back({v + "_" + r.stat, st.at(v).units, st.at(v).value});
  write_geotiff(r.out, mesh, bands, g);
}

void write_gpkg_subset(const ExportRequest& r, const Mesh& mesh, const std::vector<long>& faces,
                       const std::vector<std::string>& vars, const Statistics& st) {
  GisLayer layer{"faces", true, {}};
  for (long f : faces) {
    GisFeature feat;
    std::vector<std::pair<double, double>> ring;
    for (int k = 0; k < 3; ++k) ring.emplace_back(mesh.lon[mesh.tri[3 * f + k]], mesh.lat[mesh.tri[3 * f + k]]);
    feat.rings.push_back(ring);
    feat.attrs["face"] = static_cast<long>(f);
    feat.attrs["depth_m"] = mesh.depth[f];
    for (const auto& v : vars) feat.attrs[v + "_" + r.stat] = st.at(v).value[f];
    layer.features.push_back(feat);
  }
  write_geopackage(r.out, {layer});
}

void write_netcdf_subset(const ExportRequest& r, const NcFile& nc, const Mesh& mesh, const std::vector<long>& faces,
                         const std::vector<std::string>& vars, const Statistics& st, const Window& win) {
  const Mesh sub = submesh(mesh, faces);
  AtomicOutput out(r.out);
  {
    NcFile w = NcFile::create(out.temp_path().string());
    w.put_att("", "Conventions", "CF-1.8 UGRID-1.0");
    w.put_att("", "title", "beibu export of " + r.maps);
    w.put_att("", "source", r.maps);
    w.put_att("", "history",
              "beibu export: " + r.stat + " over the period (the run's statistics where it wrote them, else " +
                  std::to_string(win.recs.size()) + " snapshot records); boundary edges of a subset are tagged land");
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
      const FaceStatistic& s = st.at(v);
      w.def_var(v, NC_DOUBLE, {"nMesh_face"}, 4);
      w.put_att(v, "long_name", v + " (" + r.stat + " over the selected period)");
      if (!s.units.empty()) w.put_att(v, "units", s.units);
      put_face_attributes(w, v);
      w.put_att(v, "coordinates", "period mesh_face_lon mesh_face_lat");
      if (!s.methods.empty()) w.put_att(v, "cell_methods", s.methods);
      if (!s.comment.empty()) w.put_att(v, "comment", s.comment);
    }
    w.enddef();
    write_ugrid_data(w, sub);
    w.put("period", std::vector<double>{win.b1});
    w.put("period_bnds", std::vector<double>{win.b0, win.b1});
    for (const auto& v : vars) {
      std::vector<double> vals;
      for (long f : faces) vals.push_back(st.at(v).value[f]);
      w.put(v, vals);
    }
    w.close();
  }
  out.commit();
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
  const Window win = select_window(r, nc, axis);
  const std::vector<long> faces = select_faces(r, mesh);
  const std::vector<std::string> vars = export_variables(r, nc);

  Statistics st;
  const std::string suffix = "_" + r.stat;
  for (const auto& v : vars) {
    const bool own_statistic =
        !win.own && nc.has_var(v + suffix) && nc.var_dims(v + suffix) == std::vector<std::string>{"nMesh_face"};
    st[v] = own_statistic ? run_statistic(nc, v, v + suffix, faces, mesh.n_faces())
                          : snapshot_statistic(r, nc, v, faces, mesh.n_faces(), win, axis.t.size());
  }

  if (r.format == "geotiff")
    write_geotiff_subset(r, mesh, faces, vars, st);
  else if (r.format == "gpkg")
    write_gpkg_subset(r, mesh, faces, vars, st);
  else
    write_netcdf_subset(r, nc, mesh, faces, vars, st, win);
  return {faces.size(), win.recs.size(), vars};
}

}  // namespace beibu
