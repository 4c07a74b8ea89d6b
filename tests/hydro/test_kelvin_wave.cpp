// Kelvin wave along a straight coast on an f-plane: a Gaussian hump trapped on the
// southern wall of a wide channel travels east (coast on its right) at sqrt(g h)
// and decays offshore over the Rossby radius sqrt(g h)/f. Linear, frictionless.
// Tolerances: phase speed and offshore e-folding scale within 3 %.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>

#include "hydro_cases.hpp"
#include "solver/hydro/physics.hpp"
#include "solver/hydro/shallow_water.hpp"

using namespace beibu;
using namespace beibu::hydro;
using namespace beibu::hydro::test;

TEST_CASE("Kelvin wave: phase speed and Rossby radius", "[hydro][verification]") {
  const double depth = 10, f = 1e-4, a = 0.01, x0 = 400e3, sigma = 80e3;
  const double c = std::sqrt(kGravity * depth), R = c / f;
  RectangleSpec rs;
  rs.lx = 1200e3;
  rs.ly = 300e3;
  rs.nx = 120;
  rs.ny = 30;
  rs.depth = depth;
  const Mesh mesh = rectangle_with_depth(rs, [&](double, double) { return depth; });
  LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_SELF);
  HydroOptions opt;
  opt.dt = 300;
  opt.theta = 0.5;
  opt.manning = 0;
  opt.viscosity = 0;
  opt.advection = false;
  opt.coriolis_f = f;
  opt.ramp_time = 0;
  ShallowWaterModel model(lm, mesh.open_boundary_names, opt);
  auto kelvin = [&](double x, double y) {
    return a * std::exp(-y / R) * std::exp(-0.5 * std::pow((x - x0) / sigma, 2));
  };
  std::vector<double> e0(lm.n_local), u0(lm.n_edges());
  for (int i = 0; i < lm.n_local; ++i) e0[i] = kelvin(lm.cx[i], lm.cy[i]);
  for (int e = 0; e < lm.n_edges(); ++e) u0[e] = lm.nx[e] * std::sqrt(kGravity / depth) * kelvin(lm.mx[e], lm.my[e]);
  model.set_initial_eta(e0);
  model.set_initial_edge_velocity(u0);

  auto coastal_centroid = [&](const std::vector<double>& eta) {
    double sw = 0, sx = 0;
    for (int i = 0; i < lm.n_owned; ++i)
      if (lm.cy[i] < 60e3) {
        const double w = eta[i] * lm.area[i];
        sw += w;
        sx += w * lm.cx[i];
      }
    return sx / sw;
  };
  const double xs = coastal_centroid(model.eta());
  const double T = 30000;
  while (model.time() < T - 1) model.step();
  const double xe = coastal_centroid(model.eta());
  const double c_num = (xe - xs) / model.time();

  // Offshore decay: least-squares slope of ln(eta) against y near the crest.
  double sy = 0, sl = 0, syy = 0, syl = 0;
  int n = 0;
  for (int i = 0; i < lm.n_owned; ++i) {
    const double eta = model.eta()[i];
    if (std::fabs(lm.cx[i] - xe) < 40e3 && lm.cy[i] < 200e3 && eta > 0) {
      const double y = lm.cy[i], l = std::log(eta);
      sy += y, sl += l, syy += y * y, syl += y * l, ++n;
    }
  }
  const double slope = (n * syl - sy * sl) / (n * syy - sy * sy);
  const double R_num = -1.0 / slope;
  const double c_err = std::fabs(c_num - c) / c, R_err = std::fabs(R_num - R) / R;
  std::printf(
      "Kelvin wave: phase speed %.4f m/s (sqrt(gh) = %.4f), error %.2f %% (tol 3 %%); "
      "offshore decay %.1f km (Rossby radius %.1f km), error %.2f %% (tol 3 %%)\n",
      c_num, c, 100 * c_err, R_num / 1e3, R / 1e3, 100 * R_err);
  CHECK(c_err < 0.03);
  CHECK(R_err < 0.03);
}
