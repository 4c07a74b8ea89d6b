// 1 vs 2 ranks: the same wet/dry, wind- and river-forced basin run on the whole
// communicator and, on every rank, alone on PETSC_COMM_SELF; elevations and edge
// fluxes are compared by global id. The KSP tolerance is tightened to 1e-13 so the
// only difference left is round-off in the parallel solve. Tolerances: |d eta| < 1e-10 m,
// |d flux| < 1e-9 of the largest flux.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>

#include "core/petsc_env.hpp"
#include "hydro_cases.hpp"
#include "solver/hydro/shallow_water.hpp"

using namespace beibu;
using namespace beibu::hydro;
using namespace beibu::hydro::test;

namespace {
std::unique_ptr<ShallowWaterModel> run(const Mesh& mesh, const LocalMesh& lm, int steps) {
  HydroOptions opt;
  opt.dt = 120;
  opt.coriolis_f = 5e-5;
  opt.ramp_time = 1800;
  opt.ksp_prefix = "hydroranks_";
  auto model = std::make_unique<ShallowWaterModel>(lm, mesh.open_boundary_names, opt);
  std::vector<double> eta0(lm.n_local);
  for (int c = 0; c < lm.n_local; ++c) eta0[c] = 0.5 * (1.0 - lm.cx[c] / 5000.0);
  model->set_initial_eta(eta0);
  model->set_atmosphere(std::make_shared<UniformWind>(15.0, 5.0));
  RiverSpec river;
  river.name = "r";
  river.x = 300;
  river.y = 2000;
  river.discharge.t = {0.0};
  river.discharge.q = {80.0};
  model->set_rivers({river});
  TideSpec spec;
  OpenBoundarySpec ob;
  ob.name = "south";
  TidePoint p;
  p.z["K1"] = std::polar(0.4, 1.0);
  p.z["M2"] = std::polar(0.2, 0.3);
  ob.points = {p};
  spec.boundaries = {ob};
  model->set_tides(spec);
  for (int i = 0; i < steps; ++i) model->step();
  return model;
}
}  // namespace

TEST_CASE("hydrodynamics on 2 ranks matches 1 rank to round-off", "[hydro][verification][mpi]") {
  BEIBU_PETSC(PetscOptionsSetValue(nullptr, "-hydroranks_ksp_rtol", "1e-13"));
  RectangleSpec rs;
  rs.lx = 10000;
  rs.ly = 4000;
  rs.nx = 25;
  rs.ny = 10;
  rs.perturb = 0.2;
  rs.open = {"south", "", "", ""};
  const Mesh mesh =
      rectangle_with_depth(rs, [](double x, double y) { return 5.0 - 6.0 * x / 10000.0 + 0.2 * std::sin(y / 500.0); });
  const LocalMesh par = distribute_mesh(mesh, PETSC_COMM_WORLD);
  const LocalMesh ser = distribute_mesh(mesh, PETSC_COMM_SELF);
  const int steps = 120;
  auto mp = run(mesh, par, steps);
  auto ms = run(mesh, ser, steps);
  double deta = 0, dflux = 0, fmax = 0;
  for (int c = 0; c < par.n_owned; ++c) deta = std::max(deta, std::fabs(mp->eta()[c] - ms->eta()[par.cell_gid[c]]));
  for (int e = 0; e < par.n_edges(); ++e) {
    // On one rank the local edge ids are the global ids.
    dflux = std::max(dflux, std::fabs(mp->edge_flux()[e] - ms->edge_flux()[par.edge_gid[e]]));
    fmax = std::max(fmax, std::fabs(ms->edge_flux()[par.edge_gid[e]]));
  }
  double g[3] = {0, 0, 0}, l[3] = {deta, dflux, fmax};
  MPI_Allreduce(l, g, 3, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD);
  if (mpi_rank() == 0)
    std::printf("ranks %d vs 1: max |d eta| = %.3g m (tol 1e-10), max |d flux| / max flux = %.3g (tol 1e-9)\n",
                mpi_size(), g[0], g[1] / g[2]);
  CHECK(g[0] < 1e-10);
  CHECK(g[1] < 1e-9 * g[2]);
  BEIBU_PETSC(PetscOptionsClearValue(nullptr, "-hydroranks_ksp_rtol"));
}
