#pragma once
// Linear kinetics as small pure functions (tests call them directly). Linear in
// the concentration, so the model stays linear in the loads (superposition).
#include <cmath>

namespace beibu::kinetics {

constexpr double kSecondsPerDay = 86400.0;

// First-order decay rate (1/s) at temperature T (deg C): k20 * theta^(T - 20).
inline double decay_rate(double k20_per_s, double theta, double temperature_c) {
  return k20_per_s * std::pow(theta, temperature_c - 20.0);
}

// Settling removes a particulate fraction at w_s / H (1/s).
inline double settling_rate(double ws_m_per_s, double depth_m) {
  return depth_m > 0 ? ws_m_per_s / depth_m : 0.0;
}

// Fraction of mass left after dt at a constant total rate (exact, so always in (0, 1]).
inline double survival(double rate, double dt) {
  return std::exp(-rate * dt);
}

}  // namespace beibu::kinetics
