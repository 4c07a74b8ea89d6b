#include "ingest/grid_geometry.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace beibu {

double wrap_from(double lon, double ref) {
  double d = std::fmod(lon - ref, 360.0);
  if (d < 0) d += 360.0;
  return ref + d;
}

bool locate_axis(const std::vector<double>& c, double x, long& i0, long& i1, double& w) {
  const std::size_t n = c.size();
  if (n == 1) {
    i0 = i1 = 0;
    w = 0;
    return true;
  }
  const bool asc = c.back() > c.front();
  const double lo = asc ? c.front() : c.back(), hi = asc ? c.back() : c.front();
  const double d_lo = asc ? c[1] - c[0] : c[n - 2] - c[n - 1];
  const double d_hi = asc ? c[n - 1] - c[n - 2] : c[0] - c[1];
  if (x < lo || x > hi) {
    if (x < lo - d_lo || x > hi + d_hi) return false;
    i0 = i1 = (x < lo) == asc ? 0 : static_cast<long>(n) - 1;
    w = 0;
    return true;
  }
  std::size_t k;
  if (asc)
    k = static_cast<std::size_t>(std::upper_bound(c.begin(), c.end(), x) - c.begin());
  else
    k = static_cast<std::size_t>(std::upper_bound(c.begin(), c.end(), x, std::greater<double>()) - c.begin());
  k = std::clamp<std::size_t>(k, 1, n - 1);
  i0 = static_cast<long>(k - 1);
  i1 = static_cast<long>(k);
  w = (x - c[k - 1]) / (c[k] - c[k - 1]);
  return true;
}

bool inverse_bilinear(const double* qx, const double* qy, double x, double y, double& s, double& t) {
  s = 0.5;
  t = 0.5;
  for (int it = 0; it < 20; ++it) {
    const double fx = (1 - s) * (1 - t) * qx[0] + s * (1 - t) * qx[1] + s * t * qx[2] + (1 - s) * t * qx[3] - x;
    const double fy = (1 - s) * (1 - t) * qy[0] + s * (1 - t) * qy[1] + s * t * qy[2] + (1 - s) * t * qy[3] - y;
    const double a = (1 - t) * (qx[1] - qx[0]) + t * (qx[2] - qx[3]);
    const double b = (1 - s) * (qx[3] - qx[0]) + s * (qx[2] - qx[1]);
    const double c = (1 - t) * (qy[1] - qy[0]) + t * (qy[2] - qy[3]);
    const double d = (1 - s) * (qy[3] - qy[0]) + s * (qy[2] - qy[1]);
    const double det = a * d - b * c;
    if (std::abs(det) < 1e-300) return false;
    const double ds = (d * fx - b * fy) / det, dt = (a * fy - c * fx) / det;
    s -= ds;
    t -= dt;
    if (std::abs(ds) + std::abs(dt) < 1e-12) break;
  }
  const double eps = 1e-9;
  return s >= -eps && s <= 1 + eps && t >= -eps && t <= 1 + eps;
}

}  // namespace beibu
