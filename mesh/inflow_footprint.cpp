#include "inflow_footprint.hpp"

#include <algorithm>
#include <cmath>
#include <queue>
#include <utility>

#include "core/error.hpp"
#include "face_locator.hpp"

namespace beibu {

std::vector<CellShare> inflow_footprint(const Mesh& mesh, long first, double x, double y, double volume_m3,
                                        double min_depth_m) {
  const long nf = static_cast<long>(mesh.n_faces());
  if (first < 0 || first >= nf)
    throw Failure("inflow footprint: face " + std::to_string(first) + " is not in the mesh");
  auto volume = [&](long f) {
    return mesh.face_area(static_cast<std::size_t>(f)) * std::max(mesh.depth[static_cast<std::size_t>(f)], min_depth_m);
  };
  auto distance = [&](long f) {
    double cx, cy;
    mesh.face_centroid(static_cast<std::size_t>(f), cx, cy);
    return std::hypot(cx - x, cy - y);
  };
  // Frontier ordered by distance, then face index (a min-heap of pairs).
  using Item = std::pair<double, long>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> frontier;
  std::vector<char> seen(static_cast<std::size_t>(nf), 0);
  std::vector<CellShare> cells;
  double held = 0;
  frontier.emplace(0.0, first);  // the first cell whatever its distance
  seen[static_cast<std::size_t>(first)] = 1;
  while (!frontier.empty()) {
    const long f = frontier.top().second;
    frontier.pop();
    const double v = volume(f);
    cells.push_back({f, v});
    held += v;
    if (held >= volume_m3) break;
    for (int k = 0; k < 3; ++k) {
      const int e = mesh.face_edge[3 * static_cast<std::size_t>(f) + static_cast<std::size_t>(k)];
      for (int s = 0; s < 2; ++s) {
        const long g = mesh.edge_face[2 * static_cast<std::size_t>(e) + static_cast<std::size_t>(s)];
        if (g < 0 || seen[static_cast<std::size_t>(g)]) continue;
        seen[static_cast<std::size_t>(g)] = 1;
        frontier.emplace(distance(g), g);
      }
    }
  }
  for (auto& c : cells) c.share /= held;
  return cells;
}

std::vector<std::pair<long, double>> inflow_cells(const Mesh& mesh, const FaceLocator& locator, double x, double y,
                                                  double q_max_m3s, double max_dist_m) {
  std::vector<std::pair<long, double>> out;
  const long first = locator.find_or_nearest(x, y, max_dist_m);
  if (first < 0) return out;
  for (const CellShare& c : inflow_footprint(mesh, first, x, y, kInflowHoldSeconds * std::max(0.0, q_max_m3s)))
    out.emplace_back(c.face, c.share);
  return out;
}

}  // namespace beibu
