// Volume conservation with closed boundaries, wetting and drying: a basin with
// a sloping beach and a tidal flat, started with a tilted surface and pushed by
// wind and rivers so the flats flood and dry. Tolerances: total volume change
// equals the river input to 1e-13 relative; depth >= -1e-12 m everywhere; the
// FlowState continuity residual of each interval <= 1e-12 (round-off).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>

#include "hydro_cases.hpp"
#include "solver/flow.hpp"
#include "solver/hydro/shallow_water.hpp"

using namespace beibu;
using namespace beibu::hydro;
using namespace beibu::hydro::test;

TEST_CASE("volume is conserved to round-off with wetting and drying", "[hydro][verification]") {
  RectangleSpec rs;
  rs.lx = 12000;
  rs.ly = 6000;
  rs.nx = 24;
  rs.ny = 12;
  rs.perturb = 0.2;
  // Depth falls from 6 m in the west to a beach that rises 1.5 m above the sea in the east.
  const Mesh mesh =
      rectangle_with_depth(rs, [](double x, double y) { return 6.0 - 7.5 * x / 12000.0 + 0.3 * std::sin(y / 700.0); });
  LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_SELF);
  HydroOptions opt;
  opt.dt = 120;
  opt.coriolis_f = 5e-5;
  opt.ramp_time = 3600;
  ShallowWaterModel model(lm, mesh.open_boundary_names, opt);
  std::vector<double> eta0(lm.n_local);
  for (int c = 0; c < lm.n_local; ++c) eta0[c] = 0.8 * (1.0 - lm.cx[c] / 6000.0);  // +0.8 m west, -0.8 m east
  model.set_initial_eta(eta0);
  // An eastward gale, turning north, pushes water up the beach.
  model.set_atmosphere(std::make_shared<CallbackAtmosphere>(
      [](double t, const LocalMesh& m, std::vector<double>& u, std::vector<double>& v, std::vector<double>& pa) {
        u.assign(m.n_local, 20.0 * std::cos(t / 20000.0));
        v.assign(m.n_local, 20.0 * std::sin(t / 20000.0));
        pa.clear();
      },
      false));
  RiverSpec river;
  river.name = "test";
  river.x = 500;
  river.y = 3000;
  river.discharge.t = {0.0, 86400.0};
  river.discharge.q = {50.0, 150.0};
  model.set_rivers({river});

  const double v_start = model.total_volume();
  double inflow = 0, worst_residual = 0, min_depth = 1e9;
  int flooded_and_dried = 0;
  std::vector<int> was_dry(lm.n_owned);
  for (int c = 0; c < lm.n_owned; ++c) was_dry[c] = model.volume()[c] <= 0;
  FlowState s;
  double t = 0;
  for (int k = 0; k < 60; ++k) {  // 60 intervals of 30 min = 30 h
    model.advance(t, 1800.0, s);
    t += 1800.0;
    // Residual scaled by the volumes and the volume moved (flow.hpp's continuity_residual
    // divides by the cell volume alone, which is ill-posed for a cell that just dried).
    for (int c = 0; c < lm.n_owned; ++c) {
      double div = 0, moved = std::fabs(s.volume0[c]) + std::fabs(s.volume1[c]) + s.dt * std::fabs(s.source_flow[c]);
      for (int j = 0; j < 3; ++j) {
        const double f = lm.cell_edge_sign[3 * c + j] * s.edge_flux[lm.cell_edge[3 * c + j]];
        div += f;
        moved += s.dt * std::fabs(f);
      }
      const double r = std::fabs(s.volume1[c] - (s.volume0[c] + s.dt * (s.source_flow[c] - div)));
      worst_residual = std::max(worst_residual, moved > 0 ? r / moved : r);
    }
    for (int c = 0; c < lm.n_owned; ++c) {
      inflow += 1800.0 * s.source_flow[c];
      min_depth = std::min(min_depth, model.volume()[c] / lm.area[c]);
      const int dry = model.volume()[c] <= 1e-9 * lm.area[c];
      flooded_and_dried += dry != was_dry[c];
      was_dry[c] = dry;
    }
  }
  const double v_end = model.total_volume();
  const double rel = std::fabs(v_end - v_start - inflow) / v_start;
  std::printf(
      "wet/dry conservation: |dV - inflow|/V = %.3g (tol 1e-13), min depth %.3g m (tol -1e-12), "
      "continuity residual %.3g (tol 1e-12), %d wet<->dry changes, %ld KSP its\n",
      rel, min_depth, worst_residual, flooded_and_dried, model.total_ksp_iterations());
  CHECK(rel < 1e-13);
  CHECK(min_depth >= -1e-12);
  CHECK(worst_residual < 1e-12);
  CHECK(flooded_and_dried > 20);  // the test really exercises wetting and drying
}
