#include "build_mesh.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/log.hpp"
#include "generate.hpp"
#include "ingest/projection.hpp"
#include "ingest/raster.hpp"
#include "ingest/vector_layer.hpp"
#include "size_field.hpp"

namespace beibu {

namespace {
// Far beyond any coastal mesh this machine class can run (the default has 77 199 cells).
constexpr double kMaxCells = 2e7;
constexpr double kMaxSizeGridPoints = 4e8;

// The bathymetry must have data somewhere over the domain: checked on a grid over its
// bounding box before the (slow) meshing, so that a raster of the wrong place is
// refused at once. assign_depth checks every cell afterwards.
void check_raster_covers(const Raster& r, double x0, double y0, double x1, double y1) {
  constexpr int n = 40;
  for (int i = 0; i <= n; ++i)
    for (int j = 0; j <= n; ++j) {
      const double x = x0 + (x1 - x0) * i / n, y = y0 + (y1 - y0) * j / n;
      if (!std::isnan(r.sample(x, y)) || !std::isnan(r.nearest(x, y, 2))) return;
    }
  throw InputError(r.path(), "", "the raster has no data over the model domain");
}
}  // namespace

Mesh build_mesh(const MeshConfig& cfg, const std::string& msh_path, MeshBuildReport& report) {
  Projection proj;
  const Domain domain = load_domain(cfg.domain, cfg.open_boundaries, proj);
  // Every input is read before the meshing starts: a bad one fails in seconds.
  Raster bathymetry = Raster::read(cfg.bathymetry);
  if (!cfg.sea_areas.empty()) (void)read_vector(cfg.sea_areas, proj);
  if (!cfg.zones.empty()) (void)read_vector(cfg.zones, proj);
  report.polygon_area_m2 = domain.area();
  for (const auto& r : domain.rings) report.input_vertices += r.x.size();

  // Distance to land (not to open boundaries) drives the size field.
  std::vector<std::vector<double>> lx, ly;
  for (const auto& r : domain.rings) {
    const std::size_t n = r.x.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (r.tag[i] != kLandEdge) continue;
      const std::size_t j = (i + 1) % n;
      lx.push_back({r.x[i], r.x[j]});
      ly.push_back({r.y[i], r.y[j]});
    }
  }
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  for (const auto& r : domain.rings)
    for (std::size_t i = 0; i < r.x.size(); ++i) {
      x0 = std::min(x0, r.x[i]);
      x1 = std::max(x1, r.x[i]);
      y0 = std::min(y0, r.y[i]);
      y1 = std::max(y1, r.y[i]);
    }
  check_raster_covers(bathymetry, x0, y0, x1, y1);
  // Grid spacing: half the smallest element, so the size field is resolved.
  double hmin = cfg.coast_size_m;
  for (const auto& rr : cfg.refine) hmin = std::min(hmin, rr.size_m);
  // Size limits before any allocation: the size grid, and a lower bound on the number
  // of cells (elements along the coast plus the open water at the largest size).
  const double gh = std::max(hmin / 2, 1.0);
  const double grid_points = ((x1 - x0) / gh + 1) * ((y1 - y0) / gh + 1);
  if (grid_points > kMaxSizeGridPoints)
    throw InputError(cfg.source, "size",
                     "elements of " + std::to_string(static_cast<long long>(std::ceil(hmin))) +
                         " m over this domain need a size grid of " +
                         std::to_string(static_cast<long long>(grid_points)) + " points (limit " +
                         std::to_string(static_cast<long long>(kMaxSizeGridPoints)) +
                         "): use larger coast_m or refine sizes");
  double coast_len = 0;
  for (std::size_t i = 0; i < lx.size(); ++i) coast_len += std::hypot(lx[i][1] - lx[i][0], ly[i][1] - ly[i][0]);
  const double min_cells =
      coast_len / cfg.coast_size_m + std::fabs(domain.area()) / (0.433 * cfg.max_size_m * cfg.max_size_m);
  if (min_cells > kMaxCells)
    throw InputError(cfg.source, "size",
                     "this domain would need at least " + std::to_string(static_cast<long long>(min_cells)) +
                         " cells (limit " + std::to_string(static_cast<long long>(kMaxCells)) +
                         "): use larger coast_m and max_m");
  DistanceGrid coast(lx, ly, x0, y0, x1, y1, gh);
  SizeParams sp;
  sp.coast = cfg.coast_size_m;
  sp.max = cfg.max_size_m;
  sp.grade = cfg.grade;
  for (const auto& rr : cfg.refine) {
    SizeRegion reg;
    proj.forward(rr.lon, rr.lat, reg.x, reg.y);
    reg.radius = rr.radius_m;
    reg.size = rr.size_m;
    sp.regions.push_back(reg);
  }
  coast.set_size(sp);
  auto size = [&](double x, double y) { return coast.size(x, y); };

