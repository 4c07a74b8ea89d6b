#pragma once
// Where a gridded field comes from, as a scenario names it: a CF NetCDF file, the
// variable in it (or none: found by what it is), and which depth of a 3-D field.
// One parser for every such key (water temperature, initial and boundary
// concentrations), so each accepts the same form and refuses the same mistakes.
#include <string>

#include "ingest/cf_grid.hpp"

namespace beibu {

class Config;

struct FieldSource {
  std::string file;
  std::string variable;  // empty: by standard_name, then names of common products (find_variable)
  Vertical vertical = Vertical::surface;
  bool given() const { return !file.empty(); }
};

// `{file: F, variable: V, vertical: surface|depth_average}`: `file` relative to
// `base_dir` (absolute kept) and existing, `variable` optional, `vertical` defaulting
// to `default_vertical`. InputError (file, line) for unknown keys, a missing file or
// an unknown `vertical`.
FieldSource parse_field_source(const Config& c, const std::string& base_dir, Vertical default_vertical);

// "surface" or "depth_average".
std::string vertical_name(Vertical v);

}  // namespace beibu
