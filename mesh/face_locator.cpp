#include "face_locator.hpp"

#include <algorithm>
#include <cmath>

namespace beibu {

FaceLocator::FaceLocator(const Mesh& m) : m_(m) {
  if (m.n_faces() == 0) return;
  const auto [xmin, xmax] = std::minmax_element(m.x.begin(), m.x.end());
  const auto [ymin, ymax] = std::minmax_element(m.y.begin(), m.y.end());
  x0_ = *xmin;
  y0_ = *ymin;
  // About two faces per bucket on average.
  const double area = std::max((*xmax - x0_) * (*ymax - y0_), 1.0);
  cell_ = std::sqrt(2.0 * area / static_cast<double>(m.n_faces()));
  nx_ = static_cast<long>((*xmax - x0_) / cell_) + 1;
  ny_ = static_cast<long>((*ymax - y0_) / cell_) + 1;
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    double bx0 = INFINITY, by0 = INFINITY, bx1 = -INFINITY, by1 = -INFINITY;
    for (int k = 0; k < 3; ++k) {
      const int n = m.tri[3 * f + k];
      bx0 = std::min(bx0, m.x[n]);
      bx1 = std::max(bx1, m.x[n]);
      by0 = std::min(by0, m.y[n]);
      by1 = std::max(by1, m.y[n]);
    }
    for (long j = static_cast<long>((by0 - y0_) / cell_); j <= static_cast<long>((by1 - y0_) / cell_); ++j)
      for (long i = static_cast<long>((bx0 - x0_) / cell_); i <= static_cast<long>((bx1 - x0_) / cell_); ++i)
        buckets_[j * nx_ + i].push_back(static_cast<int>(f));
  }
}

long FaceLocator::find(double x, double y) const {
  if (x < x0_ || y < y0_) return -1;
  const long i = static_cast<long>((x - x0_) / cell_), j = static_cast<long>((y - y0_) / cell_);
  if (i >= nx_ || j >= ny_) return -1;
  auto it = buckets_.find(j * nx_ + i);
  if (it == buckets_.end()) return -1;
  for (int f : it->second) {
    const int a = m_.tri[3 * f], b = m_.tri[3 * f + 1], c = m_.tri[3 * f + 2];
    auto side = [&](int p, int q) { return (m_.x[q] - m_.x[p]) * (y - m_.y[p]) - (m_.y[q] - m_.y[p]) * (x - m_.x[p]); };
    // Faces are counter-clockwise: inside means on the left of (or on) every edge.
    if (side(a, b) >= 0 && side(b, c) >= 0 && side(c, a) >= 0) return f;
  }
  return -1;
}

long FaceLocator::find_or_nearest(double x, double y, double max_dist) const {
  const long f = find(x, y);
  if (f >= 0) return f;
  long best = -1;
  double bd = max_dist;
  for (std::size_t g = 0; g < m_.n_faces(); ++g) {
    double cx, cy;
    m_.face_centroid(g, cx, cy);
    const double d = std::hypot(cx - x, cy - y);
    if (d <= bd) {
      bd = d;
      best = static_cast<long>(g);
    }
  }
  return best;
}

}  // namespace beibu
