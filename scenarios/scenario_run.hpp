#pragma once
// One scenario, end to end: mesh, hydrodynamics (online, or a stored run),
// transport of the scenario's loads under its controls, map and station
// outputs, mass budget, compliance assessment, report and GIS layers.
#include <mpi.h>

#include <map>
#include <string>

#include "assessment.hpp"
#include "scenario.hpp"
#include "scenario_loads.hpp"

namespace beibu {

struct RunOptions {
  std::string out_dir;
  std::string lang = "en";
  double max_days = 0;  // > 0: stop after this many days of the period (quick looks, tests)
  bool report = true;
  // Source apportionment: every non-conservative constituent also gets one tagged
  // copy per group of sources ("name@group"), fed only by that group's loads.
  TagBy tag_by = TagBy::none;
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
// When complete, writes DIR/run_complete.yaml (the summary; its presence marks a
// finished run, so batches skip it).
RunSummary run_scenario(const Scenario& s, const RunOptions& o, MPI_Comm comm);

// The summary of a finished run in `dir`, if there is one.
bool read_run_summary(const std::string& dir, RunSummary& out);

}  // namespace beibu
