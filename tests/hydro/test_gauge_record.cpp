// The record at tide gauges (GaugeRecorder, what beibu run compares with the gauges): at
// the end of every step from its start time on, the model's own surface at the gauge's
// cell, bit for bit, on any number of ranks (in mpi_hydro on 2), through step() and
// through advance() (the run's path, several steps per interval); a record restored
// from a checkpoint carries on as the uninterrupted one.
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>

#include "core/error.hpp"
#include "hydro_cases.hpp"
#include "solver/flow.hpp"
#include "solver/hydro/gauge_record.hpp"
#include "solver/hydro/shallow_water.hpp"
#include "solver/transport/cell_gather.hpp"

using namespace beibu;
using namespace beibu::hydro;
using namespace beibu::hydro::test;

namespace {

Mesh sloping_channel() {
  RectangleSpec rs;
  rs.lx = 8000;
  rs.ly = 4000;
  rs.nx = 16;
  rs.ny = 8;
  rs.perturb = 0.2;
  rs.open = {"south", "", "", ""};
  return rectangle_with_depth(rs, [](double x, double) { return 6.0 - 5.0 * x / 8000.0; });
}

std::unique_ptr<ShallowWaterModel> tidal_model(const Mesh& mesh, const LocalMesh& lm) {
  HydroOptions opt;
  opt.dt = 120;
  opt.coriolis_f = 5e-5;
  opt.ramp_time = 1800;
  auto m = std::make_unique<ShallowWaterModel>(lm, mesh.open_boundary_names, opt);
  TideSpec spec;
  OpenBoundarySpec ob;
  ob.name = "south";
  TidePoint p;
  p.z["M2"] = std::polar(0.8, 0.3);
  ob.points = {p};
  spec.boundaries = {ob};
  m->set_tides(spec);
  return m;
}

void check_record(MPI_Comm comm) {
  const Mesh mesh = sloping_channel();
  const LocalMesh lm = distribute_mesh(mesh, comm);
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  const long nf = static_cast<long>(mesh.n_faces());
  const std::vector<long> faces = {0, nf / 2, nf - 1, nf / 3};
  auto model = tidal_model(mesh, lm);    // recorded, stepped as a run steps it
  auto witness = tidal_model(mesh, lm);  // the same model, read directly after each step
  const double dt = model->options().dt, t_from = 5 * dt;
  GaugeRecorder rec(lm, faces, t_from);
  rec.attach(*model);
  // The witness: every cell's surface gathered to rank 0 after each step.
  std::vector<double> want_t, want_v;
  auto witness_step = [&] {
    witness->step();
    const std::vector<double> owned(witness->eta().begin(), witness->eta().begin() + lm.n_owned);
    const std::vector<double> global = gather_cells(lm, owned, 1);
    if (witness->time() < t_from - 1e-6) return;
    want_t.push_back(witness->time());
    if (rank == 0)
      for (long f : faces) want_v.push_back(global[static_cast<std::size_t>(f)]);
  };
  // 4 single steps, then 6 coupling intervals of 3 steps each (advance(), the run's path).
  for (int i = 0; i < 4; ++i) model->step();
  FlowState flow;
  for (int i = 0; i < 6; ++i) model->advance(model->time(), 3 * dt, flow);
  for (int i = 0; i < 22; ++i) witness_step();

  REQUIRE(rec.gauges() == faces.size());
  REQUIRE(rec.times().size() == 22 - 4);  // steps 5 to 22 end at or after t_from
  REQUIRE(rec.times() == want_t);
  CHECK(rec.times().front() == t_from);
  if (rank == 0) {
    REQUIRE(rec.values().size() == want_v.size());
    for (std::size_t i = 0; i < want_v.size(); ++i) CHECK(rec.values()[i] == want_v[i]);  // bit for bit
    double lo = 1e9, hi = -1e9;                                                           // the tide is in it
    for (double v : rec.values()) lo = std::min(lo, v), hi = std::max(hi, v);
    CHECK(hi - lo > 0.01);
  }
  // Every rank holds the same record.
  double mine = 0, most = 0;
  for (double v : rec.values()) mine += v;
  MPI_Allreduce(&mine, &most, 1, MPI_DOUBLE, MPI_MAX, comm);
  CHECK(mine == most);
  const auto series = rec.series();
  REQUIRE(series.size() == faces.size());
  for (std::size_t g = 0; g < faces.size(); ++g)
    for (std::size_t i = 0; i < rec.times().size(); ++i) CHECK(series[g][i] == rec.values()[i * faces.size() + g]);

  // A record restored into a fresh recorder (a resumed run) carries on as this one would.
  GaugeRecorder resumed(lm, faces, t_from);
  resumed.restore(rec.times(), rec.values());
  resumed.attach(*model);
  model->step();
  witness_step();
  REQUIRE(resumed.times() == want_t);
  if (rank == 0)
    for (std::size_t i = 0; i < want_v.size(); ++i) CHECK(resumed.values()[i] == want_v[i]);
  CHECK_THROWS_AS(resumed.restore({0.0}, {1.0}), Failure);
}

}  // namespace

TEST_CASE("the record at a gauge is the model's surface at its cell at every step after the start",
          "[hydro][verification]") {
  check_record(PETSC_COMM_SELF);
}

TEST_CASE("the record at a gauge on 2 ranks is the owning rank's surface, the same on every rank",
          "[hydro][verification][mpi]") {
  check_record(PETSC_COMM_WORLD);
}
