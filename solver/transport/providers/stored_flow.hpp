#pragma once
// Stored hydrodynamics: a UGRID mesh file with, per saved time n,
//   time(time)                       seconds since a CF reference
//   volume(time, nMesh_face)         m3 at time[n]
//   edge_flux(time, nMesh_edge)      m3/s, mean over (time[n-1], time[n]], + from mesh_edge_faces[e][0] to [1]
//   source_flow(time, nMesh_face)    m3/s, mean over the same interval
//   eta(time, nMesh_face)            m (not needed by transport; optional)
// Variables are found by dimension name (any order) and units (converted to m3 and
// m3/s); the time axis must be in a calendar of real instants (standard,
// proleptic_gregorian). Checked once when opened (sizes, fill values and NaNs,
// increasing time, continuity per interval),
// then streamed: only the records of the current interval are held in memory, so a
// season of hourly records costs one record's memory, not the file's size.
// Optionally cycled with the period time[last] - time[0].
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "solver/flow.hpp"

namespace beibu {

struct Mesh;
struct LocalMesh;
class NcFile;
class NcVar;

struct StoredFlowOptions {
  bool periodic = false;
  // Cycling needs the period to close: max |V_last - V_first| / V <= this, else InputError.
  double closure_tolerance = 1e-9;
  double continuity_tolerance = 1e-9;  // relative, per interval and cell
};

class StoredFlow : public FlowProvider {
 public:
  StoredFlow(const std::string& path, const Mesh& global, const LocalMesh& local, StoredFlowOptions opt = {});
  void advance(double t0, double dt, FlowState& s) override;
  double max_interval() const override { return min_spacing_; }

  const std::vector<double>& times() const { return times_; }
  const std::string& time_units() const { return units_; }
  double period() const { return times_.back() - times_.front(); }
  bool periodic() const { return opt_.periodic; }

 private:
  void load_interval(std::size_t n);  // records n-1 and n, this rank's part

  const LocalMesh& m_;
  std::string path_, units_;
  StoredFlowOptions opt_;
  std::vector<double> times_;
  double min_spacing_ = 0;
  std::size_t nf_ = 0, ne_ = 0;
  std::shared_ptr<const NcFile> nc_;
  std::shared_ptr<const NcVar> volume_, edge_flux_, source_flow_;
  // The interval held: local (owned + ghost) volumes at both ends, fluxes and sources.
  std::size_t held_ = 0;  // 0 = none
  std::vector<double> v0_, v1_, flux_, source_;
};

// Every check of the constructor against the file's own mesh (variables, units, fill
// values, time axis, continuity): what can be said of a stored file before a
// scenario's mesh is known (beibu batch --hydro). InputError naming the file.
void check_stored_flow_file(const std::string& path);

// How a stored file's hydrodynamics were made, as its global attributes say (written by
// `beibu run --save-hydro`): `hydrodynamics` (tides file, friction), `tides_uncertainty`
// and `tides_uncertainty_zh` (the tides file's `uncertainty:` and `uncertainty_zh:`); empty
// where the file does not say (older files, bench_hydro's). InputError if the file cannot
// be opened.
struct StoredFlowProvenance {
  std::string hydrodynamics, tides_uncertainty, tides_uncertainty_zh;
};
StoredFlowProvenance stored_flow_provenance(const std::string& path);

// Writes stored hydrodynamics in the format above (rank 0 / serial; global arrays).
class StoredFlowWriter {
 public:
  // `provenance` goes into the file's global attributes (see stored_flow_provenance).
  StoredFlowWriter(const std::string& path, const Mesh& mesh, const std::string& time_units,
                   const StoredFlowProvenance& provenance = {});
  ~StoredFlowWriter();
  void append(double t, const std::vector<double>& volume, const std::vector<double>& edge_flux,
              const std::vector<double>& source_flow, const std::vector<double>& eta);
  void close();  // commits the file under its final name

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace beibu
