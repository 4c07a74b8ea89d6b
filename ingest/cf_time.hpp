#pragma once
// CF time: "<unit> since <date>" in the CF calendars, converted to and from the
// model time. Model time is seconds since 1970-01-01T00:00:00Z in the proleptic
// Gregorian calendar (UTC, no leap seconds), as a double.
//
// Real calendars (standard/gregorian, proleptic_gregorian, julian) name real
// instants and convert exactly. Model calendars (noleap, all_leap, 360_day) have
// no real instants: a noleap date maps to the same Gregorian date (every noleap
// date exists in Gregorian, so order is kept); all_leap and 360_day dates map
// by their fraction of the year onto the same Gregorian year, which is
// continuous and monotonic (an all_leap 29 February in 2023 would not exist).
//
// The parse functions throw std::invalid_argument with the problem only; the
// readers that know the file and variable turn it into an InputError.
#include <optional>
#include <string>
#include <vector>

namespace beibu {

enum class Calendar { standard, proleptic_gregorian, julian, noleap, all_leap, day360 };

// CF names: standard, gregorian, proleptic_gregorian, julian, noleap, 365_day,
// all_leap, 366_day, 360_day (case-insensitive). "" means standard.
Calendar parse_calendar(const std::string& name);
std::string calendar_name(Calendar c);

struct DateTime {
  long year = 1970;
  int month = 1, day = 1, hour = 0, minute = 0;
  double second = 0;
};

// Day count of a date in a calendar, and back; day 0 is the calendar's own
// 1970-01-01 (for julian and standard: the real day 1970-01-01 Gregorian).
long days_from_date(long y, int m, int d, Calendar c);
void date_from_days(long n, Calendar c, long& y, int& m, int& d);
bool is_leap_year(long y, Calendar c);
int days_in_month(long y, int m, Calendar c);

// Model seconds of a date given in a calendar, and back.
double to_model_time(const DateTime& dt, Calendar c);
DateTime from_model_time(double t, Calendar c);

// Parsed "<unit> since <date>" with the calendar.
struct CfTimeUnits {
  double unit_seconds = 1;  // seconds per unit
  DateTime origin;
  double origin_offset_s = 0;  // "+08:00" after the origin: subtract to get UTC
  Calendar calendar = Calendar::standard;
  std::string text;
};

// Units: second(s)/sec(s)/s, minute(s)/min(s), hour(s)/hr(s)/h, day(s)/d.
// Months and years are refused: CF/udunits define them as fractions of a
// tropical year, which is never what a data set means.
CfTimeUnits parse_time_units(const std::string& units, const std::string& calendar);

// A value in the units -> model time, and back.
double cf_to_model(double value, const CfTimeUnits& u);
double model_to_cf(double t, const CfTimeUnits& u);

// Position of a model time within its (Gregorian) year, in [0, 1).
double year_phase(double t);
// Position of a date within its year in the given calendar, in [0, 1).
double year_phase(const DateTime& dt, Calendar c);

// ISO 8601 date-times: "2024-07-01T08:00:00+08:00", "2024-07-01 08:00Z",
// "2024-07-01T00:00:00.5-03:30", "20240701T080000+0800", or a date alone
// (midnight). Without an offset ("Z", "+hh", "+hh:mm", "+hhmm") the time is
// refused unless `default_offset_s` is given (seconds east of UTC).
// `offset_used`, when given, receives the offset applied (seconds east of UTC).
double parse_iso8601(const std::string& s, std::optional<double> default_offset_s = std::nullopt,
                     double* offset_used = nullptr);
// Parses a UTC offset "+08:00", "-0330", "+8", "Z" into seconds.
double parse_utc_offset(const std::string& s);
// "2024-07-01T00:00:00Z" (seconds shown only when not whole).
std::string format_iso8601(double t);

// A time axis as the gridded readers use it: model seconds, or for a
// climatology the year phase of each value (used cyclically for any year).
struct TimeAxis {
  std::vector<double> t;
  bool climatology = false;
};

struct TimeBracket {
  std::size_t i0 = 0, i1 = 0;
  double w1 = 0;  // value = (1 - w1) * v[i0] + w1 * v[i1]
  bool inside = true;
};

// Linear-in-time bracket. Climatologies wrap from the last value of a year to
// the first of the next. A non-climatological time outside the axis gives
// inside = false (the caller decides; guessing an extrapolation is wrong).
TimeBracket bracket(const TimeAxis& axis, double t);

}  // namespace beibu
