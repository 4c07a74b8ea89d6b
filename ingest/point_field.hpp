#pragma once
// A gridded CF field (GriddedField) sampled at a fixed set of points, such as the
// faces of a mesh: the variable is named by the user or found by what it is
// (find_variable), its time axis is checked against the run before anything is
// written, every point gets a value (the nearest valid water point where the grid
// says land), and values outside what the quantity can physically be are refused.
// Located once; each frame is interpolated to the points once (GriddedField's
// sample cache), so a run's steps between two frames only interpolate in time.
#include <memory>
#include <string>
#include <vector>

#include "ingest/cf_grid.hpp"

namespace beibu {

// Where a field comes from: a file and, optionally, the variable in it.
struct FieldSource {
  std::string file;
  std::string variable;  // empty: by standard_name, then names of common products (find_variable)
  Vertical vertical = Vertical::surface;
};

class PointField {
 public:
  // `kinds`: what the field may be (one quantity; without a variable name, the first
  // found of them); `lon`, `lat`: the points (degrees); `lo`..`hi`: what a value may
  // be, in the quantity's model unit (after conversion). InputError (file, variable)
  // for a missing variable, units that are not of the quantity, a bad time axis.
  PointField(const FieldSource& src, const std::vector<Field>& kinds, const std::vector<double>& lon,
             const std::vector<double>& lat, double lo, double hi, int max_fill_cells = 3);

  // InputError (file, variable) unless the data cover model times [t0, t1]
  // (climatologies and fields without a time axis cover any time).
  void check_covers(double t0, double t1) const;
  // out[p] at model time t (seconds since 1970). InputError (file, variable) naming the
  // point for a point with no valid value within the fill radius or a value outside lo..hi.
  void sample(double t, std::vector<double>& out) const;

  const GriddedField& field() const { return *field_; }
  const std::string& variable() const { return field_->variable(); }

 private:
  std::unique_ptr<GriddedField> field_;
  Stencil stencil_;
  Quantity quantity_;
  double lo_, hi_;
};

// The variable for `src`: the named one, or find_variable's for any of `kinds` (in order).
std::string source_variable(const FieldSource& src, const std::vector<Field>& kinds);

// InputError (file, variable) unless `f` covers model times [t0, t1].
void check_time_coverage(const GriddedField& f, double t0, double t1);

}  // namespace beibu
