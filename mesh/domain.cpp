#include "domain.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/error.hpp"
#include "ingest/projection.hpp"
#include "ingest/vector_layer.hpp"
#include "mesh.hpp"

namespace beibu {

double BoundaryRing::area() const {
  const std::size_t n = x.size();
  double a = 0;
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) a += x[j] * y[i] - x[i] * y[j];
  return 0.5 * a;
}

double Domain::area() const {
  double a = 0;
  for (const auto& r : rings) a += r.area();
  return a;
}

namespace {

double dist_point_segment(double px, double py, double ax, double ay, double bx, double by) {
  const double dx = bx - ax, dy = by - ay, L2 = dx * dx + dy * dy;
  double t = L2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / L2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(px - ax - t * dx, py - ay - t * dy);
}

double dist_point_line(double px, double py, const LineFeature& l) {
  double d = INFINITY;
  for (std::size_t i = 0; i + 1 < l.x.size(); ++i)
    d = std::min(d, dist_point_segment(px, py, l.x[i], l.y[i], l.x[i + 1], l.y[i + 1]));
  return d;
}

void reverse_ring(BoundaryRing& r) {
  // Segment i (i -> i+1) becomes segment n-2-i after reversing vertices; rotate to keep tags aligned.
  std::reverse(r.x.begin(), r.x.end());
  std::reverse(r.y.begin(), r.y.end());
  std::reverse(r.tag.begin(), r.tag.end());
  std::rotate(r.tag.begin(), r.tag.begin() + 1, r.tag.end());
}

}  // namespace

Domain load_domain(const std::string& polygon_file, const std::string& open_file, const Projection& proj) {
  const VectorData poly = read_vector(polygon_file, proj);
  if (poly.polygons.size() != 1)
    throw InputError(polygon_file, "",
                     "expected exactly one water polygon, found " + std::to_string(poly.polygons.size()) +
                         (poly.polygons.empty() ? " (points or lines only?)" : ""));
  const VectorData open = read_vector(open_file, proj);
  if (open.lines.empty()) throw InputError(open_file, "", "contains no open-boundary lines");

  Domain d;
  for (const auto& l : open.lines) {
    auto it = l.props.find("name");
    if (it == l.props.end() || it->second.empty())
      throw InputError(open_file, "feature " + std::to_string(l.fid), "open boundary has no 'name' property");
    d.open_names.push_back(it->second);
  }
  const double tol = 1.0;  // metres: both files come from the same coordinates
  std::vector<int> matched(open.lines.size(), 0);
  for (const Ring& r : poly.polygons[0].rings) {
    BoundaryRing br;
    br.x = r.x;
    br.y = r.y;
    const std::size_t n = br.x.size();
    br.tag.assign(n, kLandEdge);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t j = (i + 1) % n;
      for (std::size_t k = 0; k < open.lines.size(); ++k)
        if (dist_point_line(br.x[i], br.y[i], open.lines[k]) < tol &&
            dist_point_line(br.x[j], br.y[j], open.lines[k]) < tol) {
          br.tag[i] = kOpenEdgeBase + static_cast<int>(k);
          matched[k] = 1;
        }
    }
    d.rings.push_back(std::move(br));
  }
  for (std::size_t k = 0; k < open.lines.size(); ++k)
    if (!matched[k])
      throw InputError(open_file, "open boundary '" + d.open_names[k] + "'",
                       "does not coincide with any edge of the domain polygon in " + polygon_file);
  // Outer ring counter-clockwise, islands clockwise: water is always on the left.
  for (std::size_t i = 0; i < d.rings.size(); ++i)
    if ((i == 0) != (d.rings[i].area() > 0)) reverse_ring(d.rings[i]);
  return d;
}

