// Small pure pieces of the river model, checked against hand calculations.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/config.hpp"
#include "core/error.hpp"
#include "solver/rivers/constituents.hpp"
#include "solver/rivers/hydraulic_geometry.hpp"
#include "solver/rivers/network.hpp"
#include "solver/rivers/streeter_phelps.hpp"

using namespace beibu;
using namespace beibu::rivers;

TEST_CASE("hydraulic geometry: power laws and continuity", "[rivers]") {
  const HydraulicGeometry g;  // w = 7 Q^0.5, d = 0.27 Q^0.4
  CHECK(section_width(g, 100) == Approx(70.0));
  CHECK(section_depth(g, 100) == Approx(0.27 * std::pow(100.0, 0.4)));
  CHECK(section_velocity(g, 100) * section_width(g, 100) * section_depth(g, 100) == Approx(100.0));
  HydraulicGeometry fixed;
  fixed.width_m = 50;
  fixed.depth_m = 2;
  CHECK(section_velocity(fixed, 30) == Approx(0.3));
  CHECK(fischer_dispersion(0.5, 100, 2) == Approx(0.11 * 0.5 * 1e4 / 2));
  CHECK(dispersion_after_numerical(100, 0.5, 1000) == 0.0);  // upwind already diffuses 250 m2/s
  CHECK(dispersion_after_numerical(400, 0.5, 1000) == Approx(150.0));
}

TEST_CASE("kinetics: temperature-corrected decay and settling", "[rivers]") {
  RiverConstituent c{"NH3N", 0.2, 1.08, 0.5};
  CHECK(decay_rate(c, 20) == Approx(0.2 / 86400));
  CHECK(decay_rate(c, 30) == Approx(0.2 / 86400 * std::pow(1.08, 10)));
  CHECK(settling_rate(c, 2.0) == Approx(0.25 / 86400));
  CHECK(settling_rate(c, 0.0) == 0.0);
}

TEST_CASE("polyline geometry: length, point at arclength, projection", "[rivers]") {
  const std::vector<double> x{0, 3000, 3000}, y{0, 0, 4000};
  CHECK(polyline_length(x, y) == Approx(7000));
  double px, py;
  point_at(x, y, 5000, px, py);
  CHECK(px == Approx(3000));
  CHECK(py == Approx(2000));
  double s, d;
  project_onto(x, y, 1000, 500, s, d);
  CHECK(s == Approx(1000));
  CHECK(d == Approx(500));
}

TEST_CASE("oxygen: saturation, reaeration and the exact deficit step", "[rivers]") {
  CHECK(do_saturation(20) == Approx(9.09).margin(0.01));  // APHA 4500-O table: 9.09 mg/L at 20 C
  CHECK(do_saturation(30) == Approx(7.56).margin(0.01));
  CHECK(oconnor_dobbins(0.5, 2.0) == Approx(3.93 * std::sqrt(0.5) / std::pow(2.0, 1.5)));
  // The deficit step solves dD/dt = kd L - ka D exactly: compare with a fine RK4 integration.
  const double kd = 0.3 / 86400, ka = 0.8 / 86400, h = 86400;
  double l = 10, d = 1;
  const int n = 10000;
  for (int i = 0; i < n; ++i) {
    const double dt = h / n;
    auto f = [&](double ll, double dd) { return kd * ll - ka * dd; };
    const double k1 = f(l, d), k2 = f(l * std::exp(-kd * dt / 2), d + dt / 2 * k1),
                 k3 = f(l * std::exp(-kd * dt / 2), d + dt / 2 * k2), k4 = f(l * std::exp(-kd * dt), d + dt * k3);
    d += dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
    l *= std::exp(-kd * dt);
  }
  CHECK(deficit_after(10, 1, kd, kd, ka, h) == Approx(d).epsilon(1e-9));
  CHECK(deficit_after(10, 1, kd, kd, kd * (1 + 1e-9), h) ==
        Approx(deficit_after(10, 1, kd, kd, kd * 1.001, h)).epsilon(1e-3));
}