  // Where two shores are closer than the element size (a narrow channel, an
  // island near the coast), lower the size to the gap and resample again.
  Domain resampled;
  for (int pass = 0;; ++pass) {
    resampled = resample_domain(domain, size, cfg.min_water_angle_deg, cfg.min_island_area_m2, &report.resample);
    const auto spots = narrow_spots(resampled, size, 0.7);
    if (spots.empty() || pass == 4) break;
    for (const auto& s : spots) coast.limit_size(s.x, s.y, std::max(s.gap, cfg.min_size_m), cfg.grade);
    report.narrow_spots += spots.size();
  }
  report.resampled_area_m2 = resampled.area();
  for (const auto& r : resampled.rings) report.boundary_vertices += r.x.size();
  double bx, by;
  if (!boundary_is_simple(resampled, bx, by)) {
    double lon, lat;
    proj.inverse(bx, by, lon, lat);
    throw InputError(cfg.domain, "near lon " + std::to_string(lon) + ", lat " + std::to_string(lat),
                     "the coastline resampled at the mesh size crosses itself (a channel narrower than the "
                     "coastal mesh size?): lower size.coast_m or add a refine region there in " +
                         cfg.source);
  }
  {
    double shortest = INFINITY, sx = 0, sy = 0;
    for (const auto& r : resampled.rings)
      for (std::size_t i = 0; i < r.x.size(); ++i) {
        const std::size_t j = (i + 1) % r.x.size();
        const double L = std::hypot(r.x[j] - r.x[i], r.y[j] - r.y[i]);
        if (L < shortest) {
          shortest = L;
          sx = r.x[i];
          sy = r.y[i];
        }
      }
    double lon, lat;
    proj.inverse(sx, sy, lon, lat);
    BLOG(debug) << "shortest resampled boundary segment " << shortest << " m at lon " << lon << " lat " << lat;
  }
  BLOG(info) << "boundary: " << report.input_vertices << " input vertices -> " << report.boundary_vertices
             << " resampled (" << report.narrow_spots << " narrow-channel refinements, " << report.resample.tips_cut
             << " sharp tips cut, " << report.resample.short_merged << " short segments merged, "
             << report.resample.islands_dropped << " islands below the size or too close to another shore removed)";

  Mesh m = triangulate(resampled, size, msh_path);
  BLOG(debug) << "triangulated: " << m.n_faces() << " faces";
  compute_lonlat(m, proj);
  DepthRule rule;
  rule.min_depth = cfg.min_depth_m;
  rule.coastal_slope = cfg.coastal_slope;
  rule.scale = cfg.depth_scale;
  rule.shelf_slope = cfg.shelf_slope;
  rule.shelf_max = cfg.shelf_max_m;
  for (const auto& f : cfg.depth_floors) {
    DepthRule::Floor fl{0, 0, f.radius_m, f.min_m};
    proj.forward(f.lon, f.lat, fl.x, fl.y);
    rule.floors.push_back(fl);
  }
  report.depth = assign_depth(m, std::move(bathymetry), rule, [&](double x, double y) { return coast(x, y); });
  BLOG(debug) << "depth assigned";
  if (!cfg.sea_areas.empty())
    assign_regions(m, cfg.sea_areas, "code", proj, true, m.jurisdiction, m.jurisdiction_codes);
  else
    m.jurisdiction.assign(m.n_faces(), -1);
  if (!cfg.zones.empty())
    assign_regions(m, cfg.zones, "id", proj, false, m.zone, m.zone_ids);
  else
    m.zone.assign(m.n_faces(), -1);
  if (!cfg.not_assessed.empty())
    assign_regions(m, cfg.not_assessed, "id", proj, false, m.not_assessed, m.not_assessed_names);
  else
    m.not_assessed.assign(m.n_faces(), -1);

  report.region_of_face.assign(m.n_faces(), "offshore (> 10 km from land)");
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    double cx, cy;
    m.face_centroid(f, cx, cy);
    bool in_region = false;
    for (std::size_t k = 0; k < cfg.refine.size(); ++k)
      if (std::hypot(cx - sp.regions[k].x, cy - sp.regions[k].y) <= sp.regions[k].radius) {
        report.region_of_face[f] = cfg.refine[k].name;
        in_region = true;
        break;
      }
    if (!in_region && coast(cx, cy) <= 10000) report.region_of_face[f] = "coastal (< 10 km from land)";
  }
  return m;
}

}  // namespace beibu
