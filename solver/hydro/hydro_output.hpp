#pragma once
// Saves hydrodynamics for reuse by transport (and for GIS review): one UGRID
// NetCDF file holding the mesh and, at a chosen interval, per record n
//   time(time)                      seconds since the model start (CF units)
//   volume(time, nMesh_face)        m^3 at time[n]
//   edge_flux(time, nMesh_edge)     m^3/s, mean over (time[n-1], time[n]], positive from
//                                   mesh_edge_faces[e][0] to [1] (outward on the boundary)
//   source_flow(time, nMesh_face)   m^3/s, mean over the same interval
//   eta, u, v (time, nMesh_face)    m, m/s (x/y of the model projection) at time[n]
// so that volume[n] = volume[n-1] + dt (source_flow[n] - div edge_flux[n]) to round-off.
// Record 0 is the initial state (its fluxes are zero). Rank 0 gathers by global id
// and writes; the file appears under its final name only when finish() completes.
#include <memory>
#include <string>
#include <vector>

#include "mesh/mesh.hpp"

namespace beibu {
struct LocalMesh;
class NcFile;
class AtomicOutput;
}  // namespace beibu

namespace beibu::hydro {

class ShallowWaterModel;

class HydroWriter {
 public:
  // A record is written at the first step that completes each `interval` (s) since the
  // last record (its time is the model time then); collective over the mesh communicator.
  HydroWriter(const Mesh& mesh, const LocalMesh& lm, const std::string& path, const std::string& start_utc,
              double interval);
  ~HydroWriter();
  HydroWriter(const HydroWriter&) = delete;
  HydroWriter& operator=(const HydroWriter&) = delete;

  // Writes record 0 from the model's current state.
  void write_initial(const ShallowWaterModel& model);
  // Call after every model step: accumulates the step's fluxes and writes a record
  // when the interval is complete.
  void after_step(const ShallowWaterModel& model);
  // Closes the file and moves it to its final name (collective).
  void finish();
  long records() const { return records_; }

 private:
  void write_record(const ShallowWaterModel& model, double dt_acc);
  std::vector<double> gather_cells(const std::vector<double>& local) const;
  std::vector<double> gather_edges(const std::vector<double>& local) const;

  const Mesh& mesh_;
  const LocalMesh& lm_;
  double interval_;
  int rank_ = 0;
  std::unique_ptr<AtomicOutput> out_;
  std::unique_ptr<NcFile> nc_;
  std::vector<int> cell_counts_, cell_displs_, edge_counts_, edge_displs_;
  std::vector<long> cell_gids_, edge_gids_;  // rank 0: all gathered, in gather order
  std::vector<int> my_edges_;                // local edges whose left cell is owned here
  std::vector<double> acc_flux_, acc_q_;
  double acc_t_ = 0;
  long records_ = 0;
};

}  // namespace beibu::hydro
