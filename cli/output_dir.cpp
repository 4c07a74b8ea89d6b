#include "command.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"

namespace beibu::cli {

void open_output_dir(const std::string& dir) {
  // Rank 0 creates it first; then every rank checks, so all ranks fail alike
  // (no rank is left waiting in a collective call).
  if (mpi_rank() == 0) {
    try {
      prepare_output_dir(dir);
    } catch (const InputError&) {
    }
  }
  MPI_Barrier(PETSC_COMM_WORLD);
  prepare_output_dir(dir);
  log_to_file(dir + "/beibu.log");
}

}  // namespace beibu::cli
