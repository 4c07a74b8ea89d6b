#include "cf_time.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "ingest/text_util.hpp"

namespace beibu {

namespace {

constexpr double kDay = 86400.0;

long floor_div(long a, long b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Gregorian (H. Hinnant's algorithms), day 0 = 1970-01-01.
long gregorian_days(long y, int m, int d) {
  y -= m <= 2;
  const long era = floor_div(y, 400);
  const long yoe = y - era * 400;
  const long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void gregorian_date(long z, long& y, int& m, int& d) {
  z += 719468;
  const long era = floor_div(z, 146097);
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2);
}

// Julian: the same March-based scheme with a 4-year cycle of 1461 days.
long julian_raw(long y, int m, int d) {
  y -= m <= 2;
  const long era = floor_div(y, 4);
  const long yoe = y - era * 4;
  const long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  return era * 1461 + yoe * 365 + doy;
}
// 1970-01-01 Gregorian is 1969-12-19 Julian: that day is 0.
const long kJulianEpoch = julian_raw(1969, 12, 19);

void julian_date(long z, long& y, int& m, int& d) {
  z += kJulianEpoch;
  const long era = floor_div(z, 1461);
  const long doe = z - era * 1461;
  const long yoe = (doe - doe / 1460) / 365;
  const long doy = doe - 365 * yoe;
  const long mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 4 + (m <= 2);
}

const int kCumNoleap[13] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};
const int kCumLeap[13] = {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366};

// Fixed-length-year calendars: day 0 = that calendar's 1970-01-01.
long fixed_days(long y, int m, int d, Calendar c) {
  switch (c) {
    case Calendar::noleap:
      return (y - 1970) * 365 + kCumNoleap[m - 1] + d - 1;
    case Calendar::all_leap:
      return (y - 1970) * 366 + kCumLeap[m - 1] + d - 1;
    default:
      return (y - 1970) * 360 + (m - 1) * 30 + d - 1;
  }
}

void fixed_date(long n, Calendar c, long& y, int& m, int& d) {
  const int len = c == Calendar::noleap ? 365 : c == Calendar::all_leap ? 366 : 360;
  y = 1970 + floor_div(n, len);
  const int doy = static_cast<int>(n - floor_div(n, len) * len);
  if (c == Calendar::day360) {
    m = doy / 30 + 1;
    d = doy % 30 + 1;
    return;
  }
  const int* cum = c == Calendar::noleap ? kCumNoleap : kCumLeap;
  m = 1;
  while (doy >= cum[m]) ++m;
  d = doy - cum[m - 1] + 1;
}

// The 1582 switch of the standard calendar: 4 October (Julian) is followed by 15 October (Gregorian).
const long kGregorianStart = gregorian_days(1582, 10, 15);

// A small cursor over the text of a date.
struct Cursor {
  const std::string& s;
  std::size_t p = 0;
  bool done() const { return p >= s.size(); }
  char peek() const { return done() ? '\0' : s[p]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++p;
    return true;
  }
  bool digit() const { return std::isdigit(static_cast<unsigned char>(peek())) != 0; }
  // Reads between lo and hi digits.
  long number(int lo, int hi, const char* what) {
    long v = 0;
    int n = 0;
    while (n < hi && digit()) {
      v = v * 10 + (s[p++] - '0');
      ++n;
    }
    if (n < lo) throw std::invalid_argument("expected " + std::string(what) + " in '" + s + "'");
    return v;
  }
  void skip_spaces() {
    while (peek() == ' ') ++p;
  }
};

void check_date(long y, int m, int d, Calendar c, const std::string& s) {
  if (m < 1 || m > 12) throw std::invalid_argument("month out of range in '" + s + "'");
  if (d < 1 || d > days_in_month(y, m, c)) throw std::invalid_argument("day out of range in '" + s + "'");
  (void)days_from_date(y, m, d, c);  // refuses the days dropped in 1582 by the standard calendar
}

void check_time(int h, int mi, double sec, const std::string& s) {
  if (h > 24 || mi > 59 || sec >= 61 || (h == 24 && (mi > 0 || sec > 0)))
    throw std::invalid_argument("time of day out of range in '" + s + "'");
}

// "hh:mm[:ss[.fff]]" after the cursor; `compact` also allows "hhmm[ss]".
void parse_clock(Cursor& c, DateTime& dt, bool compact) {
  dt.hour = static_cast<int>(c.number(1, 2, "an hour"));
  const bool colon = c.eat(':');
  if (!colon && !(compact && c.digit())) return;
  dt.minute = static_cast<int>(c.number(colon ? 1 : 2, 2, "minutes"));
  const bool colon2 = c.eat(':');
  if (!colon2 && !(compact && c.digit())) return;
  dt.second = static_cast<double>(c.number(colon2 ? 1 : 2, 2, "seconds"));
  if (c.eat('.') || c.eat(',')) {
    double scale = 0.1;
    if (!c.digit()) throw std::invalid_argument("expected a fraction of a second in '" + c.s + "'");
    while (c.digit()) {
      dt.second += scale * (c.s[c.p++] - '0');
      scale *= 0.1;
    }
  }
}

// "Z", "UTC", "GMT", "+hh", "+hh:mm", "+hhmm" (or '-') at the cursor; nullopt if none.
std::optional<double> parse_offset_at(Cursor& c) {
  c.skip_spaces();
  if (c.done()) return std::nullopt;
  const std::string rest = c.s.substr(c.p);
  if (rest == "Z" || rest == "z" || rest == "UTC" || rest == "GMT") {
    c.p = c.s.size();
    return 0.0;
  }
  const char sign = c.peek();
  if (sign != '+' && sign != '-') throw std::invalid_argument("unexpected text '" + rest + "' in '" + c.s + "'");
  ++c.p;
  const long h = c.number(1, 2, "an offset hour");
  long mi = 0;
  if (c.eat(':') || c.digit()) mi = c.number(2, 2, "offset minutes");
  if (h > 14 || mi > 59) throw std::invalid_argument("UTC offset out of range in '" + c.s + "'");
  const double off = h * 3600.0 + mi * 60.0;
  return sign == '-' ? -off : off;
}

double seconds_of_day(const DateTime& dt) {
  return dt.hour * 3600.0 + dt.minute * 60.0 + dt.second;
}

// Seconds on the calendar's own time line (day 0 = its 1970-01-01).
double calendar_seconds(const DateTime& dt, Calendar c) {
  return static_cast<double>(days_from_date(dt.year, dt.month, dt.day, c)) * kDay + seconds_of_day(dt);
}

DateTime calendar_datetime(double s, Calendar c) {
  const double n = std::floor(s / kDay);
  double rem = s - n * kDay;
  DateTime dt;
  date_from_days(static_cast<long>(n), c, dt.year, dt.month, dt.day);
  // Round to microseconds so 3600 s does not print as 59:59.999999.
  rem = std::round(rem * 1e6) / 1e6;
  if (rem >= kDay) rem = kDay - 1e-6;
  dt.hour = static_cast<int>(rem / 3600);
  dt.minute = static_cast<int>((rem - dt.hour * 3600) / 60);
  dt.second = rem - dt.hour * 3600 - dt.minute * 60;
  return dt;
}

int year_length(long y, Calendar c) {
  switch (c) {
    case Calendar::noleap:
      return 365;
    case Calendar::all_leap:
      return 366;
    case Calendar::day360:
      return 360;
    default:
      return is_leap_year(y, c) ? 366 : 365;
  }
}

bool is_real(Calendar c) {
  return c == Calendar::standard || c == Calendar::proleptic_gregorian || c == Calendar::julian;
}

}  // namespace

Calendar parse_calendar(const std::string& name) {
  const std::string n = lower(trim(name));
  if (n.empty() || n == "standard" || n == "gregorian") return Calendar::standard;
  if (n == "proleptic_gregorian") return Calendar::proleptic_gregorian;
  if (n == "julian") return Calendar::julian;
  if (n == "noleap" || n == "365_day") return Calendar::noleap;
  if (n == "all_leap" || n == "366_day") return Calendar::all_leap;
  if (n == "360_day") return Calendar::day360;
  throw std::invalid_argument("unknown calendar '" + name + "'");
}

std::string calendar_name(Calendar c) {
  switch (c) {
    case Calendar::standard:
      return "standard";
    case Calendar::proleptic_gregorian:
      return "proleptic_gregorian";
    case Calendar::julian:
      return "julian";
    case Calendar::noleap:
      return "noleap";
    case Calendar::all_leap:
      return "all_leap";
    case Calendar::day360:
      return "360_day";
  }
  return "?";
}

bool is_leap_year(long y, Calendar c) {
  switch (c) {
    case Calendar::proleptic_gregorian:
      return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    case Calendar::julian:
      return y % 4 == 0;
    case Calendar::standard:
      return y < 1583 ? y % 4 == 0 : ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
    case Calendar::noleap:
    case Calendar::day360:
      return false;
    case Calendar::all_leap:
      return true;
  }
  return false;
}

int days_in_month(long y, int m, Calendar c) {
  if (c == Calendar::day360) return 30;
  static const int kLen[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y, c) ? 29 : kLen[m - 1];
}

long days_from_date(long y, int m, int d, Calendar c) {
  switch (c) {
    case Calendar::proleptic_gregorian:
      return gregorian_days(y, m, d);
    case Calendar::julian:
      return julian_raw(y, m, d) - kJulianEpoch;
    case Calendar::standard: {
      if (y > 1582 || (y == 1582 && (m > 10 || (m == 10 && d >= 15)))) return gregorian_days(y, m, d);
      if (y == 1582 && m == 10 && d > 4)
        throw std::invalid_argument("1582-10-05 to 1582-10-14 do not exist in the standard calendar");
      return julian_raw(y, m, d) - kJulianEpoch;
    }
    default:
      return fixed_days(y, m, d, c);
  }
}

void date_from_days(long n, Calendar c, long& y, int& m, int& d) {
  switch (c) {
    case Calendar::proleptic_gregorian:
      return gregorian_date(n, y, m, d);
    case Calendar::julian:
      return julian_date(n, y, m, d);
    case Calendar::standard:
      return n >= kGregorianStart ? gregorian_date(n, y, m, d) : julian_date(n, y, m, d);
    default:
      return fixed_date(n, c, y, m, d);
  }
}

double year_phase(const DateTime& dt, Calendar c) {
  const double start = static_cast<double>(days_from_date(dt.year, 1, 1, c)) * kDay;
  return (calendar_seconds(dt, c) - start) / (year_length(dt.year, c) * kDay);
}

double year_phase(double t) {
  return year_phase(from_model_time(t, Calendar::proleptic_gregorian), Calendar::proleptic_gregorian);
}

double to_model_time(const DateTime& dt, Calendar c) {
  if (is_real(c)) return calendar_seconds(dt, c);
  if (c == Calendar::noleap) return calendar_seconds(dt, Calendar::proleptic_gregorian);
  // all_leap, 360_day: the same fraction of the same Gregorian year.
  const double start = static_cast<double>(gregorian_days(dt.year, 1, 1)) * kDay;
  return start + year_phase(dt, c) * year_length(dt.year, Calendar::proleptic_gregorian) * kDay;
}

DateTime from_model_time(double t, Calendar c) {
  if (is_real(c)) return calendar_datetime(t, c);
  const DateTime g = calendar_datetime(t, Calendar::proleptic_gregorian);
  if (c == Calendar::noleap) {
    if (g.month == 2 && g.day == 29) return DateTime{g.year, 3, 1, 0, 0, 0};  // no 29 Feb: the axis jumps
    return g;
  }
  const double phase = year_phase(g, Calendar::proleptic_gregorian);
  const double start = static_cast<double>(days_from_date(g.year, 1, 1, c)) * kDay;
  return calendar_datetime(start + phase * year_length(g.year, c) * kDay, c);
}

CfTimeUnits parse_time_units(const std::string& units, const std::string& calendar) {
  CfTimeUnits u;
  u.text = units;
  u.calendar = parse_calendar(calendar);
  const std::string t = trim(units);
  const std::size_t since = lower(t).find(" since ");
  if (since == std::string::npos)
    throw std::invalid_argument("time units '" + units + "' are not '<unit> since <date>'");
  const std::string unit = lower(trim(t.substr(0, since)));
  if (unit == "second" || unit == "seconds" || unit == "sec" || unit == "secs" || unit == "s")
    u.unit_seconds = 1;
  else if (unit == "minute" || unit == "minutes" || unit == "min" || unit == "mins")
    u.unit_seconds = 60;
  else if (unit == "hour" || unit == "hours" || unit == "hr" || unit == "hrs" || unit == "h")
    u.unit_seconds = 3600;
  else if (unit == "day" || unit == "days" || unit == "d")
    u.unit_seconds = kDay;
  else
    throw std::invalid_argument("time unit '" + unit + "' in '" + units +
                                "' is not seconds, minutes, hours or days (months and years are ambiguous in CF)");

  const std::string date = trim(t.substr(since + 7));
  Cursor c{date};
  const bool neg = c.eat('-');
  u.origin.year = c.number(1, 6, "a year");
  if (neg) u.origin.year = -u.origin.year;
  if (!c.eat('-')) throw std::invalid_argument("expected '-' after the year in '" + units + "'");
  u.origin.month = static_cast<int>(c.number(1, 2, "a month"));
  if (!c.eat('-')) throw std::invalid_argument("expected '-' after the month in '" + units + "'");
  u.origin.day = static_cast<int>(c.number(1, 2, "a day"));
  // The origin is in the data's calendar; year 0 is allowed (climatologies use it).
  check_date(u.origin.year, u.origin.month, u.origin.day, u.calendar, units);
  if (c.eat('T') || c.peek() == ' ') {
    c.skip_spaces();
    if (c.digit()) parse_clock(c, u.origin, false);
  }
  check_time(u.origin.hour, u.origin.minute, u.origin.second, units);
  if (auto off = parse_offset_at(c)) u.origin_offset_s = *off;
  c.skip_spaces();
  if (!c.done()) throw std::invalid_argument("unexpected text after the date in '" + units + "'");
  return u;
}

namespace {
double origin_seconds(const CfTimeUnits& u) {
  return calendar_seconds(u.origin, u.calendar) - u.origin_offset_s;
}
}  // namespace

double cf_to_model(double value, const CfTimeUnits& u) {
  const double s = origin_seconds(u) + value * u.unit_seconds;
  if (is_real(u.calendar)) return s;
  return to_model_time(calendar_datetime(s, u.calendar), u.calendar);
}

double model_to_cf(double t, const CfTimeUnits& u) {
  const double s = is_real(u.calendar) ? t : calendar_seconds(from_model_time(t, u.calendar), u.calendar);
  return (s - origin_seconds(u)) / u.unit_seconds;
}

double parse_utc_offset(const std::string& s) {
  const std::string t = trim(s);
  Cursor c{t};
  auto off = parse_offset_at(c);
  if (!off || !c.done()) throw std::invalid_argument("'" + s + "' is not a UTC offset like +08:00");
  return *off;
}

double parse_iso8601(const std::string& s, std::optional<double> default_offset_s, double* offset_used) {
  const std::string t = trim(s);
  if (t.empty()) throw std::invalid_argument("empty time");
  Cursor c{t};
  DateTime dt;
  dt.year = c.number(4, 4, "a four-digit year");
  const bool dashes = c.eat('-');
  dt.month = static_cast<int>(c.number(2, 2, "a two-digit month"));
  if (dashes && !c.eat('-')) throw std::invalid_argument("expected '-' after the month in '" + t + "'");
  dt.day = static_cast<int>(c.number(2, 2, "a two-digit day"));
  check_date(dt.year, dt.month, dt.day, Calendar::proleptic_gregorian, t);
  bool has_clock = false;
  if (c.eat('T') || c.eat('t') ||
      (c.peek() == ' ' && c.p + 1 < t.size() && std::isdigit(static_cast<unsigned char>(t[c.p + 1])))) {
    c.skip_spaces();
    parse_clock(c, dt, !dashes);
    has_clock = true;
  }
  check_time(dt.hour, dt.minute, dt.second, t);
  std::optional<double> off = parse_offset_at(c);
  c.skip_spaces();
  if (!c.done()) throw std::invalid_argument("unexpected text after the time in '" + t + "'");
  if (!off) {
    // A date alone is a day; a clock time without an offset is ambiguous.
    if (has_clock && !default_offset_s)
      throw std::invalid_argument("time '" + t + "' has no UTC offset (write e.g. +08:00 or Z)");
    off = default_offset_s.value_or(0.0);
  }
  if (offset_used) *offset_used = *off;
  return to_model_time(dt, Calendar::proleptic_gregorian) - *off;
}

std::string format_iso8601(double t) {
  const DateTime dt = from_model_time(t, Calendar::proleptic_gregorian);
  char buf[64];
  const double whole = std::floor(dt.second);
  if (dt.second - whole < 1e-6)
    std::snprintf(buf, sizeof buf, "%04ld-%02d-%02dT%02d:%02d:%02dZ", dt.year, dt.month, dt.day, dt.hour, dt.minute,
                  static_cast<int>(whole));
  else
    std::snprintf(buf, sizeof buf, "%04ld-%02d-%02dT%02d:%02d:%09.6fZ", dt.year, dt.month, dt.day, dt.hour, dt.minute,
                  dt.second);
  return buf;
}

TimeBracket bracket(const TimeAxis& axis, double t) {
  TimeBracket b;
  const auto& v = axis.t;
  const std::size_t n = v.size();
  if (n == 0) {
    b.inside = false;
    return b;
  }
  if (n == 1) return b;  // one time: constant
  const double x = axis.climatology ? year_phase(t) : t;
  if (axis.climatology && (x < v.front() || x >= v.back())) {
    // Between the last value of a year and the first of the next.
    b.i0 = n - 1;
    b.i1 = 0;
    const double span = v.front() + 1.0 - v.back();
    const double d = x >= v.back() ? x - v.back() : x + 1.0 - v.back();
    b.w1 = span > 0 ? d / span : 0;
    return b;
  }
  if (x < v.front() || x > v.back()) {
    b.inside = false;
    b.i0 = b.i1 = x < v.front() ? 0 : n - 1;
    return b;
  }
  const std::size_t k = static_cast<std::size_t>(std::upper_bound(v.begin(), v.end(), x) - v.begin());
  b.i1 = std::min(k, n - 1);
  b.i0 = b.i1 - 1;
  b.w1 = (x - v[b.i0]) / (v[b.i1] - v[b.i0]);
  return b;
}

}  // namespace beibu
