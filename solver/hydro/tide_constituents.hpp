#pragma once
// Tidal constituents: Doodson numbers, equilibrium arguments V and nodal corrections
// f, u, so that
//   eta(t) = sum_k f_k A_k cos(V_k(t) + u_k - g_k)
// with A the amplitude and g the Greenwich phase lag (degrees, UTC) of constituent k.
// V_k(t) = V0_k + omega_k t. Conventions: the IHO TWCWG Constituent List (2017):
// extended Doodson numbers (XDO) on tau, s, h, p, N' = -N, p' and a multiple of 90 deg
// whose sign follows Schureman (1958) and NOAA, the convention of published harmonic
// constants (O1: V = T - 2s + h + 90); nodal corrections f, u from its Annex A formulas
// for the fundamental constituents and its Annex B rule for compounds
// (f = prod f_i^|n_i|, u = sum n_i u_i).
#include <string>
#include <vector>

namespace beibu::hydro {

// The fundamental nodal corrections (IHO Annex A) a constituent's f, u are built from.
enum class Nodal { Mm, Mf, O1, K1, J1, M1, M2, K2, L2, M3 };

struct NodalTerm {
  Nodal of;
  double power;  // f *= f_of^|power|, u += power * u_of
};

struct Constituent {
  std::string name;
  // Doodson numbers on tau = T + h - s (mean lunar time), s, h, p, N' = -N, p'
  // (solar perigee), and the constant term in multiples of 90 degrees.
  int doodson[6];
  int quarter;
  std::vector<NodalTerm> nodal;  // empty: f = 1, u = 0
  double speed_deg_per_hour;     // from the Doodson numbers and the astronomical rates
};

// Every constituent beibu predicts and analyses, those of data/beibu/tides.yaml first.
const std::vector<Constituent>& tidal_constituents();
// nullptr if `name` is not the table's spelling (case-sensitive: "M2", "Mf").
const Constituent* find_constituent(const std::string& name);
// Same, case-insensitive ("MF" is Mf) and with the aliases of common catalogues
// (SGM = SIGMA1, EP2 = EPS2, MTM = Mfm = Mtm, LDA2 = LAMBDA2, ...): for gauge files.
const Constituent* lookup_constituent(const std::string& name);
// Names in gauge catalogues (e.g. TICON-4) that have no agreed definition in the IHO
// list (T3, R3, 3L2, 3N2): accepted in gauge files but not predicted; reported instead.
bool is_unpredicted_constituent(const std::string& name);

// Angular speed in rad/s.
double angular_speed(const Constituent& c);

// Astronomical state at an instant (days since 2000-01-01 12:00 UTC, J2000).
struct Astro {
  double T, s, h, p, N, ps;  // degrees; T: hour angle of the mean sun + 180, ps: solar perigee
};
Astro astro_arguments(double days_since_j2000);

// Equilibrium argument V (deg, in [0, 360)) at the instant and nodal factor f and angle u (deg).
double equilibrium_argument(const Constituent& c, const Astro& a);
void nodal_correction(const Constituent& c, const Astro& a, double& f, double& u_deg);

// f and V + u (deg) of `c` at the instant, the nodal corrections evaluated at that
// instant (or f = 1, u = 0 without them): the term of the constituent is f A cos(arg - g).
void tidal_term(const Constituent& c, double days_since_j2000, bool nodal, double& f, double& arg_deg);

// Days since J2000 of a UTC calendar time; throws InputError (file "", where `what`)
// for a malformed "YYYY-MM-DD[ HH:MM:SS]" string.
double days_since_j2000(const std::string& utc, const std::string& what);
// Same from calendar fields (proleptic Gregorian, UTC); `month` may run outside 1-12
// (13 = January of the next year, 0 = December of the previous), for month stepping.
double days_since_j2000(int year, int month, int day, double hours);
// Calendar year and month (1-12) of the UTC time `utc` (validated as above).
void year_month(const std::string& utc, int& year, int& month);

}  // namespace beibu::hydro
