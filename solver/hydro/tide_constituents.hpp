#pragma once
// Tidal constituents: angular speeds, equilibrium arguments V0 at an epoch and
// nodal corrections f, u (Schureman 1958 / Pugh 1987 approximations), so that
//   eta(t) = sum_k f_k A_k cos(omega_k t + V0_k + u_k - g_k)
// with A the amplitude and g the Greenwich phase lag (degrees) of constituent k.
#include <string>
#include <vector>

namespace beibu::hydro {

struct Constituent {
  std::string name;
  double speed_deg_per_hour;  // Doodson speed
  // Coefficients of the equilibrium argument on T (mean solar hour angle + 180),
  // s, h, p (lunar/solar mean longitudes, lunar perigee) and a constant (deg).
  int cT, cs, ch, cp;
  double c0;
};

// All constituents known to the model (K1, O1, P1, Q1, M2, S2, N2, K2, M4, MS4, MN4, Mf, Mm, Sa, Ssa).
const std::vector<Constituent>& tidal_constituents();
// nullptr if `name` is not known (case-sensitive, standard spelling: "M2", "K1").
const Constituent* find_constituent(const std::string& name);

// Angular speed in rad/s.
double angular_speed(const Constituent& c);

// Astronomical state at an instant (days since 2000-01-01 12:00 UTC, J2000).
struct Astro {
  double T, s, h, p, N;  // degrees
};
Astro astro_arguments(double days_since_j2000);

// Equilibrium argument V0 (deg) at the instant and nodal factor f and angle u (deg).
double equilibrium_argument(const Constituent& c, const Astro& a);
void nodal_correction(const Constituent& c, const Astro& a, double& f, double& u_deg);

// Days since J2000 of a UTC calendar time; throws InputError (file "", where `what`)
// for a malformed "YYYY-MM-DD[ HH:MM:SS]" string.
double days_since_j2000(const std::string& utc, const std::string& what);
// Same from calendar fields (proleptic Gregorian, UTC); `month` may run outside 1-12
// (13 = January of the next year, 0 = December of the previous), for month stepping.
double days_since_j2000(int year, int month, int day, double hours);
// Calendar year and month (1-12) of the UTC time `utc` (validated as above).
void year_month(const std::string& utc, int& year, int& month);

}  // namespace beibu::hydro
