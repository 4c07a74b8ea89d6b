#pragma once
// The mean of a profile over the local water column: a product's values at its
// depth levels, averaged from the surface to the local depth h,
//
//   c̄ = (1/h) ∫_0^h c(z) dz,
//
// where c(z) is linear between the levels that have a value, equal to the shallowest
// one's above it and to the deepest one's below it (an atlas's grid column is often
// shallower than the model's water: its last value holds to the bottom). Exact for
// that piecewise-linear profile (the trapezoid rule on each piece).
#include <cmath>
#include <cstddef>
#include <limits>

namespace beibu {

// `depth[l]` (m, positive down, increasing) and `value[l]` for n levels, NaN where a
// level has no value; `h` the local depth (m). h <= 0 (a cell above the datum)
// gives the surface value. NaN when no level has a value.
inline double column_mean(const double* depth, const double* value, std::size_t n, double h) {
  double z_prev = 0, c_prev = std::numeric_limits<double>::quiet_NaN();
  double integral = 0;
  for (std::size_t l = 0; l < n; ++l) {
    if (std::isnan(value[l])) continue;
    const double z = depth[l], c = value[l];
    if (std::isnan(c_prev)) {  // the shallowest value holds from the surface down to its level
      if (h <= z) return c;
      integral = c * (z > 0 ? z : 0);
    } else if (h <= z) {  // the column ends between the previous level and this one
      const double c_h = c_prev + (c - c_prev) * (h - z_prev) / (z - z_prev);
      return (integral + 0.5 * (c_prev + c_h) * (h - z_prev)) / h;
    } else {
      integral += 0.5 * (c_prev + c) * (z - z_prev);
    }
    z_prev = z > 0 ? z : 0;
    c_prev = c;
  }
  if (std::isnan(c_prev)) return c_prev;
  return (integral + c_prev * (h - z_prev)) / h;  // the deepest value holds to the bottom
}

}  // namespace beibu
