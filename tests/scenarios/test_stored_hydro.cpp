// Reusing a stored hydrodynamic run: what a run records is what a reuse serves.
// A scenario's water recorded from the online model (wind set-up and a river in a
// closed basin) and replayed from the file gives bitwise the same FlowState
// (volumes at both ends, edge fluxes, source inflow) interval by interval, on 1 and
// 2 ranks; a file that does not cover the period, or a start between records, is
// an InputError before anything runs.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "core/petsc_env.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/projection.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/synthetic.hpp"
#include "scenarios/run/scenario_flow.hpp"
#include "solver/flow.hpp"
#include "solver/transport/providers/stored_flow.hpp"

using namespace beibu;

namespace {

Mesh basin() {
  RectangleSpec rs;
  rs.lx = 12000;
  rs.ly = 6000;
  rs.nx = 12;
  rs.ny = 6;
  rs.perturb = 0.2;
  Mesh m = rectangle_mesh(rs);
  const Projection proj;  // the model projection: the basin sits at 20 N, 108 E
  m.lon.resize(m.n_nodes());
  m.lat.resize(m.n_nodes());
  for (std::size_t i = 0; i < m.n_nodes(); ++i) proj.inverse(m.x[i], m.y[i], m.lon[i], m.lat[i]);
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    double cx, cy;
    m.face_centroid(f, cx, cy);
    m.depth[f] = 3.0 + 9.0 * cx / 12000.0;
  }
  return m;
}

HydroSetup online_setup() {
  HydroSetup h;
  h.opt.dt = 300;
  h.opt.ramp_time = 3600;
  h.uniform_u = 9.0;
  h.uniform_v = -3.0;
  h.coupling_s = 1800;
  return h;
}

std::vector<hydro::RiverSpec> river() {
  hydro::RiverSpec r;
  r.name = "inflow";
  r.x = 500;
  r.y = 3000;
  r.discharge.t = {0, 1e6};
  r.discharge.q = {40, 40};
  return {r};
}

std::string file_name(MPI_Comm comm, const std::string& stem) {
  long id = getpid();
  MPI_Bcast(&id, 1, MPI_LONG, 0, comm);  // one name on every rank
  return (std::filesystem::temp_directory_path() / (stem + std::to_string(id) + ".nc")).string();
}

void record_and_replay(MPI_Comm comm) {
  const Mesh mesh = basin();
  const LocalMesh lm = distribute_mesh(mesh, comm);
  const double t_epoch = parse_iso8601("2024-05-01T00:00:00Z");
  const int n = 8;
  const double T = n * 1800.0;
  const std::string path = file_name(comm, "beibu_stored_hydro_");

  std::vector<FlowState> online(n);
  {
    ScenarioFlow w(online_setup(), mesh, lm, t_epoch, T, river());
    w.record_to(path, {"made by the test", "trust it to 1 mm", "可信到 1 毫米"});
    for (int i = 0; i < n; ++i) w.advance(i * 1800.0, 1800.0, online[i]);
    w.finish();
  }
  HydroSetup stored;
  stored.stored_file = path;
  ScenarioFlow r(stored, mesh, lm, t_epoch, T, {});
  CHECK(r.online() == nullptr);
  // The file records how its water was made, for the reports of runs that reuse it.
  const StoredFlowProvenance p = stored_flow_provenance(path);
  CHECK(p.hydrodynamics == "made by the test");
  CHECK(p.tides_uncertainty == "trust it to 1 mm");
  CHECK(p.tides_uncertainty_zh == "可信到 1 毫米");
  CHECK(r.interval() == 1800.0);
  bool same = true;
  double max_flux = 0;
  for (int i = 0; i < n; ++i) {
    FlowState f;
    r.advance(i * 1800.0, 1800.0, f);
    for (int c = 0; c < lm.n_owned; ++c)
      same = same && f.volume0[c] == online[i].volume0[c] && f.volume1[c] == online[i].volume1[c] &&
             f.source_flow[c] == online[i].source_flow[c];
    for (int c = 0; c < lm.n_owned; ++c)
      for (int k = 0; k < 3; ++k) {
        const int e = lm.cell_edge[3 * c + k];
        same = same && f.edge_flux[e] == online[i].edge_flux[e];
        max_flux = std::max(max_flux, std::fabs(f.edge_flux[e]));
      }
  }
  CHECK(same);
  CHECK(max_flux > 1.0);  // the wind and the river do move water

  // A scenario longer than the stored run, or starting between two records.
  CHECK_THROWS_AS(ScenarioFlow(stored, mesh, lm, t_epoch, T + 1800.0, {}), InputError);
  CHECK_THROWS_AS(ScenarioFlow(stored, mesh, lm, t_epoch + 900.0, 1800.0, {}), InputError);
  // A later start on a record boundary is fine.
  CHECK_NOTHROW(ScenarioFlow(stored, mesh, lm, t_epoch + 3600.0, 1800.0, {}));
  MPI_Barrier(comm);
  if (mpi_rank(comm) == 0) std::filesystem::remove(path);
}

}  // namespace

TEST_CASE("a stored run replays exactly what the online model delivered", "[scenario][verification]") {
  record_and_replay(PETSC_COMM_SELF);
}

TEST_CASE("a stored run replays exactly on two ranks", "[mpi]") {
  record_and_replay(PETSC_COMM_WORLD);
}
