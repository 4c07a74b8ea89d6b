#pragma once
// Each subcommand lives in its own file and registers itself here: its CLI11
// options and the function that runs it once PETSc and logging are up.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace beibu::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<void()> run;
};

// Creates the output directory, checks it is writable and starts the log file there
// (DIR/beibu.log, or `log`).
void open_output_dir(const std::string& dir);
void open_output_dir(const std::string& dir, const std::string& log);
// After bad input (exit 2): removes what open_output_dir created (the log file, the
// directories if they are empty), so that bad input leaves no output at all.
void discard_outputs_after_bad_input();

Command add_mesh_command(CLI::App& parent);
Command add_run_command(CLI::App& parent);
Command add_batch_command(CLI::App& parent);
Command add_tides_command(CLI::App& parent);
Command add_calibrate_tides_command(CLI::App& parent);
Command add_skill_command(CLI::App& parent);
Command add_compliance_command(CLI::App& parent);
Command add_export_command(CLI::App& parent);
Command add_apportion_command(CLI::App& parent);
Command add_allocate_command(CLI::App& parent);
Command add_estimate_command(CLI::App& parent);
Command add_ledger_command(CLI::App& parent);

std::string version_text();

}  // namespace beibu::cli
