#pragma once
// At-a-station hydraulic geometry (Leopold & Maddock 1953): width and mean depth
// grow as power laws of discharge, w = a Q^b and d = c Q^f, and the mean velocity
// follows from continuity, u = Q / (w d). A reach may instead be given a fixed
// rectangular section (width, depth), for which u = Q / (w d) as well.
#include <algorithm>
#include <cmath>

namespace beibu::rivers {

struct HydraulicGeometry {
  // Defaults: exponents b = 0.5, f = 0.4 are the downstream-geometry values of
  // Leopold & Maddock (1953); the coefficients give w = 70 m, d = 1.7 m,
  // u = 0.84 m/s at Q = 100 m3/s, typical of South China coastal rivers
  // (see docs/rivers.md). Fixed sections override them when width_m > 0.
  double a = 7.0, b = 0.5;          // width  w = a Q^b  (m, Q in m3/s)
  double c = 0.27, f = 0.4;         // depth  d = c Q^f  (m)
  double width_m = 0, depth_m = 0;  // > 0: user-given rectangular section
};

inline double section_width(const HydraulicGeometry& g, double q) {
  return g.width_m > 0 ? g.width_m : g.a * std::pow(q, g.b);
}
inline double section_depth(const HydraulicGeometry& g, double q) {
  return g.depth_m > 0 ? g.depth_m : g.c * std::pow(q, g.f);
}
inline double section_velocity(const HydraulicGeometry& g, double q) {
  return q / (section_width(g, q) * section_depth(g, q));
}

// Flow area A = w d (m2) at discharge q, and its inverse for the power laws,
// Q = (A / (a c))^(1 / (b + f)), which kinematic routing needs (fixed sections
// have no such relation and are refused there).
inline double cross_section_area(const HydraulicGeometry& g, double q) {
  return section_width(g, q) * section_depth(g, q);
}
inline double discharge_for_area(const HydraulicGeometry& g, double area) {
  return area > 0 ? std::pow(area / (g.a * g.c), 1.0 / (g.b + g.f)) : 0.0;
}

// Longitudinal dispersion (m2/s) after Fischer et al. (1979),
// D = 0.011 u^2 w^2 / (d u*), with the shear velocity u* taken as 0.1 u (no
// slope data for these rivers), i.e. D = 0.11 u w^2 / d.
inline double fischer_dispersion(double u, double w, double d) {
  return d > 0 ? 0.11 * u * w * w / d : 0.0;
}

// First-order upwind advection already diffuses like D_num = u dx / 2, so the
// explicit term only adds what is missing (never negative).
inline double dispersion_after_numerical(double d_physical, double u, double dx) {
  return std::max(0.0, d_physical - 0.5 * u * dx);
}

}  // namespace beibu::rivers
