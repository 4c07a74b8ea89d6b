#pragma once
// Mesh generation settings, read from YAML (schema in docs/mesh.md; the default
// is data/beibu/mesh.yaml). Paths inside are relative to the YAML file.
#include <string>
#include <vector>

namespace beibu {

struct RefineRegion {
  std::string name;
  double lon = 0, lat = 0;
  double radius_m = 0;  // inside: size_m; outside it grows with the grade
  double size_m = 0;
};

// A region whose depth is raised to at least `min_m`: bays and channels whose real
// depth the coarse raster and the coastal taper cannot represent (see docs/mesh.md).
struct DepthFloor {
  std::string name;
  double lon = 0, lat = 0;
  double radius_m = 0;
  double min_m = 0;
};

struct MeshConfig {
  std::string source;  // the YAML file
  std::string domain, open_boundaries, bathymetry, sea_areas, zones;
  std::string not_assessed;  // polygons of water whose quality is not assessed (optional)
  double coast_size_m = 500, max_size_m = 8000, grade = 0.25;
  double min_size_m = 100;          // floor for narrow-channel refinement
  double min_water_angle_deg = 35;  // boundary tips sharper than this are cut
  double min_island_area_m2 = 0;    // resampled islands smaller than this are dropped
  double min_depth_m = 2.0;
  double coastal_slope = 1e-3;  // depth <= slope * distance to land (ETOPO5 has no coastal detail)
  double depth_scale = 1.0;     // raster depths multiplied by this before the coastal rules
  double shelf_slope = 0;       // depth >= min(shelf_slope * distance to land, shelf_max_m); 0: off
  double shelf_max_m = 0;
  std::vector<DepthFloor> depth_floors;
  std::vector<RefineRegion> refine;
};

// Reads and validates; throws InputError naming the file, line and key.
MeshConfig read_mesh_config(const std::string& path);

}  // namespace beibu
