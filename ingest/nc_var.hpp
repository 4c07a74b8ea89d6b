#pragma once
// The one reader of data variables in NetCDF files beibu is given: every value is
// checked before it is used. Dimensions are found by NAME, never by position (a
// file with its dimensions in another order is read in the order the caller asks
// for; a missing or extra dimension is refused). Units, when the caller expects
// some, must be convertible to them (UDUNITS syntax, unit_expr.hpp; an unknown unit
// is refused) and values are converted; a variable without a units attribute is
// taken to be in the expected (the format's documented) units. Missing values (_FillValue, or netCDF's default
// fill for the type when there is none; missing_value; outside valid_range /
// valid_min / valid_max; NaN and infinities) are refused with the index of the
// first one, or, where the caller allows them, read as NaN. Then scale_factor and
// add_offset. Every problem is an InputError naming the file and the variable.
#include <cstddef>
#include <string>
#include <vector>

#include "ingest/cf_time.hpp"
#include "ingest/netcdf_file.hpp"

namespace beibu {

// What counts as missing in a variable, compared on the stored (packed) values.
struct MissingValues {
  std::vector<double> fill;  // _FillValue (or the type's default fill) and missing_value
  double valid_min = -1e300, valid_max = 1e300;
  bool operator()(double raw) const;  // also true for NaN and infinities
};
MissingValues missing_values(const NcFile& nc, const std::string& var);
double default_fill(nc_type t);

struct NcVarSpec {
  std::string name;
  std::vector<std::string> dims;  // by name, in the order the caller indexes
  std::string units;              // expected units; "" = not checked (values as stored)
  bool missing_as_nan = false;    // false: any missing value is an InputError
};

class NcVar {
 public:
  NcVar(const NcFile& nc, NcVarSpec spec);

  // Length of the caller's dimension k.
  std::size_t len(std::size_t k) const { return len_[k]; }
  std::size_t size() const;
  const std::string& units() const { return units_; }
  const std::string& name() const { return spec_.name; }

  // All values, in the caller's dimension order (the last varies fastest).
  std::vector<double> read() const;
  // Index i of the caller's first dimension, the rest in the caller's order.
  std::vector<double> read_record(std::size_t i) const;
  // Indices [i0, i0 + n) of the caller's first dimension.
  std::vector<double> read_records(std::size_t i0, std::size_t n) const;

 private:
  std::vector<double> decode(std::vector<double> raw, std::size_t i0, const std::vector<std::size_t>& count) const;
  std::string where() const { return "variable '" + spec_.name + "'"; }
  std::string index_text(std::size_t flat, std::size_t i0, const std::vector<std::size_t>& count) const;

  const NcFile& nc_;
  NcVarSpec spec_;
  int varid_ = -1;
  std::vector<std::size_t> len_;   // per caller dimension
  std::vector<std::size_t> perm_;  // caller dimension k is the file's dimension perm_[k]
  std::string units_;
  MissingValues missing_;
  double scale_ = 1, offset_ = 0, convert_ = 1;
};

// A CF time coordinate: model seconds (cf_time.hpp), strictly increasing, no
// missing value, in one of `calendars` (empty: any CF calendar).
struct NcTimeAxis {
  CfTimeUnits units;
  std::vector<double> raw;  // as stored
  std::vector<double> t;    // model seconds
};
NcTimeAxis read_time_axis(const NcFile& nc, const std::string& var, const std::vector<Calendar>& calendars = {});

// The calendars that name real instants: standard/gregorian, proleptic_gregorian.
const std::vector<Calendar>& real_calendars();

}  // namespace beibu
