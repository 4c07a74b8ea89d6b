#include "synthetic.hpp"

#include <random>

namespace beibu {

Mesh rectangle_mesh(const RectangleSpec& s) {
  Mesh m;
  const double dx = s.lx / s.nx, dy = s.ly / s.ny;
  std::mt19937 rng(s.seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  auto node = [&](int i, int j) { return j * (s.nx + 1) + i; };
  for (int j = 0; j <= s.ny; ++j)
    for (int i = 0; i <= s.nx; ++i) {
      double x = s.x0 + i * dx, y = s.y0 + j * dy;
      const bool interior = i > 0 && i < s.nx && j > 0 && j < s.ny;
      if (interior && s.perturb > 0) {
        x += s.perturb * dx * u(rng);
        y += s.perturb * dy * u(rng);
      }
      m.x.push_back(x);
      m.y.push_back(y);
    }
  for (int j = 0; j < s.ny; ++j)
    for (int i = 0; i < s.nx; ++i) {
      const int a = node(i, j), b = node(i + 1, j), c = node(i + 1, j + 1), d = node(i, j + 1);
      if ((i + j) % 2 == 0) {
        m.tri.insert(m.tri.end(), {a, b, c, a, c, d});
      } else {
        m.tri.insert(m.tri.end(), {a, b, d, b, c, d});
      }
    }
  const std::size_t nf = m.n_faces();
  m.depth.assign(nf, s.depth);
  m.jurisdiction.assign(nf, -1);
  m.zone.assign(nf, -1);
  orient_faces(m);

  std::map<NodePair, int> tags;
  for (int side = 0; side < 4; ++side) {
    if (s.open[side].empty()) continue;
    const int tag = kOpenEdgeBase + static_cast<int>(m.open_boundary_names.size());
    m.open_boundary_names.push_back(s.open[side]);
    const int n = (side % 2 == 0) ? s.nx : s.ny;
    for (int k = 0; k < n; ++k) {
      int a, b;
      switch (side) {
        case 0:
          a = node(k, 0), b = node(k + 1, 0);
          break;
        case 1:
          a = node(s.nx, k), b = node(s.nx, k + 1);
          break;
        case 2:
          a = node(k, s.ny), b = node(k + 1, s.ny);
          break;
        default:
          a = node(0, k), b = node(0, k + 1);
          break;
      }
      tags[node_pair(a, b)] = tag;
    }
  }
  build_edges(m, tags);
  return m;
}

}  // namespace beibu
