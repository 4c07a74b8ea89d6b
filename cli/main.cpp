// beibu: Beibu Gulf pollutant transport, compliance and joint-control scenarios.
// This file parses the command line and maps failures to the exit-code contract:
// 0 success, 2 bad input, 1 any other failure.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <vector>

#include "command.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "core/provenance.hpp"
#include "mesh/local_mesh.hpp"
#include "solver/hydro/free_surface_system.hpp"
#include "solver/hydro/shallow_water.hpp"

namespace {

int report(const std::string& message, int code, int rank) {
  if (rank == 0) std::cerr << "beibu: error: " << message << "\n";
  return code;
}

int world_rank() {
  int initialized = 0, rank = 0;
  MPI_Initialized(&initialized);
  if (initialized) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace beibu;
  // A file-size limit (ulimit -f) must make a write fail with an error we report,
  // not kill the process half-way through a file.
  std::signal(SIGXFSZ, SIG_IGN);

  // Everything after `--` belongs to PETSc (e.g. `-- -ksp_type cg -log_view`).
  std::vector<char*> ours, petsc_args{argv[0]};
  ours.push_back(argv[0]);
  bool petsc_part = false;
  for (int i = 1; i < argc; ++i) {
    if (!petsc_part && std::strcmp(argv[i], "--") == 0) {
      petsc_part = true;
      continue;
    }
    (petsc_part ? petsc_args : ours).push_back(argv[i]);
  }

  CLI::App app{
      "beibu: pollutant transport, water-quality compliance and joint-control scenarios for the "
      "Beibu Gulf (Gulf of Tonkin).\nPETSc options go after `--`, e.g. `beibu mesh -- -log_view`."};
  app.set_version_flag(
      "--version", [] { return cli::version_text(); }, "Print version and library versions");
  app.require_subcommand(1);
  app.fallthrough();
  std::string log_level = "info";
  bool quiet = false;
  app.add_option("--log-level", log_level, "Log level: debug, info, warning, error")
      ->check(CLI::IsMember({"debug", "info", "warning", "error"}));
  app.add_flag("-q,--quiet", quiet, "Console shows warnings and errors only (the log file keeps everything)");

  std::vector<cli::Command> commands;
  commands.push_back(cli::add_mesh_command(app));
  commands.push_back(cli::add_run_command(app));
  commands.push_back(cli::add_batch_command(app));
  commands.push_back(cli::add_tides_command(app));
  commands.push_back(cli::add_calibrate_tides_command(app));
  commands.push_back(cli::add_skill_command(app));
  commands.push_back(cli::add_compliance_command(app));
  commands.push_back(cli::add_export_command(app));
  commands.push_back(cli::add_apportion_command(app));
  commands.push_back(cli::add_allocate_command(app));
  commands.push_back(cli::add_estimate_command(app));
  commands.push_back(cli::add_ledger_command(app));

  try {
    app.parse(static_cast<int>(ours.size()), ours.data());
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    if (ours.size() == 1) msg = "no subcommand given";
    // A first word that is not an option and not a subcommand: say so plainly.
    for (std::size_t i = 1; i < ours.size(); ++i) {
      const std::string word = ours[i];
      if (word.empty() || word[0] == '-') continue;
      if (i > 1 && std::string(ours[i - 1]) == "--log-level") continue;
      bool known = false;
      for (const auto& c : commands) known = known || c.app->get_name() == word;
      if (!known) {
        std::string names;
        for (const auto& c : commands) names += (names.empty() ? "" : ", ") + c.app->get_name();
        msg = "unknown subcommand '" + word + "' (available: " + names + ")";
      }
      break;
    }
    std::cerr << "beibu: error: " << msg << " (see `beibu --help`)\n";
    return kExitBadInput;
  }

  int code = kExitOk;
  try {
    const int petsc_argc = static_cast<int>(petsc_args.size());
    petsc_args.push_back(nullptr);  // argv[argc] must be a null pointer (Open MPI's MPI_Init reads it)
    PetscEnv petsc(petsc_argc, petsc_args.data());
    std::string command_line;
    for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);
    set_provenance(cli::version_text(), command_line);
    LogOptions lo;
    lo.level = parse_severity(log_level);
    lo.quiet = quiet;
    lo.rank = mpi_rank();
    log_init(lo);
    try {
      use_dmplex_partitioner();  // a bad -mesh_partition fails here, before any output
      hydro::use_split_factor(hydro::HydroOptions().ksp_prefix, mpi_size());  // ... and -hydro_split_factor
      for (auto& c : commands)
        if (c.app->parsed()) c.run();
    } catch (const InputError& e) {
      BLOG(debug) << "input error: " << e.what();
      code = report(e.what(), kExitBadInput, lo.rank);
    } catch (const std::exception& e) {
      BLOG(debug) << "failure: " << e.what();
      code = report(e.what(), kExitFailure, lo.rank);
    }
    log_shutdown();
    if (code == kExitBadInput) cli::discard_outputs_after_bad_input();
  } catch (const InputError& e) {
    code = report(e.what(), kExitBadInput, world_rank());
  } catch (const std::exception& e) {
    code = report(e.what(), kExitFailure, world_rank());
  }
  if (code == kExitFailure) {
    // After a failure, leave without the libraries' exit handlers: HDF5 1.10 crashes in
    // its own at-exit cleanup of a file whose close failed (a full disk), which would
    // turn a clean exit 1 into a segmentation fault. MPI and PETSc are already finalised.
    std::fflush(nullptr);
    std::_Exit(code);
  }
  return code;
}
