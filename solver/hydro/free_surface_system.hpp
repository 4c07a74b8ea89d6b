#pragma once
// The one linear system per time step of the semi-implicit scheme: a sparse
// symmetric positive-definite matrix for the new free surface over the owned
// cells (PETSc MPIAIJ, rows numbered rank by rank), solved with KSP. The
// sparsity pattern (a cell and its face neighbours) is fixed, so the matrix is
// preallocated once and only its values change; every knob comes from the
// PETSc options database under the prefix (default CG + GAMG).
#include <petscksp.h>

#include <string>
#include <vector>

namespace beibu {
struct LocalMesh;
}

namespace beibu::hydro {

class FreeSurfaceSystem {
 public:
  FreeSurfaceSystem(const LocalMesh& m, const std::string& prefix);
  ~FreeSurfaceSystem();
  FreeSurfaceSystem(const FreeSurfaceSystem&) = delete;
  FreeSurfaceSystem& operator=(const FreeSurfaceSystem&) = delete;

  // Row of owned cell c: diag * eta_c - sum_k K_k eta_{nb(k)} = rhs, where the
  // neighbours are the interior edges of c in cell_edge order (K = 0 where closed).
  // `edge_coupling` holds K per local edge.
  void assemble(const std::vector<double>& diag, const std::vector<double>& edge_coupling,
                const std::vector<double>& rhs);
  // Solves with `eta` (owned part) as the initial guess and writes the solution into it.
  void solve(std::vector<double>& eta);

  // Number of solves so far (the preconditioner is rebuilt when it is a multiple of N).
  void set_solve_count(long n) { solves_ = n; }
  int last_iterations() const { return iterations_; }
  long total_iterations() const { return total_iterations_; }

 private:
  void create_ksp();

  const LocalMesh& m_;
  std::string prefix_;
  Mat A_ = nullptr;
  Vec x_ = nullptr, b_ = nullptr, r_ = nullptr, d_ = nullptr;
  KSP ksp_ = nullptr;
  std::vector<PetscInt> row_of_;  // PETSc row of every local cell (owned and ghost)
  int iterations_ = 0;
  int rebuild_every_ = 20;  // preconditioner setups: every N solves
  long solves_ = 0;
  long total_iterations_ = 0;
};

}  // namespace beibu::hydro
