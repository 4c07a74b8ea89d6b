#include "cf_grid.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"
#include "ingest/nc_util.hpp"
#include "ingest/nc_var.hpp"
#include "ingest/text_util.hpp"

namespace beibu {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

bool is_lon_units(const std::string& u) {
  const std::string l = lower(u);
  return l == "degrees_east" || l == "degree_east" || l == "degree_e" || l == "degrees_e" || l == "degreee" ||
         l == "degreese";
}
bool is_lat_units(const std::string& u) {
  const std::string l = lower(u);
  return l == "degrees_north" || l == "degree_north" || l == "degree_n" || l == "degrees_n" || l == "degreen" ||
         l == "degreesn";
}

// What a coordinate variable is: X (longitude), Y (latitude), Z, T or '?'.
char classify(const NcFile& nc, const std::string& v) {
  const std::string axis = lower(text_att(nc, v, "axis"));
  const std::string sn = lower(text_att(nc, v, "standard_name"));
  const std::string units = text_att(nc, v, "units");
  if (sn == "longitude" || is_lon_units(units)) return 'X';
  if (sn == "latitude" || is_lat_units(units)) return 'Y';
  if (sn == "time" || lower(units).find(" since ") != std::string::npos) return 'T';
  if (sn == "depth" || sn == "height" || sn == "altitude" || sn == "air_pressure" || sn.rfind("ocean_", 0) == 0 ||
      !text_att(nc, v, "positive").empty())
    return 'Z';
  if (axis == "x" || axis == "y" || axis == "z" || axis == "t") return static_cast<char>(std::toupper(axis[0]));
  return '?';
}

// Longitude brought into [ref, ref + 360).
double wrap_from(double lon, double ref) {
  double d = std::fmod(lon - ref, 360.0);
  if (d < 0) d += 360.0;
  return ref + d;
}

// Position of x on a monotonic axis: cells [i0, i1] and weight of i1.
// Points up to one spacing beyond an end are clamped to it (boundary points
// just outside a regional grid); further out is "outside".
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

void check_monotonic(const std::vector<double>& c, const std::string& path, const std::string& var) {
  if (c.size() < 2) return;
  const bool asc = c[1] > c[0];
  for (std::size_t k = 1; k < c.size(); ++k) {
    if (!std::isfinite(c[k]) || (asc ? c[k] <= c[k - 1] : c[k] >= c[k - 1])) {
      std::ostringstream os;
      os << "coordinate is not strictly monotonic at index " << k << " (" << c[k - 1] << ", " << c[k] << ")";
      throw InputError(path, "variable '" + var + "'", os.str());
    }
  }
}

// Inverse bilinear map of (x, y) in the quad p0 (0,0), p1 (1,0), p2 (1,1), p3 (0,1): Newton on (s, t).
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

}  // namespace

void GriddedField::fail(const std::string& var, const std::string& problem) const {
  throw InputError(path_, "variable '" + var + "'", problem);
}

GriddedField::GriddedField(const std::string& path, const std::string& var, GridOptions opt)
    : path_(path), var_(var), opt_(opt), nc_(NcFile::open(path)) {
  if (!nc_.has_var(var)) throw InputError(path, "variable '" + var + "'", "no such variable in the file");
  units_ = text_att(nc_, var, "units");
  try {
    to_model_ = quantity_conversion(opt.quantity, units_);
  } catch (const std::invalid_argument& e) {
    fail(var, e.what());
  }
  find_coordinates();
  read_packing();
}

