#include "free_surface_system.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/petsc_env.hpp"
#include "mesh/local_mesh.hpp"

namespace beibu::hydro {

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
      const int e = m.cell_edge[3 * c + k];
      const int nb = m.edge_left[e] == c ? m.edge_right[e] : m.edge_left[e];
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
  create_ksp();
  // The matrix changes slowly (only through the water depth on the edges), so the
  // preconditioner (the expensive GAMG setup) is rebuilt only every N solves; a
  // slightly stale SPD preconditioner still gives a convergent CG. -<prefix>pc_rebuild N.
  PetscBool set = PETSC_FALSE;
  PetscInt every = rebuild_every_;
  BEIBU_PETSC(PetscOptionsGetInt(nullptr, prefix.c_str(), "-pc_rebuild", &every, &set));
  if (set && every < 1) throw InputError("", "-" + prefix + "pc_rebuild", "must be >= 1");
  rebuild_every_ = static_cast<int>(every);
}

void FreeSurfaceSystem::create_ksp() {
  if (ksp_) BEIBU_PETSC(KSPDestroy(&ksp_));
  BEIBU_PETSC(KSPCreate(m_.comm, &ksp_));
  BEIBU_PETSC(KSPSetOptionsPrefix(ksp_, prefix_.c_str()));
  BEIBU_PETSC(KSPSetType(ksp_, KSPCG));
  PC pc;
  BEIBU_PETSC(KSPGetPC(ksp_, &pc));
  BEIBU_PETSC(PCSetType(pc, PCGAMG));
  // The unknown is the change of the surface over the step (see solve), so a relative
  // 1e-6 of that change is far below any physical signal; continuity is exact
  // whatever the tolerance, because volumes follow the fluxes.
  BEIBU_PETSC(KSPSetTolerances(ksp_, 1e-6, 1e-50, PETSC_DEFAULT, 500));
  BEIBU_PETSC(KSPSetFromOptions(ksp_));
}

FreeSurfaceSystem::~FreeSurfaceSystem() {
  KSPDestroy(&ksp_);
  VecDestroy(&x_);
  VecDestroy(&b_);
  VecDestroy(&r_);
  VecDestroy(&d_);
  MatDestroy(&A_);
}

void FreeSurfaceSystem::assemble(const std::vector<double>& diag, const std::vector<double>& K,
                                 const std::vector<double>& rhs) {
  PetscScalar* bb;
  BEIBU_PETSC(VecGetArray(b_, &bb));
  for (int c = 0; c < m_.n_owned; ++c) {
    PetscInt cols[4];
    PetscScalar vals[4];
    int n = 0;
    cols[n] = row_of_[c];
    vals[n++] = diag[c];
    for (int k = 0; k < 3; ++k) {
      const int e = m_.cell_edge[3 * c + k];
      const int nb = m_.edge_left[e] == c ? m_.edge_right[e] : m_.edge_left[e];
      if (nb < 0) continue;
      cols[n] = row_of_[nb];
      vals[n++] = -K[e];
    }
    const PetscInt r = row_of_[c];
    BEIBU_PETSC(MatSetValues(A_, 1, &r, n, cols, vals, INSERT_VALUES));
    bb[c] = rhs[c];
  }
  BEIBU_PETSC(VecRestoreArray(b_, &bb));
  BEIBU_PETSC(MatAssemblyBegin(A_, MAT_FINAL_ASSEMBLY));
  BEIBU_PETSC(MatAssemblyEnd(A_, MAT_FINAL_ASSEMBLY));
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
  const bool rebuild = solves_ % rebuild_every_ == 0;
  // A rebuild starts from a fresh solver and matrix (GAMG otherwise carries state from
  // earlier setups), so a run restarted at a rebuild step continues bit for bit.
  if (rebuild && solves_ > 0) {
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
  ++solves_;
  BEIBU_PETSC(KSPSolve(ksp_, r_, d_));
  KSPConvergedReason reason;
  BEIBU_PETSC(KSPGetConvergedReason(ksp_, &reason));
  PetscInt its;
  BEIBU_PETSC(KSPGetIterationNumber(ksp_, &its));
  iterations_ = static_cast<int>(its);
  total_iterations_ += its;
  if (reason < 0)
    throw Failure("free-surface solve did not converge (KSP reason " + std::to_string(static_cast<int>(reason)) +
                  " after " + std::to_string(its) + " iterations); try a smaller time step or -hydro_ksp_monitor");
  const PetscScalar* xr;
  BEIBU_PETSC(VecGetArrayRead(d_, &xr));
  for (int c = 0; c < m_.n_owned; ++c) eta[c] += xr[c];
  BEIBU_PETSC(VecRestoreArrayRead(d_, &xr));
}

}  // namespace beibu::hydro
