// The split free-surface factorisation (solver/hydro/schur_cholesky.*): the dense
// Cholesky it uses for the separator, and whole solves on 2 ranks (the mpi run), 3 and
// 4 ranks (ctest mpi3_hydro_split, mpi4_hydro_split) checked by their residual, computed from the mesh
// directly: |A x - b| <= 1e-13 |A| |x| (a direct solve leaves ~1e-16).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <vector>

#include "core/error.hpp"
#include "core/petsc_env.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/synthetic.hpp"
#include "solver/hydro/schur_cholesky.hpp"

using namespace beibu;
using namespace beibu::hydro;

TEST_CASE("dense Cholesky factorises and solves an SPD matrix and rejects an indefinite one", "[hydro][unit]") {
  const int n = 12;
  std::vector<double> b(n * n), a(n * n, 0.0);
  for (int i = 0; i < n * n; ++i) b[i] = std::sin(1.7 * i + 0.3);
  for (int i = 0; i < n; ++i)  // A = B B' + I
    for (int j = 0; j < n; ++j) {
      for (int k = 0; k < n; ++k) a[i * n + j] += b[i * n + k] * b[j * n + k];
      if (i == j) a[i * n + j] += 1.0;
    }
  std::vector<double> l(a);
  REQUIRE(dense_cholesky(l, n));
  double err = 0, amax = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j <= i; ++j) {
      double s = 0;
      for (int k = 0; k <= j; ++k) s += l[i * n + k] * l[j * n + k];
      err = std::max(err, std::fabs(s - a[i * n + j]));
      amax = std::max(amax, std::fabs(a[i * n + j]));
    }
  CHECK(err < 1e-13 * amax);
  std::vector<double> x(n), rhs(n);
  for (int i = 0; i < n; ++i) rhs[i] = x[i] = std::cos(0.9 * i);
  dense_cholesky_solve(l, n, x.data());
  double res = 0;
  for (int i = 0; i < n; ++i) {
    double s = -rhs[i];
    for (int j = 0; j < n; ++j) s += a[i * n + j] * x[j];
    res = std::max(res, std::fabs(s));
  }
  CHECK(res < 1e-12);
  std::vector<double> bad(a);
  bad[5 * n + 5] = -1.0;
  CHECK_FALSE(dense_cholesky(bad, n));
}

namespace {
// A free-surface-like matrix on a graded, perturbed rectangle: K per edge from its
// global id (a tenth of the faces closed, K = 0, like dry faces), diag = area term +
// sum of K (strictly diagonally dominant).
struct Case {
  Mesh mesh;
  LocalMesh lm;
  std::vector<double> K, diag, b;
};

Case make_case(MPI_Comm comm) {
  RectangleSpec rs;
  rs.lx = 20000;
  rs.ly = 8000;
  rs.nx = 30;
  rs.ny = 12;
  rs.perturb = 0.25;
  Case c{rectangle_mesh(rs), {}, {}, {}, {}};
  c.lm = distribute_mesh(c.mesh, comm);
  const LocalMesh& lm = c.lm;
  c.K.assign(lm.n_edges(), 0.0);
  for (int e = 0; e < lm.n_edges(); ++e)
    c.K[e] = lm.edge_gid[e] % 10 == 3 ? 0.0 : 1e3 * (1.5 + std::sin(0.37 * static_cast<double>(lm.edge_gid[e])));
  c.diag.assign(lm.n_owned, 0.0);
  c.b.assign(lm.n_owned, 0.0);
  for (int o = 0; o < lm.n_owned; ++o) {
    const double g = static_cast<double>(lm.cell_gid[o]);
    c.diag[o] = 0.02 * lm.area[o] / 1e4 * (1.0 + 0.5 * std::cos(g));
    for (int k = 0; k < 3; ++k)
      if (lm.neighbour(o, k) >= 0) c.diag[o] += c.K[lm.cell_edge[3 * o + k]];
    c.b[o] = std::sin(0.01 * g) + 0.3 * std::cos(0.7 * g);
  }
  return c;
}

// max |A x - b| and max |A| |x| over all ranks.
std::pair<double, double> residual(const Case& c, const std::vector<double>& x_owned) {
  const LocalMesh& lm = c.lm;
  std::vector<double> x(lm.n_local, 0.0);
  std::copy(x_owned.begin(), x_owned.end(), x.begin());
  if (lm.halo && !lm.halo->empty()) lm.halo->update(x.data(), 1);
  double l[2] = {0, 0}, g[2] = {0, 0};
  for (int o = 0; o < lm.n_owned; ++o) {
    double r = c.diag[o] * x[o] - c.b[o], scale = std::fabs(c.diag[o] * x[o]);
    for (int k = 0; k < 3; ++k) {
      const int nb = lm.neighbour(o, k);
      if (nb < 0) continue;
      const double v = c.K[lm.cell_edge[3 * o + k]] * x[nb];
      r -= v;
      scale += std::fabs(v);
    }
    l[0] = std::max(l[0], std::fabs(r));
    l[1] = std::max(l[1], scale);
  }
  MPI_Allreduce(l, g, 2, MPI_DOUBLE, MPI_MAX, lm.comm);
  return {g[0], g[1]};
}
}  // namespace

TEST_CASE("split factorisation solves the free-surface matrix to round-off", "[hydro][verification][mpi][split]") {
  const int size = mpi_size();
  REQUIRE(SchurCholesky::supports(size));
  Case c = make_case(PETSC_COMM_WORLD);
  SchurCholesky solver(c.lm);
  // A separator exists, is small, and the parts with their borders cover every cell.
  long covered = solver.part_size(), n_global = c.lm.n_global_cells;
  MPI_Allreduce(MPI_IN_PLACE, &covered, 1, MPI_LONG, MPI_SUM, PETSC_COMM_WORLD);
  CHECK(solver.separator_size() > 0);
  CHECK(solver.separator_size() < n_global / 10);
  CHECK(covered >= n_global);
  // Two matrices in turn (the values change every step; the pattern is fixed).
  for (int round = 0; round < 2; ++round) {
    if (round == 1)
      for (double& k : c.K) k *= 0.5;
    for (int o = 0; o < c.lm.n_owned; ++o) {
      double s = 0;
      for (int k = 0; k < 3; ++k)
        if (c.lm.neighbour(o, k) >= 0) s += c.K[c.lm.cell_edge[3 * o + k]];
      if (round == 1) c.diag[o] = 0.5 * c.diag[o] + 0.5 * s;  // area term halved, coupling sum updated
    }
    solver.set_matrix(c.diag.data(), c.K);
    solver.factor();
    std::vector<double> x(c.lm.n_owned, 0.0);
    solver.solve(c.b.data(), x.data());
    const auto [res, scale] = residual(c, x);
    if (mpi_rank() == 0)
      std::printf("split factorisation, %d ranks, %ld cells, separator %d: max |Ax-b| = %.3g (scale %.3g, tol 1e-13)\n",
                  size, n_global, solver.separator_size(), res, scale);
    CHECK(res <= 1e-13 * scale);
  }
}

TEST_CASE("split factorisation fails on every rank for a matrix that is not positive definite",
          "[hydro][verification][mpi][split]") {
  Case c = make_case(PETSC_COMM_WORLD);
  SchurCholesky solver(c.lm);
  // One cell on the last rank with a negative diagonal.
  if (mpi_rank() == mpi_size() - 1 && c.lm.n_owned > 0) c.diag[c.lm.n_owned / 2] = -1.0;
  solver.set_matrix(c.diag.data(), c.K);
  CHECK_THROWS_AS(solver.factor(), Failure);
}
