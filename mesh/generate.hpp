#pragma once
// Triangulation of a (resampled) domain with gmsh's C++ API.
#include <functional>
#include <string>

#include "domain.hpp"
#include "mesh.hpp"

namespace beibu {

// Meshes the domain with triangles following `size` (m). Boundary vertices are
// kept as given; every boundary edge carries its ring segment's tag. If
// `msh_path` is not empty the gmsh mesh is also written there (format 4.1).
// Deterministic for the same input. Throws Failure if gmsh fails.
Mesh triangulate(const Domain& d, const std::function<double(double, double)>& size, const std::string& msh_path = "");

}  // namespace beibu
