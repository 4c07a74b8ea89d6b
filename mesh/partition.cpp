#include "partition.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace beibu {

int step_band(double area, double perimeter, double depth) {
  const double key = perimeter > 0 ? area / perimeter * std::sqrt(std::max(depth, 1.0)) : 0.0;
  return key > 0 ? static_cast<int>(std::floor(std::log2(key))) : 0;
}

int face_step_band(const Mesh& m, std::size_t f) {
  double perimeter = 0;
  for (int k = 0; k < 3; ++k) {
    const int a = m.tri[3 * f + k], b = m.tri[3 * f + (k + 1) % 3];
    perimeter += std::hypot(m.x[b] - m.x[a], m.y[b] - m.y[a]);
  }
  return step_band(m.face_area(f), perimeter, m.depth.empty() ? 0.0 : m.depth[f]);
}

std::uint64_t hilbert_index(std::uint32_t x, std::uint32_t y, int bits) {
  std::uint64_t d = 0;
  for (std::uint32_t s = 1u << (bits - 1); s > 0; s >>= 1) {
    const std::uint32_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;
    d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
    if (ry == 0) {  // rotate the quadrant so the curve stays continuous
      if (rx == 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      std::swap(x, y);
    }
  }
  return d;
}

std::vector<int> level_balanced_partition(const Mesh& m, int size) {
  const std::size_t nf = m.n_faces();
  std::vector<int> owner(nf, 0);
  if (size <= 1 || nf == 0) return owner;
  std::vector<double> cx(nf), cy(nf);
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
  for (std::size_t f = 0; f < nf; ++f) {
    m.face_centroid(f, cx[f], cy[f]);
    x0 = std::min(x0, cx[f]);
    x1 = std::max(x1, cx[f]);
    y0 = std::min(y0, cy[f]);
    y1 = std::max(y1, cy[f]);
  }
  constexpr int kBits = 16;
  const double span = std::max({x1 - x0, y1 - y0, 1e-300}), cells = (1u << kBits) - 1;
  std::vector<std::uint64_t> h(nf);
  std::vector<int> band(nf);
  for (std::size_t f = 0; f < nf; ++f) {
    h[f] = hilbert_index(static_cast<std::uint32_t>((cx[f] - x0) / span * cells),
                         static_cast<std::uint32_t>((cy[f] - y0) / span * cells), kBits);
    band[f] = face_step_band(m, f);
  }
  std::vector<int> order(nf);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    if (band[a] != band[b]) return band[a] < band[b];
    return h[a] != h[b] ? h[a] < h[b] : a < b;
  });
  for (std::size_t i = 0; i < nf;) {
    std::size_t j = i;
    while (j < nf && band[order[j]] == band[order[i]]) ++j;
    const std::size_t n = j - i;
    for (std::size_t k = 0; k < n; ++k) owner[order[i + k]] = static_cast<int>(k * size / n);
    i = j;
  }
  return owner;
}

}  // namespace beibu
