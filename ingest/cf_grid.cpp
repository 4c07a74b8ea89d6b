// Reading a CF gridded field (cf_grid.hpp): its coordinates found by what they are,
// its time and vertical axes, its packing, and each time frame decoded (and
// depth-averaged) on demand. Locating and sampling: cf_grid_sample.cpp.
#include "cf_grid.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"
#include "ingest/grid_geometry.hpp"
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

}  // namespace

void GriddedField::fail(const std::string& var, const std::string& problem) const {
  throw InputError(path_, "variable '" + var + "'", problem);
}

GriddedField::GriddedField(const std::string& path, const std::string& var, GridOptions opt)
    : path_(path), var_(var), opt_(opt), nc_(NcFile::open(path)) {
  if (!nc_.has_var(var)) throw InputError(path, "variable '" + var + "'", "no such variable in the file");
  units_ = text_att(nc_, var, "units");
  try {
    to_model_ = opt.parameter ? unit_conversion(*opt.parameter, units_) : quantity_conversion(opt.quantity, units_);
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
  depth_ = d;
  zweight_.assign(nz_, 0.0);
  if (opt_.level >= 0) {
    if (static_cast<std::size_t>(opt_.level) >= nz_) throw Failure("depth level index out of range");
    zweight_[static_cast<std::size_t>(opt_.level)] = 1.0;
    return;
  }
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
  // One level of the depth axis is read alone (GridOptions::level).
  const bool one_level = opt_.level >= 0 && !zweight_.empty();
  for (const auto& d : dims_) {
    const bool single = d.role == 'T' || d.role == '?' || (d.role == 'Z' && one_level);
    start.push_back(d.role == 'T' ? k : d.role == 'Z' && one_level ? static_cast<std::size_t>(opt_.level) : 0);
    count.push_back(single ? 1 : d.len);
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
      if (zweight_.empty() || one_level) {
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

}  // namespace beibu
