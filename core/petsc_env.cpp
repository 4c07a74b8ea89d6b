#include "petsc_env.hpp"

#include "error.hpp"

namespace beibu {

PetscEnv::PetscEnv(int argc, char** argv) {
  PetscErrorCode ierr = PetscInitialize(&argc, &argv, nullptr, nullptr);
  if (ierr) throw Failure("PETSc failed to initialise (error " + std::to_string(ierr) + ")");
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
}

PetscEnv::~PetscEnv() {
  PetscPopErrorHandler();
  PetscFinalize();
}

void throw_petsc_error(PetscErrorCode code, const char* expr, const char* file, int line) {
  const char* text = nullptr;
  PetscErrorMessage(code, &text, nullptr);
  throw Failure(std::string("PETSc error in ") + expr + " (" + file + ":" + std::to_string(line) +
                "): " + (text ? text : "unknown error"));
}

int mpi_rank(MPI_Comm comm) {
  int r = 0;
  MPI_Comm_rank(comm, &r);
  return r;
}

int mpi_size(MPI_Comm comm) {
  int s = 1;
  MPI_Comm_size(comm, &s);
  return s;
}

}  // namespace beibu
