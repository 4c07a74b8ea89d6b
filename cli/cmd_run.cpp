// `beibu run SCENARIO.yaml`: one scenario end to end (mesh, hydrodynamics,
// transport, outputs, compliance, report, GIS layers).
#include <memory>

#include "command.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "numeric_option.hpp"
#include "scenarios/run/scenario_run.hpp"
#include "scenarios/spec/scenario.hpp"

namespace beibu::cli {

namespace {
struct RunArgs {
  std::string scenario, out, lang = "en", hydro, mesh;
  double days = 0, checkpoint_hours = 24;
  bool no_report = false, resume = false, save_hydro = false;
};

void run(const RunArgs& a) {
  Scenario s = load_scenario(a.scenario);
  if (!a.mesh.empty()) use_mesh_config(s, a.mesh);
  RunOptions o;
  o.out_dir = a.out.empty() ? "out/" + s.name : a.out;
  o.lang = a.lang;
  o.max_days = a.days;
  o.report = !a.no_report;
  o.checkpoint_hours = a.checkpoint_hours;
  o.resume = a.resume;
  o.save_hydro = a.save_hydro;
  o.stored_hydro = a.hydro;
  open_output_dir(o.out_dir);
  BLOG(info) << "scenario " << s.name << " (" << a.scenario << ") on " << mpi_size() << " rank(s), output in "
             << o.out_dir;
  const RunSummary r = run_scenario(s, o, PETSC_COMM_WORLD);
  BLOG(info) << "done in " << r.wall_seconds << " s: coastal water in Class I+II " << 100 * r.share_area_good
             << " % by area, " << 100 * r.share_stations_good << " % of stations; zones meeting their target "
             << r.zones_passing << "/" << r.zones_total << "; largest mass-budget residual " << r.max_budget_residual;
}
}  // namespace

Command add_run_command(CLI::App& parent) {
  auto args = std::make_shared<RunArgs>();
  Command c;
  c.app = parent.add_subcommand("run", "Run one scenario: hydrodynamics, transport, compliance, report");
  c.app->add_option("scenario", args->scenario, "Scenario YAML (see docs/scenarios.md)")->required();
  c.app->add_option("-o,--output", args->out, "Output directory (default out/<scenario name>)");
  c.app->add_option("--lang", args->lang, "Report language")->check(CLI::IsMember({"en", "zh"}));
  add_number(c.app, "--days", args->days,
             "Stop after this many days of the period (quick looks; at least one map interval)", kDaysRange);
  c.app->add_option("--mesh", args->mesh,
                    "Run on this mesh configuration instead of the scenario's (e.g. data/beibu/mesh-coarse.yaml)");
  c.app->add_flag("--no-report", args->no_report, "Skip the report and GIS layers");
  add_number(c.app, "--checkpoint-every", args->checkpoint_hours,
             "Write a whole-run checkpoint every this many model hours (0: none; docs/operations.md)", kCheckpointRange)
      ->capture_default_str();
  c.app->add_flag("--resume", args->resume,
                  "Continue from the newest checkpoint in the output directory (same scenario and inputs)");
  c.app->add_flag("--save-hydro", args->save_hydro,
                  "Also write DIR/hydro.nc: the water transport received, for reuse with --hydro");
  c.app->add_option("--hydro", args->hydro,
                    "Reuse stored hydrodynamics (a hydro.nc from --save-hydro) instead of running the model");
  c.run = [args] { run(*args); };
  return c;
}

}  // namespace beibu::cli
