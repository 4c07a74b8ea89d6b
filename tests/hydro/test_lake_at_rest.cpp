// Lake at rest over rough bathymetry with dry islands: the well-balanced
// property. Tolerance: |u| < 1e-10 m/s after 2 days with Coriolis, advection,
// viscosity and friction on, at two still-water levels.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>

#include "hydro_cases.hpp"
#include "solver/hydro/shallow_water.hpp"

using namespace beibu;
using namespace beibu::hydro;
using namespace beibu::hydro::test;

TEST_CASE("lake at rest over rough bathymetry with dry islands stays at rest", "[hydro][verification]") {
  RectangleSpec rs;
  rs.lx = 20000;
  rs.ly = 15000;
  rs.nx = 20;
  rs.ny = 15;
  rs.perturb = 0.25;
  const Mesh mesh = rectangle_with_depth(rs, [](double x, double y) {
    // Rough bottom 2-14 m with two islands rising 3 m above the sea.
    double d = 8.0 + 4.0 * std::sin(x / 1300.0) * std::cos(y / 900.0) + 2.0 * std::sin(x * y / 4e7);
    const double r1 = std::hypot(x - 6000, y - 7000), r2 = std::hypot(x - 14000, y - 5000);
    if (r1 < 2500) d = -3.0 + r1 / 2500 * 5.0;
    if (r2 < 1800) d = -3.0 + r2 / 1800 * 4.0;
    return d;
  });
  LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_SELF);
  for (double level : {0.0, 0.7}) {
    HydroOptions opt;
    opt.dt = 600;
    opt.coriolis_f = 5e-5;
    opt.eta0 = level;
    ShallowWaterModel model(lm, mesh.open_boundary_names, opt);
    int dry = 0;
    for (int c = 0; c < lm.n_owned; ++c) dry += model.volume()[c] == 0.0;
    REQUIRE(dry > 5);  // islands are dry
    const double v0 = model.total_volume();
    for (int i = 0; i < 288; ++i) model.step();
    std::printf("lake at rest (level %.1f m): max |u| = %.3g m/s (tolerance 1e-10)\n", level, model.max_speed());
    CHECK(model.max_speed() < 1e-10);
    CHECK(std::fabs(model.total_volume() - v0) <= 1e-13 * v0);
  }
}
