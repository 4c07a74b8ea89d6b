// Locating points in a gridded field and sampling it there (cf_grid.hpp): bilinear
// weights on rectangular and curvilinear grids, the coast-aware fill, linear in time,
// and the cache of frames sampled at a stencil's points.
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "ingest/cf_grid.hpp"
#include "ingest/grid_geometry.hpp"

namespace beibu {

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

bool GriddedField::locate_rect(double lon, double lat, std::array<long, 4>& idx, std::array<double, 4>& w) const {
  long j0, j1, i0, i1;
  double wy, wx;
  if (!locate_axis(lat1_, lat, j0, j1, wy)) return false;
  const double x = wrap_from(lon, lon1_.front());
  if (periodic_ && x > lon1_.back()) {
    // Between the last longitude and the first one (+360).
    i0 = static_cast<long>(nx_) - 1;
    i1 = 0;
    wx = (x - lon1_.back()) / (lon1_.front() + 360.0 - lon1_.back());
  } else {
    // A regional grid: the longitude wrapped to just after the grid's first one,
    // or just before it when that is nearer (half the gap either way).
    double xr = x;
    if (xr > lon1_.back() + 0.5 * (360.0 - (lon1_.back() - lon1_.front()))) xr -= 360.0;
    if (!locate_axis(lon1_, xr, i0, i1, wx)) return false;
  }
  const long nx = static_cast<long>(nx_);
  idx = {j0 * nx + i0, j0 * nx + i1, j1 * nx + i0, j1 * nx + i1};
  w = {(1 - wx) * (1 - wy), wx * (1 - wy), (1 - wx) * wy, wx * wy};
  return true;
}

bool GriddedField::locate_curv(double lon, double lat, std::array<long, 4>& idx, std::array<double, 4>& w) const {
  const double x = wrap_from(lon, lon_ref_);
  const double bx = (x - b_lon0_) / b_d_, by = (lat - b_lat0_) / b_d_;
  if (bx < 0 || by < 0 || bx >= static_cast<double>(b_nx_) || by >= static_cast<double>(b_ny_)) return false;
  for (std::uint32_t c : buckets_[static_cast<std::size_t>(by) * b_nx_ + static_cast<std::size_t>(bx)]) {
    const std::size_t j = c / nx_, i = c % nx_;
    const std::size_t k[4] = {j * nx_ + i, j * nx_ + i + 1, (j + 1) * nx_ + i + 1, (j + 1) * nx_ + i};
    const double qx[4] = {lon2_[k[0]], lon2_[k[1]], lon2_[k[2]], lon2_[k[3]]};
    const double qy[4] = {lat2_[k[0]], lat2_[k[1]], lat2_[k[2]], lat2_[k[3]]};
    double s, t;
    if (!inverse_bilinear(qx, qy, x, lat, s, t)) continue;
    s = std::clamp(s, 0.0, 1.0);
    t = std::clamp(t, 0.0, 1.0);
    idx = {static_cast<long>(k[0]), static_cast<long>(k[1]), static_cast<long>(k[3]), static_cast<long>(k[2])};
    w = {(1 - s) * (1 - t), s * (1 - t), (1 - s) * t, s * t};
    return true;
  }
  return false;
}

Stencil GriddedField::locate(const std::vector<double>& lon, const std::vector<double>& lat) const {
  if (lon.size() != lat.size()) throw Failure("locate: lon and lat differ in length");
  static long next_id = 0;
  Stencil s;
  s.id = ++next_id;
  s.lon = lon;
  s.lat = lat;
  s.idx.resize(lon.size());
  s.w.resize(lon.size());
  for (std::size_t p = 0; p < lon.size(); ++p) {
    const bool ok =
        curvilinear_ ? locate_curv(lon[p], lat[p], s.idx[p], s.w[p]) : locate_rect(lon[p], lat[p], s.idx[p], s.w[p]);
    if (!ok) {
      s.idx[p] = {-1, -1, -1, -1};
      s.w[p] = {0, 0, 0, 0};
    }
  }
  return s;
}

double GriddedField::sample_frame(const std::vector<double>& f, const Stencil& s, std::size_t p) const {
  const auto& idx = s.idx[p];
  if (idx[0] < 0) return kNaN;
  double sum = 0, wsum = 0;
  for (int c = 0; c < 4; ++c) {
    const double v = f[static_cast<std::size_t>(idx[c])];
    if (std::isnan(v) || s.w[p][c] <= 0) continue;
    sum += s.w[p][c] * v;
    wsum += s.w[p][c];
  }
  if (wsum > 1e-12) return sum / wsum;
  // All corners missing (land, or a gap): the nearest valid cell.
  const long k = nearest_index(f, s, p);
  return k < 0 ? kNaN : f[static_cast<std::size_t>(k)];
}

long GriddedField::nearest_index(const std::vector<double>& f, const Stencil& s, std::size_t p) const {
  // The nearest valid cell within the search radius, by distance on the sphere
  // (locally flat), from the corner with the largest weight.
  const auto& idx = s.idx[p];
  if (idx[0] < 0) return -1;
  const int c = static_cast<int>(std::max_element(s.w[p].begin(), s.w[p].end()) - s.w[p].begin());
  const long j0 = idx[c] / static_cast<long>(nx_), i0 = idx[c] % static_cast<long>(nx_);
  const double coslat = std::cos(s.lat[p] * M_PI / 180.0);
  double best = 1e300;
  long found = -1;
  const long r = opt_.max_fill_cells;
  for (long j = j0 - r; j <= j0 + r; ++j) {
    if (j < 0 || j >= static_cast<long>(ny_)) continue;
    for (long ii = i0 - r; ii <= i0 + r; ++ii) {
      long i = ii;
      if (periodic_) i = (i % static_cast<long>(nx_) + static_cast<long>(nx_)) % static_cast<long>(nx_);
      if (i < 0 || i >= static_cast<long>(nx_)) continue;
      const std::size_t at = static_cast<std::size_t>(j) * nx_ + static_cast<std::size_t>(i);
      if (std::isnan(f[at])) continue;
      double dx = lon_at(j, i) - s.lon[p];
      dx = std::remainder(dx, 360.0) * coslat;
      const double dy = lat_at(j, i) - s.lat[p];
      const double d2 = dx * dx + dy * dy;
      if (d2 < best) {
        best = d2;
        found = static_cast<long>(at);
      }
    }
  }
  return found;
}

bool GriddedField::has_valid_corner(const Stencil& s, std::size_t p, std::size_t k) const {
  if (s.idx[p][0] < 0) return false;
  const auto f = frame(k);
  for (int c = 0; c < 4; ++c)
    if (s.w[p][c] > 0 && !std::isnan((*f)[static_cast<std::size_t>(s.idx[p][c])])) return true;
  return false;
}

bool GriddedField::nearest_valid(const Stencil& s, std::size_t p, std::size_t k, double& lon, double& lat) const {
  const long at = nearest_index(*frame(k), s, p);
  if (at < 0) return false;
  lon = lon_at(static_cast<std::size_t>(at) / nx_, static_cast<std::size_t>(at) % nx_);
  lat = lat_at(static_cast<std::size_t>(at) / nx_, static_cast<std::size_t>(at) % nx_);
  return true;
}

void GriddedField::sample(const Stencil& s, double t, std::vector<double>& out) const {
  const std::size_t n = s.idx.size();
  out.assign(n, kNaN);
  TimeBracket b;
  if (!time_.t.empty()) {
    b = bracket(time_, t);
    if (!b.inside) {
      throw InputError(path_, "variable '" + var_ + "'",
                       "time " + format_iso8601(t) + " is outside the data (" + format_iso8601(time_.t.front()) +
                           " to " + format_iso8601(time_.t.back()) + ")");
    }
  }
  const std::vector<double>& va = sampled(s, b.i0, -1);
  if (b.w1 <= 0) {
    out = va;
    return;
  }
  const std::vector<double>& vc = sampled(s, b.i1, static_cast<long>(b.i0));
  for (std::size_t p = 0; p < n; ++p) {
    const double a = va[p], c = vc[p];
    // Where one of the two times is missing, the other stands alone.
    out[p] = std::isnan(a) ? c : std::isnan(c) ? a : (1 - b.w1) * a + b.w1 * c;
  }
}

const std::vector<double>& GriddedField::sampled(const Stencil& s, std::size_t k, long keep) const {
  const long frame_k = static_cast<long>(k);
  for (auto& c : sampled_)
    if (s.id != 0 && c.stencil == s.id && c.frame == frame_k && c.v.size() == s.idx.size()) {
      c.used = ++uses_;
      return c.v;
    }
  // Evict the slot least recently used, never the one holding `keep`.
  std::size_t i = sampled_[0].used <= sampled_[1].used ? 0 : 1;
  if (sampled_[i].stencil == s.id && sampled_[i].frame == keep) i = 1 - i;
  Sampled* slot = &sampled_[i];
  const auto f = frame(k);
  slot->v.resize(s.idx.size());
  for (std::size_t p = 0; p < s.idx.size(); ++p) slot->v[p] = sample_frame(*f, s, p);
  slot->stencil = s.id;
  slot->frame = frame_k;
  slot->used = ++uses_;
  return slot->v;
}

double GriddedField::sample(double lon, double lat, double t) const {
  std::vector<double> out;
  sample(std::vector<double>{lon}, std::vector<double>{lat}, t, out);
  return out[0];
}

}  // namespace beibu