void GriddedField::find_coordinates() {
  std::string xvar, yvar, zvar, tvar;
  for (const auto& d : nc_.var_dims(var_)) {
    Dim dim{d, nc_.dim_len(d), '?'};
    if (nc_.has_var(d) && nc_.var_dims(d).size() == 1) dim.role = classify(nc_, d);
    if (dim.role == 'X') xvar = d;
    if (dim.role == 'Y') yvar = d;
    if (dim.role == 'Z') zvar = d;
    if (dim.role == 'T') tvar = d;
    dims_.push_back(dim);
  }
  // 2-D longitude/latitude: named in `coordinates`, else any 2-D lon/lat variable
  // over two of the data variable's dimensions (ROMS files often omit the attribute).
  if (xvar.empty() || yvar.empty()) {
    std::vector<std::string> cands;
    std::istringstream is(text_att(nc_, var_, "coordinates"));
    for (std::string w; is >> w;)
      if (nc_.has_var(w)) cands.push_back(w);
    for (const auto& v : variable_names(nc_)) cands.push_back(v);
    std::string lon2, lat2;
    for (const auto& c : cands) {
      const auto cd = nc_.var_dims(c);
      if (cd.size() != 2) continue;
      const bool on_var = std::all_of(cd.begin(), cd.end(), [&](const std::string& n) {
        return std::any_of(dims_.begin(), dims_.end(), [&](const Dim& d) { return d.name == n; });
      });
      if (!on_var) continue;
      const char r = classify(nc_, c);
      if (r == 'X' && lon2.empty()) lon2 = c;
      if (r == 'Y' && lat2.empty()) lat2 = c;
    }
    if (!lon2.empty() && !lat2.empty()) {
      const auto cd = nc_.var_dims(lon2);
      if (nc_.var_dims(lat2) != cd) fail(lat2, "latitude and longitude '" + lon2 + "' have different dimensions");
      // The first dimension of the 2-D coordinates is Y (rows), the second X.
      for (auto& d : dims_) {
        if (d.name == cd[0]) d.role = 'Y';
        if (d.name == cd[1]) d.role = 'X';
      }
      ny_ = nc_.dim_len(cd[0]);
      nx_ = nc_.dim_len(cd[1]);
      lon2_ = nc_.get_double(lon2);
      lat2_ = nc_.get_double(lat2);
      curvilinear_ = true;
      xvar = lon2;
      yvar = lat2;
    }
  }
  if (xvar.empty())
    fail(var_,
         "no longitude coordinate (looked for axis=X, standard_name=longitude, units=degrees_east, "
         "or 2-D longitudes in 'coordinates')");
  if (yvar.empty())
    fail(var_,
         "no latitude coordinate (looked for axis=Y, standard_name=latitude, units=degrees_north, "
         "or 2-D latitudes in 'coordinates')");
  for (const auto& d : dims_)
    if (d.role == '?' && d.len != 1)
      fail(var_, "dimension '" + d.name + "' (length " + std::to_string(d.len) +
                     ") is not longitude, latitude, depth or time");

  if (curvilinear_) {
    for (std::size_t k = 0; k < lon2_.size(); ++k)
      if (!std::isfinite(lon2_[k]) || !std::isfinite(lat2_[k]) || std::abs(lon2_[k]) > 1e4 || std::abs(lat2_[k]) > 91)
        fail(xvar, "2-D longitude/latitude has missing or impossible values (index " + std::to_string(k) + ")");
    // Longitudes continuous around the first one (a grid may straddle 180 or 0/360).
    lon_ref_ = lon2_[0] - 180.0;
    for (double& l : lon2_) l = wrap_from(l, lon_ref_);
    // Buckets of cells over the lon/lat box, about one cell each.
    double lo_x = 1e300, hi_x = -1e300, lo_y = 1e300, hi_y = -1e300;
    for (std::size_t k = 0; k < lon2_.size(); ++k) {
      lo_x = std::min(lo_x, lon2_[k]);
      hi_x = std::max(hi_x, lon2_[k]);
      lo_y = std::min(lo_y, lat2_[k]);
      hi_y = std::max(hi_y, lat2_[k]);
    }
    const double cells = std::max<double>(1.0, static_cast<double>((nx_ - 1) * (ny_ - 1)));
    b_d_ = std::max(1e-9, std::sqrt((hi_x - lo_x) * (hi_y - lo_y) / cells));
    b_lon0_ = lo_x;
    b_lat0_ = lo_y;
    b_nx_ = std::min<std::size_t>(4096, static_cast<std::size_t>((hi_x - lo_x) / b_d_) + 1);
    b_ny_ = std::min<std::size_t>(4096, static_cast<std::size_t>((hi_y - lo_y) / b_d_) + 1);
    b_d_ = std::max((hi_x - lo_x) / static_cast<double>(b_nx_), (hi_y - lo_y) / static_cast<double>(b_ny_)) * 1.000001 +
           1e-12;
    buckets_.assign(b_nx_ * b_ny_, {});
    for (std::size_t j = 0; j + 1 < ny_; ++j)
      for (std::size_t i = 0; i + 1 < nx_; ++i) {
        double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
        for (std::size_t c = 0; c < 4; ++c) {
          const std::size_t k = (j + (c >> 1)) * nx_ + i + (c & 1);
          x0 = std::min(x0, lon2_[k]);
          x1 = std::max(x1, lon2_[k]);
          y0 = std::min(y0, lat2_[k]);
          y1 = std::max(y1, lat2_[k]);
        }
        const auto bx0 = static_cast<std::size_t>((x0 - b_lon0_) / b_d_),
                   bx1 = static_cast<std::size_t>((x1 - b_lon0_) / b_d_);
        const auto by0 = static_cast<std::size_t>((y0 - b_lat0_) / b_d_),
                   by1 = static_cast<std::size_t>((y1 - b_lat0_) / b_d_);
        for (std::size_t by = by0; by <= std::min(by1, b_ny_ - 1); ++by)
          for (std::size_t bx = bx0; bx <= std::min(bx1, b_nx_ - 1); ++bx)
            buckets_[by * b_nx_ + bx].push_back(static_cast<std::uint32_t>(j * nx_ + i));
      }
  } else {
    lon1_ = nc_.get_double(xvar);
    lat1_ = nc_.get_double(yvar);
    nx_ = lon1_.size();
    ny_ = lat1_.size();
    check_monotonic(lon1_, path_, xvar);
    check_monotonic(lat1_, path_, yvar);
    if (lon1_.size() > 1 && lon1_.back() < lon1_.front()) fail(xvar, "longitudes must increase");
    for (double l : lat1_)
      if (std::abs(l) > 90.0001) fail(yvar, "latitude " + std::to_string(l) + " is outside -90..90");
    // Global in longitude: the gap from the last to the first (+360) is about one spacing.
    if (nx_ > 2) {
      const double span = lon1_.back() - lon1_.front();
      const double step = span / static_cast<double>(nx_ - 1);
      if (span > 360.0 + 1e-6) fail(xvar, "longitudes span more than 360 degrees");
      periodic_ = 360.0 - span <= 1.5 * step;
    }
  }
  if (!tvar.empty()) read_time(tvar);
  if (!zvar.empty()) read_vertical(zvar);
}

