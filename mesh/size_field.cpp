#include "size_field.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace beibu {

double target_size(const SizeParams& p, double x, double y, double d) {
  double h = std::min(p.max, p.coast + p.grade * d);
  for (const auto& r : p.regions) {
    const double out = std::max(0.0, std::hypot(x - r.x, y - r.y) - r.radius);
    h = std::min(h, r.size + p.grade * out);
  }
  return h;
}

void distance_transform_1d(const std::vector<double>& f, std::vector<double>& out) {
  const int n = static_cast<int>(f.size());
  out.assign(n, 0.0);
  std::vector<int> v(n);
  std::vector<double> z(n + 1);
  const double inf = std::numeric_limits<double>::infinity();
  int k = -1;
  for (int q = 0; q < n; ++q) {
    if (f[q] == inf) continue;  // no parabola from an empty sample
    double s = -inf;
    while (k >= 0) {
      s = ((f[q] + double(q) * q) - (f[v[k]] + double(v[k]) * v[k])) / (2.0 * q - 2.0 * v[k]);
      if (s > z[k]) break;
      --k;
    }
    ++k;
    v[k] = q;
    z[k] = k == 0 ? -inf : s;
    z[k + 1] = inf;
  }
  if (k < 0) {
    std::fill(out.begin(), out.end(), inf);
    return;
  }
  int j = 0;
  for (int q = 0; q < n; ++q) {
    while (z[j + 1] < q) ++j;
    out[q] = double(q - v[j]) * (q - v[j]) + f[v[j]];
  }
}

DistanceGrid::DistanceGrid(const std::vector<std::vector<double>>& xs, const std::vector<std::vector<double>>& ys,
                           double x0, double y0, double x1, double y1, double spacing)
    : h_(spacing) {
  const double margin = 4 * spacing;
  x0_ = x0 - margin;
  y0_ = y0 - margin;
  nx_ = static_cast<int>(std::ceil((x1 + margin - x0_) / h_)) + 1;
  ny_ = static_cast<int>(std::ceil((y1 + margin - y0_) / h_)) + 1;
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> f(static_cast<std::size_t>(nx_) * ny_, inf);
  auto seed = [&](double x, double y) {
    const int i = static_cast<int>(std::lround((x - x0_) / h_)), j = static_cast<int>(std::lround((y - y0_) / h_));
    if (i >= 0 && i < nx_ && j >= 0 && j < ny_) f[static_cast<std::size_t>(j) * nx_ + i] = 0.0;
  };
  for (std::size_t l = 0; l < xs.size(); ++l)
    for (std::size_t i = 0; i + 1 < xs[l].size(); ++i) {
      const double L = std::hypot(xs[l][i + 1] - xs[l][i], ys[l][i + 1] - ys[l][i]);
      const int n = std::max(1, static_cast<int>(std::ceil(2 * L / h_)));
      for (int k = 0; k <= n; ++k)
        seed(xs[l][i] + (xs[l][i + 1] - xs[l][i]) * k / n, ys[l][i] + (ys[l][i + 1] - ys[l][i]) * k / n);
    }
  // Separable transform: columns, then rows; squared distances in grid units.
  std::vector<double> line, out;
  for (int i = 0; i < nx_; ++i) {
    line.resize(ny_);
    for (int j = 0; j < ny_; ++j) line[j] = f[static_cast<std::size_t>(j) * nx_ + i];
    distance_transform_1d(line, out);
    for (int j = 0; j < ny_; ++j) f[static_cast<std::size_t>(j) * nx_ + i] = out[j];
  }
  d_.resize(f.size());
  for (int j = 0; j < ny_; ++j) {
    line.assign(f.begin() + static_cast<std::size_t>(j) * nx_, f.begin() + static_cast<std::size_t>(j + 1) * nx_);
    distance_transform_1d(line, out);
    for (int i = 0; i < nx_; ++i)
      d_[static_cast<std::size_t>(j) * nx_ + i] = static_cast<float>(std::sqrt(out[i]) * h_);
  }
}

void DistanceGrid::set_size(const SizeParams& p) {
  h_field_.resize(d_.size());
  for (int j = 0; j < ny_; ++j)
    for (int i = 0; i < nx_; ++i) {
      const std::size_t k = static_cast<std::size_t>(j) * nx_ + i;
      h_field_[k] = static_cast<float>(target_size(p, x0_ + i * h_, y0_ + j * h_, d_[k]));
      hmax_ = std::max(hmax_, h_field_[k]);
    }
}

void DistanceGrid::limit_size(double x, double y, double size, double grade) {
  const double reach = std::max(0.0, (hmax_ - size) / grade);
  const int i0 = std::max(0, static_cast<int>(std::floor((x - reach - x0_) / h_)));
  const int i1 = std::min(nx_ - 1, static_cast<int>(std::ceil((x + reach - x0_) / h_)));
  const int j0 = std::max(0, static_cast<int>(std::floor((y - reach - y0_) / h_)));
  const int j1 = std::min(ny_ - 1, static_cast<int>(std::ceil((y + reach - y0_) / h_)));
  for (int j = j0; j <= j1; ++j)
    for (int i = i0; i <= i1; ++i) {
      const std::size_t k = static_cast<std::size_t>(j) * nx_ + i;
      const double v = size + grade * std::hypot(x0_ + i * h_ - x, y0_ + j * h_ - y);
      if (v < h_field_[k]) h_field_[k] = static_cast<float>(v);
    }
}

double DistanceGrid::interpolate(const std::vector<float>& v, double x, double y) const {
  const double fx = std::clamp((x - x0_) / h_, 0.0, nx_ - 1.000001);
  const double fy = std::clamp((y - y0_) / h_, 0.0, ny_ - 1.000001);
  const int i = static_cast<int>(fx), j = static_cast<int>(fy);
  const double tx = fx - i, ty = fy - j;
  const float* r0 = &v[static_cast<std::size_t>(j) * nx_ + i];
  const float* r1 = r0 + nx_;
  return (1 - ty) * ((1 - tx) * r0[0] + tx * r0[1]) + ty * ((1 - tx) * r1[0] + tx * r1[1]);
}

}  // namespace beibu
