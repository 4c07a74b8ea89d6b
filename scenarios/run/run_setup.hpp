#pragma once
// The set-up stages of a run, in the order run_scenario takes them: check the inputs
// (before anything is written), make the mesh, record the inputs' provenance and the
// run's identity, open the output directory (fresh, or resumed from a checkpoint).
#include <mpi.h>

#include <filesystem>
#include <string>
#include <vector>

#include "mesh/mesh.hpp"
#include "mesh/mesh_config.hpp"
#include "scenarios/compliance/standards.hpp"
#include "scenarios/run/manifest.hpp"
#include "scenarios/run/scenario_run.hpp"
#include "scenarios/spec/hydro_spec.hpp"
#include "scenarios/spec/scenario.hpp"
#include "solver/hydro/tide_gauges.hpp"
#include "solver/transport/transport_config.hpp"

namespace beibu {

// What the scenario and the options ask for, checked before anything is written.
struct RunInputs {
  TransportConfig tc;              // the scenario's transport block
  std::vector<std::string> names;  // its constituents
  HydroSetup hs;
  hydro::TideGaugeFile gauges;  // no gauges: no comparison with tide gauges
  Standard standard;
  double t_epoch = 0;  // absolute model time of the start of the spin-up (model time 0)
  double t_stop = 0;   // absolute model time the run stops at
};
RunInputs check_inputs(const Scenario& s, const RunOptions& o);

// Bad input found once the mesh is generated (a source or station outside it, a bad
// zones layer) must leave no output either: until the writers exist, an exception
// removes what this run created (the mesh directory; the manifest of a fresh run).
struct SetupGuard {
  std::vector<std::filesystem::path> created;
  bool root = false, done = false;
  ~SetupGuard();
};

// The scenario's mesh file, or a mesh generated into OUT/mesh (collective).
Mesh make_mesh(const Scenario& s, const RunOptions& o, const MeshConfig& mesh_cfg, SetupGuard& guard, MPI_Comm comm);

// Provenance (root): every input file with its SHA-256 for the manifest, and the
// identity a checkpoint must match (the inputs and the options that change results).
void hash_run_inputs(const Scenario& s, const RunOptions& o, const MeshConfig& mesh_cfg, const RunInputs& in,
                     Manifest& manifest, std::string& identity);

// The output directory (collective): a resumed run finds its newest checkpoint (which
// must belong to the same inputs), a fresh one drops old checkpoints; the manifest of
// the run so far. Returns the checkpoint to resume from, "" for none, on every rank.
std::string open_run_directory(const Scenario& s, const RunOptions& o, const std::string& identity, Manifest& manifest,
                               SetupGuard& guard, MPI_Comm comm);

}  // namespace beibu
