// Same results on any number of ranks, and restarts that continue exactly.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numeric>

#include "solver/transport/cell_gather.hpp"
#include "solver/transport/checkpoint.hpp"
#include "solver/transport/level_exchange.hpp"
#include "solver/transport/providers/analytic_flow.hpp"
#include "transport_cases.hpp"

using namespace beibu;
using namespace beibu::test;

namespace {

TransportConfig ranks_config() {
  TransportConfig c = simple_config({"a", "b", "c"}, 4.0);
  c.constituents[1].conservative = false;
  c.constituents[1].decay_k20 = 1.0;
  c.constituents[1].settling_velocity = 1.0;
  return c;
}

// The faces left of x = 5000 m with an edge on a face to the right: a section
// across the rotating flow, positive eastwards.
std::vector<std::pair<long, int>> east_section(const Mesh& g) {
  auto cx = [&](int f) { return (g.x[g.tri[3 * f]] + g.x[g.tri[3 * f + 1]] + g.x[g.tri[3 * f + 2]]) / 3; };
  std::vector<std::pair<long, int>> out;
  for (int f = 0; f < static_cast<int>(g.n_faces()); ++f) {
    if (cx(f) >= 5000) continue;
    for (int j = 0; j < 3; ++j) {
      const int e = g.face_edge[3 * f + j];
      const int other = g.edge_face[2 * e] == f ? g.edge_face[2 * e + 1] : g.edge_face[2 * e];
      if (other >= 0 && cx(other) >= 5000) out.emplace_back(f, j);
    }
  }
  return out;
}

// Rotating + diffusing case on a perturbed mesh; returns the global concentrations on rank 0
// and, in `sections`, the east section's positive and negative totals per component.
std::vector<double> run_case(const Mesh& g, MPI_Comm comm, double t_end, const std::string& checkpoint_at_half,
                             const std::string& restart_from, std::vector<double>* sections = nullptr,
                             long* renumberings = nullptr) {
  const LocalMesh lm = distribute_mesh(g, comm);
  TransportModel model(g, lm, ranks_config());
  model.add_flux_section("east", east_section(g));
  auto flow = make_rotating_flow(lm, 2 * M_PI / 20000, 5000, 5000);
  FlowState fs;
  flow->advance(0, 200, fs);
  model.initialise(0, fs.volume0, [](int k, double x, double y) {
    return (k + 1) * std::exp(-((x - 3000) * (x - 3000) + (y - 5000) * (y - 5000)) / 1e6);
  });
  if (!restart_from.empty()) {
    read_checkpoint(model, restart_from);
    // The analytic provider carries its own volumes; bring it to the restart time.
    while (fs.t0 + fs.dt < model.time() - 1e-9) flow->advance(fs.t0 + fs.dt, 200, fs);
    flow->advance(model.time(), 200, fs);
  }
  while (model.time() < t_end - 1e-9) {
    model.advance(fs);
    if (!checkpoint_at_half.empty() && std::fabs(model.time() - t_end / 2) < 1e-9)
      write_checkpoint(model, checkpoint_at_half);
    if (model.time() < t_end - 1e-9) flow->advance(model.time(), 200, fs);
  }
  if (renumberings) *renumberings = model.renumberings();
  if (sections) {
    const auto sf = model.section_fluxes();
    sections->assign(sf[0].positive.begin(), sf[0].positive.end());
    sections->insert(sections->end(), sf[0].negative.begin(), sf[0].negative.end());
  }
  return gather_cells(lm, model.concentration(), model.ncomp());
}

// The level exchange of a distributed mesh in its own numbering: each ghost's owner
// rank and index learnt through the mesh's halo.
LevelExchange exchange_of(const LocalMesh& lm) {
  const int no = lm.n_owned, nl = lm.n_local;
  int rank = 0;
  MPI_Comm_rank(lm.comm, &rank);
  std::vector<int> owner(nl, rank), index(nl);
  std::iota(index.begin(), index.end(), 0);
  lm.halo->update(owner.data());
  lm.halo->update(index.data());
  return LevelExchange(lm.comm, no, std::vector<int>(owner.begin() + no, owner.end()),
                       std::vector<int>(index.begin() + no, index.end()));
}

// A small square on the ranks and its level exchange.
struct ExchangeCase {
  Mesh g = square_mesh(10000, 16, 0.2, true, 8);
  LocalMesh lm = distribute_mesh(g, PETSC_COMM_WORLD);
  LevelExchange x = exchange_of(lm);
};

double max_rel_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double scale = 0, d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) scale = std::max(scale, std::fabs(a[i]));
  for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::fabs(a[i] - b[i]));
  return d / scale;
}

}  // namespace

TEST_CASE("Restart from a checkpoint reproduces the uninterrupted run exactly", "[transport][verification]") {
  const Mesh g = square_mesh(10000, 20, 0.2, true, 5);
  const std::string ck = "/tmp/beibu_transport_restart_test.nc";
  std::vector<double> sf_full, sf_resumed;
  const auto full = run_case(g, PETSC_COMM_SELF, 4000, ck, "", &sf_full);
  REQUIRE(std::filesystem::exists(ck));
  const auto resumed = run_case(g, PETSC_COMM_SELF, 4000, "", ck, &sf_resumed);
  // The section totals travel in the checkpoint and continue exactly.
  CHECK(sf_full[0] > 0);
  CHECK(sf_full[3] > 0);
  CHECK(sf_full == sf_resumed);
  REQUIRE(full.size() == resumed.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < full.size(); ++i) differ += full[i] != resumed[i];
  std::printf("restart: %zu of %zu values differ (bitwise)\n", differ, full.size());
  CHECK(differ == 0);
}

