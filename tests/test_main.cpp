// Catch2 main for all beibu test binaries: PETSc (and MPI) are initialised once.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "core/log.hpp"
#include "core/petsc_env.hpp"

int main(int argc, char** argv) {
  beibu::PetscEnv petsc(1, argv);  // Catch2 owns the command line
  beibu::LogOptions lo;
  lo.level = beibu::Severity::warning;
  lo.rank = beibu::mpi_rank();
  beibu::log_init(lo);
  const int rc = Catch::Session().run(argc, argv);
  beibu::log_shutdown();
  return rc;
}
