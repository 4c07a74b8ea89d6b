#include "quality.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace beibu {

TriangleShape triangle_shape(double ax, double ay, double bx, double by, double cx, double cy) {
  const double a = std::hypot(bx - cx, by - cy), b = std::hypot(ax - cx, ay - cy), c = std::hypot(ax - bx, ay - by);
  const double area = 0.5 * std::fabs((bx - ax) * (cy - ay) - (cx - ax) * (by - ay));
  auto angle = [](double opp, double s1, double s2) {
    return std::acos(std::clamp((s1 * s1 + s2 * s2 - opp * opp) / (2 * s1 * s2), -1.0, 1.0)) * 180.0 / M_PI;
  };
  TriangleShape t;
  t.min_angle_deg = std::min({angle(a, b, c), angle(b, a, c), angle(c, a, b)});
  const double s = 0.5 * (a + b + c);
  const double inr = area / s, circ = a * b * c / (4 * area);
  t.aspect_ratio = area > 0 ? circ / (2 * inr) : INFINITY;
  return t;
}

QualityReport assess_quality(const Mesh& m, const std::vector<std::string>& region_of) {
  QualityReport q;
  q.cells = m.n_faces();
  q.nodes = m.n_nodes();
  q.edges = m.n_edges();
  q.min_area = INFINITY;
  std::map<std::string, std::vector<double>> sizes;
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    const int a = m.tri[3 * f], b = m.tri[3 * f + 1], c = m.tri[3 * f + 2];
    const double A = m.face_area(f);
    if (A <= 0) ++q.inverted;
    const auto t = triangle_shape(m.x[a], m.y[a], m.x[b], m.y[b], m.x[c], m.y[c]);
    q.min_angle_deg = std::min(q.min_angle_deg, t.min_angle_deg);
    q.max_aspect = std::max(q.max_aspect, t.aspect_ratio);
    q.min_area = std::min(q.min_area, A);
    q.max_area = std::max(q.max_area, A);
    q.total_area += A;
    sizes[region_of.empty() ? std::string("all") : region_of[f]].push_back(
        std::sqrt(4 * std::fabs(A) / std::sqrt(3.0)));
  }
  std::map<int, std::size_t> by_tag;
  for (std::size_t e = 0; e < m.n_edges(); ++e) {
    if (m.edge_face[2 * e] < 0) ++q.edges_with_bad_faces;
    if (m.edge_face[2 * e + 1] >= 0) continue;
    ++q.boundary_edges;
    if (m.edge_tag[e] == kInteriorEdge) ++q.untagged_boundary;
    ++by_tag[m.edge_tag[e]];
  }
  for (const auto& [tag, n] : by_tag) {
    std::string name = tag == kLandEdge ? "land" : tag == kInteriorEdge ? "untagged" : "open";
    const std::size_t k = static_cast<std::size_t>(tag - kOpenEdgeBase);
    if (tag >= kOpenEdgeBase && k < m.open_boundary_names.size()) name = "open:" + m.open_boundary_names[k];
    q.edges_by_tag.emplace_back(name, n);
  }
  for (auto& [name, v] : sizes) {
    std::sort(v.begin(), v.end());
    q.size_by_region.push_back({name, v.size(), v.front(), v[v.size() / 2], v.back()});
  }
  return q;
}

std::string format_quality(const QualityReport& q) {
  std::ostringstream os;
  os.setf(std::ios::fixed);
  os.precision(1);
  os << "mesh quality: " << q.cells << " cells, " << q.nodes << " nodes, " << q.edges << " edges (" << q.boundary_edges
     << " on the boundary)\n";
  os << "  minimum angle " << q.min_angle_deg << " deg, maximum aspect ratio ";
  os.precision(2);
  os << q.max_aspect << "\n";
  os.precision(0);
  os << "  cell area " << q.min_area << " .. " << q.max_area << " m2, total ";
  os.precision(1);
  os << q.total_area / 1e6 << " km2\n";
  os << "  boundary edges:";
  for (const auto& [name, n] : q.edges_by_tag) os << " " << name << "=" << n;
  os << "\n  inverted cells " << q.inverted << ", untagged boundary edges " << q.untagged_boundary << "\n";
  os << "  cell size (equivalent edge, m) by region: cells, min, median, max\n";
  os.precision(0);
  for (const auto& r : q.size_by_region)
    os << "    " << r.name << ": " << r.cells << ", " << r.min << ", " << r.median << ", " << r.max << "\n";
  return os.str();
}

}  // namespace beibu