void GriddedField::read_time(const std::string& tvar) {
  const std::vector<double> raw = nc_.get_double(tvar);
  CfTimeUnits u;
  try {
    u = parse_time_units(text_att(nc_, tvar, "units"), text_att(nc_, tvar, "calendar"));
  } catch (const std::invalid_argument& e) {
    fail(tvar, e.what());
  }
  time_.climatology = u.origin.year == 0 || nc_.has_att(tvar, "climatology");
  time_.t.resize(raw.size());
  for (std::size_t k = 0; k < raw.size(); ++k) {
    if (!std::isfinite(raw[k]) || std::abs(raw[k]) > 1e15)
      fail(tvar, "time value " + std::to_string(k) + " is missing");
    if (time_.climatology) {
      // Position within the data's own year: the climatology is used for any year.
      const double s = cf_to_model(raw[k], u);
      time_.t[k] = year_phase(from_model_time(s, u.calendar), u.calendar);
    } else {
      time_.t[k] = cf_to_model(raw[k], u);
    }
    if (k > 0 && time_.t[k] <= time_.t[k - 1]) {
      std::ostringstream os;
      os << "time is not strictly increasing at index " << k << " (" << raw[k - 1] << " then " << raw[k] << " "
         << u.text << ")";
      fail(tvar, os.str());
    }
  }
}

void GriddedField::read_vertical(const std::string& zvar) {
  const std::vector<double> z = nc_.get_double(zvar);
  nz_ = z.size();
  // Depth-like: larger is deeper. `positive="up"` (heights, s-coordinates) is flipped.
  const std::string pos = lower(text_att(nc_, zvar, "positive"));
  std::vector<double> d(z);
  if (pos == "up")
    for (double& v : d) v = -v;
  zweight_.assign(nz_, 0.0);
  const std::size_t top = static_cast<std::size_t>(std::min_element(d.begin(), d.end()) - d.begin());
  if (opt_.vertical == Vertical::surface || nz_ == 1) {
    zweight_[top] = 1.0;
    return;
  }
  // Layer thickness from midpoints between levels (half layers at the ends).
  std::vector<std::size_t> order(nz_);
  for (std::size_t k = 0; k < nz_; ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return d[a] < d[b]; });
  for (std::size_t r = 0; r < nz_; ++r) {
    const double up = r == 0 ? d[order[0]] : 0.5 * (d[order[r - 1]] + d[order[r]]);
    const double dn = r + 1 == nz_ ? d[order[r]] : 0.5 * (d[order[r]] + d[order[r + 1]]);
    zweight_[order[r]] = std::max(0.0, dn - up);
  }
}

