#include "time_series.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/config.hpp"
#include "core/error.hpp"
#include "ingest/cf_time.hpp"

namespace beibu::rivers {

Series Series::constant(double v) {
  Series s;
  s.kind_ = Kind::constant;
  s.a_ = v;
  return s;
}

Series Series::seasonal(double wet, double dry, const MonthSet& wet_months) {
  Series s;
  s.kind_ = Kind::seasonal;
  s.a_ = wet;
  s.b_ = dry;
  s.wet_ = wet_months;
  return s;
}

Series Series::table(std::vector<double> t, std::vector<double> v, std::string file, std::string where) {
  if (t.empty() || t.size() != v.size()) throw InputError(file, where, "a table needs equally many times and values");
  Series s;
  s.kind_ = Kind::table;
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
      return a_;
    case Kind::seasonal:
      return wet_[month_of(t) - 1] ? a_ : b_;
    case Kind::table:
      break;
  }
  // Extrapolating a table would invent data, so a run outside it is an input error.
  if (t < t_.front() || t > t_.back())
    throw InputError(file_, where_,
                     "the table covers model times " + std::to_string(t_.front()) + " to " + std::to_string(t_.back()) +
                         " s but the run needs " + std::to_string(t) + " s");
  if (t_.size() == 1) return v_[0];
  const size_t k = std::upper_bound(t_.begin(), t_.end(), t) - t_.begin();
  if (k >= t_.size()) return v_.back();
  const double w = (t - t_[k - 1]) / (t_[k] - t_[k - 1]);
  return (1 - w) * v_[k - 1] + w * v_[k];
}

double Series::min_value() const {
  if (kind_ == Kind::constant) return a_;
  if (kind_ == Kind::seasonal) return std::min(a_, b_);
  return *std::min_element(v_.begin(), v_.end());
}

double Series::max_value() const {
  if (kind_ == Kind::constant) return a_;
  if (kind_ == Kind::seasonal) return std::max(a_, b_);
  return *std::max_element(v_.begin(), v_.end());
}

Series Series::scaled(double factor) const {
  Series s = *this;
  s.a_ *= factor;
  s.b_ *= factor;
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

namespace {

std::string at_line(const Config& c) {
  return "line " + std::to_string(c.line()) + " (" + c.path() + ")";
}

void check_sign(const Config& c, double v, bool nonnegative) {
  if (nonnegative && v < 0)
    throw InputError(c.file(), at_line(c), "negative value " + std::to_string(v) + " where only >= 0 makes sense");
  if (!std::isfinite(v)) throw InputError(c.file(), at_line(c), "not a finite number");
}

Series read_table(const Config& c, bool nonnegative) {
  c.check_keys({"time_units", "times", "values", "max_gap_days"});
  CfTimeUnits units;
  try {
    units = parse_time_units(c.at("time_units").as_string(), "standard");
  } catch (const std::invalid_argument& e) {
    c.at("time_units").fail(e.what());
  }
  const auto times = c.at("times").items();
  const auto values = c.at("values").items();
  if (times.size() != values.size())
    c.fail("times has " + std::to_string(times.size()) + " entries but values has " + std::to_string(values.size()));
  if (times.empty()) c.fail("an empty table");
  const double max_gap = c.get("max_gap_days", 31.0) * 86400.0;
  std::vector<double> t, v;
  for (size_t i = 0; i < times.size(); ++i) {
    double vi = 0;
    try {
      vi = values[i].as_double();
    } catch (const InputError&) {
      throw InputError(c.file(), at_line(values[i]),
                       "values[" + std::to_string(i) + "] is missing: a gap in the series (give every time a value)");
    }
    check_sign(values[i], vi, nonnegative);
    const double ti = cf_to_model(times[i].as_double(), units);
    if (!t.empty() && ti <= t.back())
      throw InputError(c.file(), at_line(times[i]), "times must increase strictly (times[" + std::to_string(i) + "])");
    if (!t.empty() && ti - t.back() > max_gap)
      throw InputError(c.file(), at_line(times[i]),
                       "a gap of " + std::to_string((ti - t.back()) / 86400.0) + " days before times[" +
                           std::to_string(i) + "], longer than max_gap_days");
    t.push_back(ti);
    v.push_back(vi);
  }
  return Series::table(std::move(t), std::move(v), c.file(), at_line(c));
}

}  // namespace

Series read_series(const Config& c, const std::string& default_wet_months, bool nonnegative) {
  if (!c.is_map()) {
    const double v = c.as_double();
    check_sign(c, v, nonnegative);
    return Series::constant(v);
  }
  if (c.has("times") || c.has("values") || c.has("time_units")) return read_table(c, nonnegative);
  c.check_keys({"wet", "dry", "wet_months"});
  const double wet = c.at("wet").as_double(), dry = c.at("dry").as_double();
  check_sign(c.at("wet"), wet, nonnegative);
  check_sign(c.at("dry"), dry, nonnegative);
  const std::string months = c.get("wet_months", default_wet_months);
  try {
    return Series::seasonal(wet, dry, parse_months(months));
  } catch (const std::invalid_argument& e) {
    c.fail(e.what());
  }
}

}  // namespace beibu::rivers
