#include "hydro_cases.hpp"

#include <cmath>

namespace beibu::hydro::test {

Mesh rectangle_with_depth(const RectangleSpec& spec, const std::function<double(double, double)>& depth) {
  Mesh m = rectangle_mesh(spec);
  m.depth.resize(m.n_faces());
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    double cx, cy;
    m.face_centroid(f, cx, cy);
    m.depth[f] = depth(cx, cy);
  }
  return m;
}

void harmonic_fit(const std::vector<double>& t, const std::vector<double>& y, double w, double& amp, double& phase) {
  // Normal equations of [cos, sin, 1].
  double M[3][3] = {{0}}, r[3] = {0};
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double b[3] = {std::cos(w * t[i]), std::sin(w * t[i]), 1.0};
    for (int p = 0; p < 3; ++p) {
      r[p] += b[p] * y[i];
      for (int q = 0; q < 3; ++q) M[p][q] += b[p] * b[q];
    }
  }
  // Gaussian elimination (3x3, well conditioned over whole periods).
  for (int p = 0; p < 3; ++p)
    for (int q = p + 1; q < 3; ++q) {
      const double f = M[q][p] / M[p][p];
      for (int k = 0; k < 3; ++k) M[q][k] -= f * M[p][k];
      r[q] -= f * r[p];
    }
  double x[3];
  for (int p = 2; p >= 0; --p) {
    double s = r[p];
    for (int k = p + 1; k < 3; ++k) s -= M[p][k] * x[k];
    x[p] = s / M[p][p];
  }
  amp = std::hypot(x[0], x[1]);
  phase = std::atan2(x[1], x[0]);
}

}  // namespace beibu::hydro::test