void GriddedField::read_packing() {
  const nc_type type = variable_type(nc_, var_);
  missing_ = missing_values(nc_, var_);
  if (auto v = num_att(nc_, var_, "scale_factor"); !v.empty()) scale_ = v[0];
  if (auto v = num_att(nc_, var_, "add_offset"); !v.empty()) offset_ = v[0];
  // netCDF-3 has no unsigned types: `_Unsigned = "true"` marks them.
  if (lower(text_att(nc_, var_, "_Unsigned")) == "true") {
    unsigned_ = true;
    bits_ = type == NC_BYTE ? 8 : type == NC_SHORT ? 16 : type == NC_INT ? 32 : 0;
    for (double& f : missing_.fill)
      if (f < 0 && bits_ > 0) f += std::ldexp(1.0, bits_);
  }
}

double GriddedField::decode(double raw) const {
  if (unsigned_ && bits_ > 0 && raw < 0) raw += std::ldexp(1.0, bits_);
  if (missing_(raw)) return kNaN;
  return to_model_.apply(raw * scale_ + offset_);
}

std::shared_ptr<const std::vector<double>> GriddedField::frame(std::size_t k) const {
  if (auto it = cache_.find(k); it != cache_.end()) return it->second;
  if (k >= ntime()) throw Failure("frame index out of range");
  std::vector<std::size_t> start, count;
  for (const auto& d : dims_) {
    start.push_back(d.role == 'T' ? k : 0);
    count.push_back(d.role == 'T' || d.role == '?' ? 1 : d.len);
  }
  const std::vector<double> raw = get_slab(nc_, var_, start, count);
  // Strides of X, Y, Z in the slab, whatever the dimension order.
  std::size_t sx = 0, sy = 0, sz = 0, stride = 1;
  for (std::size_t a = dims_.size(); a-- > 0;) {
    if (dims_[a].role == 'X') sx = stride;
    if (dims_[a].role == 'Y') sy = stride;
    if (dims_[a].role == 'Z') sz = stride;
    stride *= count[a];
  }
  auto f = std::make_shared<std::vector<double>>(nx_ * ny_, kNaN);
  for (std::size_t j = 0; j < ny_; ++j)
    for (std::size_t i = 0; i < nx_; ++i) {
      const std::size_t base = j * sy + i * sx;
      if (zweight_.empty()) {
        (*f)[j * nx_ + i] = decode(raw[base]);
        continue;
      }
      double sum = 0, wsum = 0;
      for (std::size_t z = 0; z < nz_; ++z) {
        if (zweight_[z] <= 0) continue;
        const double v = decode(raw[base + z * sz]);
        if (std::isnan(v)) continue;
        sum += zweight_[z] * v;
        wsum += zweight_[z];
      }
      (*f)[j * nx_ + i] = wsum > 0 ? sum / wsum : kNaN;
    }
  if (cache_.size() >= 3) cache_.erase(cache_.begin());
  cache_[k] = f;
  return f;
}

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
  // All corners missing (land, or a gap): the nearest valid cell within the
  // search radius, by distance on the sphere (locally flat).
  const int c = static_cast<int>(std::max_element(s.w[p].begin(), s.w[p].end()) - s.w[p].begin());
  const long j0 = idx[c] / static_cast<long>(nx_), i0 = idx[c] % static_cast<long>(nx_);
  const double coslat = std::cos(s.lat[p] * M_PI / 180.0);
  double best = 1e300, val = kNaN;
  const long r = opt_.max_fill_cells;
  for (long j = j0 - r; j <= j0 + r; ++j) {
    if (j < 0 || j >= static_cast<long>(ny_)) continue;
    for (long ii = i0 - r; ii <= i0 + r; ++ii) {
      long i = ii;
      if (periodic_) i = (i % static_cast<long>(nx_) + static_cast<long>(nx_)) % static_cast<long>(nx_);
      if (i < 0 || i >= static_cast<long>(nx_)) continue;
      const double v = f[static_cast<std::size_t>(j) * nx_ + static_cast<std::size_t>(i)];
      if (std::isnan(v)) continue;
      double dx = lon_at(j, i) - s.lon[p];
      dx = std::remainder(dx, 360.0) * coslat;
      const double dy = lat_at(j, i) - s.lat[p];
      const double d2 = dx * dx + dy * dy;
      if (d2 < best) {
        best = d2;
        val = v;
      }
    }
  }
  return val;
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

