// A hydrodynamic state that blows up stops the run at once, naming the variable, the
// step, the cell and its position, with a remedy -- not a NaN carried into transport.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "hydro_cases.hpp"
#include "solver/hydro/shallow_water.hpp"

using namespace beibu;
using namespace beibu::hydro;
using namespace beibu::hydro::test;

TEST_CASE("an out-of-range surface stops the hydrodynamics naming step, cell and position", "[hydro]") {
  RectangleSpec rs;
  rs.lx = 8000;
  rs.ly = 4000;
  rs.nx = 8;
  rs.ny = 4;
  const Mesh mesh = rectangle_with_depth(rs, [](double, double) { return 10.0; });
  const LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_SELF);
  HydroOptions opt;
  opt.dt = 60;
  ShallowWaterModel model(lm, mesh.open_boundary_names, opt);
  std::vector<double> eta(lm.n_local, 0.0);
  eta[0] = 500.0;  // finite but absurd: the solve succeeds, the new state is out of range
  std::string msg;
  model.set_initial_eta(eta);
  try {
    model.step();
  } catch (const Failure& e) {
    msg = e.what();
  }
  INFO(msg);
  REQUIRE(!msg.empty());
  CHECK(msg.find("non-finite or out of range after step 1") != std::string::npos);
  CHECK(msg.find("cell ") != std::string::npos);
  CHECK(msg.find(" at lon ") != std::string::npos);
  CHECK(msg.find("smaller time_step_s") != std::string::npos);
}
