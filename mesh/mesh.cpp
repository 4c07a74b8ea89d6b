#include "mesh.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace beibu {

double Mesh::face_area(std::size_t f) const {
  const int a = tri[3 * f], b = tri[3 * f + 1], c = tri[3 * f + 2];
  return 0.5 * ((x[b] - x[a]) * (y[c] - y[a]) - (x[c] - x[a]) * (y[b] - y[a]));
}

void Mesh::face_centroid(std::size_t f, double& cx, double& cy) const {
  const int a = tri[3 * f], b = tri[3 * f + 1], c = tri[3 * f + 2];
  cx = (x[a] + x[b] + x[c]) / 3.0;
  cy = (y[a] + y[b] + y[c]) / 3.0;
}

void orient_faces(Mesh& m) {
  for (std::size_t f = 0; f < m.n_faces(); ++f)
    if (m.face_area(f) < 0) std::swap(m.tri[3 * f + 1], m.tri[3 * f + 2]);
}

void build_edges(Mesh& m, const std::map<NodePair, int>& boundary_tags) {
  const std::size_t nf = m.n_faces();
  std::map<NodePair, int> index;
  m.edge_node.clear();
  m.edge_face.clear();
  m.edge_tag.clear();
  m.face_edge.assign(3 * nf, -1);
  for (std::size_t f = 0; f < nf; ++f) {
    for (int k = 0; k < 3; ++k) {
      const int a = m.tri[3 * f + k], b = m.tri[3 * f + (k + 1) % 3];
      const NodePair key = node_pair(a, b);
      auto [it, inserted] = index.emplace(key, static_cast<int>(m.edge_tag.size()));
      const int e = it->second;
      if (inserted) {
        m.edge_node.push_back(key.first);
        m.edge_node.push_back(key.second);
        m.edge_face.push_back(static_cast<int>(f));
        m.edge_face.push_back(-1);
        m.edge_tag.push_back(kInteriorEdge);
      } else {
        if (m.edge_face[2 * e + 1] != -1)
          throw Failure("mesh edge (" + std::to_string(a) + ", " + std::to_string(b) + ") has more than two faces");
        m.edge_face[2 * e + 1] = static_cast<int>(f);
      }
      m.face_edge[3 * f + k] = e;
    }
  }
  for (std::size_t e = 0; e < m.edge_tag.size(); ++e) {
    if (m.edge_face[2 * e + 1] != -1) continue;
    auto it = boundary_tags.find(node_pair(m.edge_node[2 * e], m.edge_node[2 * e + 1]));
    m.edge_tag[e] = it == boundary_tags.end() ? kLandEdge : it->second;
  }
}

}  // namespace beibu
