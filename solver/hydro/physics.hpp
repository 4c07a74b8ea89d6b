#pragma once
// Pointwise physics of the depth-averaged shallow-water model, as small pure
// functions the solver and the tests call directly. SI units throughout.
#include <algorithm>
#include <cmath>

namespace beibu::hydro {

inline constexpr double kGravity = 9.81;          // m/s^2
inline constexpr double kRhoWater = 1025.0;       // kg/m^3, sea water
inline constexpr double kRhoAir = 1.225;          // kg/m^3
inline constexpr double kEarthOmega = 7.2921e-5;  // rad/s
inline constexpr double kPi = 3.14159265358979323846;

// Coriolis parameter f = 2 Omega sin(latitude).
inline double coriolis(double lat_deg) {
  return 2.0 * kEarthOmega * std::sin(lat_deg * kPi / 180.0);
}

// Large & Pond (1981) neutral 10 m drag coefficient; below 4 m/s their constant
// value is kept (the fit is for 4-25 m/s), above 25 m/s the 25 m/s value.
inline double large_pond_cd(double w10) {
  const double w = std::min(w10, 25.0);
  return w < 11.0 ? 1.2e-3 : (0.49 + 0.065 * w) * 1e-3;
}

// Wind stress component (N/m^2) from 10 m wind (u10, v10): rho_air Cd |W| W.
inline double wind_stress(double u10, double v10, double component) {
  const double w = std::hypot(u10, v10);
  return kRhoAir * large_pond_cd(w) * w * component;
}

// Implicit Manning friction coefficient gamma (1/s) in du/dt = -gamma u:
// gamma = g n^2 |u| / H^(4/3). H is floored at h_min so thin films stay finite
// (they are then nearly stopped, which is the point).
inline double manning_gamma(double n, double speed, double depth, double h_min) {
  const double h = std::max(depth, h_min);
  return kGravity * n * n * speed / (h * std::cbrt(h));  // h^(4/3), cbrt is cheaper than pow
}

// Total water depth on an edge for the flux: the upwind surface above the edge's
// sill (the shallower of the two bottoms), never negative. With u == 0 the higher
// surface is used, so a wet cell next to a dry cell whose bottom lies above the
// water stays closed (lake at rest is kept exactly), and it opens as soon as the
// water rises above that bottom.
inline double upwind_edge_depth(double u, double eta_left, double eta_right, double h_left, double h_right) {
  const double eta = u > 0 ? eta_left : (u < 0 ? eta_right : std::max(eta_left, eta_right));
  return std::max(0.0, eta + std::min(h_left, h_right));
}

// Velocity along the normal rotated +90 deg (t = (-ny, nx)) from a cell vector.
inline double tangential(double nx, double ny, double u, double v) {
  return -ny * u + nx * v;
}

// Ramp-up from rest: tanh(t / T); 1 when T <= 0.
inline double ramp(double t, double t_ramp) {
  return t_ramp > 0 ? std::tanh(std::max(t, 0.0) / t_ramp) : 1.0;
}

// Flather (1976) radiation condition: outward normal velocity on an open edge
// u = u_ext + sqrt(g/H) (eta - eta_ext); returned as the coefficient sqrt(g/H).
inline double flather_coefficient(double depth) {
  return std::sqrt(kGravity / depth);
}

}  // namespace beibu::hydro
