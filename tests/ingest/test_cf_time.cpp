// CF time: every calendar, the 1582 switch, climatology phases, ISO 8601.
#include <catch2/catch.hpp>
#include <stdexcept>

#include "ingest/cf_time.hpp"

using namespace beibu;

namespace {
const double kDay = 86400.0;
double greg(long y, int m, int d) {
  return static_cast<double>(days_from_date(y, m, d, Calendar::proleptic_gregorian)) * kDay;
}
}  // namespace

TEST_CASE("calendar names", "[cf_time]") {
  CHECK(parse_calendar("") == Calendar::standard);
  CHECK(parse_calendar("Gregorian") == Calendar::standard);
  CHECK(parse_calendar("proleptic_gregorian") == Calendar::proleptic_gregorian);
  CHECK(parse_calendar("365_day") == Calendar::noleap);
  CHECK(parse_calendar("noleap") == Calendar::noleap);
  CHECK(parse_calendar("366_day") == Calendar::all_leap);
  CHECK(parse_calendar("all_leap") == Calendar::all_leap);
  CHECK(parse_calendar("360_day") == Calendar::day360);
  CHECK(parse_calendar("julian") == Calendar::julian);
  CHECK_THROWS_AS(parse_calendar("lunar"), std::invalid_argument);
}

TEST_CASE("proleptic Gregorian day numbers", "[cf_time]") {
  CHECK(days_from_date(1970, 1, 1, Calendar::proleptic_gregorian) == 0);
  CHECK(days_from_date(2000, 1, 1, Calendar::proleptic_gregorian) == 10957);
  CHECK(days_from_date(2000, 3, 1, Calendar::proleptic_gregorian) == 11017);  // 2000 is leap
  CHECK(days_from_date(1900, 3, 1, Calendar::proleptic_gregorian) -
            days_from_date(1900, 2, 28, Calendar::proleptic_gregorian) ==
        1);  // 1900 is not
  for (long n : {-800000L, -1L, 0L, 59L, 10957L, 2932896L}) {
    long y;
    int m, d;
    date_from_days(n, Calendar::proleptic_gregorian, y, m, d);
    CHECK(days_from_date(y, m, d, Calendar::proleptic_gregorian) == n);
  }
}

TEST_CASE("julian calendar and the 1582 switch of the standard calendar", "[cf_time]") {
  // Julian 1970-01-01 is Gregorian 1970-01-14.
  CHECK(days_from_date(1970, 1, 1, Calendar::julian) == 13);
  CHECK(is_leap_year(1900, Calendar::julian));
  // Thursday 4 October 1582 (Julian) was followed by Friday 15 October 1582 (Gregorian).
  CHECK(days_from_date(1582, 10, 4, Calendar::julian) + 1 ==
        days_from_date(1582, 10, 15, Calendar::proleptic_gregorian));
  const CfTimeUnits u = parse_time_units("days since 1582-10-04", "standard");
  const DateTime next = from_model_time(cf_to_model(1, u), Calendar::standard);
  CHECK(next.year == 1582);
  CHECK(next.month == 10);
  CHECK(next.day == 15);
  const CfTimeUnits p = parse_time_units("days since 1582-10-04", "proleptic_gregorian");
  CHECK(from_model_time(cf_to_model(1, p), Calendar::proleptic_gregorian).day == 5);
  // Julian 1500-01-01 was Gregorian 1500-01-10 (the calendars were 9 days apart then).
  const double std1500 = cf_to_model(0, parse_time_units("days since 1500-01-01", "gregorian"));
  const double pro1500 = cf_to_model(0, parse_time_units("days since 1500-01-01", "proleptic_gregorian"));
  CHECK(std1500 - pro1500 == Approx(9 * kDay));
  CHECK_THROWS_AS(parse_time_units("days since 1582-10-10", "standard"), std::invalid_argument);
}

TEST_CASE("noleap / 365_day", "[cf_time]") {
  const CfTimeUnits u = parse_time_units("days since 2000-01-01", "noleap");
  CHECK(cf_to_model(59, u) == greg(2000, 3, 1));  // no 29 February
  CHECK(cf_to_model(365, u) == greg(2001, 1, 1));
  CHECK(model_to_cf(greg(2000, 3, 1), u) == Approx(59));
}

TEST_CASE("all_leap / 366_day", "[cf_time]") {
  const CfTimeUnits u = parse_time_units("days since 2001-01-01", "all_leap");
  const DateTime feb29 = from_model_time(cf_to_model(59, u), Calendar::all_leap);
  CHECK(feb29.month == 2);
  CHECK(feb29.day == 29);
  // 2001 is not leap: all_leap days map by their fraction of the year.
  CHECK(cf_to_model(59, u) == Approx(greg(2001, 1, 1) + 59.0 / 366.0 * 365.0 * kDay));
  CHECK(cf_to_model(366, u) == Approx(greg(2002, 1, 1)));
  CHECK(model_to_cf(cf_to_model(200.25, u), u) == Approx(200.25));
}

TEST_CASE("360_day", "[cf_time]") {
  const CfTimeUnits u = parse_time_units("days since 2000-01-01 00:00:00", "360_day");
  const DateTime feb30 = from_model_time(cf_to_model(59, u), Calendar::day360);
  CHECK(feb30.month == 2);
  CHECK(feb30.day == 30);
  CHECK(cf_to_model(30, u) == Approx(greg(2000, 1, 1) + 30.0 / 360.0 * 366.0 * kDay));
  CHECK(cf_to_model(360, u) == Approx(greg(2001, 1, 1)));
  CHECK(model_to_cf(cf_to_model(123.5, u), u) == Approx(123.5));
  // Monotonic across month ends.
  double prev = -1e300;
  for (int d = 0; d < 720; ++d) {
    const double t = cf_to_model(d, u);
    CHECK(t > prev);
    prev = t;
  }
}

