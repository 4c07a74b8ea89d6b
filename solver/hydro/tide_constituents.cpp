#include "tide_constituents.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <utility>

#include "core/error.hpp"
#include "physics.hpp"

namespace beibu::hydro {

namespace {

// Rates (deg per Julian century) of the mean longitudes in astro_arguments.
constexpr double kRateS = 481267.88123421, kRateH = 36000.76983, kRateP = 4069.0137287, kRateN = -1934.136261,
                 kRatePs = 1.71946;

double doodson_speed(const int d[6]) {
  const double per_hour = 1.0 / (36525.0 * 24.0);
  const double s = kRateS * per_hour, h = kRateH * per_hour;
  const double tau = 15.0 - s + h;  // mean lunar time
  return d[0] * tau + d[1] * s + d[2] * h + d[3] * kRateP * per_hour - d[4] * kRateN * per_hour +
         d[5] * kRatePs * per_hour;
}

struct Row {
  const char* name;
  const char* xdo;  // IHO extended Doodson number, 7 digits
  std::vector<NodalTerm> nodal;
};

Constituent make(const Row& r) {
  Constituent c;
  c.name = r.name;
  for (int i = 0; i < 6; ++i) c.doodson[i] = (r.xdo[i] - '0') - (i == 0 ? 0 : 5);
  c.quarter = 5 - (r.xdo[6] - '0');  // the IHO sign of the 90-degree term, reversed (Schureman)
  c.nodal = r.nodal;
  c.speed_deg_per_hour = doodson_speed(c.doodson);
  return c;
}

std::string upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

}  // namespace

const std::vector<Constituent>& tidal_constituents() {
  using N = Nodal;
  // XDO numbers and nodal codes of the IHO TWCWG Constituent List (2017); compounds
  // take their f, u from their members (Annex B): S2, P1, S1, T2, R2 add nothing.
  static const std::vector<Constituent> table = [] {
    const std::vector<Row> rows = {
        {"M2", "2555555", {{N::M2, 1}}},
        {"S2", "2735555", {}},
        {"N2", "2456555", {{N::M2, 1}}},
        {"K2", "2755555", {{N::K2, 1}}},
        {"K1", "1655556", {{N::K1, 1}}},
        {"O1", "1455554", {{N::O1, 1}}},
        {"P1", "1635554", {}},
        {"Q1", "1356554", {{N::O1, 1}}},
        {"M4", "4555555", {{N::M2, 2}}},
        {"MS4", "4735555", {{N::M2, 1}}},
        {"MN4", "4456555", {{N::M2, 2}}},
        {"Mf", "0755555", {{N::Mf, 1}}},
        {"Mm", "0654555", {{N::Mm, 1}}},
        {"Sa", "0565555", {}},
        {"Ssa", "0575555", {}},
        {"MSf", "0735555", {{N::M2, -1}}},
        {"Mtm", "0854555", {{N::Mm, 1}}},
        {"MSqm", "0935555", {{N::M2, -1}}},
        {"2Q1", "1257554", {{N::O1, 1}}},
        {"SIGMA1", "1275554", {{N::O1, 1}}},
        {"RHO1", "1374554", {{N::O1, 1}}},
        {"M1", "1556556", {{N::M1, 1}}},
        {"S1", "1645555", {}},
        {"J1", "1754556", {{N::J1, 1}}},
        {"OO1", "1855556", {{N::K2, 1}, {N::O1, -1}}},  // as KQ1 = K2 - Q1
        {"2N2", "2357555", {{N::M2, 1}}},
        {"EPS2", "2276555", {{N::M2, 1}}},
        {"MU2", "2375555", {{N::M2, 1}}},
        {"NU2", "2474555", {{N::M2, 1}}},
        {"MA2", "2545555", {}},  // IHO code f: f = 1, u = 0 is the usual practice
        {"MB2", "2565555", {}},
        {"LAMBDA2", "2636557", {{N::M2, 1}}},
        {"L2", "2654557", {{N::L2, 1}}},
        {"T2", "2725565", {}},
        {"R2", "2745547", {}},
        {"MKS2", "2575555", {{N::M2, 1}, {N::K2, 1}}},
        {"2SM2", "2915555", {{N::M2, -1}}},
        {"M3", "3555557", {{N::M3, 1}}},
        {"S3", "3825557", {}},
        {"N4", "4357555", {{N::M2, 2}}},
        {"S4", "4915555", {}},
        {"2MO5", "5455554", {{N::M2, 2}, {N::O1, 1}}},
        {"2MK5", "5655556", {{N::M2, 2}, {N::K1, 1}}},
        {"M6", "6555555", {{N::M2, 3}}},
        {"2MS6", "6735555", {{N::M2, 2}}},
        {"M8", "8555555", {{N::M2, 4}}},
    };
    std::vector<Constituent> t;
    for (const Row& r : rows) t.push_back(make(r));
    return t;
  }();
  return table;
}

const Constituent* find_constituent(const std::string& name) {
  for (const auto& c : tidal_constituents())
    if (c.name == name) return &c;
  return nullptr;
}

const Constituent* lookup_constituent(const std::string& name) {
  static const std::vector<std::pair<std::string, std::string>> aliases = {
      {"SGM", "SIGMA1"},   {"SIG1", "SIGMA1"},  {"EP2", "EPS2"}, {"MTM", "Mtm"},  {"MFM", "Mtm"},
      {"LDA2", "LAMBDA2"}, {"LAM2", "LAMBDA2"}, {"RO1", "RHO1"}, {"MSQ", "MSqm"},
  };
  std::string key = upper(name);
  for (const auto& [alias, canonical] : aliases)
    if (key == alias) key = upper(canonical);
  for (const auto& c : tidal_constituents())
    if (upper(c.name) == key) return &c;
  return nullptr;
}

bool is_unpredicted_constituent(const std::string& name) {
  const std::string key = upper(name);
  for (const char* n : {"T3", "R3", "3L2", "3N2"})
    if (key == n) return true;
  return false;
}

double angular_speed(const Constituent& c) {
  return c.speed_deg_per_hour * kPi / 180.0 / 3600.0;
}

Astro astro_arguments(double d) {
  // Mean longitudes (Meeus 1998, linear terms); T is the hour angle of the mean sun + 180 deg.
  const double jc = d / 36525.0;
  Astro a;
  a.s = 218.3164477 + kRateS * jc;
  a.h = 280.46646 + kRateH * jc;
  a.p = 83.3532465 + kRateP * jc;
  a.N = 125.04452 + kRateN * jc;
  a.ps = 282.93735 + kRatePs * jc;
  const double ut_hours = 24.0 * (d + 0.5 - std::floor(d + 0.5));  // J2000 starts at noon
  a.T = 180.0 + 15.0 * ut_hours;
  return a;
}

double equilibrium_argument(const Constituent& c, const Astro& a) {
  const int* d = c.doodson;
  const double tau = a.T + a.h - a.s;
  const double v = d[0] * tau + d[1] * a.s + d[2] * a.h + d[3] * a.p - d[4] * a.N + d[5] * a.ps + 90.0 * c.quarter;
  return std::fmod(std::fmod(v, 360.0) + 360.0, 360.0);
}

namespace {
// IHO TWCWG Constituent List, Annex A: f and u (deg) of the fundamental constituents.
void fundamental(Nodal k, double N, double p, double& f, double& u) {
  const double c1 = std::cos(N), c2 = std::cos(2 * N), c3 = std::cos(3 * N);
  const double s1 = std::sin(N), s2 = std::sin(2 * N), s3 = std::sin(3 * N);
  auto polar = [&](double fsin, double fcos) {
    f = std::hypot(fsin, fcos);
    u = std::atan2(fsin, fcos) * 180.0 / kPi;
  };
  switch (k) {
    case Nodal::Mm:
      f = 1 - 0.1311 * c1 + 0.0538 * std::cos(2 * p) + 0.0205 * std::cos(2 * p - N);
      u = 0;
      return;
    case Nodal::Mf:
      f = 1.084 + 0.415 * c1 + 0.039 * c2;
      u = -23.7 * s1 + 2.7 * s2 - 0.4 * s3;
      return;
    case Nodal::O1:
      f = 1.0176 + 0.1871 * c1 - 0.0147 * c2;
      u = 10.80 * s1 - 1.34 * s2 + 0.19 * s3;
      return;
    case Nodal::K1:
      f = 1.0060 + 0.1150 * c1 - 0.0088 * c2 + 0.0006 * c3;
      u = -8.86 * s1 + 0.68 * s2 - 0.07 * s3;
      return;
    case Nodal::J1:
      f = 1.1029 + 0.1676 * c1 - 0.0170 * c2 + 0.0016 * c3;
      u = -12.94 * s1 + 1.34 * s2 - 0.19 * s3;
      return;
    case Nodal::M2:
      f = 1.0007 - 0.0373 * c1 + 0.0002 * c2;
      u = -2.14 * s1;
      return;
    case Nodal::K2:
      f = 1.0246 + 0.2863 * c1 + 0.0083 * c2 - 0.0015 * c3;
      u = -17.74 * s1 + 0.68 * s2 - 0.04 * s3;
      return;
    case Nodal::M3:
      f = std::pow(1.0007 - 0.0373 * c1 + 0.0002 * c2, 1.5);
      u = -3.21 * s1;
      return;
    case Nodal::M1:
      polar(std::sin(p) + 0.2 * std::sin(p - N), 2 * (std::cos(p) + 0.2 * std::cos(p - N)));
      return;
    case Nodal::L2:
      polar(
          -0.2505 * std::sin(2 * p) - 0.1102 * std::sin(2 * p - N) - 0.0156 * std::sin(2 * p - 2 * N) - 0.037 * s1,
          1 - 0.2505 * std::cos(2 * p) - 0.1102 * std::cos(2 * p - N) - 0.0156 * std::cos(2 * p - 2 * N) - 0.037 * c1);
      return;
  }
}
}  // namespace

void nodal_correction(const Constituent& c, const Astro& a, double& f, double& u) {
  const double N = a.N * kPi / 180.0, p = a.p * kPi / 180.0;
  f = 1.0;
  u = 0.0;
  for (const NodalTerm& t : c.nodal) {
    double fk = 1, uk = 0;
    fundamental(t.of, N, p, fk, uk);
    f *= std::pow(fk, std::fabs(t.power));
    u += t.power * uk;
  }
}

void tidal_term(const Constituent& c, double d, bool nodal, double& f, double& arg) {
  const Astro a = astro_arguments(d);
  double u = 0;
  f = 1;
  if (nodal) nodal_correction(c, a, f, u);
  arg = equilibrium_argument(c, a) + u;
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
