#pragma once
// The whole unstructured triangle mesh, as generated or read from a UGRID file.
// Small enough (~10^5 faces) for every rank to hold; hot loops use LocalMesh instead.
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace beibu {

// Edge tags. Open boundary k (in Mesh::open_boundary_names) has tag kOpenEdgeBase + k.
enum EdgeTag : int { kInteriorEdge = 0, kLandEdge = 1, kOpenEdgeBase = 2 };

struct Mesh {
  // Nodes: model projection (m) and WGS84.
  std::vector<double> x, y, lon, lat;
  // Faces: 3 node indices each, counter-clockwise in the model projection.
  std::vector<int> tri;
  // Per face attributes.
  std::vector<double> depth;      // m below mean sea level (positive down)
  std::vector<int> jurisdiction;  // index into jurisdiction_codes, -1 if none
  std::vector<int> zone;          // index into zone_ids, -1 if none
  // Water carried for the hydrodynamics only (e.g. a shelf beyond the gulf that holds the
  // tide), whose quality is not assessed: index into not_assessed_names, -1 (or an empty
  // vector) where it is assessed.
  std::vector<int> not_assessed;
  std::vector<std::string> jurisdiction_codes, zone_ids, not_assessed_names, open_boundary_names;
  // Edges (build_edges): nodes, adjacent faces ([1] = -1 on the boundary), tag.
  std::vector<int> edge_node, edge_face, edge_tag;
  // Per face, its three edges: edge k joins nodes k and (k+1)%3.
  std::vector<int> face_edge;

  std::size_t n_nodes() const { return x.size(); }
  std::size_t n_faces() const { return tri.size() / 3; }
  std::size_t n_edges() const { return edge_tag.size(); }
  double face_area(std::size_t f) const;
  void face_centroid(std::size_t f, double& cx, double& cy) const;
  bool assessed(std::size_t f) const { return not_assessed.empty() || not_assessed[f] < 0; }
};

using NodePair = std::pair<int, int>;  // stored with first < second
inline NodePair node_pair(int a, int b) {
  return a < b ? NodePair{a, b} : NodePair{b, a};
}

// Builds edges, edge-face adjacency and face_edge in a deterministic order
// (by face, then local edge). Boundary edges get their tag from `boundary_tags`
// (keyed by node pair) or kLandEdge if absent. Throws Failure if an edge has
// more than two faces (a non-manifold mesh).
void build_edges(Mesh& m, const std::map<NodePair, int>& boundary_tags = {});

// Makes every face counter-clockwise (flipping node order where needed).
void orient_faces(Mesh& m);

}  // namespace beibu
