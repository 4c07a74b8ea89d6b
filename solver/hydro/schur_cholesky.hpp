#pragma once
// A direct solver for the free-surface matrix that splits the factorisation over the
// ranks instead of repeating it on each (docs/hydrodynamics.md "Free-surface solve").
//
// The cells are cut into one part per rank by a small vertex separator (recursive
// METIS bisection of the matrix graph through CHOLMOD; 39 of the default gulf's 77 199
// cells on 2 ranks). With the separator cells s last, the matrix is
//
//     [A_11       A_1s]                  S = A_ss - sum_p A_sp A_pp^-1 A_ps
//     [     A_22  A_2s]   and its Schur
//     [A_s1 A_s2  A_ss]   complement
//
// Rank p factorises its part bordered by the separator cells it touches,
// B_p = [A_pp A_ps; A_sp D_p] = L D L' (CHOLMOD, simplicial LDL', the separator
// ordered last; D_p = diag(A_ss) keeps B_p diagonally dominant). The bottom-right
// block of that factor holds D_p - A_sp A_pp^-1 A_ps, so rank p's share of S is a
// small dense product; rank 0 sums the shares and factorises S (dense Cholesky).
// A solve is a forward substitution on each part, the separator's dense solve on
// rank 0, and a back substitution on each part. Each rank's factorisation is about
// half the whole one on 2 ranks, and there is no redundant work.
//
// The split depends only on the mesh (global cell ids), not on how the mesh is
// partitioned over the ranks; rows move between the mesh's owners and the parts
// with one all-to-all per step (the parts are matched to the ranks owning most of
// their cells). Supported on 2 to 4 ranks (supports()): on 3 the second bisection
// halves one side only, so one part holds about half the cells (still half the
// whole factorisation, against all of it on every rank).
#include <mpi.h>

#include <memory>
#include <vector>

namespace beibu {
struct LocalMesh;
}

namespace beibu::hydro {

class SchurCholesky {
 public:
  // Collective over m.comm. The matrix has a row per cell and an entry per pair of
  // face neighbours (the pattern of FreeSurfaceSystem).
  explicit SchurCholesky(const LocalMesh& m);
  ~SchurCholesky();
  SchurCholesky(const SchurCholesky&) = delete;
  SchurCholesky& operator=(const SchurCholesky&) = delete;

  static bool supports(int ranks) { return ranks >= 2 && ranks <= 4; }

  // The matrix's owned rows: diag[c] on the diagonal and -K[cell_edge[3c+k]] towards the
  // k-th face neighbour (as FreeSurfaceSystem::assemble). Local; copies what it needs.
  void set_matrix(const double* diag, const std::vector<double>& K);
  // Collective: factorises the matrix last set. Throws Failure (on every rank) if it
  // is not positive definite.
  void factor();
  // Collective: x = A^-1 b over the owned cells (n_owned values each; may alias).
  void solve(const double* b, double* x);

  int separator_size() const;  // cells in the separator (all parts)
  int part_size() const;       // cells this rank factorises (its part and its border)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Pure helpers, exposed for the tests.
// Dense Cholesky in place: a (n x n, row-major, lower triangle used) becomes L with
// A = L L'. Returns false if A is not (numerically) positive definite.
bool dense_cholesky(std::vector<double>& a, int n);
// Solves L L' x = b in place for the factor from dense_cholesky.
void dense_cholesky_solve(const std::vector<double>& l, int n, double* b);

}  // namespace beibu::hydro
