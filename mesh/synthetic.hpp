#pragma once
// Simple meshes for verification tests and benchmarks: triangulated rectangles.
#include <array>
#include <string>

#include "mesh.hpp"

namespace beibu {

struct RectangleSpec {
  double x0 = 0, y0 = 0, lx = 1, ly = 1;  // metres
  int nx = 10, ny = 10;                   // squares along x and y (two triangles each)
  double perturb = 0.0;                   // interior nodes moved randomly by up to this fraction of the spacing
  unsigned seed = 1;                      // for the perturbation (deterministic)
  double depth = 10.0;                    // uniform depth (m)
  // Names of the open boundaries on the sides south, east, north, west; empty = land.
  std::array<std::string, 4> open{};
};

// Triangulated rectangle with alternating diagonals ("criss-cross" free), edges built.
Mesh rectangle_mesh(const RectangleSpec& spec);

}  // namespace beibu
