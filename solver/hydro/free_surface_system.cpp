#include "free_surface_system.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/petsc_env.hpp"
#include "mesh/local_mesh.hpp"
#include "schur_cholesky.hpp"

namespace beibu::hydro {

bool use_split_factor(const std::string& prefix, int ranks) {
  // The whole-matrix factorisation split over the ranks (SchurCholesky) instead of
  // repeated on each, when no PETSc solver option asks for something else
  // (-<prefix>pc_type, ksp_type or pc_rebuild), unless -<prefix>split_factor false.
  // Default gulf, 2 ranks: ~10 ms per factorisation on each rank instead of ~20 ms.
  const std::string option = "option -" + prefix + "split_factor";
  bool split = SchurCholesky::supports(ranks);
  char value[16] = "";
  PetscBool given = PETSC_FALSE;
  BEIBU_PETSC(PetscOptionsGetString(nullptr, prefix.c_str(), "-split_factor", value, sizeof value, &given));
  if (given) {
    const std::string v = value;
    if (v == "true" || v == "1" || v == "yes" || v.empty())
      split = true;
    else if (v == "false" || v == "0" || v == "no")
      split = false;
    else
      throw InputError("command line", option, "'" + v + "' is not true or false");
    if (split && !SchurCholesky::supports(ranks))
      throw InputError("command line", option,
                       "the split factorisation runs on 2 to 4 ranks, not " + std::to_string(ranks));
  }
  for (const char* name : {"-pc_type", "-ksp_type", "-pc_rebuild"}) {
    PetscBool has = PETSC_FALSE;
    BEIBU_PETSC(PetscOptionsHasName(nullptr, prefix.c_str(), name, &has));
    if (has && split && given)
      throw InputError("command line", option, std::string("cannot be combined with -") + prefix + (name + 1));
    if (has) split = false;
  }
  return split;
}

FreeSurfaceSystem::FreeSurfaceSystem(const LocalMesh& m, const std::string& prefix) : m_(m) {
  const PetscInt n = m.n_owned;
  // PETSc rows: owned cells rank by rank in local order; ghosts learn theirs from the halo.
  PetscInt start = 0;
  MPI_Exscan(&n, &start, 1, MPIU_INT, MPI_SUM, m.comm);
  if (mpi_rank(m.comm) == 0) start = 0;
  std::vector<int> row(m.n_local, -1);
  for (int c = 0; c < m.n_owned; ++c) row[c] = static_cast<int>(start + c);
  if (m.halo && !m.halo->empty()) m.halo->update(row.data());
  row_of_.assign(row.begin(), row.end());

  std::vector<PetscInt> d_nnz(n, 1), o_nnz(n, 0);
  for (int c = 0; c < m.n_owned; ++c)
    for (int k = 0; k < 3; ++k) {
      const int nb = m.neighbour(c, k);
      if (nb < 0) continue;
      (nb < m.n_owned ? d_nnz : o_nnz)[c]++;
    }
  BEIBU_PETSC(MatCreate(m.comm, &A_));
  BEIBU_PETSC(MatSetSizes(A_, n, n, PETSC_DETERMINE, PETSC_DETERMINE));
  BEIBU_PETSC(MatSetType(A_, MATAIJ));
  BEIBU_PETSC(MatSeqAIJSetPreallocation(A_, 0, d_nnz.data()));
  BEIBU_PETSC(MatMPIAIJSetPreallocation(A_, 0, d_nnz.data(), 0, o_nnz.data()));
  BEIBU_PETSC(MatSetOption(A_, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE));
  BEIBU_PETSC(MatSetOption(A_, MAT_SYMMETRIC, PETSC_TRUE));
  BEIBU_PETSC(MatSetOption(A_, MAT_SPD, PETSC_TRUE));
  BEIBU_PETSC(MatCreateVecs(A_, &x_, &b_));
  BEIBU_PETSC(VecDuplicate(x_, &r_));
  BEIBU_PETSC(VecDuplicate(x_, &d_));

  prefix_ = prefix;
  // The default direct solver on 2-4 ranks (see use_split_factor).
  const bool split = use_split_factor(prefix, mpi_size(m.comm));
  if (split) {
    split_ = std::make_unique<SchurCholesky>(m);
    exact_blocks_ = whole_matrix_ = preonly_ = true;
    rebuild_every_ = 1;
    rebuild_its_ = 0;
    BEIBU_PETSC(VecDuplicate(x_, &p1_));
    BEIBU_PETSC(VecDuplicate(x_, &p2_));
    return;
  }
  set_default_preconditioner();
  create_ksp();
  // The matrix changes slowly (only through the water depth on the edges), so the
  // preconditioner (a Cholesky factorisation or an AMG hierarchy) is rebuilt only every N
  // solves; a slightly stale SPD preconditioner still gives a convergent CG.
  // -<prefix>pc_rebuild N. A factor of the whole matrix (the default on 1-4 ranks) is
  // refactorised every solve, making the solve direct (one iteration): in place it costs
  // ~40 ms on the default gulf, less than the 7-14 iterations a stale factor needs with
  // winds and rivers (3-day bench, 1 rank: 20.6 s instead of 27.5-31.3 s). With one
  // block per rank the rank-boundary coupling costs ~35 iterations even with fresh
  // blocks, so refactorising every solve does not pay there (2 ranks: 33.0 s vs 24.2 s).
  if (whole_matrix_) rebuild_every_ = 1;
  PetscBool set = PETSC_FALSE;
  PetscInt every = rebuild_every_;
  BEIBU_PETSC(PetscOptionsGetInt(nullptr, prefix.c_str(), "-pc_rebuild", &every, &set));
  if (set && every < 1) throw InputError("", "-" + prefix + "pc_rebuild", "must be >= 1");
  rebuild_every_ = static_cast<int>(every);
  // Early refresh: when wetting and drying change many edges (spring tides), a stale
  // preconditioner can need several times its usual iterations; then the next solve
  // rebuilds it at once. The trigger is a solve needing more than max(M, 2 x the
  // iterations of the first solve after the last rebuild). It depends only on the history
  // since the last scheduled rebuild, so restarts at multiples of N stay bit for bit.
  // -<prefix>pc_rebuild_its M (default 20; 0 switches early refreshes off).
  PetscInt its_limit = rebuild_its_;
  BEIBU_PETSC(PetscOptionsGetInt(nullptr, prefix.c_str(), "-pc_rebuild_its", &its_limit, &set));
  if (set && its_limit < 0) throw InputError("", "-" + prefix + "pc_rebuild_its", "must be >= 0");
  rebuild_its_ = static_cast<int>(its_limit);
  // The surface changes smoothly from step to step (tides: ~50-150 steps per period), so
  // the increment extrapolated from the previous ones is a far better first guess than
  // zero. -<prefix>guess_order 0 (zero), 1 (previous increment) or 2 (linear extrapolation
  // of the last two, the default).
  PetscInt order = guess_order_;
  BEIBU_PETSC(PetscOptionsGetInt(nullptr, prefix.c_str(), "-guess_order", &order, &set));
  if (set && (order < 0 || order > 2)) throw InputError("", "-" + prefix + "guess_order", "must be 0, 1 or 2");
  guess_order_ = static_cast<int>(order);
  // A fresh factor of the whole matrix at every solve is a direct solver: CG would take
  // one iteration and only add a product with the matrix and the reductions of its
  // convergence test (~20 % of the solve on the default gulf, 2 ranks). So the factor is
  // applied alone (KSPPREONLY; no first guess), unless -<prefix>ksp_type is given.
  PetscBool ksp_type_given = PETSC_FALSE;
  BEIBU_PETSC(PetscOptionsHasName(nullptr, prefix.c_str(), "-ksp_type", &ksp_type_given));
  preonly_ = whole_matrix_ && rebuild_every_ == 1 && !ksp_type_given;
  if (preonly_) BEIBU_PETSC(KSPSetType(ksp_, KSPPREONLY));
  BEIBU_PETSC(VecDuplicate(x_, &p1_));
  BEIBU_PETSC(VecDuplicate(x_, &p2_));
}

void FreeSurfaceSystem::set_default_preconditioner() {
  // Default preconditioner, unless -<prefix>pc_type is given: an exact sparse Cholesky
  // factorisation (CHOLMOD where PETSc has it, else PETSc's own with nested-dissection
  // ordering). On one rank it is block Jacobi with the whole matrix as its block; on 2-4
  // ranks every rank factorises the whole matrix (PCREDUNDANT: ~40 ms on the default
  // gulf, refactorised every step, so CG converges in one iteration); on more ranks one
  // block per rank (the rank-boundary coupling is left to CG). Measured on the default
  // gulf mesh (docs/performance.md): 1.9x less CPU than CG + GAMG on 1 rank; on 2 ranks
  // the whole-matrix factor takes 14.0 s for the 3-day tide+wind+rivers bench where one
  // block per rank takes 23.2 s (35-48 iterations). -<prefix>pc_type gamg restores AMG.
  int size = 1;
  MPI_Comm_size(m_.comm, &size);
  auto option = [&](const char* name) {
    char v[64] = "";
    PetscBool has = PETSC_FALSE;
    BEIBU_PETSC(PetscOptionsGetString(nullptr, prefix_.c_str(), name, v, sizeof v, &has));
    return has ? std::string(v) : std::string();
  };
  PetscBool given = PETSC_FALSE;
  BEIBU_PETSC(PetscOptionsHasName(nullptr, prefix_.c_str(), "-pc_type", &given));
  if (!given) {
    auto set_default = [&](const std::string& name, const char* value) {
      if (!option(("-" + name).c_str()).empty()) return;
      BEIBU_PETSC(PetscOptionsSetValue(nullptr, ("-" + prefix_ + name).c_str(), value));
    };
    PetscBool found_type = PETSC_FALSE, found_mat = PETSC_FALSE;
    PetscErrorCode (*create)(Mat, MatFactorType, Mat*) = nullptr;
    BEIBU_PETSC(MatSolverTypeGet(MATSOLVERCHOLMOD, MATSEQAIJ, MAT_FACTOR_CHOLESKY, &found_type, &found_mat, &create));
    const bool redundant = size > 1 && size <= 4;
    const std::string inner = redundant ? "redundant_" : "sub_";
    set_default("pc_type", redundant ? "redundant" : "bjacobi");
    set_default(inner + "pc_type", "cholesky");
    if (found_type && found_mat && create)
      set_default(inner + "pc_factor_mat_solver_type", "cholmod");
    else
      set_default(inner + "pc_factor_mat_ordering_type", "nd");
  }
  // What runs (the defaults above, the user's choice, or defaults an earlier model of
  // this process put into the global options): exact Cholesky factors refactorise in
  // place; a factor of the whole matrix makes the solve direct.
  const std::string pc = option("-pc_type");
  const bool bjacobi = pc == "bjacobi" && option("-sub_pc_type") == "cholesky";
  const bool redundant = pc == "redundant" && option("-redundant_pc_type") == "cholesky";
  exact_blocks_ = bjacobi || redundant;
  whole_matrix_ = redundant || (bjacobi && size == 1);
}

void FreeSurfaceSystem::create_ksp() {
  if (ksp_) BEIBU_PETSC(KSPDestroy(&ksp_));
  BEIBU_PETSC(KSPCreate(m_.comm, &ksp_));
  BEIBU_PETSC(KSPSetOptionsPrefix(ksp_, prefix_.c_str()));
  BEIBU_PETSC(KSPSetType(ksp_, KSPCG));
  PC pc;
  BEIBU_PETSC(KSPGetPC(ksp_, &pc));
  BEIBU_PETSC(PCSetType(pc, PCGAMG));  // when -<prefix>pc_type is unset (see set_default_preconditioner)
  // The unknown is the change of the surface over the step (see solve). Continuity is
  // exact whatever the tolerance (volumes follow the fluxes), but the answer must not
  // depend on the partition beyond round-off: at 1e-6 one and two ranks differed by
  // ~3e-6 relative in concentrations after a few hours, at 1e-12 by ~2e-12 (coarse
  // gulf, fault-run.yaml), for ~17 % more CPU in that run. -hydro_ksp_rtol overrides.
  BEIBU_PETSC(KSPSetTolerances(ksp_, 1e-12, 1e-50, PETSC_DEFAULT, 500));
  BEIBU_PETSC(KSPSetFromOptions(ksp_));
}

FreeSurfaceSystem::~FreeSurfaceSystem() {
  KSPDestroy(&ksp_);
  VecDestroy(&x_);
  VecDestroy(&b_);
  VecDestroy(&r_);
  VecDestroy(&d_);
  VecDestroy(&p1_);
  VecDestroy(&p2_);
  MatDestroy(&A_);
}

void FreeSurfaceSystem::local_blocks(Mat& Ad, Mat& Ao, const PetscInt** garray) const {
  // The matrix itself on one rank; on several, the diagonal block (local column
  // numbers) and the off-diagonal block (compressed columns, global ones in garray).
  PetscBool mpi = PETSC_FALSE;
  BEIBU_PETSC(PetscObjectTypeCompare(reinterpret_cast<PetscObject>(A_), MATMPIAIJ, &mpi));
  Ad = A_;
  Ao = nullptr;
  if (mpi) BEIBU_PETSC(MatMPIAIJGetSeqAIJ(A_, &Ad, &Ao, garray));
}

void FreeSurfaceSystem::find_slots() {
  Mat Ad, Ao;
  const PetscInt* garray = nullptr;
  local_blocks(Ad, Ao, &garray);
  PetscInt start = 0;
  BEIBU_PETSC(MatGetOwnershipRange(A_, &start, nullptr));
  auto csr = [](Mat B, const PetscInt*& ia, const PetscInt*& ja) {
    PetscInt n = 0;
    PetscBool done = PETSC_FALSE;
    BEIBU_PETSC(MatGetRowIJ(B, 0, PETSC_FALSE, PETSC_FALSE, &n, &ia, &ja, &done));
    if (!done) throw Failure("free-surface matrix: no compressed-row access to its values");
  };
  const PetscInt *dia, *dja, *oia = nullptr, *oja = nullptr;
  csr(Ad, dia, dja);
  if (Ao) csr(Ao, oia, oja);
  slot_.assign(4 * static_cast<std::size_t>(m_.n_owned), kNoSlot);
  for (int c = 0; c < m_.n_owned; ++c) {
    auto find = [&](PetscInt col) {
      if (col >= start && col < start + m_.n_owned) {
        for (PetscInt i = dia[c]; i < dia[c + 1]; ++i)
          if (dja[i] == col - start) return i;
      } else if (Ao) {
        for (PetscInt i = oia[c]; i < oia[c + 1]; ++i)
          if (garray[oja[i]] == col) return ~i;
      }
      throw Failure("free-surface matrix: an entry is missing from its pattern");
    };
    slot_[4 * c] = find(row_of_[c]);
    for (int k = 0; k < 3; ++k) {
      const int nb = m_.neighbour(c, k);
      if (nb >= 0) slot_[4 * c + 1 + k] = find(row_of_[nb]);
    }
  }
  PetscInt n = 0;
  PetscBool done = PETSC_FALSE;
  BEIBU_PETSC(MatRestoreRowIJ(Ad, 0, PETSC_FALSE, PETSC_FALSE, &n, &dia, &dja, &done));
  if (Ao) BEIBU_PETSC(MatRestoreRowIJ(Ao, 0, PETSC_FALSE, PETSC_FALSE, &n, &oia, &oja, &done));
  slots_of_ = A_;
}

void FreeSurfaceSystem::assemble(const std::vector<double>& diag, const std::vector<double>& K,
                                 const std::vector<double>& rhs) {
  if (split_) split_->set_matrix(diag.data(), K);
  PetscScalar* bb;
  BEIBU_PETSC(VecGetArray(b_, &bb));
  if (slots_of_ == A_) {
    // In place: the pattern is fixed, so the values go straight into the local blocks'
    // arrays (MatSetValues costs a search and several calls per row, ~10 ms per step on
    // the default gulf on one rank). The same values in the same places as below.
    Mat Ad, Ao;
    local_blocks(Ad, Ao, nullptr);
    PetscScalar *ad = nullptr, *ao = nullptr;
    BEIBU_PETSC(MatSeqAIJGetArray(Ad, &ad));
    if (Ao) BEIBU_PETSC(MatSeqAIJGetArray(Ao, &ao));
    for (int c = 0; c < m_.n_owned; ++c) {
      const PetscInt* s = slot_.data() + 4 * c;
      ad[s[0]] = diag[c];
      for (int k = 0; k < 3; ++k) {
        const PetscInt i = s[1 + k];
        if (i != kNoSlot) (i >= 0 ? ad[i] : ao[~i]) = -K[m_.cell_edge[3 * c + k]];
      }
      bb[c] = rhs[c];
    }
    BEIBU_PETSC(MatSeqAIJRestoreArray(Ad, &ad));
    if (Ao) BEIBU_PETSC(MatSeqAIJRestoreArray(Ao, &ao));
    BEIBU_PETSC(VecRestoreArray(b_, &bb));
    // Assembly with nothing stashed is cheap, and marks the matrix as changed for the solvers.
    BEIBU_PETSC(MatAssemblyBegin(A_, MAT_FINAL_ASSEMBLY));
    BEIBU_PETSC(MatAssemblyEnd(A_, MAT_FINAL_ASSEMBLY));
    return;
  }
  for (int c = 0; c < m_.n_owned; ++c) {
    PetscInt cols[4];
    PetscScalar vals[4];
    int n = 0;
    cols[n] = row_of_[c];
    vals[n++] = diag[c];
    for (int k = 0; k < 3; ++k) {
      const int nb = m_.neighbour(c, k);
      if (nb < 0) continue;
      cols[n] = row_of_[nb];
      vals[n++] = -K[m_.cell_edge[3 * c + k]];
    }
    const PetscInt r = row_of_[c];
    BEIBU_PETSC(MatSetValues(A_, 1, &r, n, cols, vals, INSERT_VALUES));
    bb[c] = rhs[c];
  }
  BEIBU_PETSC(VecRestoreArray(b_, &bb));
  BEIBU_PETSC(MatAssemblyBegin(A_, MAT_FINAL_ASSEMBLY));
  BEIBU_PETSC(MatAssemblyEnd(A_, MAT_FINAL_ASSEMBLY));
  find_slots();
}

void FreeSurfaceSystem::solve(std::vector<double>& eta) {
  PetscScalar* xx;
  BEIBU_PETSC(VecGetArray(x_, &xx));
  std::copy(eta.begin(), eta.begin() + m_.n_owned, xx);
  BEIBU_PETSC(VecRestoreArray(x_, &xx));
  // Solve for the increment from the old surface: the right-hand side is then the
  // residual of the old state, exactly zero for water at rest, and the solver's
  // relative tolerance applies to the change per step rather than to the level.
  BEIBU_PETSC(MatMult(A_, x_, r_));
  BEIBU_PETSC(VecAYPX(r_, -1.0, b_));
  if (split_) {  // a fresh exact factorisation every step: direct, no first guess
    ++solves_;
    ++rebuilds_;
    const double t0 = MPI_Wtime();
    split_->factor();
    setup_seconds_ += MPI_Wtime() - t0;
    const PetscScalar* rr;
    PetscScalar* dd;
    BEIBU_PETSC(VecGetArrayRead(r_, &rr));
    BEIBU_PETSC(VecGetArray(d_, &dd));
    split_->solve(rr, dd);
    BEIBU_PETSC(VecRestoreArrayRead(r_, &rr));
    BEIBU_PETSC(VecRestoreArray(d_, &dd));
    iterations_ = fresh_iterations_ = 1;
    ++total_iterations_;
  } else {
    solve_petsc();
  }
  const PetscScalar* xr;
  BEIBU_PETSC(VecGetArrayRead(d_, &xr));
  for (int c = 0; c < m_.n_owned; ++c) eta[c] += xr[c];
  BEIBU_PETSC(VecRestoreArrayRead(d_, &xr));
}

void FreeSurfaceSystem::solve_petsc() {
  const bool scheduled = solves_ % rebuild_every_ == 0;
  const bool rebuild = scheduled || stale_;
  if (rebuild) ++rebuilds_;
  // A rebuild starts from a fresh solver and matrix (GAMG otherwise carries state from
  // earlier setups), so a run restarted at a rebuild step continues bit for bit. The
  // default exact block factorisation carries none: its rebuild refactorises the same
  // nonzero pattern in place, reusing the fill-reducing ordering (the same one a fresh
  // solver computes), which costs a fraction of a fresh setup.
  if (rebuild && solves_ > 0 && !exact_blocks_) {
    // Also a fresh matrix object: the AMG setup attaches cached data to it.
    Mat fresh;
    BEIBU_PETSC(MatDuplicate(A_, MAT_COPY_VALUES, &fresh));
    BEIBU_PETSC(MatDestroy(&A_));
    A_ = fresh;
    BEIBU_PETSC(MatSetOption(A_, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE));
    BEIBU_PETSC(MatSetOption(A_, MAT_SYMMETRIC, PETSC_TRUE));
    BEIBU_PETSC(MatSetOption(A_, MAT_SPD, PETSC_TRUE));
    create_ksp();
  }
  BEIBU_PETSC(KSPSetOperators(ksp_, A_, A_));
  BEIBU_PETSC(KSPSetReusePreconditioner(ksp_, rebuild ? PETSC_FALSE : PETSC_TRUE));
  // First guess from the increments since the last rebuild (none at a rebuild: a run
  // restarted there has none either, so restarts stay bit for bit).
  if (rebuild) known_ = 0;
  const int use = preonly_ ? 0 : std::min(known_, guess_order_);
  if (use == 0) BEIBU_PETSC(VecSet(d_, 0.0));
  if (use == 1) BEIBU_PETSC(VecCopy(p1_, d_));
  if (use == 2) BEIBU_PETSC(VecAXPBYPCZ(d_, 2.0, -1.0, 0.0, p1_, p2_));  // d = 2 p1 - p2
  BEIBU_PETSC(KSPSetInitialGuessNonzero(ksp_, use > 0 ? PETSC_TRUE : PETSC_FALSE));
  ++solves_;
  if (rebuild) {  // the preconditioner setup on its own, for the timers
    const double t0 = MPI_Wtime();
    BEIBU_PETSC(KSPSetUp(ksp_));
    BEIBU_PETSC(KSPSetUpOnBlocks(ksp_));  // block Jacobi factorises its blocks here
    setup_seconds_ += MPI_Wtime() - t0;
  }
  BEIBU_PETSC(KSPSolve(ksp_, r_, d_));
  KSPConvergedReason reason;
  BEIBU_PETSC(KSPGetConvergedReason(ksp_, &reason));
  PetscInt its;
  BEIBU_PETSC(KSPGetIterationNumber(ksp_, &its));
  iterations_ = static_cast<int>(its);
  total_iterations_ += its;
  if (rebuild) fresh_iterations_ = iterations_;
  stale_ = rebuild_its_ > 0 && iterations_ > std::max(rebuild_its_, 2 * fresh_iterations_);
  if (reason < 0)
    throw Failure("free-surface solve did not converge (KSP reason " + std::to_string(static_cast<int>(reason)) +
                  " after " + std::to_string(its) + " iterations); try a smaller time step or -hydro_ksp_monitor");
  std::swap(p1_, p2_);
  BEIBU_PETSC(VecCopy(d_, p1_));
  known_ = std::min(known_ + 1, 2);
}

}  // namespace beibu::hydro
