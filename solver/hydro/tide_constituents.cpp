#include "tide_constituents.hpp"

#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "physics.hpp"

namespace beibu::hydro {

const std::vector<Constituent>& tidal_constituents() {
  // Speeds (deg/h) and Schureman's V0 = cT*T + cs*s + ch*h + cp*p + c0.
  static const std::vector<Constituent> table = {
      {"M2", 28.9841042, 2, -2, 2, 0, 0.0},  {"S2", 30.0000000, 2, 0, 0, 0, 0.0},
      {"N2", 28.4397295, 2, -3, 2, 1, 0.0},  {"K2", 30.0821373, 2, 0, 2, 0, 0.0},
      {"K1", 15.0410686, 1, 0, 1, 0, -90.0}, {"O1", 13.9430356, 1, -2, 1, 0, 90.0},
      {"P1", 14.9589314, 1, 0, -1, 0, 90.0}, {"Q1", 13.3986609, 1, -3, 1, 1, 90.0},
      {"M4", 57.9682084, 4, -4, 4, 0, 0.0},  {"MS4", 58.9841042, 4, -2, 2, 0, 0.0},
      {"MN4", 57.4238337, 4, -5, 4, 1, 0.0}, {"Mf", 1.0980331, 0, 2, 0, 0, 0.0},
      {"Mm", 0.5443747, 0, 1, 0, -1, 0.0},   {"Sa", 0.0410686, 0, 0, 1, 0, 0.0},
      {"Ssa", 0.0821373, 0, 0, 2, 0, 0.0},
  };
  return table;
}

const Constituent* find_constituent(const std::string& name) {
  for (const auto& c : tidal_constituents())
    if (c.name == name) return &c;
  return nullptr;
}

double angular_speed(const Constituent& c) {
  return c.speed_deg_per_hour * kPi / 180.0 / 3600.0;
}

Astro astro_arguments(double d) {
  // Mean longitudes (Meeus 1998, linear terms); T is the hour angle of the mean sun + 180 deg.
  const double jc = d / 36525.0;
  Astro a;
  a.s = 218.3164477 + 481267.88123421 * jc;
  a.h = 280.46646 + 36000.76983 * jc;
  a.p = 83.3532465 + 4069.0137287 * jc;
  a.N = 125.04452 - 1934.136261 * jc;
  const double ut_hours = 24.0 * (d + 0.5 - std::floor(d + 0.5));  // J2000 starts at noon
  a.T = 180.0 + 15.0 * ut_hours;
  return a;
}

double equilibrium_argument(const Constituent& c, const Astro& a) {
  const double v = c.cT * a.T + c.cs * a.s + c.ch * a.h + c.cp * a.p + c.c0;
  return std::fmod(std::fmod(v, 360.0) + 360.0, 360.0);
}

void nodal_correction(const Constituent& c, const Astro& a, double& f, double& u) {
  const double N = a.N * kPi / 180.0;
  const double c1 = std::cos(N), c2 = std::cos(2 * N), c3 = std::cos(3 * N);
  const double s1 = std::sin(N), s2 = std::sin(2 * N), s3 = std::sin(3 * N);
  const double fM2 = 1.0004 - 0.0373 * c1 + 0.0002 * c2, uM2 = -2.14 * s1;
  const double fO1 = 1.0089 + 0.1871 * c1 - 0.0147 * c2 + 0.0014 * c3, uO1 = 10.80 * s1 - 1.34 * s2 + 0.19 * s3;
  f = 1.0;
  u = 0.0;
  const std::string& n = c.name;
  if (n == "M2" || n == "N2") {
    f = fM2, u = uM2;
  } else if (n == "K1") {
    f = 1.0060 + 0.1150 * c1 - 0.0088 * c2 + 0.0006 * c3;
    u = -8.86 * s1 + 0.68 * s2 - 0.07 * s3;
  } else if (n == "O1" || n == "Q1") {
    f = fO1, u = uO1;
  } else if (n == "K2") {
    f = 1.0241 + 0.2863 * c1 + 0.0083 * c2 - 0.0015 * c3;
    u = -17.74 * s1 + 0.68 * s2 - 0.04 * s3;
  } else if (n == "M4") {
    f = fM2 * fM2, u = 2 * uM2;
  } else if (n == "MS4") {
    f = fM2, u = uM2;
  } else if (n == "MN4") {
    f = fM2 * fM2, u = 2 * uM2;
  } else if (n == "Mf") {
    f = 1.043 + 0.414 * c1;
    u = -23.7 * s1 + 2.7 * s2 - 0.4 * s3;
  } else if (n == "Mm") {
    f = 1.000 - 0.130 * c1;
  }
}

double days_since_j2000(const std::string& utc, const std::string& what) {
  int Y = 0, M = 0, D = 0, hh = 0, mm = 0;
  double ss = 0;
  const int n = std::sscanf(utc.c_str(), "%d-%d-%d%*[ T]%d:%d:%lf", &Y, &M, &D, &hh, &mm, &ss);
  if (n != 3 && n != 6)
    throw InputError("", what, "'" + utc + "' is not a UTC time of the form YYYY-MM-DD or YYYY-MM-DD HH:MM:SS");
  if (M < 1 || M > 12 || D < 1 || D > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss >= 61)
    throw InputError("", what, "'" + utc + "' has a field out of range");
  return days_since_j2000(Y, M, D, hh + mm / 60.0 + ss / 3600.0);
}

double days_since_j2000(int Y, int M, int D, double hours) {
  const int m0 = M - 1, carry = m0 >= 0 ? m0 / 12 : -((11 - m0) / 12);
  Y += carry;
  M = m0 - 12 * carry + 1;
  // Days from civil (Howard Hinnant's algorithm), then relative to 2000-01-01 12:00.
  const int y = Y - (M <= 2);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (M + (M > 2 ? -3 : 9)) + 2) / 5 + D - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const long days_1970 = static_cast<long>(era) * 146097 + doe - 719468;
  const long days_2000 = days_1970 - 10957;
  return static_cast<double>(days_2000) - 0.5 + hours / 24.0;
}

void year_month(const std::string& utc, int& year, int& month) {
  days_since_j2000(utc, "start time");  // validates
  int d = 0;
  std::sscanf(utc.c_str(), "%d-%d-%d", &year, &month, &d);
}

}  // namespace beibu::hydro
