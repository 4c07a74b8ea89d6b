#include "scenarios/spec/series.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/config.hpp"
#include "core/error.hpp"
#include "ingest/cf_time.hpp"

namespace beibu {

Series Series::monthly(std::vector<double> values) {
  Series s;
  s.kind_ = Kind::monthly;
  s.v_ = std::move(values);
  return s;
}

Series Series::table(std::vector<double> times, std::vector<double> values) {
  Series s;
  s.kind_ = Kind::table;
  s.t_ = std::move(times);
  s.v_ = std::move(values);
  return s;
}

double Series::at(double t) const {
  switch (kind_) {
    case Kind::constant:
      return v_[0];
    case Kind::monthly: {
      // Piecewise constant by calendar month (monthly means, as published).
      const DateTime d = from_model_time(t, Calendar::standard);
      return v_[static_cast<std::size_t>(d.month - 1)];
    }
    case Kind::table: {
      if (t <= t_.front()) return v_.front();
      if (t >= t_.back()) return v_.back();
      const auto it = std::upper_bound(t_.begin(), t_.end(), t);
      const std::size_t i = static_cast<std::size_t>(it - t_.begin());
      const double w = (t - t_[i - 1]) / (t_[i] - t_[i - 1]);
      return (1 - w) * v_[i - 1] + w * v_[i];
    }
  }
  return NAN;
}

double Series::min() const {
  return *std::min_element(v_.begin(), v_.end());
}

double Series::mean(double t0, double t1) const {
  if (kind_ == Kind::constant || t1 <= t0) return at(t0);
  const int n = std::max(1, static_cast<int>((t1 - t0) / 3600.0));
  double s = 0;
  for (int k = 0; k < n; ++k) s += at(t0 + (k + 0.5) * (t1 - t0) / n);
  return s / n;
}

Series Series::scaled(double f) const {
  Series s = *this;
  for (double& v : s.v_) v *= f;
  return s;
}

Series parse_series(const Config& c) {
  if (!c.is_map()) {
    const double v = c.as_double();
    if (!(v >= 0) || !std::isfinite(v)) c.fail("must be a finite number >= 0");
    return Series(v);
  }
  c.check_keys({"monthly", "series"});
  if (c.has("monthly")) {
    const Config m = c.at("monthly");
    auto v = m.as_doubles();
    if (v.size() != 12) m.fail("expected 12 monthly values (January to December), got " + std::to_string(v.size()));
    for (double x : v)
      if (!(x >= 0) || !std::isfinite(x)) m.fail("monthly values must be finite and >= 0");
    return Series::monthly(std::move(v));
  }
  if (!c.has("series")) c.fail("expected a number, {monthly: [...]} or {series: [[time, value], ...]}");
  std::vector<double> t, v;
  for (const Config& row : c.at("series").items()) {
    const auto cells = row.items();
    if (cells.size() != 2) row.fail("expected [time, value]");
    double tt;
    try {
      tt = parse_iso8601(cells[0].as_string());
    } catch (const std::invalid_argument& e) {
      cells[0].fail(std::string("bad time: ") + e.what());
    }
    const double vv = cells[1].as_double();
    if (!(vv >= 0) || !std::isfinite(vv)) cells[1].fail("must be a finite number >= 0");
    if (!t.empty() && tt <= t.back()) cells[0].fail("times must increase");
    t.push_back(tt);
    v.push_back(vv);
  }
  if (t.empty()) c.at("series").fail("is empty");
  return Series::table(std::move(t), std::move(v));
}

}  // namespace beibu
