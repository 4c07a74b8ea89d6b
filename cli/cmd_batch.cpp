// `beibu batch S1.yaml S2.yaml ...`: many scenarios over MPI rank groups, with
// skipping of complete runs, isolation of failures and a comparison report.
#include <filesystem>
#include <memory>

#include "command.hpp"
#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "numeric_option.hpp"
#include "scenarios/run/batch.hpp"
#include "solver/transport/providers/stored_flow.hpp"

namespace beibu::cli {

namespace {
struct BatchArgs {
  std::vector<std::string> files;
  std::string out = "out/batch", lang = "en", baseline, hydro, mesh;
  int groups = 0;
  double days = 0, checkpoint_hours = 24;
};

void run(const BatchArgs& a) {
  BatchOptions o;
  o.out_dir = a.out;
  o.groups = a.groups;
  o.baseline = a.baseline;
  o.run.lang = a.lang;
  o.run.max_days = a.days;
  o.run.checkpoint_hours = a.checkpoint_hours;
  if (!a.hydro.empty()) {
    if (!std::filesystem::is_regular_file(a.hydro)) throw InputError(a.hydro, "--hydro", "no such file");
    o.run.stored_hydro = std::filesystem::absolute(a.hydro).string();
    // Checked once for the whole batch before anything is written (each scenario
    // checks again that its mesh is the file's).
    run_on_root(PETSC_COMM_WORLD, [&] { check_stored_flow_file(o.run.stored_hydro); });
  }
  if (!a.mesh.empty()) {
    if (!std::filesystem::is_regular_file(a.mesh))
      throw InputError(a.mesh, "--mesh", "no such mesh configuration file");
    o.mesh_config = std::filesystem::absolute(a.mesh).string();
  }
  open_output_dir(a.out);
  const auto entries = run_batch(a.files, o, PETSC_COMM_WORLD);
  int failed = 0, done = 0, skipped = 0;
  std::string names;
  for (const auto& e : entries) {
    failed += e.status == "failed";
    done += e.status == "done";
    skipped += e.status == "skipped";
    if (e.status == "failed") names += (names.empty() ? "" : ", ") + e.name;
  }
  BLOG(info) << "batch: " << done << " run, " << skipped << " already complete, " << failed << " failed; comparison in "
             << a.out << "/comparison.html";
  if (failed)
    throw Failure(std::to_string(failed) + " scenario(s) failed: " + names + " (see " + a.out + "/beibu.log)");
}
}  // namespace

Command add_batch_command(CLI::App& parent) {
  auto args = std::make_shared<BatchArgs>();
  Command c;
  c.app = parent.add_subcommand("batch", "Run many scenarios over MPI rank groups; skip complete ones; compare");
  c.app->add_option("scenarios", args->files, "Scenario YAML files")->required();
  c.app->add_option("-o,--output", args->out, "Output directory (one subdirectory per scenario)")
      ->capture_default_str();
  add_number(c.app, "--groups", args->groups, "Rank groups running scenarios side by side (default: one per rank)",
             Range::whole(1, 1e6));
  c.app->add_option("--baseline", args->baseline, "Scenario the comparison is made against");
  c.app->add_option("--lang", args->lang, "Report language")->check(CLI::IsMember({"en", "zh"}));
  add_number(c.app, "--days", args->days,
             "Stop each scenario after this many days (quick looks; at least one map interval)", kDaysRange);
  add_number(c.app, "--checkpoint-every", args->checkpoint_hours,
             "Whole-run checkpoints every this many model hours (0: none); a rerun resumes from them", kCheckpointRange)
      ->capture_default_str();
  c.app->add_option("--mesh", args->mesh,
                    "Every scenario runs on this mesh configuration (e.g. data/beibu/mesh-coarse.yaml for screening)");
  c.app->add_option("--hydro", args->hydro,
                    "Every scenario reuses this stored hydrodynamics (hydro.nc from beibu run --save-hydro)");
  c.run = [args] { run(*args); };
  return c;
}

}  // namespace beibu::cli
