#pragma once
// One scenario, end to end: mesh, hydrodynamics (online, or a stored run),
// transport of the scenario's loads under its controls, map and station
// outputs, mass budget, compliance assessment, report and GIS layers.
#include <mpi.h>

#include <map>
#include <string>

#include "scenarios/compliance/assessment.hpp"
#include "scenarios/run/scenario_loads.hpp"
#include "scenarios/spec/scenario.hpp"

namespace beibu {

struct RunOptions {
  std::string out_dir;
  std::string lang = "en";
  double max_days = 0;  // > 0: stop after this many days of the period (quick looks, tests)
  bool report = true;
  // Source apportionment: every non-conservative constituent also gets one tagged
  // copy per group of sources ("name@group"), fed only by that group's loads.
  TagBy tag_by = TagBy::none;
  // Net and gross fluxes across the sea boundaries between jurisdictions (sea_boundaries.hpp)
  // over the run, written to DIR/sea_fluxes.csv.
  bool sea_fluxes = false;
  // Whole-run checkpoints (docs/operations.md) every this many model hours (0: none),
  // under OUT/checkpoints; `resume` continues from the newest one.
  double checkpoint_hours = 24;
  bool resume = false;
  // Hydrodynamics: save what transport received to DIR/hydro.nc for reuse, or reuse
  // such a file instead of the scenario's own hydrodynamics (the stored run then
  // defines the water; the scenario's loads and controls still apply).
  bool save_hydro = false;
  std::string stored_hydro;
};

struct RunSummary {
  std::string scenario;
  double share_area_good = 0, share_stations_good = 0;
  std::map<std::string, double> share_by_jurisdiction;
  int zones_passing = 0, zones_total = 0;
  double max_budget_residual = 0;  // relative, over constituents
  double wall_seconds = 0;
};

// Collective over `comm`. Throws InputError for bad scenarios, Failure otherwise.
// Writes DIR/manifest.yaml (complete: false) before the first output and again with
// complete: true at the end; when complete, writes DIR/run_complete.yaml (the
// summary; its presence marks a finished run, so batches skip it) and removes the
// checkpoints. With o.resume, continues from the newest checkpoint in DIR (InputError
// if it belongs to other input files or options).
RunSummary run_scenario(const Scenario& s, const RunOptions& o, MPI_Comm comm);

// The summary of a finished run in `dir`, if there is one.
bool read_run_summary(const std::string& dir, RunSummary& out);

}  // namespace beibu
