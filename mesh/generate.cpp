#include "generate.hpp"

#include <gmsh.h>

#include <map>
#include <unordered_map>

#include "core/error.hpp"

namespace beibu {

namespace {
// gmsh keeps global state: initialise and finalise around each use, even on error.
struct GmshSession {
  GmshSession() {
    gmsh::initialize(0, nullptr, false);
    gmsh::option::setNumber("General.Terminal", 0);
    gmsh::option::setNumber("General.Verbosity", 1);
    gmsh::option::setNumber("General.NumThreads", 1);
  }
  ~GmshSession() { gmsh::finalize(); }
};
}  // namespace

Mesh triangulate(const Domain& d, const std::function<double(double, double)>& size, const std::string& msh_path) {
  GmshSession session;
  Mesh m;
  try {
    gmsh::model::add("beibu");
    std::map<int, int> line_tag;  // gmsh curve -> edge tag
    std::vector<int> loops;
    for (const auto& r : d.rings) {
      const std::size_t n = r.x.size();
      std::vector<int> pts(n), lines(n);
      for (std::size_t i = 0; i < n; ++i) pts[i] = gmsh::model::geo::addPoint(r.x[i], r.y[i], 0.0);
      for (std::size_t i = 0; i < n; ++i) {
        lines[i] = gmsh::model::geo::addLine(pts[i], pts[(i + 1) % n]);
        line_tag[lines[i]] = r.tag[i];
      }
      loops.push_back(gmsh::model::geo::addCurveLoop(lines));
    }
    const int surface = gmsh::model::geo::addPlaneSurface(loops);
    gmsh::model::geo::synchronize();

    std::map<int, std::vector<int>> by_tag;
    for (const auto& [line, tag] : line_tag) by_tag[tag].push_back(line);
    for (const auto& [tag, lines] : by_tag) gmsh::model::addPhysicalGroup(1, lines, tag);
    gmsh::model::addPhysicalGroup(2, {surface}, 1);

    gmsh::option::setNumber("Mesh.MeshSizeFromPoints", 0);
    gmsh::option::setNumber("Mesh.MeshSizeExtendFromBoundary", 0);
    gmsh::option::setNumber("Mesh.MeshSizeFromCurvature", 0);
    gmsh::option::setNumber("Mesh.Algorithm", 6);  // Frontal-Delaunay: well-shaped triangles
    gmsh::option::setNumber("Mesh.Smoothing", 5);
    gmsh::option::setNumber("Mesh.MshFileVersion", 4.1);
    gmsh::model::mesh::setSizeCallback([&](int, int, double x, double y, double) { return size(x, y); });
    gmsh::model::mesh::generate(2);

    std::vector<std::size_t> node_tags;
    std::vector<double> coord, param;
    gmsh::model::mesh::getNodes(node_tags, coord, param, -1, -1, true, false);
    std::unordered_map<std::size_t, int> index;
    std::vector<std::size_t> etags, tri_nodes;
    gmsh::model::mesh::getElementsByType(2, etags, tri_nodes);
    if (tri_nodes.empty()) throw Failure("gmsh produced no triangles");
    std::unordered_map<std::size_t, std::size_t> pos;
    for (std::size_t i = 0; i < node_tags.size(); ++i) pos[node_tags[i]] = i;
    auto node = [&](std::size_t t) {
      auto [it, inserted] = index.emplace(t, static_cast<int>(m.x.size()));
      if (inserted) {
        const std::size_t p = pos.at(t);
        m.x.push_back(coord[3 * p]);
        m.y.push_back(coord[3 * p + 1]);
      }
      return it->second;
    };
    for (std::size_t t : tri_nodes) m.tri.push_back(node(t));

    std::map<NodePair, int> boundary;
    for (const auto& [line, tag] : line_tag) {
      std::vector<std::size_t> le, ln;
      gmsh::model::mesh::getElementsByType(1, le, ln, line);
      for (std::size_t k = 0; k + 1 < ln.size(); k += 2) boundary[node_pair(node(ln[k]), node(ln[k + 1]))] = tag;
    }
    if (!msh_path.empty()) gmsh::write(msh_path);
    orient_faces(m);
    build_edges(m, boundary);
    // Every boundary edge must come from a tagged ring segment.
    for (std::size_t e = 0; e < m.n_edges(); ++e)
      if (m.edge_face[2 * e + 1] < 0 && !boundary.count(node_pair(m.edge_node[2 * e], m.edge_node[2 * e + 1])))
        throw Failure("gmsh produced a boundary edge that is not on the domain boundary");
  } catch (const Failure&) {
    throw;
  } catch (const std::exception& e) {
    throw Failure(std::string("gmsh failed: ") + e.what());
  }
  m.open_boundary_names = d.open_names;
  return m;
}

}  // namespace beibu
