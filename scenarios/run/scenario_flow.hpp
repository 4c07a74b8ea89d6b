#pragma once
// The water of a scenario run: the online shallow-water model described by the
// hydrodynamics block (spec/hydro_spec.hpp), or a stored run, interval by interval.
#include <memory>
#include <string>
#include <vector>

#include "scenarios/spec/hydro_spec.hpp"
#include "solver/hydro/forcing.hpp"
#include "solver/hydro/shallow_water.hpp"

namespace beibu {

struct LocalMesh;
struct Mesh;
struct FlowState;
class StoredFlow;
class StoredFlowWriter;

// The water of a scenario run over model time [0, T] (0 = t_epoch, absolute model
// seconds): the online shallow-water model, or a stored run (interval by interval,
// offset to the scenario's clock or cycled). Optionally records what transport used
// to a stored-hydrodynamics file (solver/transport/providers/stored_flow.hpp) for reuse.
class ScenarioFlow {
 public:
  // InputError (before anything is written) when a stored run does not match the
  // mesh, does not cover [t_epoch, t_epoch + T] and is not periodic, or is not continuous.
  ScenarioFlow(const HydroSetup& h, const Mesh& mesh, const LocalMesh& lm, double t_epoch, double T,
               const std::vector<hydro::RiverSpec>& rivers);
  ~ScenarioFlow();

  // Starts recording to `path` what every advance() delivers (written under a temporary
  // name; finish() commits it). Online model only. Collective.
  void record_to(const std::string& path);
  // Fills `flow` for [t, t + dt] (model seconds). Collective.
  void advance(double t, double dt, FlowState& flow);
  // Per local cell at model time 0.
  const std::vector<double>& initial_volume() const { return v_init_; }
  // The interval transport should take: the coupling interval (online) or the stored spacing.
  double interval() const { return interval_; }
  // For progress lines: "KSP its N" or "stored".
  std::string status() const;
  // The online model (nullptr when reusing a stored run), e.g. for restarts.
  hydro::ShallowWaterModel* online() { return online_.get(); }
  void finish();  // commits the recording, if any (collective)

 private:
  const Mesh& mesh_;
  const LocalMesh& lm_;
  double t_epoch_ = 0, offset_ = 0, interval_ = 0;
  std::unique_ptr<hydro::ShallowWaterModel> online_;
  std::unique_ptr<StoredFlow> stored_;
  std::unique_ptr<StoredFlowWriter> writer_;
  std::vector<double> v_init_;
  bool recording_ = false;
};

// The model with model time 0 = t_epoch (absolute model seconds); `rivers` are the
// water inflows (e.g. ScenarioLoads::discharges).
std::unique_ptr<hydro::ShallowWaterModel> make_hydro(HydroSetup h, const LocalMesh& lm,
                                                     const std::vector<std::string>& open_boundaries, double t_epoch,
                                                     const std::vector<hydro::RiverSpec>& rivers);

}  // namespace beibu
