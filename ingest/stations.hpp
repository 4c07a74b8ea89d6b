#pragma once
// Monitoring stations and their observations: station metadata from GeoJSON,
// GeoPackage, Shapefile or CSV; observations from long CSV
//   station_id,time,parameter,value,unit[,qc_flag]
// (time ISO 8601 with a UTC offset) or from CF discrete-sampling-geometry
// NetCDF (featureType = timeSeries), which is also what model station output
// is. Values are converted to model units on reading (see units.hpp).
#include <istream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ingest/units.hpp"

namespace beibu {

class NcFile;

struct Station {
  std::string id, name, name_zh, type, jurisdiction;
  double lon = 0, lat = 0;
};

// GeoJSON/GeoPackage/Shapefile points (properties id, name, name_zh, type,
// jurisdiction) or CSV with a header naming id, name, lon, lat (type,
// jurisdiction, name_zh optional). InputError for a missing id, duplicate ids
// or bad coordinates.
std::vector<Station> read_stations(const std::string& path);

struct Observation {
  std::string station;
  double time = 0;  // model seconds (UTC)
  Parameter parameter = Parameter::DIN;
  double value = 0;         // model unit; NaN = missing in the source
  std::string flag;         // provider's QC flag as given
  std::size_t line = 0;     // CSV line (0 for NetCDF)
  double utc_offset_s = 0;  // offset the time was given in
  bool derived = false;     // DIN summed from NH4 + NO3 + NO2
};

struct ObservationOptions {
  // Offset assumed for times written without one (e.g. +8 h for Beijing time);
  // without it such times are an error.
  std::optional<double> default_utc_offset_s;
  // When given, every station_id must be one of these.
  const std::vector<Station>* stations = nullptr;
};

// Provider flags: "" / 0 (not checked), 1 (good), 2 (probably good), "good", "G"
// are good (IOC/Argo convention); anything else (3, 4, 9, "bad", ...) is not.
bool flag_is_good(const std::string& flag);

// Long CSV. InputError with file and line for a bad date, bad number, unknown
// station, parameter or unit, wrong column count, missing header column.
// Empty, "NA" or "NaN" values are kept as missing (QC drops them, with a reason).
std::vector<Observation> parse_observations_csv(std::istream& in, const std::string& file,
                                                const ObservationOptions& opt = {});

// A CF timeSeries file: its stations (id, lon, lat) and values of every
// variable that names a parameter (by name or standard_name). Missing values are skipped.
struct TimeSeriesData {
  std::vector<Station> stations;
  std::vector<Observation> values;
};
TimeSeriesData read_timeseries_nc(const std::string& path);

// CSV or NetCDF by extension (.nc, .nc4, .cdf: NetCDF).
std::vector<Observation> read_observations(const std::string& path, const ObservationOptions& opt = {});

// Adds DIN = NH4 + NO3 + NO2 wherever all three are present at the same
// station and time and DIN itself is not. Returns the number added.
std::size_t add_din_from_species(std::vector<Observation>& obs);

// The station axis every CF timeSeries file shares: dimensions `station` and
// `name_strlen`, variables station_name (cf_role timeseries_id), lon and lat, and the
// grid mapping `crs` (EPSG:4326) that the data variables name.
// define_station_axis in define mode, put_station_axis after enddef.
void define_station_axis(NcFile& nc, const std::vector<std::string>& ids);
void put_station_axis(NcFile& nc, const std::vector<std::string>& ids, const std::vector<double>& lon,
                      const std::vector<double>& lat);

// Writes a CF-1.8 timeSeries file (orthogonal multidimensional layout):
// values[p].second[s * times.size() + k] for station s at time k, NaN = missing.
void write_timeseries_nc(const std::string& path, const std::vector<Station>& stations,
                         const std::vector<double>& times,
                         const std::vector<std::pair<Parameter, std::vector<double>>>& values);

}  // namespace beibu
