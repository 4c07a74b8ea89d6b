#pragma once
// What the river needs to know about each constituent: its first-order kinetics.
// Field names and units mirror the gulf transport's ConstituentSpec
// (decay_k20 in 1/day, theta, settling_velocity in m/day) so one list can feed both.
#include <cmath>
#include <string>
#include <vector>

namespace beibu::rivers {

constexpr double kSecondsPerDay = 86400.0;

struct RiverConstituent {
  std::string name;
  double decay_k20 = 0;          // 1/day at 20 C
  double theta = 1.0;            // k(T) = k20 * theta^(T - 20)
  double settling_velocity = 0;  // m/day; removes mass at w_s / depth
};

// First-order decay rate (1/s) at temperature T (deg C).
inline double decay_rate(const RiverConstituent& c, double temperature_c) {
  return c.decay_k20 / kSecondsPerDay * std::pow(c.theta, temperature_c - 20.0);
}

// Settling loss rate (1/s) in water of the given mean depth.
inline double settling_rate(const RiverConstituent& c, double depth_m) {
  return depth_m > 0 ? c.settling_velocity / kSecondsPerDay / depth_m : 0.0;
}

// Index of a constituent by name, or -1.
inline int find_constituent(const std::vector<RiverConstituent>& cs, const std::string& name) {
  for (size_t i = 0; i < cs.size(); ++i)
    if (cs[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace beibu::rivers
