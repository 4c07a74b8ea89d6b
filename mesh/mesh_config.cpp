#include "mesh_config.hpp"

#include <filesystem>

#include "core/config.hpp"
#include "core/error.hpp"

namespace beibu {

namespace {
// No element of a regional model is larger than this (m); the gulf is ~500 km across.
constexpr double kMaxElementSize = 100e3;

std::string resolve(const Config& c, const std::string& key, const std::string& base) {
  const std::string v = c.at(key).as_string();
  std::filesystem::path p(v);
  return (p.is_absolute() ? p : std::filesystem::path(base) / p).lexically_normal().string();
}

// A length, factor or angle that must be > 0, up to `hi` (a bound no sensible mesh reaches).
double positive(const Config& c, const std::string& key, double fallback, double hi) {
  return c.get(key, fallback, Range::positive(hi));
}
}  // namespace

MeshConfig read_mesh_config(const std::string& path) {
  const Config root = Config::load_file(path);
  root.check_keys(
      {"domain", "open_boundaries", "bathymetry", "sea_areas", "zones", "not_assessed", "size", "depth", "refine"});
  const std::string base = std::filesystem::path(path).parent_path().string();
  MeshConfig mc;
  mc.source = path;
  mc.domain = resolve(root, "domain", base);
  mc.open_boundaries = resolve(root, "open_boundaries", base);
  mc.bathymetry = resolve(root, "bathymetry", base);
  if (root.has("sea_areas")) mc.sea_areas = resolve(root, "sea_areas", base);
  if (root.has("zones")) mc.zones = resolve(root, "zones", base);
  if (root.has("not_assessed")) mc.not_assessed = resolve(root, "not_assessed", base);
  if (root.has("size")) {
    const Config s = root.at("size");
    s.check_keys({"coast_m", "max_m", "min_m", "grade", "min_water_angle_deg", "min_island_area_km2"});
    mc.min_size_m = positive(s, "min_m", mc.min_size_m, kMaxElementSize);
    mc.coast_size_m = positive(s, "coast_m", mc.coast_size_m, kMaxElementSize);
    mc.max_size_m = positive(s, "max_m", mc.max_size_m, kMaxElementSize);
    mc.grade = positive(s, "grade", mc.grade, 10);
    mc.min_water_angle_deg = s.get("min_water_angle_deg", mc.min_water_angle_deg, Range{0, 60, true, true});
    mc.min_island_area_m2 = s.get("min_island_area_km2", 0.0, Range::non_negative(1e6)) * 1e6;
    if (mc.max_size_m < mc.coast_size_m) s.at("max_m").fail("must not be smaller than coast_m");
  }
  if (root.has("depth")) {
    const Config d = root.at("depth");
    d.check_keys({"min_m", "coastal_slope", "scale", "shelf", "floors"});
    mc.depth_scale = positive(d, "scale", mc.depth_scale, 100);
    mc.min_depth_m = positive(d, "min_m", mc.min_depth_m, 1000);
    mc.coastal_slope = positive(d, "coastal_slope", mc.coastal_slope, 1);
    if (d.has("shelf")) {
      const Config sh = d.at("shelf");
      sh.check_keys({"slope", "max_m"});
      mc.shelf_slope = positive(sh, "slope", 0.001, 1);
      mc.shelf_max_m = positive(sh, "max_m", 10.0, 1000);
      if (mc.shelf_slope > mc.coastal_slope)
        sh.at("slope").fail("must not exceed depth.coastal_slope (" + std::to_string(mc.coastal_slope) +
                            "), the largest depth per metre from land");
    }
    if (d.has("floors")) {
      for (const Config& r : d.at("floors").items()) {
        r.check_keys({"name", "lon", "lat", "radius_km", "min_m", "source"});
        DepthFloor f;
        f.name = r.at("name").as_string();
        read_lon_lat(r, f.lon, f.lat);
        f.radius_m = positive(r, "radius_km", 1.0, 1000) * 1000.0;
        f.min_m = positive(r, "min_m", 1.0, 1000);
        mc.depth_floors.push_back(f);
      }
    }
  }
  if (root.has("refine")) {
    for (const Config& r : root.at("refine").items()) {
      r.check_keys({"name", "lon", "lat", "radius_km", "size_m"});
      RefineRegion rr;
      rr.name = r.at("name").as_string();
      read_lon_lat(r, rr.lon, rr.lat);
      rr.radius_m = r.at("radius_km").as_double(Range::non_negative(1000)) * 1000.0;
      rr.size_m = positive(r, "size_m", 1.0, kMaxElementSize);
      mc.refine.push_back(rr);
    }
  }
  return mc;
}

}  // namespace beibu
