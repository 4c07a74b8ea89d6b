#pragma once
// Mesh quality measures and the report `beibu mesh` prints.
#include <string>
#include <vector>

#include "mesh.hpp"

namespace beibu {

struct TriangleShape {
  double min_angle_deg, aspect_ratio;  // aspect: circumradius / (2 * inradius), 1 for equilateral
};
TriangleShape triangle_shape(double ax, double ay, double bx, double by, double cx, double cy);

struct QualityReport {
  std::size_t cells = 0, nodes = 0, edges = 0, boundary_edges = 0;
  std::size_t inverted = 0, untagged_boundary = 0, edges_with_bad_faces = 0;
  double min_angle_deg = 180, max_aspect = 0, min_area = 0, max_area = 0, total_area = 0;
  std::vector<std::pair<std::string, std::size_t>> edges_by_tag;
  // Equivalent edge length sqrt(4A/sqrt(3)) by region: name, cells, min, median, max (m).
  struct RegionSize {
    std::string name;
    std::size_t cells;
    double min, median, max;
  };
  std::vector<RegionSize> size_by_region;
};

// `region_of` names each face's region (e.g. a refinement region or "offshore").
QualityReport assess_quality(const Mesh& m, const std::vector<std::string>& region_of = {});
std::string format_quality(const QualityReport& q);

}  // namespace beibu
