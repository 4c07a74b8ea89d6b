#include "attributes.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "ingest/projection.hpp"
#include "ingest/raster.hpp"
#include "ingest/vector_layer.hpp"

namespace beibu {

void compute_lonlat(Mesh& m, const Projection& proj) {
  m.lon = m.x;
  m.lat = m.y;
  proj.inverse(m.lon, m.lat);
}

namespace {
// Faces marked -1 (or NaN) take a neighbour's value, sweeping until none is left.
template <class T, class Missing>
void fill_from_neighbours(const Mesh& m, std::vector<T>& v, Missing missing) {
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t f = 0; f < m.n_faces(); ++f) {
      if (!missing(v[f])) continue;
      for (int k = 0; k < 3; ++k) {
        const int e = m.face_edge[3 * f + k];
        const int g = m.edge_face[2 * e] == static_cast<int>(f) ? m.edge_face[2 * e + 1] : m.edge_face[2 * e];
        if (g >= 0 && !missing(v[g])) {
          v[f] = v[g];
          changed = true;
          break;
        }
      }
    }
  }
}
}  // namespace

DepthReport assign_depth(Mesh& m, Raster elevation, const DepthRule& rule,
                         const std::function<double(double, double)>& distance_to_land) {
  DepthReport r;
  elevation.restrict_to(-1e5, -1e-6);  // sea only
  std::vector<double> sea(m.n_faces(), NAN);
  std::size_t with_data = 0;
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    double cx, cy;
    m.face_centroid(f, cx, cy);
    double z = elevation.sample(cx, cy);
    if (std::isnan(z)) z = elevation.nearest(cx, cy, rule.search_cells);
    if (std::isnan(z)) continue;
    ++with_data;
    sea[f] = -z * rule.scale;
  }
  if (with_data == 0) throw InputError(elevation.path(), "", "the raster has no data over the model domain");
  r.filled = m.n_faces() - with_data;
  fill_from_neighbours(m, sea, [](double v) { return std::isnan(v); });
  m.depth.resize(m.n_faces());
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    double cx, cy;
    m.face_centroid(f, cx, cy);
    const double dist = distance_to_land(cx, cy);
    const double taper = rule.coastal_slope * dist;
    double d = sea[f];
    if (taper < d) {
      d = taper;
      ++r.tapered;
    }
    const double shelf = std::min(rule.shelf_slope * dist, rule.shelf_max);
    if (shelf > d && shelf > rule.min_depth) {
      d = shelf;
      ++r.shelved;
    }
    if (d <= rule.min_depth) {
      d = rule.min_depth;
      ++r.clamped;
    }
    bool floored = false;
    for (const auto& fl : rule.floors)
      if (std::hypot(cx - fl.x, cy - fl.y) <= fl.radius && d < fl.min_depth) {
        d = fl.min_depth;
        floored = true;
      }
    r.floored += floored ? 1 : 0;
    m.depth[f] = d;
  }
  r.min = *std::min_element(m.depth.begin(), m.depth.end());
  r.max = *std::max_element(m.depth.begin(), m.depth.end());
  return r;
}

void assign_regions(Mesh& m, const std::string& file, const std::string& property, const Projection& proj,
                    bool fill_gaps, std::vector<int>& out, std::vector<std::string>& table) {
  const VectorData v = read_vector(file, proj);
  if (v.polygons.empty()) throw InputError(file, "", "contains no polygons");
  table.clear();
  std::vector<int> poly_index;
  struct Box {
    double x0, y0, x1, y1;
  };
  std::vector<Box> boxes;
  for (const auto& p : v.polygons) {
    auto it = p.props.find(property);
    if (it == p.props.end() || it->second.empty())
      throw InputError(file, "feature " + std::to_string(p.fid), "has no '" + property + "' property");
    auto t = std::find(table.begin(), table.end(), it->second);
    if (t == table.end()) {
      table.push_back(it->second);
      t = table.end() - 1;
    }
    poly_index.push_back(static_cast<int>(t - table.begin()));
    const auto& r = p.rings[0];
    boxes.push_back({*std::min_element(r.x.begin(), r.x.end()), *std::min_element(r.y.begin(), r.y.end()),
                     *std::max_element(r.x.begin(), r.x.end()), *std::max_element(r.y.begin(), r.y.end())});
  }
  out.assign(m.n_faces(), -1);
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    double cx, cy;
    m.face_centroid(f, cx, cy);
    for (std::size_t k = 0; k < v.polygons.size(); ++k) {
      const Box& b = boxes[k];
      if (cx < b.x0 || cx > b.x1 || cy < b.y0 || cy > b.y1) continue;
      if (contains(v.polygons[k], cx, cy)) {
        out[f] = poly_index[k];
        break;
      }
    }
  }
  if (!fill_gaps) return;
  // Faces just outside every polygon (the mesh boundary is a resampled coast) take a neighbour's value.
  fill_from_neighbours(m, out, [](int v) { return v < 0; });
}

}  // namespace beibu
