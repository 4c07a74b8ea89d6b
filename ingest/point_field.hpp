#pragma once
// A gridded CF field (GriddedField) sampled at a fixed set of points, such as the
// faces of a mesh: the variable is named by the user or found by what it is
// (find_variable), its time axis is checked against the run before anything is
// written, every point gets a value (the nearest valid water point where the grid
// says land), and values outside what the quantity can physically be are refused.
// A 3-D field with `vertical: depth_average` and the points' depths is averaged over
// each point's own water column (column_mean.hpp), from each depth level's values.
// Located once; each frame is interpolated to the points once (GriddedField's
// sample cache), so a run's steps between two frames only interpolate in time.
#include <memory>
#include <string>
#include <vector>

#include "ingest/cf_grid.hpp"
#include "ingest/field_source.hpp"

namespace beibu {

class PointField {
 public:
  // `var`: the variable (source_variable); `opt`: its quantity or parameter (units
  // checked and converted) and fill radius; `lon`, `lat`: the points (degrees);
  // `depth`: their water depths (m; empty: `src.vertical` over the product's own
  // levels); `lo`..`hi`: what a value may be, in the model unit (after conversion).
  // InputError (file, variable) for a missing variable, units that are not of the
  // quantity, a bad time axis.
  PointField(const FieldSource& src, const std::string& var, GridOptions opt, const std::vector<double>& lon,
             const std::vector<double>& lat, const std::vector<double>& depth, double lo, double hi);
  // `kinds`: what the field may be (one quantity; without a variable name, the first
  // found of them).
  PointField(const FieldSource& src, const std::vector<Field>& kinds, const std::vector<double>& lon,
             const std::vector<double>& lat, double lo, double hi, int max_fill_cells = 3,
             const std::vector<double>& depth = {});

  // InputError (file, variable) unless the data cover model times [t0, t1]
  // (climatologies and fields without a time axis cover any time).
  void check_covers(double t0, double t1) const;
  // out[p] at model time t (seconds since 1970). InputError (file, variable) naming the
  // point for a point with no valid value within the fill radius or a value outside lo..hi.
  void sample(double t, std::vector<double>& out) const;

  const GriddedField& field() const { return *field_; }
  const std::string& variable() const { return field_->variable(); }
  // True when each point's value is the mean over its own water column.
  bool averages_columns() const { return !levels_.empty(); }

 private:
  // One depth level of a 3-D field, located at the points (column means).
  struct Level {
    std::unique_ptr<GriddedField> field;
    Stencil stencil;
    double depth = 0;
  };
  std::unique_ptr<GriddedField> field_;
  Stencil stencil_;
  std::vector<Level> levels_;  // by increasing depth; empty unless column means
  std::vector<double> depth_;  // the points' water depths (column means)
  std::string unit_;           // the model unit, for messages
  double lo_, hi_;
};

// The variable for `src`: the named one, or find_variable's for any of `kinds` (in order).
std::string source_variable(const FieldSource& src, const std::vector<Field>& kinds);

// InputError (file, variable) unless `f` covers model times [t0, t1].
void check_time_coverage(const GriddedField& f, double t0, double t1);

}  // namespace beibu
