#pragma once
// Many scenarios at once: the ranks are split into groups (MPI sub-communicators),
// each group runs its share of the scenarios one after another, a scenario that
// fails does not stop the others, and scenarios already complete are skipped. At
// the end a comparison report sets every scenario against the baseline.
#include <mpi.h>

#include <string>
#include <vector>

#include "scenarios/run/scenario_run.hpp"

namespace beibu {

struct BatchOptions {
  std::string out_dir = "out/batch";
  int groups = 0;           // 0: one group per rank
  std::string baseline;     // scenario name; empty: the first whose name starts with "baseline", else the first
  RunOptions run;           // lang, max_days, report (out_dir is set per scenario)
  std::string mesh_config;  // non-empty: every scenario runs on this mesh (use_mesh_config)
};

struct BatchEntry {
  std::string file, name, status, message;  // status: done, skipped (already complete), failed
  RunSummary summary;
};

// Collective over `world`. Returns every scenario's entry on every rank.
std::vector<BatchEntry> run_batch(const std::vector<std::string>& files, const BatchOptions& o, MPI_Comm world);

// comparison.csv, comparison.md and comparison.html in `dir`.
void write_comparison(const std::string& dir, const std::vector<BatchEntry>& entries, const std::string& baseline);

}  // namespace beibu
