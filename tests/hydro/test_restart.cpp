// Restart continues exactly: 40 steps in one go equal 20 steps, a restart file, a
// fresh model read from it and 20 more steps (a multiple of -hydro_pc_rebuild, so
// the preconditioner schedule is the same). Tolerance: bitwise equal surface and fluxes.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <string>

#include "hydro_cases.hpp"
#include "solver/hydro/restart.hpp"
#include "solver/hydro/shallow_water.hpp"

using namespace beibu;
using namespace beibu::hydro;
using namespace beibu::hydro::test;

namespace {
std::unique_ptr<ShallowWaterModel> make(const Mesh& mesh, const LocalMesh& lm) {
  HydroOptions opt;
  opt.dt = 120;
  opt.coriolis_f = 5e-5;
  opt.ramp_time = 1800;
  auto m = std::make_unique<ShallowWaterModel>(lm, mesh.open_boundary_names, opt);
  m->set_atmosphere(std::make_shared<UniformWind>(12.0, -4.0));
  TideSpec spec;
  OpenBoundarySpec ob;
  ob.name = "south";
  TidePoint p;
  p.z["K1"] = std::polar(0.5, 0.4);
  ob.points = {p};
  spec.boundaries = {ob};
  m->set_tides(spec);
  return m;
}
}  // namespace

TEST_CASE("a restarted run continues exactly as the uninterrupted one", "[hydro][verification]") {
  RectangleSpec rs;
  rs.lx = 8000;
  rs.ly = 4000;
  rs.nx = 16;
  rs.ny = 8;
  rs.perturb = 0.2;
  rs.open = {"south", "", "", ""};
  const Mesh mesh = rectangle_with_depth(rs, [](double x, double) { return 4.0 - 5.0 * x / 8000.0; });
  const LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_SELF);
  auto whole = make(mesh, lm);
  for (int i = 0; i < 40; ++i) whole->step();
  auto first = make(mesh, lm);
  for (int i = 0; i < 20; ++i) first->step();
  const std::string path =
      (std::filesystem::temp_directory_path() / ("beibu_hydro_restart_" + std::to_string(getpid()) + ".nc")).string();
  write_restart(*first, mesh, path);
  auto second = make(mesh, lm);
  read_restart(*second, path);
  CHECK(second->time() == first->time());
  for (int i = 0; i < 20; ++i) second->step();
  double de = 0, df = 0;
  for (int c = 0; c < lm.n_owned; ++c) de = std::max(de, std::fabs(whole->eta()[c] - second->eta()[c]));
  for (int e = 0; e < lm.n_edges(); ++e) df = std::max(df, std::fabs(whole->edge_flux()[e] - second->edge_flux()[e]));
  CHECK(de == 0.0);
  CHECK(df == 0.0);
  std::filesystem::remove(path);
}
