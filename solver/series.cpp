#include "solver/series.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/error.hpp"
#include "ingest/cf_time.hpp"

namespace beibu {

double interpolate_linear(const std::vector<double>& t, const std::vector<double>& v, double x) {
  if (v.size() == 1 || x <= t.front()) return v.front();
  if (x >= t.back()) return v.back();
  const auto it = std::upper_bound(t.begin(), t.end(), x);
  const std::size_t i = static_cast<std::size_t>(it - t.begin());
  const double w = (x - t[i - 1]) / (t[i] - t[i - 1]);
  return (1 - w) * v[i - 1] + w * v[i];
}

Series Series::constant(double v) {
  Series s;
  s.v_ = {v};
  return s;
}

Series Series::monthly(std::vector<double> values) {
  if (values.size() != 12) throw Failure("a monthly series needs 12 values");
  Series s;
  s.kind_ = Kind::monthly;
  s.v_ = std::move(values);
  return s;
}

Series Series::seasonal(double wet, double dry, const MonthSet& wet_months) {
  std::vector<double> v(12);
  for (std::size_t m = 0; m < 12; ++m) v[m] = wet_months[m] ? wet : dry;
  return monthly(std::move(v));
}

Series Series::table(std::vector<double> t, std::vector<double> v, Ends ends, std::string file, std::string where) {
  if (t.empty() || t.size() != v.size()) throw InputError(file, where, "a table needs equally many times and values");
  Series s;
  s.kind_ = Kind::table;
  s.ends_ = ends;
  s.t_ = std::move(t);
  s.v_ = std::move(v);
  s.file_ = std::move(file);
  s.where_ = std::move(where);
  return s;
}

int month_of(double t) {
  return from_model_time(t, Calendar::standard).month;
}

double Series::at(double t) const {
  switch (kind_) {
    case Kind::constant:
      return v_[0];
    case Kind::monthly:
      // Piecewise constant by calendar month (monthly means, as published).
      return v_[static_cast<std::size_t>(month_of(t) - 1)];
    case Kind::table:
      break;
  }
  if (ends_ == Ends::error && (t < t_.front() || t > t_.back()))
    throw InputError(file_, where_,
                     "the table covers model times " + std::to_string(t_.front()) + " to " + std::to_string(t_.back()) +
                         " s but the run needs " + std::to_string(t) + " s");
  return interpolate_linear(t_, v_, t);
}

double Series::min_value() const {
  return *std::min_element(v_.begin(), v_.end());
}

double Series::max_value() const {
  return *std::max_element(v_.begin(), v_.end());
}

Series Series::scaled(double factor) const {
  Series s = *this;
  for (auto& v : s.v_) v *= factor;
  return s;
}

MonthSet parse_months(const std::string& text) {
  const auto dash = text.find('-');
  if (dash == std::string::npos) throw std::invalid_argument("expected months as 'first-last', e.g. '4-9'");
  int first = 0, last = 0;
  try {
    first = std::stoi(text.substr(0, dash));
    last = std::stoi(text.substr(dash + 1));
  } catch (const std::exception&) {
    throw std::invalid_argument("expected months as 'first-last', e.g. '4-9', got '" + text + "'");
  }
  if (first < 1 || first > 12 || last < 1 || last > 12)
    throw std::invalid_argument("months must lie in 1-12, got '" + text + "'");
  MonthSet m{};
  for (int k = first;; k = k % 12 + 1) {
    m[k - 1] = true;
    if (k == last) break;
  }
  return m;
}

}  // namespace beibu
