#pragma once
// The one linear system per time step of the semi-implicit scheme: a sparse
// symmetric positive-definite matrix for the new free surface over the owned
// cells (PETSc MPIAIJ, rows numbered rank by rank), solved with KSP. The
// sparsity pattern (a cell and its face neighbours) is fixed, so the matrix is
// preallocated once and only its values change (written in place after the first
// assembly); every knob comes from the PETSc options database under the prefix
// (default: an exact sparse Cholesky factor of the whole matrix, refactorised and
// applied directly every step — on 2-4 ranks split over the ranks by a vertex
// separator (SchurCholesky); on more ranks CG
// preconditioned by block Jacobi with an exact factor per rank, refreshed every N steps).
#include <petscksp.h>

#include <memory>
#include <string>
#include <vector>

namespace beibu {
struct LocalMesh;
}

namespace beibu::hydro {

class SchurCholesky;

// Whether the free-surface systems with this options prefix use the split
// factorisation on `ranks` ranks (PETSc options; see the definition). Throws
// InputError for a bad -<prefix>split_factor, so the command line can be checked
// before any work starts.
bool use_split_factor(const std::string& prefix, int ranks);

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
  void set_solve_count(long n) {
    solves_ = n;
    stale_ = false;
  }
  // Scheduled preconditioner setups happen every this many solves (-<prefix>pc_rebuild).
  int rebuild_every() const { return rebuild_every_; }
  int last_iterations() const { return iterations_; }
  long total_iterations() const { return total_iterations_; }
  // Preconditioner setups so far (scheduled every N solves, or early when stale).
  long rebuilds() const { return rebuilds_; }
  // Wall seconds spent in preconditioner setups so far (part of solve()).
  double setup_seconds() const { return setup_seconds_; }
  // Whether the factorisation is split over the ranks (SchurCholesky) rather than done by PETSc.
  bool split_factor() const { return static_cast<bool>(split_); }

 private:
  void set_default_preconditioner();
  void create_ksp();
  // The increment d_ from the residual r_ with KSP (the PETSc solvers).
  void solve_petsc();
  // Where each row's entries (diagonal, then the interior edges in cell_edge order)
  // sit in the value arrays of the matrix's local blocks, for assembling in place.
  void find_slots();
  void local_blocks(Mat& Ad, Mat& Ao, const PetscInt** garray) const;

  const LocalMesh& m_;
  std::string prefix_;
  Mat A_ = nullptr;
  Vec x_ = nullptr, b_ = nullptr, r_ = nullptr, d_ = nullptr, p1_ = nullptr, p2_ = nullptr;
  KSP ksp_ = nullptr;
  std::unique_ptr<SchurCholesky> split_;  // the default direct solver on 2-4 ranks
  std::vector<PetscInt> row_of_;          // PETSc row of every local cell (owned and ghost)
  // Per owned cell, 4 slots (diagonal, then its 3 edges in cell_edge order; kNoSlot
  // where the edge has no neighbour): index into the diagonal block's values, or
  // ~index into the off-diagonal block's (MPIAIJ).
  static constexpr PetscInt kNoSlot = PETSC_MAX_INT;
  std::vector<PetscInt> slot_;
  Mat slots_of_ = nullptr;  // the matrix object slot_ was found in
  int iterations_ = 0;
  int rebuild_every_ = 20;     // preconditioner setups: every N solves
  int rebuild_its_ = 20;       // early rebuild after a solve needing more (see constructor)
  int fresh_iterations_ = 0;   // iterations of the first solve after the last rebuild
  bool stale_ = false;         // the last solve asked for an early rebuild
  bool exact_blocks_ = false;  // exact Cholesky factors: rebuilds refactorise in place
  bool whole_matrix_ = false;  // ... of the whole matrix: the solve is direct
  bool preonly_ = false;       // ... refactorised every solve: the factor alone solves (no CG)
  long rebuilds_ = 0;
  int guess_order_ = 2;  // first guess: 0 zero, 1 previous increment, 2 linear extrapolation
  int known_ = 0;        // previous increments held in p1_ (latest), p2_ since the last rebuild
  long solves_ = 0;
  long total_iterations_ = 0;
  double setup_seconds_ = 0;
};

}  // namespace beibu::hydro
