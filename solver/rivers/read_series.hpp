#pragma once
// A quantity that varies in time (a discharge, a concentration, a temperature):
// constant, two-season (wet/dry by calendar month) or a table interpolated
// linearly. Model time is seconds since 1970-01-01T00:00:00Z.
#include <array>
#include <string>
#include <vector>

namespace beibu {
class Config;
}

namespace beibu::rivers {

using MonthSet = std::array<bool, 12>;  // [0] = January

class Series {
 public:
  static Series constant(double v);
  static Series seasonal(double wet, double dry, const MonthSet& wet_months);
  // `file`/`where` name the table in errors raised when a run leaves its range.
  static Series table(std::vector<double> t, std::vector<double> v, std::string file = {}, std::string where = {});

  // Value at model time t; a table throws InputError when t lies outside it.
  double at(double t) const;
  double min_value() const;
  double max_value() const;
  Series scaled(double factor) const;  // every value times `factor` (unit conversion)

 private:
  enum class Kind { constant, seasonal, table } kind_ = Kind::constant;
  double a_ = 0, b_ = 0;  // constant: a; seasonal: a = wet, b = dry
  MonthSet wet_{};
  std::vector<double> t_, v_;
  std::string file_, where_;
};

// Calendar month (1-12, UTC) of a model time.
int month_of(double t);
// "4-9" (April to September) or "11-3" (wrapping) -> months; throws std::invalid_argument.
MonthSet parse_months(const std::string& text);

// Reads a series from configuration: a number; {wet, dry[, wet_months]}; or
// {time_units: "days since 2020-01-01", times: [...], values: [...][, max_gap_days]}.
// Tables must increase strictly, have a value at every time and no step longer
// than max_gap_days (default 31): anything else is a gap and an InputError.
// With `nonnegative`, negative values are InputErrors.
Series read_series(const Config& c, const std::string& default_wet_months, bool nonnegative);

}  // namespace beibu::rivers
