#include "command.hpp"
#include "core/atomic_file.hpp"
#include "core/collective.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"

namespace beibu::cli {

void open_output_dir(const std::string& dir) {
  // Rank 0 creates and checks it; a problem is raised on every rank alike.
  run_on_root(PETSC_COMM_WORLD, [&] { prepare_output_dir(dir); });
  log_to_file(dir + "/beibu.log");
}

}  // namespace beibu::cli
