#pragma once
// From a run's concentration fields to compliance results: per face (seasonal
// mean, class by the worst parameter), per functional zone (mean, 90 % value,
// exceedance duration, pass/fail against the zone's target class), per station
// (bulletin-style: mean, class per parameter, overall class, exceeding
// parameters with their multiple of the limit), and the headline indicator.
// Samples are added one at a time, so a long run never holds all its maps.
#include <map>
#include <string>
#include <vector>

#include "mesh/mesh.hpp"
#include "scenarios/compliance/compliance.hpp"
#include "scenarios/compliance/standards.hpp"

namespace beibu {

struct ZoneInfo {
  std::string id, name, name_zh, type, jurisdiction;
  int target_class = 1;  // 0-based (1 = Class II)
  std::vector<long> faces;
  std::vector<double> area;
};

struct StationInfo {
  std::string id, name, name_zh, type, jurisdiction;
  double lon = 0, lat = 0;
  long face = -1;
  int target_class = 1;  // of the zone containing it, else Class II (the regional target)
};

// Zones of the mesh (Mesh::zone, Mesh::zone_ids) with their properties from the
// zones file (id, name, name_zh, type, target_class 1-based, jurisdiction).
std::vector<ZoneInfo> load_zones(const Mesh& m, const std::string& zones_file);
// Stations from a point layer (id, name, name_zh, type, jurisdiction), located in the mesh.
std::vector<StationInfo> load_stations(const Mesh& m, const std::string& stations_file,
                                       const std::vector<ZoneInfo>& zones);

struct ZoneResult {
  ZoneInfo info;
  std::map<std::string, ZoneParameterStats> stats;
  int class_mean = -1, class_p90 = -1;  // worst over parameters
  std::string worst_parameter;
  bool pass_mean = false, pass_p90 = false;
  double exceed_hours = 0;  // the longest over parameters
};

struct StationResult {
  StationInfo info;
  std::map<std::string, double> mean;
  std::map<std::string, int> cls;
  int overall = -1;
  std::string worst_parameter;
  std::vector<std::pair<std::string, double>> exceeding;  // parameter, (mean - limit) / limit of the target class
  std::map<std::string, std::vector<double>> series;      // the samples, per parameter
};

struct Assessment {
  std::string standard_id;
  std::vector<std::string> parameters;  // assessed: transported and in the standard
  double hours = 0;
  int samples = 0;
  std::map<std::string, std::vector<double>> mean;      // per parameter, per face
  std::vector<int> face_class;                          // worst parameter of the means; -1 not assessed
  double share_area_good = 0, share_stations_good = 0;  // Class I+II
  std::map<std::string, double> share_area_good_by_jurisdiction;
  std::vector<ZoneResult> zones;
  std::vector<StationResult> stations;
};

class AssessmentBuilder {
 public:
  // `parameters`: constituent names to assess (those the standard lacks are skipped).
  AssessmentBuilder(const Mesh& m, const Standard& s, const std::vector<std::string>& parameters,
                    std::vector<ZoneInfo> zones, std::vector<StationInfo> stations);
  // One sample: concentration (g/m3 = mg/L) per global face for each parameter;
  // it stands for `hours` of the period.
  void add_sample(double hours, const std::map<std::string, std::vector<double>>& face_values);
  Assessment finish() const;

  // The accumulators as one flat vector (whole-run checkpoints): restore(state())
  // on a builder made with the same mesh, standard, parameters, zones and stations
  // continues exactly. Failure if the state does not fit this builder.
  std::vector<double> state() const;
  void restore(const std::vector<double>& state);

 private:
  const Mesh& m_;
  const Standard& s_;
  std::vector<std::string> params_;
  std::vector<ZoneInfo> zones_;
  std::vector<StationInfo> stations_;
  double hours_ = 0;
  int samples_ = 0;
  std::map<std::string, std::vector<double>> sum_;                                     // hours-weighted
  std::vector<std::map<std::string, std::vector<std::vector<double>>>> zone_samples_;  // [zone][param][t][cell]
  std::vector<double> zone_sample_hours_;
  std::vector<std::map<std::string, std::vector<double>>> station_series_;
};

}  // namespace beibu
