#pragma once
// From a period's time statistics (time_statistics.hpp) to compliance results: per
// face (period mean, class by the worst parameter), per functional zone (mean, 90 %
// value over cells x time, hours its mean is worse than the target class, pass/fail
// against the zone's target class), per station (bulletin-style: mean, class per
// parameter, overall class, exceeding parameters with their multiple of the limit),
// and the headline indicator.
#include <map>
#include <string>
#include <vector>

#include "mesh/mesh.hpp"
#include "scenarios/compliance/compliance.hpp"
#include "scenarios/compliance/standards.hpp"
#include "scenarios/compliance/time_statistics.hpp"

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
// zones file (id, name, name_zh, type, target_class 1-based, jurisdiction). InputError for
// a zone with cells in water the mesh does not assess (Mesh::not_assessed).
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
};

struct Assessment {
  std::string standard_id;
  std::vector<std::string> parameters;                  // assessed: transported and in the standard
  double t_from = 0, t_to = 0;                          // the period (model time, s)
  double hours = 0;                                     // covered by the statistics
  long intervals = 0;                                   // segments the statistics rest on
  double spacing_s = 0;                                 // their longest
  std::map<std::string, std::vector<double>> mean;      // per parameter, per face
  std::vector<int> face_class;                          // worst parameter of the means; -1 not assessed
  double share_area_good = 0, share_stations_good = 0;  // Class I+II
  std::map<std::string, double> share_area_good_by_jurisdiction;
  std::vector<ZoneResult> zones;
  std::vector<StationResult> stations;
};

// The assessment of one period's statistics (the same for a run and for
// `beibu compliance --run` on its map file, which reads the statistics back).
Assessment assess_period(const PeriodStatistics& ps, const Mesh& m, const Standard& s, std::vector<ZoneInfo> zones,
                         std::vector<StationInfo> stations);

}  // namespace beibu