TEST_CASE("time units: spellings, offsets and refusals", "[cf_time]") {
  CHECK(parse_time_units("seconds since 1970-01-01T00:00:00Z", "").unit_seconds == 1);
  CHECK(parse_time_units("sec since 1970-1-1", "").unit_seconds == 1);
  CHECK(parse_time_units("minutes since 1970-01-01", "").unit_seconds == 60);
  CHECK(parse_time_units("hour since 0000-01-01 00:00:00", "").unit_seconds == 3600);
  CHECK(parse_time_units("hrs since 1990-01-01", "").unit_seconds == 3600);
  CHECK(parse_time_units("d since 1990-01-01", "").unit_seconds == 86400);
  CHECK(cf_to_model(0, parse_time_units("hours since 1970-01-01 08:00:00 +08:00", "")) == 0);
  CHECK(cf_to_model(1.5, parse_time_units("hours since 1970-01-01 00:00:00.0", "gregorian")) == 5400);
  CHECK_THROWS_AS(parse_time_units("months since 2000-01-01", ""), std::invalid_argument);
  CHECK_THROWS_AS(parse_time_units("furlongs since 2000-01-01", ""), std::invalid_argument);
  CHECK_THROWS_AS(parse_time_units("hours after 2000-01-01", ""), std::invalid_argument);
  CHECK_THROWS_AS(parse_time_units("hours since 2000-13-01", ""), std::invalid_argument);
  CHECK_THROWS_AS(parse_time_units("hours since 2000-01-01 25:00", ""), std::invalid_argument);
}

TEST_CASE("round trips in every calendar", "[cf_time]") {
  for (const char* cal : {"standard", "proleptic_gregorian", "julian", "noleap", "all_leap", "360_day"}) {
    const CfTimeUnits u = parse_time_units("hours since 1990-06-15 12:00", cal);
    for (double v : {-100000.0, -1.0, 0.0, 0.5, 8760.0, 300000.25})
      CHECK(model_to_cf(cf_to_model(v, u), u) == Approx(v).margin(1e-6));
  }
}

TEST_CASE("climatology phases: year 0 and any year", "[cf_time]") {
  // COADS: TIME = 366 "hour since 0000-01-01" is 16 January 06:00 of year 0 (leap).
  const CfTimeUnits u = parse_time_units("hour since 0000-01-01 00:00:00", "");
  const DateTime d = from_model_time(cf_to_model(366, u), u.calendar);
  CHECK(d.year == 0);
  CHECK(d.month == 1);
  CHECK(d.day == 16);
  CHECK(d.hour == 6);
  CHECK(year_phase(d, u.calendar) == Approx(366.0 / 8784.0));
  // Mid-year of a non-leap year.
  CHECK(year_phase(greg(2023, 7, 2) + 12 * 3600) == Approx(0.5));

  TimeAxis ax;
  ax.climatology = true;
  for (int k = 0; k < 12; ++k) ax.t.push_back((k + 0.5) / 12);
  // 1 January sits half way between December and January of the cycle.
  const TimeBracket b = bracket(ax, greg(2023, 1, 1));
  CHECK(b.i0 == 11);
  CHECK(b.i1 == 0);
  CHECK(b.w1 == Approx(0.5));
  CHECK(bracket(ax, greg(1990, 12, 31) + 86399).i0 == 11);
  // Any year: the same phase gives the same bracket.
  const TimeBracket a1 = bracket(ax, greg(2001, 7, 2)), a2 = bracket(ax, greg(2043, 7, 2));
  CHECK(a1.i0 == a2.i0);
  CHECK(a1.w1 == Approx(a2.w1));

  TimeAxis plain{{0.0, 100.0}, false};
  CHECK(bracket(plain, 25).w1 == Approx(0.25));
  CHECK_FALSE(bracket(plain, 101).inside);
  CHECK_FALSE(bracket(plain, -1).inside);
}

TEST_CASE("ISO 8601 with offsets", "[cf_time]") {
  const double utc = greg(2024, 7, 1);
  CHECK(utc == 1719792000.0);
  CHECK(parse_iso8601("2024-07-01T08:00:00+08:00") == utc);
  CHECK(parse_iso8601("2024-07-01T00:00:00Z") == utc);
  CHECK(parse_iso8601("2024-07-01 08:00+08") == utc);
  CHECK(parse_iso8601("20240701T080000+0800") == utc);
  CHECK(parse_iso8601("2024-06-30T20:30:00-03:30") == utc);
  CHECK(parse_iso8601("2024-07-01") == utc);
  CHECK(parse_iso8601("2024-07-01T00:00:00.25Z") == utc + 0.25);
  double off = 0;
  CHECK(parse_iso8601("2024-07-01 08:00:00", 8 * 3600.0, &off) == utc);
  CHECK(off == 8 * 3600.0);
  CHECK_THROWS_AS(parse_iso8601("2024-07-01T08:00:00"), std::invalid_argument);  // no offset
  CHECK_THROWS_AS(parse_iso8601("2024-02-30T00:00Z"), std::invalid_argument);
  CHECK_THROWS_AS(parse_iso8601("2024-07-01T25:00Z"), std::invalid_argument);
  CHECK_THROWS_AS(parse_iso8601("01/07/2024"), std::invalid_argument);
  CHECK_THROWS_AS(parse_iso8601("2024-07-01T08:00+08:00 junk"), std::invalid_argument);
  CHECK(parse_utc_offset("+08:00") == 28800);
  CHECK(parse_utc_offset("-0330") == -12600);
  CHECK(format_iso8601(utc) == "2024-07-01T00:00:00Z");
}