TEST_CASE("One and two ranks give the same concentrations", "[mpi]") {
  // A perturbed square, and a graded one on which local time stepping uses several
  // levels (with interfaces between levels across the rank boundary).
  for (const Mesh& g : {square_mesh(10000, 24, 0.2, true, 6), graded_mesh(10000, 20, true, 6)}) {
    std::vector<double> sf_par, sf_ser;
    long renumbered = 0;
    const auto par = run_case(g, PETSC_COMM_WORLD, 4000, "", "", &sf_par, &renumbered);
    std::printf("2 ranks: cells renumbered by level %ld times\n", renumbered);
    CHECK(renumbered > 0);  // the comparison covers runs whose numbering changed on the way
    int rank = 0;
    MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
    if (rank != 0) continue;
    const auto ser = run_case(g, PETSC_COMM_SELF, 4000, "", "", &sf_ser);
    const double ds = max_rel_diff(sf_ser, sf_par);
    std::printf("1 vs 2 ranks: section totals differ by %.3e relative\n", ds);
    CHECK(sf_ser[0] > 0);
    CHECK(ds < 1e-12);
    REQUIRE(ser.size() == par.size());
    const double d = max_rel_diff(ser, par);
    std::printf("1 vs 2 ranks: max relative difference %.3e over %zu values\n", d, ser.size());
    CHECK(d < 1e-12);
  }
}

TEST_CASE("A checkpoint written on two ranks restarts on two ranks exactly", "[mpi]") {
  const Mesh g = square_mesh(10000, 16, 0.2, true, 8);
  const std::string ck = "/tmp/beibu_transport_restart_mpi_test.nc";
  std::vector<double> sf_full, sf_resumed;
  const auto full = run_case(g, PETSC_COMM_WORLD, 2000, ck, "", &sf_full);
  const auto resumed = run_case(g, PETSC_COMM_WORLD, 2000, "", ck, &sf_resumed);
  int rank = 0;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  if (rank == 0) {
    CHECK(max_rel_diff(full, resumed) == 0.0);
    // Restored totals are summed in another order across ranks: round-off only.
    CHECK(max_rel_diff(sf_full, sf_resumed) < 1e-13);
  }
}

TEST_CASE("The level exchange fills exactly the ghosts of the levels asked for", "[mpi]") {
  ExchangeCase t;
  const LocalMesh& lm = t.lm;
  LevelExchange& x = t.x;
  const int no = lm.n_owned, nl = lm.n_local;
  REQUIRE(nl > no);
  // A level per cell from its global id, so both copies of a ghost agree.
  std::vector<int> level(nl);
  for (int c = 0; c < nl; ++c) level[c] = static_cast<int>(lm.cell_gid[c] % 3);
  x.plan(level, 2);
  auto fresh = [&] {
    std::vector<double> v(2 * nl, -1.0);
    for (int c = 0; c < no; ++c) {
      v[2 * c] = static_cast<double>(lm.cell_gid[c]);
      v[2 * c + 1] = -static_cast<double>(lm.cell_gid[c]);
    }
    return v;
  };
  for (int l = 0; l < 3; ++l)
    for (bool finer : {false, true}) {
      std::vector<double> v = fresh();
      x.exchange(v.data(), 2, l, finer);
      int filled = 0, wrong = 0;
      for (int c = no; c < nl; ++c) {
        const bool want = level[c] == l || (finer && level[c] == l + 1);
        const bool got = v[2 * c] == static_cast<double>(lm.cell_gid[c]) && v[2 * c + 1] == -v[2 * c];
        const bool untouched = v[2 * c] == -1.0 && v[2 * c + 1] == -1.0;
        filled += got;
        wrong += want ? !got : !untouched;
      }
      INFO("level " << l << (finer ? " and the next" : ""));
      CHECK(wrong == 0);
      if (l < 2) CHECK(filled > 0);
    }
}

TEST_CASE("After the owners renumber their cells, the exchange still fills every ghost", "[mpi]") {
  ExchangeCase t;
  const LocalMesh& lm = t.lm;
  LevelExchange& x = t.x;
  const int no = lm.n_owned, nl = lm.n_local;
  // Data in a numbering of the owned cells that is reversed, then rotated by 5: each
  // owned cell's value is its global id, wherever the numbering puts it.
  auto check = [&](const std::vector<int>& where) {  // where[c]: position of owned cell c
    std::vector<double> v(2 * nl, -1.0);
    std::vector<int> iv(nl, -1);
    for (int c = 0; c < no; ++c) {
      v[2 * where[c]] = static_cast<double>(lm.cell_gid[c]);
      v[2 * where[c] + 1] = 0.5;
      iv[where[c]] = static_cast<int>(lm.cell_gid[c]);
    }
    x.exchange_all(v.data(), 2);
    x.exchange_all(iv.data());
    int wrong = 0;
    for (int c = no; c < nl; ++c)
      wrong += v[2 * c] != static_cast<double>(lm.cell_gid[c]) || v[2 * c + 1] != 0.5 || iv[c] != lm.cell_gid[c];
    return wrong;
  };
  std::vector<int> where(no), next(no), step(no);
  std::iota(where.begin(), where.end(), 0);
  CHECK(check(where) == 0);
  for (int c = 0; c < no; ++c) next[c] = no - 1 - c;
  for (int p = 0; p < no; ++p) step[where[p]] = next[p];  // old position -> new position
  x.renumber_owned(step);
  where = next;
  CHECK(check(where) == 0);
  for (int c = 0; c < no; ++c) next[c] = (where[c] + 5) % no;
  for (int c = 0; c < no; ++c) step[where[c]] = next[c];
  x.renumber_owned(step);
  where = next;
  CHECK(check(where) == 0);
}
