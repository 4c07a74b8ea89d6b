// Thacker (1981) planar surface oscillating in a paraboloid bowl: a wet/dry
// benchmark with an exact nonlinear solution. Bottom depth D = h0 (1 - r^2/a^2)
// (land where negative); with no friction or rotation the surface stays a plane,
//   zeta(x, t) = (h0 eta / a^2) (2 x cos(w t) - eta cos^2(w t)),  u = -eta w sin(w t), v = 0,
// w = sqrt(2 g h0) / a, so the shoreline sweeps back and forth across the bowl.
// Tolerances over one period: L1 error of the water depth within 6 % of the L1 depth;
// the water's centre of mass within 8 % of its excursion (first-order wet/dry fronts damp
// the oscillation: 6.4 % measured at 400 m cells); the shoreline (centroid of
// the wet area) within 1.5 cell widths; volume to round-off.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>

#include "hydro_cases.hpp"
#include "solver/hydro/physics.hpp"
#include "solver/hydro/shallow_water.hpp"

using namespace beibu;
using namespace beibu::hydro;
using namespace beibu::hydro::test;

TEST_CASE("Thacker planar surface in a parabolic bowl (wetting and drying)", "[hydro][verification]") {
  const double h0 = 10, a = 10000, eta = 2000, half = 12000;
  const double w = std::sqrt(2 * kGravity * h0) / a;
  RectangleSpec rs;
  rs.x0 = -half;
  rs.y0 = -half;
  rs.lx = 2 * half;
  rs.ly = 2 * half;
  rs.nx = 60;
  rs.ny = 60;
  const Mesh mesh = rectangle_with_depth(rs, [&](double x, double y) { return h0 * (1 - (x * x + y * y) / (a * a)); });
  LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_SELF);
  auto surface = [&](double x, double t) {
    const double c = std::cos(w * t);
    return h0 * eta / (a * a) * (2 * x * c - eta * c * c);
  };
  HydroOptions opt;
  opt.dt = 2 * kPi / w / 200;
  opt.theta = 0.55;
  opt.manning = 0;
  opt.viscosity = 0;
  opt.coriolis_f = 0;
  opt.ramp_time = 0;
  opt.h_dry = 0.01;
  ShallowWaterModel model(lm, mesh.open_boundary_names, opt);
  std::vector<double> e0(lm.n_local);
  for (int c = 0; c < lm.n_local; ++c) e0[c] = surface(lm.cx[c], 0.0);
  model.set_initial_eta(e0);
  const double v0 = model.total_volume();
  // Amplitude of the sideways excursion of the water's centre of mass, from the exact
  // solution sampled on the mesh at t = 0 (where it is largest).
  double cm_amp = 0;
  {
    double mx = 0, m = 0;
    for (int c = 0; c < lm.n_owned; ++c) {
      const double H = std::max(0.0, surface(lm.cx[c], 0.0) + lm.depth[c]);
      mx += lm.cx[c] * H * lm.area[c];
      m += H * lm.area[c];
    }
    cm_amp = std::fabs(mx / m);
  }

  auto errors = [&](double t, double& l1_rel, double& front_err, double& cm_err) {
    double err = 0, ref = 0, wx_num = 0, w_num = 0, wx_ex = 0, w_ex = 0, mx_num = 0, mx_ex = 0, m_num = 0;
    for (int c = 0; c < lm.n_owned; ++c) {
      const double H_ex = std::max(0.0, surface(lm.cx[c], t) + lm.depth[c]);
      const double H = model.volume()[c] / lm.area[c];
      err += std::fabs(H - H_ex) * lm.area[c];
      mx_num += lm.cx[c] * H * lm.area[c];
      m_num += H * lm.area[c];
      mx_ex += lm.cx[c] * H_ex * lm.area[c];
      ref += H_ex * lm.area[c];
      // Centroid of the wet area: tracks the shoreline's sideways excursion.
      if (H > opt.h_dry) wx_num += lm.cx[c] * lm.area[c], w_num += lm.area[c];
      if (H_ex > 0) wx_ex += lm.cx[c] * lm.area[c], w_ex += lm.area[c];
    }
    l1_rel = err / ref;
    front_err = std::fabs(wx_num / w_num - wx_ex / w_ex) / a;
    cm_err = std::fabs(mx_num / m_num - mx_ex / ref) / cm_amp;
  };
  const double period = 2 * kPi / w;
  const double cell = 2 * half / rs.nx;  // mesh spacing (m)
  double worst_l1 = 0, worst_front = 0, worst_cm = 0;
  while (model.time() < period - 1e-6) {
    model.step();
    double l1, fr, cm;
    errors(model.time(), l1, fr, cm);
    worst_l1 = std::max(worst_l1, l1);
    worst_front = std::max(worst_front, fr);
    worst_cm = std::max(worst_cm, cm);
  }
  const double dv = std::fabs(model.total_volume() - v0) / v0;
  std::printf(
      "Thacker bowl over one period: max L1 depth error %.2f %% (tol 6 %%), centre-of-mass error %.2f %% of "
      "its excursion (tol 8 %%), wet-area centroid error %.2f %% of the radius = %.2f cells (tol 1.5 cells), "
      "volume change %.2g (tol 1e-13)\n",
      100 * worst_l1, 100 * worst_cm, 100 * worst_front, worst_front * a / cell, dv);
  CHECK(worst_l1 < 0.06);
  CHECK(worst_cm < 0.08);
  CHECK(worst_front * a < 1.5 * cell);
  CHECK(dv < 1e-13);
}
