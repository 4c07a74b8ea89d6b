#pragma once
// Whole-run checkpoints (docs/operations.md). A checkpoint is a directory
//   OUT/checkpoints/ckpt-NNNNNN/   (NNNNNN: coupling intervals done)
// holding hydro.nc (solver/hydro/restart), transport.nc (solver/transport/checkpoint),
// maps.nc (the map file up to that time) and state.bin (this file's RunState: time
// counters, loads, time-statistics accumulators, station series, the record at tide
// gauges). It is assembled in a hidden directory and renamed into place when complete,
// so every ckpt-* directory is a complete checkpoint; the newest two are kept.
#include <mpi.h>

#include <string>
#include <vector>

namespace beibu {

struct Mesh;
class TransportModel;
class ScenarioLoads;
class MapWriter;
class StationWriter;
class TimeStatisticsBuilder;
namespace hydro {
class ShallowWaterModel;
class GaugeRecorder;
}  // namespace hydro

struct RunState {
  std::string scenario_hash;  // SHA-256 over the scenario's input files (refuse another scenario)
  int ranks = 1;
  long interval = 0;  // coupling intervals done
  double t = 0, next_map = 0, next_station = 0;
  double map_records = 0;
  std::vector<double> loads, assessment, station_times, station_values;
  // The surface at tide gauges (hydro::GaugeRecorder); `gauge_record`: state.bin has one.
  bool gauge_record = false;
  std::vector<double> gauge_times, gauge_values;
};

// Root only. Failure if it cannot be written.
void write_run_state(const std::string& path, const RunState& s);
// InputError naming the file if it is not a complete run state.
RunState read_run_state(const std::string& path);

// The newest complete checkpoint directory under out_dir, or "" if there is none.
std::string latest_checkpoint(const std::string& out_dir);
// Root only: a fresh hidden directory to assemble checkpoint `interval` in.
std::string begin_checkpoint(const std::string& out_dir, long interval);
// Root only: renames the assembled directory into place and removes all but the newest `keep`.
std::string commit_checkpoint(const std::string& out_dir, const std::string& temp_dir, long interval, int keep = 2);

// The parts of a scenario run that evolve in time. `online` is null when the run
// reuses stored hydrodynamics; `stats` is null except on rank 0.
struct RunParts {
  const Mesh* mesh = nullptr;
  hydro::ShallowWaterModel* online = nullptr;
  TransportModel* model = nullptr;
  ScenarioLoads* loads = nullptr;
  MapWriter* maps = nullptr;
  StationWriter* stations = nullptr;
  TimeStatisticsBuilder* stats = nullptr;
  hydro::GaugeRecorder* gauges = nullptr;  // null without a comparison with tide gauges
  MPI_Comm comm = MPI_COMM_NULL;
};

// Collective: writes checkpoint `st.interval` of every part (the counters in `st`
// are the caller's) and returns its directory.
std::string save_run_checkpoint(const std::string& out_dir, const RunParts& p, RunState st);
// Collective: restores the models, loads, station series, time statistics and gauge
// record from a checkpoint directory (the map file is reopened by MapWriter from DIR/maps.nc).
// InputError naming state.bin if the run records tide gauges and the checkpoint has no
// record of them, or one of another number of gauges.
void restore_run_checkpoint(const std::string& ckpt_dir, const RunParts& p, const RunState& st);

}  // namespace beibu