namespace {

struct Chain {
  std::vector<double> x, y;
  int tag;
};

// Points along a chain at equal increments of the integral of 1/size; keeps both ends.
// Returns the chain's length in units of the local size.
double resample_chain(const Chain& c, const std::function<double(double, double)>& size, bool closed,
                      std::vector<double>& ox, std::vector<double>& oy) {
  // Fine sampling: at most a quarter of the local size.
  std::vector<double> sx{c.x[0]}, sy{c.y[0]}, F{0.0};
  for (std::size_t i = 0; i + 1 < c.x.size(); ++i) {
    const double dx = c.x[i + 1] - c.x[i], dy = c.y[i + 1] - c.y[i], L = std::hypot(dx, dy);
    if (L == 0) continue;
    const double h = size(c.x[i], c.y[i]);
    const int n = std::max(1, static_cast<int>(std::ceil(4 * L / h)));
    for (int k = 1; k <= n; ++k) {
      const double px = c.x[i] + dx * k / n, py = c.y[i] + dy * k / n;
      const double h1 = size(sx.back(), sy.back()), h2 = size(px, py);
      F.push_back(F.back() + (L / n) * 0.5 * (1 / h1 + 1 / h2));
      sx.push_back(px);
      sy.push_back(py);
    }
  }
  const int n = std::max(closed ? 3 : 1, static_cast<int>(std::lround(F.back())));
  ox.push_back(c.x.front());
  oy.push_back(c.y.front());
  std::size_t k = 0;
  for (int j = 1; j < n; ++j) {
    const double target = F.back() * j / n;
    while (k + 1 < F.size() && F[k + 1] < target) ++k;
    const double t = (target - F[k]) / (F[k + 1] - F[k]);
    ox.push_back(sx[k] + t * (sx[k + 1] - sx[k]));
    oy.push_back(sy[k] + t * (sy[k + 1] - sy[k]));
  }
  return F.back();
}

double water_angle(const BoundaryRing& r, std::size_t i) {
  const std::size_t n = r.x.size(), p = (i + n - 1) % n, q = (i + 1) % n;
  const double ax = r.x[i] - r.x[p], ay = r.y[i] - r.y[p], bx = r.x[q] - r.x[i], by = r.y[q] - r.y[i];
  const double turn = std::atan2(ax * by - ay * bx, ax * bx + ay * by);  // left turn positive
  return M_PI - turn;                                                    // water lies on the left
}

// An island whose shore comes closer to another shore than half the local
// element size would be joined to it by a channel narrower than one element,
// which only slivers can fill: such islands are removed (they become water).
void drop_islands_near_other_shores(Domain& d, const std::function<double(double, double)>& size, ResampleReport& rep) {
  struct Box {
    double x0, y0, x1, y1;
  };
  auto box_of = [](const BoundaryRing& r) {
    return Box{*std::min_element(r.x.begin(), r.x.end()), *std::min_element(r.y.begin(), r.y.end()),
               *std::max_element(r.x.begin(), r.x.end()), *std::max_element(r.y.begin(), r.y.end())};
  };
  std::vector<char> keep(d.rings.size(), 1);
  for (std::size_t a = 1; a < d.rings.size(); ++a) {
    const BoundaryRing& A = d.rings[a];
    const Box ba = box_of(A);
    double reach = 0;
    for (std::size_t i = 0; i < A.x.size(); ++i) reach = std::max(reach, 0.5 * size(A.x[i], A.y[i]));
    for (std::size_t b = 0; b < d.rings.size() && keep[a]; ++b) {
      if (b == a || !keep[b]) continue;
      const BoundaryRing& B = d.rings[b];
      const Box bb = box_of(B);
      if (ba.x0 - reach > bb.x1 || bb.x0 - reach > ba.x1 || ba.y0 - reach > bb.y1 || bb.y0 - reach > ba.y1) continue;
      const std::size_t n = B.x.size();
      for (std::size_t i = 0; i < A.x.size() && keep[a]; ++i) {
        const double h2 = 0.5 * size(A.x[i], A.y[i]);
        for (std::size_t j = 0; j < n; ++j)
          if (dist_point_segment(A.x[i], A.y[i], B.x[j], B.y[j], B.x[(j + 1) % n], B.y[(j + 1) % n]) < h2) {
            keep[a] = 0;
            break;
          }
      }
    }
  }
  std::vector<BoundaryRing> rings;
  for (std::size_t r = 0; r < d.rings.size(); ++r) {
    if (keep[r])
      rings.push_back(std::move(d.rings[r]));
    else
      ++rep.islands_dropped;
  }
  d.rings = std::move(rings);
}

}  // namespace

