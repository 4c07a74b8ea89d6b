#pragma once
// Outputs of a transport run, written by rank 0 under a temporary name and
// renamed when complete:
//  - MapWriter: a UGRID-1.0 / CF-1.8 map file (the mesh embedded) with the
//    face-centred concentration of every component per output time, deflated and
//    chunked one time record per chunk; water age also as mean age in days.
//  - StationWriter: CF discrete sampling geometry, featureType = timeSeries, the
//    concentration in the cell containing each station (lon/lat).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ingest/stations.hpp"  // Station

namespace beibu {

struct Mesh;
class TransportModel;

// A field written beside the concentrations (the water temperature the decay used):
// `values` holds one value per local cell of this rank (owned cells first) and is read
// at every record.
// The _FillValue of maps.nc's face variables (NetCDF's default for doubles).
inline constexpr double kMapFillValue = 9.96921e36;

// A field written at every record besides the concentrations: per LocalMesh cell,
// kMapFillValue where it has no value.
struct MapField {
  std::string name, units, standard_name, long_name, comment;
  const std::vector<double>* values = nullptr;
};

class MapWriter {
 public:
  // time_units: CF, e.g. "seconds since 2024-01-01 00:00:00" (model time is seconds since that).
  // resume_from: a copy of an earlier map file of the same run (a checkpoint's
  // maps.nc) holding `records` records; writing continues after them. `extra`: fields
  // written at every record besides the concentrations.
  MapWriter(const std::string& path, const Mesh& global, const TransportModel& model, const std::string& time_units,
            const std::string& resume_from = "", std::size_t records = 0, std::vector<MapField> extra = {});
  ~MapWriter();
  void write(const TransportModel& model);  // collective; appends one time record
  // Collective; commits the file. `finish`, if given, runs on rank 0 with the
  // complete (closed) temporary file before it is renamed into place.
  void close(const std::function<void(const std::string& path)>& finish = {});
  std::size_t records() const;
  // Root: copies the file as written so far to `path` (for a checkpoint). Failure if it cannot.
  void snapshot(const std::string& path);

 private:
  struct Impl;
  void create(const std::string& path, const Mesh& global, const TransportModel& model, const std::string& time_units,
              const std::string& resume_from, std::size_t records);
  void write_record(const TransportModel& model, std::size_t n, const std::vector<double>& all,
                    const std::vector<double>& wet_all, const std::vector<std::vector<double>>& extra_all);
  std::unique_ptr<Impl> impl_;
};

class StationWriter {
 public:
  // InputError (file = `source`) for a station outside the mesh.
  StationWriter(const std::string& path, const Mesh& global, const TransportModel& model,
                const std::vector<Station>& stations, const std::string& time_units, const std::string& source);
  ~StationWriter();
  void sample(const TransportModel& model);  // collective; keeps the values in memory
  void close();                              // collective; writes and commits the file
  long station_face(std::size_t i) const;
  // The samples so far (root; empty elsewhere), and their restoration (checkpoints).
  const std::vector<double>& times() const;
  const std::vector<double>& values() const;
  void restore(const std::vector<double>& times, const std::vector<double>& values);

 private:
  void write_file();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// NetCDF-safe variable name of a component ("DIN@GX" -> "DIN_from_GX").
std::string output_name(const std::string& component);

}  // namespace beibu
