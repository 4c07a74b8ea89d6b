// The one time-series type (solver/series.hpp): constant, by calendar month, and
// tables with their two end rules; and the river network file's syntax for it.
// Model times of dates are typed here from the calendar, not computed by the code.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/config.hpp"
#include "core/error.hpp"
#include "solver/rivers/read_series.hpp"
#include "solver/series.hpp"

using namespace beibu;

namespace {
constexpr double k2020Jan06 = 1578268800.0, k2020Jul01 = 1593561600.0, k2020Nov30 = 1606694400.0;
}

TEST_CASE("Series: months, wrapping seasons and monthly values", "[series]") {
  const MonthSet wet = parse_months("4-9");
  CHECK(wet[3]);
  CHECK(wet[8]);
  CHECK_FALSE(wet[9]);
  CHECK_FALSE(wet[2]);
  const MonthSet winter = parse_months("11-2");
  CHECK(winter[10]);
  CHECK(winter[0]);
  CHECK(winter[1]);
  CHECK_FALSE(winter[2]);
  CHECK_THROWS_AS(parse_months("13-2"), std::invalid_argument);
  const Series s = Series::seasonal(280, 79, wet);
  CHECK(s.at(k2020Jul01) == 280);
  CHECK(s.at(k2020Jan06) == 79);
  CHECK(s.min_value() == 79);
  // Every month wet: the dry value never applies, so it is not the minimum.
  CHECK(Series::seasonal(5, 0, parse_months("1-12")).min_value() == 5);
  std::vector<double> m(12);
  for (int k = 0; k < 12; ++k) m[static_cast<std::size_t>(k)] = k + 1;
  const Series monthly = Series::monthly(m);
  CHECK(monthly.at(k2020Jan06) == 1);
  CHECK(monthly.at(k2020Jul01) == 7);
  CHECK(monthly.at(k2020Nov30) == 11);
  CHECK(monthly.scaled(2).at(k2020Jul01) == 14);
  CHECK(Series().at(0) == 0);
  CHECK(Series::constant(3.5).scaled(2).at(1e9) == 7);
}

TEST_CASE("Series: a table interpolates linearly, its ends hold or are errors as asked", "[series]") {
  const Series hold = Series::table({0, 10, 20}, {1, 3, 0}, Series::Ends::hold);
  CHECK(hold.at(5) == 2);
  CHECK(hold.at(15) == 1.5);
  CHECK(hold.at(10) == 3);
  CHECK(hold.at(-100) == 1);  // before the first time: the first value
  CHECK(hold.at(1e9) == 0);   // after the last: the last value
  CHECK(hold.min_value() == 0);
  const Series err = Series::table({0, 10}, {1, 3}, Series::Ends::error, "q.yaml", "line 4");
  CHECK(err.at(0) == 1);
  CHECK(err.at(10) == 3);
  CHECK(err.at(2.5) == 1.5);
  try {
    err.at(11);  // never extrapolated
    FAIL("extrapolated");
  } catch (const InputError& e) {
    CHECK(e.file() == "q.yaml");
    CHECK_THAT(std::string(e.what()), Catch::Contains("line 4"));
  }
  CHECK_THROWS_AS(err.at(-1), InputError);
  // A one-entry table is a constant (within its one time when ends are errors).
  CHECK(Series::table({5}, {2}, Series::Ends::hold).at(100) == 2);
  CHECK(Series::table({5}, {2}, Series::Ends::error).at(5) == 2);
  CHECK_THROWS_AS(Series::table({}, {}, Series::Ends::hold), InputError);
  CHECK_THROWS_AS(Series::table({0, 1}, {2}, Series::Ends::hold), InputError);
  // The free function is the same rule as `hold`.
  CHECK(interpolate_linear({0, 10, 20}, {1, 3, 0}, 15) == 1.5);
  CHECK(interpolate_linear({0, 10, 20}, {1, 3, 0}, 25) == 0);
}

TEST_CASE("Series: the river network file's syntax", "[series][rivers]") {
  const Config c = Config::load_string(
      "q: {time_units: days since 2020-01-01, times: [0, 1], values: [5, 7]}\n"
      "s: {wet: 3, dry: 1, wet_months: 11-2}\n"
      "k: 4\n",
      "s.yaml");
  const Series r = rivers::read_series(c.at("q"), "4-9", true);
  CHECK(r.at(1577836800.0 + 43200) == Approx(6));
  CHECK_THROWS_AS(r.at(1577836800.0 + 2 * 86400), InputError);  // a river table's ends are errors
  CHECK(rivers::read_series(c.at("s"), "4-9", true).at(k2020Jan06) == 3);
  CHECK(rivers::read_series(c.at("k"), "4-9", true).at(0) == 4);
}
