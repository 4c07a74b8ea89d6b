#include "scenarios/spec/series.hpp"

#include <cmath>
#include <stdexcept>

#include "core/config.hpp"
#include "core/error.hpp"
#include "ingest/cf_time.hpp"

namespace beibu {

Series parse_series(const Config& c) {
  if (!c.is_map()) {
    const double v = c.as_double();
    if (!(v >= 0) || !std::isfinite(v)) c.fail("must be a finite number >= 0");
    return Series::constant(v);
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
  return Series::table(std::move(t), std::move(v), Series::Ends::hold, c.file(), "line " + std::to_string(c.line()));
}

}  // namespace beibu
