#pragma once
// Small meshes and helpers shared by the hydrodynamics verification tests.
#include <functional>
#include <vector>

#include "mesh/local_mesh.hpp"
#include "mesh/mesh.hpp"
#include "mesh/synthetic.hpp"

namespace beibu::hydro::test {

// Rectangle mesh with the depth of each face set from its centroid.
Mesh rectangle_with_depth(const RectangleSpec& spec, const std::function<double(double, double)>& depth);

// Least-squares fit of a cos(w t) + b sin(w t) + c: amplitude and phase (rad) of
// the form A cos(w t - phi).
void harmonic_fit(const std::vector<double>& t, const std::vector<double>& y, double omega, double& amp, double& phase);

}  // namespace beibu::hydro::test
