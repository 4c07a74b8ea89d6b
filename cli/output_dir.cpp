#include <filesystem>
#include <vector>

#include "command.hpp"
#include "core/atomic_file.hpp"
#include "core/collective.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"

namespace beibu::cli {

namespace fs = std::filesystem;

namespace {

// What open_output_dir created on rank 0: the directories (deepest first) and the log.
struct Created {
  std::vector<fs::path> dirs;
  fs::path log;
};

std::vector<Created>& created() {
  static std::vector<Created> list;
  return list;
}

}  // namespace

void open_output_dir(const std::string& dir) {
  open_output_dir(dir, (fs::path(dir) / "beibu.log").string());
}

void open_output_dir(const std::string& dir, const std::string& log) {
  // Rank 0 creates and checks it; a problem is raised on every rank alike.
  run_on_root(PETSC_COMM_WORLD, [&] {
    Created c;
    for (fs::path p = fs::absolute(dir); !p.empty() && !fs::exists(p); p = p.parent_path()) {
      c.dirs.push_back(p);
      if (p == p.parent_path()) break;
    }
    if (!fs::exists(log)) c.log = log;
    prepare_output_dir(dir);
    created().push_back(c);
  });
  log_to_file(log);
}

void discard_outputs_after_bad_input() {
  if (mpi_rank() != 0) return;
  std::error_code ec;
  for (auto it = created().rbegin(); it != created().rend(); ++it) {
    if (!it->log.empty()) fs::remove(it->log, ec);
    for (const auto& d : it->dirs) fs::remove(d, ec);  // only if empty
  }
  created().clear();
}

}  // namespace beibu::cli
