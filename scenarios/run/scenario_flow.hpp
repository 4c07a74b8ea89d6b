#pragma once
// The water of a scenario run: the online shallow-water model described by the
// hydrodynamics block (spec/hydro_spec.hpp), or a stored run, interval by interval.
#include <memory>
#include <string>
#include <vector>

#include "ingest/point_field.hpp"
#include "scenarios/spec/hydro_spec.hpp"
#include "scenarios/spec/scenario.hpp"
#include "solver/hydro/forcing.hpp"
#include "solver/hydro/shallow_water.hpp"
#include "solver/transport/map_output.hpp"

namespace beibu {

struct LocalMesh;
struct Mesh;
struct FlowState;
class StoredFlow;
class StoredFlowWriter;
struct StoredFlowProvenance;

// The water of a scenario run over model time [0, T] (0 = t_epoch, absolute model
// seconds): the online shallow-water model, or a stored run (interval by interval,
// offset to the scenario's clock or cycled). Optionally records what transport used
// to a stored-hydrodynamics file (solver/transport/providers/stored_flow.hpp) for reuse.
class ScenarioFlow {
 public:
  // InputError (before anything is written) when a stored run does not match the
  // mesh, does not cover [t_epoch, t_epoch + T] and is not periodic, or is not continuous,
  // and when the water temperature's field has no valid value at a cell at time 0.
  ScenarioFlow(const HydroSetup& h, const Mesh& mesh, const LocalMesh& lm, double t_epoch, double T,
               const std::vector<hydro::RiverSpec>& rivers, const WaterTemperature& temperature = {});
  ~ScenarioFlow();

  // Starts recording to `path` what every advance() delivers (written under a temporary
  // name; finish() commits it). Online model only. Collective.
  void record_to(const std::string& path, const StoredFlowProvenance& provenance);
  // Fills `flow` for [t, t + dt] (model seconds), its temperature with the scenario's
  // water temperature at t + dt / 2 (none without one: 20 degC). Collective.
  void advance(double t, double dt, FlowState& flow);
  // The water temperature (degC) per local cell given with the last advance(), or at
  // model time 0 before the first; empty without a scenario water temperature.
  const std::vector<double>& temperature() const { return temperature_; }
  // Wall seconds this rank spent sampling the water temperature, and how many times.
  double temperature_seconds() const { return temp_s_; }
  long temperature_samples() const { return temp_n_; }
  // Per local cell at model time 0.
  const std::vector<double>& initial_volume() const { return v_init_; }
  // The interval transport should take: the coupling interval (online) or the stored spacing.
  double interval() const { return interval_; }
  // For progress lines: "KSP its N" or "stored".
  std::string status() const;
  // The parent model's boundary forcing (nullptr without one), for its timings.
  const hydro::ParentBoundary* parent() const { return parent_.get(); }
  // The online model (nullptr when reusing a stored run), e.g. for restarts.
  hydro::ShallowWaterModel* online() { return online_.get(); }
  void finish();  // commits the recording, if any (collective)

 private:
  const Mesh& mesh_;
  const LocalMesh& lm_;
  double t_epoch_ = 0, offset_ = 0, interval_ = 0;
  std::unique_ptr<hydro::ShallowWaterModel> online_;
  std::shared_ptr<hydro::ParentBoundary> parent_;
  std::unique_ptr<StoredFlow> stored_;
  std::unique_ptr<StoredFlowWriter> writer_;
  std::vector<double> v_init_;
  bool recording_ = false;
  WaterTemperature temp_spec_;
  std::unique_ptr<PointField> temp_field_;
  std::vector<double> temperature_;
  double temp_s_ = 0;
  long temp_n_ = 0;
  void set_temperature(double t);
};

// The gridded forcing files of a run, opened and checked before anything is made:
// the wind's variables (named, or eastward/northward wind found by standard_name or
// common names), the parent model's sea level (and velocity, when named), the water
// temperature's; units of the quantity; time axes covering
// absolute model times [t0, t1]. InputError (file, variable) otherwise.
void check_forcing_files(const HydroSetup& h, const WaterTemperature& temperature, double t0, double t1);

// maps.nc's `water_temperature`, the temperature the decay used (`water` keeps it),
// with a comment saying where it came from; none without a scenario water temperature.
std::vector<MapField> water_temperature_maps(const WaterTemperature& w, const ScenarioFlow& water);

// The model with model time 0 = t_epoch (absolute model seconds) for a run of T seconds;
// `rivers` are the water inflows (e.g. ScenarioLoads::discharges). A parent model's
// fields are read and checked at the open-boundary edges here (InputError); `parent`,
// when given, receives its forcing.
std::unique_ptr<hydro::ShallowWaterModel> make_hydro(HydroSetup h, const Mesh& mesh, const LocalMesh& lm,
                                                     double t_epoch, double T,
                                                     const std::vector<hydro::RiverSpec>& rivers,
                                                     std::shared_ptr<hydro::ParentBoundary>* parent = nullptr);

}  // namespace beibu
