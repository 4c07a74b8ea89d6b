#pragma once
// PETSc/MPI lifetime and error translation. PETSc errors never reach the user as
// a stack dump: they come back as return codes and become beibu::Failure.
#include <petscsys.h>

#include <string>

namespace beibu {

class PetscEnv {
 public:
  // argv holds only the PETSc options (those after `--` on the command line).
  PetscEnv(int argc, char** argv);
  ~PetscEnv();
  PetscEnv(const PetscEnv&) = delete;
  PetscEnv& operator=(const PetscEnv&) = delete;
};

[[noreturn]] void throw_petsc_error(PetscErrorCode code, const char* expr, const char* file, int line);

int mpi_rank(MPI_Comm comm = PETSC_COMM_WORLD);
int mpi_size(MPI_Comm comm = PETSC_COMM_WORLD);

}  // namespace beibu

#define BEIBU_PETSC(call)                                                                               \
  do {                                                                                                  \
    PetscErrorCode beibu_ierr_ = (call);                                                                \
    if (PetscUnlikely(beibu_ierr_)) ::beibu::throw_petsc_error(beibu_ierr_, #call, __FILE__, __LINE__); \
  } while (0)
