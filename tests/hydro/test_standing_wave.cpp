// Linear tide in a closed-end rectangular channel against the analytic standing
// wave eta(x, t) = a cos(k (L - x)) / cos(k L) cos(w t), forced by the elevation at
// the open west end (clamped boundary, one M2 constituent). Frictionless,
// no advection, small amplitude. Tolerances: amplitude within 2 % and phase within
// 2 % of a period at the closed end and mid-channel.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>

#include "hydro_cases.hpp"
#include "solver/hydro/physics.hpp"
#include "solver/hydro/shallow_water.hpp"
#include "solver/hydro/tide_constituents.hpp"

using namespace beibu;
using namespace beibu::hydro;
using namespace beibu::hydro::test;

TEST_CASE("linear tide in a closed channel matches the analytic standing wave", "[hydro][verification]") {
  const double L = 60000, depth = 10, a = 0.05;
  RectangleSpec rs;
  rs.lx = L;
  rs.ly = 3000;
  rs.nx = 60;
  rs.ny = 3;
  rs.depth = depth;
  rs.open = {"", "", "", "west"};
  const Mesh mesh = rectangle_with_depth(rs, [&](double, double) { return depth; });
  LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_SELF);

  const std::string start = "2020-01-01 00:00:00";
  const Constituent& m2 = *find_constituent("M2");
  const double w = angular_speed(m2);
  const double v0 = equilibrium_argument(m2, astro_arguments(days_since_j2000(start, "")));
  TideSpec spec;
  spec.nodal = false;
  OpenBoundarySpec ob;
  ob.name = "west";
  ob.type = OpenBoundaryType::clamped;
  TidePoint p;
  p.z["M2"] = std::polar(a, -v0 * kPi / 180.0);  // phase lag = V0: forcing a cos(w t)
  ob.points = {p};
  spec.boundaries = {ob};

  HydroOptions opt;
  opt.dt = 150;
  opt.theta = 0.55;
  opt.manning = 0;
  opt.viscosity = 0;
  opt.advection = false;
  opt.coriolis_f = 0;
  opt.ramp_time = 0;
  opt.start_utc = start;
  ShallowWaterModel model(lm, mesh.open_boundary_names, opt);
  model.set_tides(spec);
  const double k = w / std::sqrt(kGravity * depth);
  auto analytic_amp = [&](double x) { return a * std::cos(k * (L - x)) / std::cos(k * L); };
  std::vector<double> e0(lm.n_local);
  for (int c = 0; c < lm.n_local; ++c) e0[c] = analytic_amp(lm.cx[c]);  // start on the solution: no transient
  model.set_initial_eta(e0);

  // Probe cells: nearest to the closed end and to mid-channel on the axis.
  auto nearest = [&](double x, double y) {
    int best = 0;
    for (int c = 0; c < lm.n_owned; ++c)
      if (std::hypot(lm.cx[c] - x, lm.cy[c] - y) < std::hypot(lm.cx[best] - x, lm.cy[best] - y)) best = c;
    return best;
  };
  const int probes[2] = {nearest(L, 1500), nearest(L / 2, 1500)};
  const double period = 2 * kPi / w;
  std::vector<double> ts, y0, y1;
  while (model.time() < 2 * period) {
    model.step();
    if (model.time() > period) {
      ts.push_back(model.time());
      y0.push_back(model.eta()[probes[0]]);
      y1.push_back(model.eta()[probes[1]]);
    }
  }
  for (int i = 0; i < 2; ++i) {
    double amp, ph;
    harmonic_fit(ts, i == 0 ? y0 : y1, w, amp, ph);
    const double expect = analytic_amp(lm.cx[probes[i]]);
    const double amp_err = std::fabs(amp - std::fabs(expect)) / std::fabs(expect);
    double dph = std::remainder(ph - (expect < 0 ? kPi : 0.0), 2 * kPi);
    const double ph_err = std::fabs(dph) / (2 * kPi);
    std::printf(
        "standing wave at x = %.0f m: amplitude %.5f m (analytic %.5f), error %.3f %% (tol 2 %%); "
        "phase error %.3f %% of a period (tol 2 %%)\n",
        lm.cx[probes[i]], amp, std::fabs(expect), 100 * amp_err, 100 * ph_err);
    CHECK(amp_err < 0.02);
    CHECK(ph_err < 0.02);
  }
}
