#include "point_field.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "ingest/column_mean.hpp"

namespace beibu {

std::string source_variable(const FieldSource& src, const std::vector<Field>& kinds) {
  if (!src.variable.empty() || kinds.empty()) return src.variable;
  for (std::size_t k = 0; k + 1 < kinds.size(); ++k) {
    try {
      return find_variable(src.file, kinds[k]);
    } catch (const InputError&) {
      // not this kind: try the next
    }
  }
  return find_variable(src.file, kinds.back());
}

void check_time_coverage(const GriddedField& f, double t0, double t1) {
  const TimeAxis& a = f.time_axis();
  if (a.t.size() <= 1 || a.climatology) return;
  if (t0 >= a.t.front() && t1 <= a.t.back()) return;
  throw InputError(f.path(), "variable '" + f.variable() + "'",
                   "the data cover " + format_iso8601(a.t.front()) + " to " + format_iso8601(a.t.back()) +
                       ", the run needs " + format_iso8601(t0) + " to " + format_iso8601(t1));
}

PointField::PointField(const FieldSource& src, const std::string& var, GridOptions opt, const std::vector<double>& lon,
                       const std::vector<double>& lat, const std::vector<double>& depth, double lo, double hi)
    : unit_(opt.parameter ? model_unit(*opt.parameter) : quantity_unit(opt.quantity)), lo_(lo), hi_(hi) {
  opt.vertical = src.vertical;
  field_ = std::make_unique<GriddedField>(src.file, var, opt);
  stencil_ = field_->locate(lon, lat);
  const std::vector<double>& z = field_->level_depths();
  if (src.vertical != Vertical::depth_average || depth.empty() || z.size() < 2) return;
  // Column means: each level read and located on its own, shallowest first.
  if (depth.size() != lon.size()) throw Failure("PointField: one depth per point");
  depth_ = depth;
  std::vector<int> order(z.size());
  for (std::size_t l = 0; l < z.size(); ++l) order[l] = static_cast<int>(l);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return z[a] < z[b]; });
  // Each point's column: the bilinear mix of the grid's columns around it that have
  // a value at the shallowest level, or (none has) the nearest column that has one
  // (within the fill radius). Below a column's last value no neighbour is borrowed
  // (the levels are read without fill): column_mean holds that value.
  std::vector<double> at_lon(lon), at_lat(lat);
  GridOptions level_opt = opt;
  level_opt.level = order.front();
  const GriddedField top(src.file, var, level_opt);
  const Stencil s = top.locate(lon, lat);
  for (std::size_t p = 0; p < lon.size(); ++p)
    if (!top.has_valid_corner(s, p, 0)) top.nearest_valid(s, p, 0, at_lon[p], at_lat[p]);
  level_opt.max_fill_cells = 0;
  for (int l : order) {
    level_opt.level = l;
    Level lv;
    lv.field = std::make_unique<GriddedField>(src.file, var, level_opt);
    lv.depth = z[l];
    lv.stencil = lv.field->locate(at_lon, at_lat);
    levels_.push_back(std::move(lv));
  }
}

PointField::PointField(const FieldSource& src, const std::vector<Field>& kinds, const std::vector<double>& lon,
                       const std::vector<double>& lat, double lo, double hi, int max_fill_cells,
                       const std::vector<double>& depth)
    : PointField(src, source_variable(src, kinds),
                 GridOptions{field_quantity(kinds.at(0)), {}, src.vertical, -1, max_fill_cells}, lon, lat, depth, lo,
                 hi) {}

void PointField::check_covers(double t0, double t1) const {
  check_time_coverage(*field_, t0, t1);
}

void PointField::sample(double t, std::vector<double>& out) const {
  if (levels_.empty()) {
    field_->sample(stencil_, t, out);
  } else {
    const std::size_t nl = levels_.size(), np = depth_.size();
    std::vector<double> by_level(nl * np), v, z(nl), c(nl);
    for (std::size_t l = 0; l < nl; ++l) {
      levels_[l].field->sample(levels_[l].stencil, t, v);
      std::copy(v.begin(), v.end(), by_level.begin() + static_cast<std::ptrdiff_t>(l * np));
      z[l] = levels_[l].depth;
    }
    out.resize(np);
    for (std::size_t p = 0; p < np; ++p) {
      for (std::size_t l = 0; l < nl; ++l) c[l] = by_level[l * np + p];
      out[p] = column_mean(z.data(), c.data(), nl, depth_[p]);
    }
  }
  for (std::size_t p = 0; p < out.size(); ++p) {
    const double v = out[p];
    if (v >= lo_ && v <= hi_) continue;
    std::ostringstream os;
    os << "at " << stencil_.lon[p] << " E, " << stencil_.lat[p] << " N on " << format_iso8601(t) << ": ";
    if (std::isnan(v))
      os << "no valid value within the fill radius (the grid has no water near this point)";
    else
      os << "value " << v << " (" << unit_ << ") is outside " << lo_ << ".." << hi_
         << " (check the units: the file says '" << field_->units() << "')";
    throw InputError(field_->path(), "variable '" + field_->variable() + "'", os.str());
  }
}

}  // namespace beibu
