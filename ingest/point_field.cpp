#include "point_field.hpp"

#include <cmath>
#include <sstream>

#include "core/error.hpp"

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

PointField::PointField(const FieldSource& src, const std::vector<Field>& kinds, const std::vector<double>& lon,
                       const std::vector<double>& lat, double lo, double hi, int max_fill_cells)
    : quantity_(field_quantity(kinds.at(0))), lo_(lo), hi_(hi) {
  GridOptions opt;
  opt.quantity = quantity_;
  opt.vertical = src.vertical;
  opt.max_fill_cells = max_fill_cells;
  field_ = std::make_unique<GriddedField>(src.file, source_variable(src, kinds), opt);
  stencil_ = field_->locate(lon, lat);
}

void PointField::check_covers(double t0, double t1) const {
  check_time_coverage(*field_, t0, t1);
}

void PointField::sample(double t, std::vector<double>& out) const {
  field_->sample(stencil_, t, out);
  for (std::size_t p = 0; p < out.size(); ++p) {
    const double v = out[p];
    if (v >= lo_ && v <= hi_) continue;
    std::ostringstream os;
    os << "at " << stencil_.lon[p] << " E, " << stencil_.lat[p] << " N on " << format_iso8601(t) << ": ";
    if (std::isnan(v))
      os << "no valid value within the fill radius (the grid has no water near this point)";
    else
      os << "value " << v << " (" << quantity_unit(quantity_) << ") is outside " << lo_ << ".." << hi_
         << " (check the units: the file says '" << field_->units() << "')";
    throw InputError(field_->path(), "variable '" + field_->variable() + "'", os.str());
  }
}

}  // namespace beibu
