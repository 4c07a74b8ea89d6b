#pragma once
// From a mesh configuration to a finished mesh: domain, size field, boundary
// resampling, triangulation, depth, jurisdictions and zones.
#include <string>
#include <vector>

#include "attributes.hpp"
#include "domain.hpp"
#include "mesh.hpp"
#include "mesh_config.hpp"

namespace beibu {

struct MeshBuildReport {
  double polygon_area_m2 = 0;    // the input water polygon
  double resampled_area_m2 = 0;  // after resampling the boundary
  std::size_t input_vertices = 0, boundary_vertices = 0, narrow_spots = 0;
  ResampleReport resample;
  DepthReport depth;
  std::vector<std::string> region_of_face;  // refinement region name or "offshore"
};

// If `msh_path` is not empty the gmsh mesh is written there too.
Mesh build_mesh(const MeshConfig& cfg, const std::string& msh_path, MeshBuildReport& report);

}  // namespace beibu