Domain resample_domain(const Domain& d, const std::function<double(double, double)>& size, double min_angle_deg,
                       double min_island_area, ResampleReport* report) {
  Domain out;
  out.open_names = d.open_names;
  ResampleReport rep;
  for (std::size_t ri = 0; ri < d.rings.size(); ++ri) {
    const BoundaryRing& r = d.rings[ri];
    const std::size_t n = r.x.size();
    std::vector<std::size_t> corners;
    for (std::size_t i = 0; i < n; ++i)
      if (r.tag[i] != r.tag[(i + n - 1) % n]) corners.push_back(i);
    BoundaryRing nr;
    std::vector<char> is_corner;
    double sizes_around = 0;  // perimeter in units of the local size
    auto add_chain = [&](std::size_t start, std::size_t len, bool closed) {
      Chain c;
      c.tag = r.tag[start];
      for (std::size_t k = 0; k <= len; ++k) {
        c.x.push_back(r.x[(start + k) % n]);
        c.y.push_back(r.y[(start + k) % n]);
      }
      std::vector<double> ox, oy;
      sizes_around += resample_chain(c, size, closed, ox, oy);
      for (std::size_t k = 0; k < ox.size(); ++k) {
        nr.x.push_back(ox[k]);
        nr.y.push_back(oy[k]);
        nr.tag.push_back(c.tag);
        is_corner.push_back(k == 0 && !closed);
      }
    };
    if (corners.empty()) {
      add_chain(0, n, true);
    } else {
      for (std::size_t c = 0; c < corners.size(); ++c) {
        const std::size_t a = corners[c], b = corners[(c + 1) % corners.size()];
        add_chain(a, (b + n - a) % n == 0 ? n : (b + n - a) % n, false);
      }
    }
    // Cut sharp water-side tips and merge segments much shorter than the local
    // size (cutting a narrow tip leaves a short chord), never moving a corner,
    // until neither is left. Either would force a sliver triangle.
    const double min_angle = min_angle_deg * M_PI / 180.0;
    auto remove = [&](std::size_t i) {
      // Segments i-1 -> i and i -> i+1 merge; away from corners they share a tag.
      nr.x.erase(nr.x.begin() + i);
      nr.y.erase(nr.y.begin() + i);
      nr.tag.erase(nr.tag.begin() + i);
      is_corner.erase(is_corner.begin() + i);
    };
    bool changed = true;
    while (changed && nr.x.size() > 3) {
      changed = false;
      for (std::size_t i = 0; i < nr.x.size() && nr.x.size() > 3; ++i) {
        if (!is_corner[i] && water_angle(nr, i) < min_angle) {
          remove(i);
          ++rep.tips_cut;
          changed = true;
          continue;
        }
        const std::size_t j = (i + 1) % nr.x.size();
        const double L = std::hypot(nr.x[j] - nr.x[i], nr.y[j] - nr.y[i]);
        if (L < 0.5 * size(0.5 * (nr.x[i] + nr.x[j]), 0.5 * (nr.y[i] + nr.y[j])) && !(is_corner[i] && is_corner[j])) {
          remove(is_corner[j] ? i : j);
          ++rep.short_merged;
          changed = true;
        }
      }
    }
    // An island less than about three elements around cannot be meshed without
    // slivers: it is below the resolution and becomes water.
    if (ri > 0 && (sizes_around < 2.5 || nr.x.size() < 3 || std::fabs(nr.area()) < min_island_area)) {
      ++rep.islands_dropped;
      continue;
    }
    if (ri == 0 && nr.x.size() < 3) throw Failure("the outer boundary vanished when resampled");
    out.rings.push_back(std::move(nr));
  }
  drop_islands_near_other_shores(out, size, rep);
  if (report) *report = rep;
  return out;
}

