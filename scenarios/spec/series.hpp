#pragma once
// A quantity that may vary in time, as scenario files give it: a constant, 12
// monthly values (cyclic, for any year), or a table of (ISO 8601 time, value)
// pairs interpolated linearly and held constant beyond its ends.
#include <string>
#include <vector>

namespace beibu {

class Config;

class Series {
 public:
  Series() = default;
  explicit Series(double constant) : v_{constant} {}
  static Series monthly(std::vector<double> values);  // January .. December
  static Series table(std::vector<double> times, std::vector<double> values);

  double at(double t) const;  // t: model seconds (since 1970-01-01T00:00:00Z)
  bool is_constant() const { return kind_ == Kind::constant; }
  double min() const;
  // Mean over [t0, t1], by sampling hourly (scenario periods are months long).
  double mean(double t0, double t1) const;
  Series scaled(double factor) const;

 private:
  enum class Kind { constant, monthly, table } kind_ = Kind::constant;
  std::vector<double> t_, v_{0.0};
};

// Reads a number, {monthly: [12 numbers]} or {series: [[time, value], ...]};
// values must be >= 0 (flows, concentrations, loads). Errors name file, line and key.
Series parse_series(const Config& c);

}  // namespace beibu
