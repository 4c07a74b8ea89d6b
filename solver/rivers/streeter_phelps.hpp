#pragma once
// Optional Streeter-Phelps oxygen balance: BOD is consumed at its decay rate
// k_d and every gram consumed adds a gram to the oxygen deficit D, which the
// atmosphere removes at the reaeration rate k_a:
//   dL/dt = -(k_d + k_s) L,   dD/dt = k_d L - k_a D,   DO = DO_sat(T) - D.
// Both equations are linear, so the model stays linear in the loads.
#include <cmath>

namespace beibu::rivers {

// Oxygen saturation in fresh water (mg/L) at T (deg C): Benson & Krause (1984)
// as adopted by APHA Standard Methods 4500-O (9.09 mg/L at 20 C).
inline double do_saturation(double temperature_c) {
  const double ta = temperature_c + 273.15;
  return std::exp(-139.34411 + 1.575701e5 / ta - 6.642308e7 / (ta * ta) + 1.243800e10 / (ta * ta * ta) -
                  8.621949e11 / (ta * ta * ta * ta));
}

// Reaeration rate at 20 C (1/day) after O'Connor & Dobbins (1958):
// k_a = 3.93 u^0.5 / d^1.5 with u in m/s and d in m.
inline double oconnor_dobbins(double u, double d) {
  return d > 0 ? 3.93 * std::sqrt(u) / std::pow(d, 1.5) : 0.0;
}

// Deficit after h seconds starting from (L0, D0), with BOD loss rate kl = k_d + k_s,
// deoxygenation kd and reaeration ka (all 1/s): the exact solution of the pair above.
inline double deficit_after(double l0, double d0, double kd, double kl, double ka, double h) {
  const double el = std::exp(-kl * h), ea = std::exp(-ka * h);
  // (el - ea) / (ka - kl) -> h ea as ka -> kl; the series keeps it accurate nearby.
  const double x = (ka - kl) * h;
  const double g = std::abs(x) > 1e-6 ? (el - ea) / (ka - kl) : h * ea * (1 + x / 2 + x * x / 6);
  return d0 * ea + kd * l0 * g;
}

}  // namespace beibu::rivers