std::vector<NarrowSpot> narrow_spots(const Domain& d, const std::function<double(double, double)>& size, double ratio) {
  // Segments in buckets of `cell`, each bucket listing every segment whose box
  // (grown by the largest search reach) touches it.
  struct Seg {
    double ax, ay, bx, by;
    std::size_t ring, idx;
  };
  std::vector<Seg> segs;
  double reach = 0;
  for (std::size_t r = 0; r < d.rings.size(); ++r) {
    const auto& R = d.rings[r];
    for (std::size_t i = 0; i < R.x.size(); ++i) {
      const std::size_t j = (i + 1) % R.x.size();
      segs.push_back({R.x[i], R.y[i], R.x[j], R.y[j], r, i});
      reach = std::max(reach, ratio * size(R.x[i], R.y[i]));
    }
  }
  const double cell = std::max(2 * reach, 1.0);
  std::unordered_map<long long, std::vector<int>> grid;
  // Shift as unsigned: left-shifting a negative cell index is undefined behaviour.
  auto key = [](long i, long j) {
    return static_cast<long long>((static_cast<unsigned long long>(i) << 32) ^
                                  (static_cast<unsigned long long>(j) & 0xffffffffULL));
  };
  for (std::size_t s = 0; s < segs.size(); ++s) {
    const Seg& g = segs[s];
    const long i0 = static_cast<long>(std::floor((std::min(g.ax, g.bx) - reach) / cell));
    const long i1 = static_cast<long>(std::floor((std::max(g.ax, g.bx) + reach) / cell));
    const long j0 = static_cast<long>(std::floor((std::min(g.ay, g.by) - reach) / cell));
    const long j1 = static_cast<long>(std::floor((std::max(g.ay, g.by) + reach) / cell));
    for (long i = i0; i <= i1; ++i)
      for (long j = j0; j <= j1; ++j) grid[key(i, j)].push_back(static_cast<int>(s));
  }
  std::vector<NarrowSpot> out;
  for (std::size_t r = 0; r < d.rings.size(); ++r) {
    const auto& R = d.rings[r];
    const std::size_t n = R.x.size();
    for (std::size_t i = 0; i < n; ++i) {
      const double lim = ratio * size(R.x[i], R.y[i]);
      auto it =
          grid.find(key(static_cast<long>(std::floor(R.x[i] / cell)), static_cast<long>(std::floor(R.y[i] / cell))));
      if (it == grid.end()) continue;
      double gap = INFINITY;
      for (int s : it->second) {
        const Seg& g = segs[s];
        if (g.ring == r && (g.idx == i || (g.idx + 1) % n == i)) continue;  // the vertex's own segments
        gap = std::min(gap, dist_point_segment(R.x[i], R.y[i], g.ax, g.ay, g.bx, g.by));
      }
      if (gap < lim) out.push_back({R.x[i], R.y[i], gap});
    }
  }
  return out;
}

bool boundary_is_simple(const Domain& d, double& xo, double& yo) {
  struct Seg {
    double ax, ay, bx, by;
    int ring, idx, n;
  };
  std::vector<Seg> segs;
  double maxlen = 0;
  for (std::size_t r = 0; r < d.rings.size(); ++r) {
    const auto& R = d.rings[r];
    const int n = static_cast<int>(R.x.size());
    for (int i = 0; i < n; ++i) {
      const int j = (i + 1) % n;
      segs.push_back({R.x[i], R.y[i], R.x[j], R.y[j], static_cast<int>(r), i, n});
      maxlen = std::max(maxlen, std::hypot(R.x[j] - R.x[i], R.y[j] - R.y[i]));
    }
  }
  const double cell = std::max(maxlen, 1.0);
  std::unordered_map<long long, std::vector<int>> grid;
  // Shift as unsigned: left-shifting a negative cell index is undefined behaviour.
  auto key = [](long i, long j) {
    return static_cast<long long>((static_cast<unsigned long long>(i) << 32) ^
                                  (static_cast<unsigned long long>(j) & 0xffffffffULL));
  };
  for (std::size_t s = 0; s < segs.size(); ++s) {
    const double cx = 0.5 * (segs[s].ax + segs[s].bx), cy = 0.5 * (segs[s].ay + segs[s].by);
    grid[key(static_cast<long>(std::floor(cx / cell)), static_cast<long>(std::floor(cy / cell)))].push_back(
        static_cast<int>(s));
  }
  auto orient = [](double ax, double ay, double bx, double by, double cx, double cy) {
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  };
  for (std::size_t s = 0; s < segs.size(); ++s) {
    const Seg& A = segs[s];
    const double cx = 0.5 * (A.ax + A.bx), cy = 0.5 * (A.ay + A.by);
    const long gi = static_cast<long>(std::floor(cx / cell)), gj = static_cast<long>(std::floor(cy / cell));
    for (long i = gi - 1; i <= gi + 1; ++i)
      for (long j = gj - 1; j <= gj + 1; ++j) {
        auto it = grid.find(key(i, j));
        if (it == grid.end()) continue;
        for (int t : it->second) {
          if (t <= static_cast<int>(s)) continue;
          const Seg& B = segs[t];
          if (A.ring == B.ring && (std::abs(A.idx - B.idx) == 1 || std::abs(A.idx - B.idx) == A.n - 1)) continue;
          const double o1 = orient(A.ax, A.ay, A.bx, A.by, B.ax, B.ay), o2 = orient(A.ax, A.ay, A.bx, A.by, B.bx, B.by);
          const double o3 = orient(B.ax, B.ay, B.bx, B.by, A.ax, A.ay), o4 = orient(B.ax, B.ay, B.bx, B.by, A.bx, A.by);
          if ((o1 > 0) != (o2 > 0) && (o3 > 0) != (o4 > 0)) {
            xo = cx;
            yo = cy;
            return false;
          }
        }
      }
  }
  return true;
}

}  // namespace beibu
