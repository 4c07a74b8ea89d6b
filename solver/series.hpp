#pragma once
// A quantity that varies in time (a discharge, a concentration, a load, a
// temperature): a constant, one value per calendar month (monthly means, or a
// wet/dry season), or a table interpolated linearly in time. Model time is
// seconds since 1970-01-01T00:00:00Z. The two file syntaxes that produce one are
// read elsewhere: scenario files (scenarios/spec/series.hpp) and river network
// files (solver/rivers/read_series.hpp).
#include <array>
#include <string>
#include <vector>

namespace beibu {

using MonthSet = std::array<bool, 12>;  // [0] = January

// Linear interpolation in a table (t increasing), held constant beyond its ends;
// a one-entry table is a constant.
double interpolate_linear(const std::vector<double>& t, const std::vector<double>& v, double x);

class Series {
 public:
  // What a table gives outside its times. `hold`: its first or last value (a scenario's
  // monitoring record that ends before the run). `error`: an InputError naming the
  // table's file and place (a river network's forcing, where extrapolating would invent data).
  enum class Ends { hold, error };

  Series() = default;  // the constant 0
  static Series constant(double v);
  static Series monthly(std::vector<double> values);  // 12 values, January .. December, for any year
  static Series seasonal(double wet, double dry, const MonthSet& wet_months);  // monthly: wet or dry
  // A table; InputError(file, where) unless times and values are equally many and not none.
  static Series table(std::vector<double> t, std::vector<double> v, Ends ends, std::string file = {},
                      std::string where = {});

  double at(double t) const;           // t: model seconds
  double min_value() const;            // the smallest value it takes
  double max_value() const;            // the largest value it takes
  Series scaled(double factor) const;  // every value times `factor` (unit conversion)

 private:
  enum class Kind { constant, monthly, table } kind_ = Kind::constant;
  Ends ends_ = Ends::hold;
  std::vector<double> t_, v_{0.0};  // constant: v_[0]; monthly: 12 values; table: (t_, v_)
  std::string file_, where_;
};

// Calendar month (1-12, UTC) of a model time.
int month_of(double t);
// "4-9" (April to September) or "11-3" (wrapping) -> months; throws std::invalid_argument.
MonthSet parse_months(const std::string& text);

}  // namespace beibu
