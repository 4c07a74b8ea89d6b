#pragma once
// A run's own tide against tide gauges (docs/hydrodynamics.md, "In every run"): when the
// run computes the tide online and has a tide-gauge file (hydrodynamics.tide_gauges, by
// default the tide_gauges.yaml beside the tides file), the surface at each gauge's cell
// is recorded at every hydrodynamic step after the spin-up (hydro::GaugeRecorder, carried
// by the checkpoints), and at the end compared with the gauges exactly as
// `beibu tides --gauges` does (hydro::compare_gauge_records) into DIR/gauges/.
#include <memory>
#include <string>
#include <vector>

#include "scenarios/spec/hydro_spec.hpp"
#include "solver/hydro/gauge_comparison.hpp"
#include "solver/hydro/gauge_record.hpp"

namespace beibu {

struct Mesh;
struct LocalMesh;

struct RunGauges {
  const Mesh* mesh = nullptr;
  hydro::TideGaugeFile file;
  std::vector<std::vector<long>> candidates;       // per gauge: the mesh cells recorded
  std::unique_ptr<hydro::GaugeRecorder> recorder;  // every candidate of every gauge, in order
};

// The gauge file of a run, read and checked (InputError naming the file and line), or
// none (empty file name) when the run has no comparison: stored water, no tides, or
// `tide_gauges: none`.
hydro::TideGaugeFile run_gauge_file(const HydroSetup& hs);

// Collective: a recorder from model time `t_from` (the end of the spin-up) on of the
// cells a gauge may be compared at: the cell containing it and the kCandidates nearest
// by centroid (InputError for a gauge outside the mesh, as locate_gauge). Null if `file`
// has no gauges. `mesh` must outlive the result.
constexpr int kGaugeCandidates = 8;
std::unique_ptr<RunGauges> make_run_gauges(const hydro::TideGaugeFile& file, const Mesh& mesh, const LocalMesh& lm,
                                           double t_from);

// Root: chooses each gauge's cell among its candidates by `beibu tides`' rule (the cell
// containing the gauge if it stayed wet over the record, else the nearest that did),
// compares its record with the gauge (`start_utc`: model time 0), writes
// DIR/gauges/gauge_comparison.csv, gauge_summary.csv and gauge_series.nc, logs the table,
// and returns the comparison.
hydro::GaugeComparison write_run_gauges(const RunGauges& g, const std::string& out_dir, const std::string& start_utc);

}  // namespace beibu