// --- variables by standard_name

namespace {
struct FieldRow {
  Field f;
  const char* name;
  Quantity q;
  std::vector<const char*> standard_names;
  std::vector<const char*> known_names;  // COADS, NCEP, ERA5, ROMS, HYCOM
};

const std::vector<FieldRow>& field_table() {
  static const std::vector<FieldRow> t = {
      {Field::eastward_wind,
       "eastward_wind",
       Quantity::velocity,
       {"eastward_wind", "x_wind"},
       {"UWND", "uwnd", "u10", "U10", "Uwind"}},
      {Field::northward_wind,
       "northward_wind",
       Quantity::velocity,
       {"northward_wind", "y_wind"},
       {"VWND", "vwnd", "v10", "V10", "Vwind"}},
      {Field::air_pressure_at_sea_level,
       "air_pressure_at_sea_level",
       Quantity::pressure,
       {"air_pressure_at_sea_level", "air_pressure_at_mean_sea_level"},
       {"SLP", "slp", "msl", "Pair"}},
      {Field::sea_surface_temperature,
       "sea_surface_temperature",
       Quantity::temperature,
       {"sea_surface_temperature", "sea_surface_skin_temperature"},
       {"SST", "sst"}},
      {Field::sea_water_x_velocity,
       "sea_water_x_velocity",
       Quantity::velocity,
       {"sea_water_x_velocity", "eastward_sea_water_velocity"},
       {"water_u", "u", "uo"}},
      {Field::sea_water_y_velocity,
       "sea_water_y_velocity",
       Quantity::velocity,
       {"sea_water_y_velocity", "northward_sea_water_velocity"},
       {"water_v", "v", "vo"}},
      {Field::sea_surface_height,
       "sea_surface_height",
       Quantity::length,
       {"sea_surface_height", "sea_surface_height_above_geoid", "sea_surface_height_above_mean_sea_level",
        "sea_surface_elevation"},
       {"zeta", "ssh", "zos", "surf_el"}},
      {Field::sea_water_temperature,
       "sea_water_temperature",
       Quantity::temperature,
       {"sea_water_temperature", "sea_water_potential_temperature"},
       {"temp", "thetao", "water_temp", "TEMP"}},
      {Field::sea_water_salinity,
       "sea_water_salinity",
       Quantity::salinity,
       {"sea_water_salinity", "sea_water_practical_salinity"},
       {"salt", "so", "salinity", "SALT"}},
  };
  return t;
}

const FieldRow& field_row(Field f) {
  for (const auto& r : field_table())
    if (r.f == f) return r;
  throw std::logic_error("field missing from the table");
}
}  // namespace

Quantity field_quantity(Field f) {
  return field_row(f).q;
}
std::string field_name(Field f) {
  return field_row(f).name;
}

std::string find_variable(const std::string& path, Field f, const std::vector<std::string>& user_names) {
  const NcFile nc = NcFile::open(path);
  const FieldRow& r = field_row(f);
  const auto vars = variable_names(nc);
  for (const char* sn : r.standard_names)
    for (const auto& v : vars)
      if (text_att(nc, v, "standard_name") == sn) return v;
  for (const auto& n : user_names)
    if (nc.has_var(n)) return n;
  for (const char* n : r.known_names)
    if (nc.has_var(n)) return n;
  std::string looked;
  for (const auto& n : user_names) looked += (looked.empty() ? "" : ", ") + n;
  for (const char* n : r.known_names) looked += (looked.empty() ? "" : ", ") + std::string(n);
  throw InputError(
      path, "",
      "no variable with standard_name '" + std::string(r.standard_names[0]) + "' (nor one named " + looked + ")");
}

}  // namespace beibu
