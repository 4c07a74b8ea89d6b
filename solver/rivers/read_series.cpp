#include "solver/rivers/read_series.hpp"

#include <cmath>
#include <stdexcept>

#include "core/config.hpp"
#include "core/error.hpp"
#include "ingest/cf_time.hpp"

namespace beibu::rivers {

namespace {

std::string at_line(const Config& c) {
  return "line " + std::to_string(c.line()) + " (" + c.path() + ")";
}

Range value_range(bool nonnegative) {
  return nonnegative ? Range::non_negative() : Range::any();
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
  const double max_gap = c.get("max_gap_days", 31.0, Range::positive()) * 86400.0;
  std::vector<double> t, v;
  for (size_t i = 0; i < times.size(); ++i) {
    if (values[i].is_null())
      throw InputError(c.file(), at_line(values[i]),
                       "values[" + std::to_string(i) + "] is missing: a gap in the series (give every time a value)");
    const double vi = values[i].as_double(value_range(nonnegative));
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
  return Series::table(std::move(t), std::move(v), Series::Ends::error, c.file(), at_line(c));
}

}  // namespace

Series read_series(const Config& c, const std::string& default_wet_months, bool nonnegative) {
  if (!c.is_map()) {
    const double v = c.as_double(value_range(nonnegative));
    return Series::constant(v);
  }
  if (c.has("times") || c.has("values") || c.has("time_units")) return read_table(c, nonnegative);
  c.check_keys({"wet", "dry", "wet_months"});
  const double wet = c.at("wet").as_double(value_range(nonnegative));
  const double dry = c.at("dry").as_double(value_range(nonnegative));
  const std::string months = c.get("wet_months", default_wet_months);
  try {
    return Series::seasonal(wet, dry, parse_months(months));
  } catch (const std::invalid_argument& e) {
    c.fail(e.what());
  }
}

}  // namespace beibu::rivers
