#pragma once
// A scenario file (YAML, schema in docs/scenarios.md): the period, the mesh,
// the hydrodynamics and transport blocks (parsed by the solver), the pollution
// sources with their jurisdiction and sectors, the controls, and the outputs.
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "ingest/field_source.hpp"
#include "scenarios/spec/series.hpp"

namespace beibu {

// Sectors a load can belong to; "natural" is background that no control touches by default.
const std::vector<std::string>& known_sectors();
// Jurisdictions of the default case (sea areas and land).
const std::vector<std::string>& known_jurisdictions();

enum class SourceKind { river, outfall, diffuse };

struct ScenarioSource {
  std::string id, name, name_zh, jurisdiction;
  SourceKind kind = SourceKind::outfall;
  double lon = 0, lat = 0;
  double radius_m = 0;  // diffuse sources spread over cells within this radius
  // Set: the source enters the scenario's river network on this reach instead of
  // the sea (a `river` at the reach head, an `outfall` at lon/lat along it).
  std::string reach;
  std::map<std::string, double> sector_share;   // sums to 1
  std::optional<Series> flow_m3s;               // water brought in (rivers, outfalls)
  std::map<std::string, Series> concentration;  // g/m3 (= mg/L) per constituent
  std::map<std::string, Series> load_gs;        // g/s per constituent (loads given in t/yr, kg/d, g/s)
  int line = 0;
};

struct Control {
  std::string name, jurisdiction, source, constituent;     // empty filter = any
  std::vector<std::string> sectors;                        // empty = any sector
  double reduce_fraction = 0;                              // 0.3 = cut by 30 %
  std::optional<double> cap_gs;                            // upper limit on each matched load component
  double from = -std::numeric_limits<double>::infinity();  // model seconds
  int line = 0;
};

// The 1D river network coupled to the gulf (docs/rivers.md, "Coupled to the gulf").
struct RiverNetworkUse {
  std::string file;  // the network YAML (reaches, geometry, sections)
  // Gulf constituent -> GB 3838 parameter assessed at river sections with it.
  std::vector<std::pair<std::string, std::string>> assess;
  int line = 0;
};

struct Period {
  double start = 0, end = 0;  // model seconds
  std::string season;         // "wet", "dry" or "" for explicit dates
  double spinup_s = 0;        // run before `start`; not counted in statistics
};

// The water temperature of the decay rates k20 theta^(T - 20) (`water_temperature:`):
// a constant, or a gridded field sampled at every face (docs/scenarios.md).
struct WaterTemperature {
  bool given = false;      // absent: 20 degC everywhere, and maps.nc has no temperature
  double constant_c = 20;  // used where field.file is empty
  FieldSource field;       // a CF variable of sea surface or sea water temperature
  std::string key_file;    // the scenario file that gave the key, and its line (messages)
  int line = 0;
};

// Plausible water temperatures (degC): a value beyond them is a unit or file mistake.
constexpr double kWaterTemperatureMin = -2.5, kWaterTemperatureMax = 40;

struct Scenario {
  std::string file, name, title, title_zh, description;
  Period period;
  std::string mesh_config, mesh_file;              // exactly one is set
  std::optional<Config> hydrodynamics, transport;  // parsed by the solver
  std::string hydrodynamics_dir;                   // relative paths in that block start here
  std::optional<RiverNetworkUse> river_network;
  WaterTemperature water_temperature;
  std::vector<ScenarioSource> sources;
  std::vector<Control> controls;
  // Outputs.
  double map_interval_s = 86400, station_interval_s = 3600;
  std::string stations_file, zones_file, sea_standard_file, river_standard_file;
};

// Reads a scenario (following `extends:` to its parent, whose top-level keys the
// child replaces). Errors name the file, the line, the key and the expected form.
Scenario load_scenario(const std::string& path);

// Runs the scenario on another mesh: `mesh_yaml` (a mesh configuration, e.g.
// data/beibu/mesh-coarse.yaml for screening runs) replaces the scenario's mesh.
// A missing file: InputError naming it.
void use_mesh_config(Scenario& s, const std::string& mesh_yaml);

// Every constituent named by a source or control must be transported.
void check_constituents(const Scenario& s, const std::vector<std::string>& transported);

// Converts a load to g/s: units "g/s", "kg/d", "t/d", "t/yr" (t = tonne; 1 yr = 365.25 d).
double load_to_gs(double value, const std::string& units);
// The year of a load given in t/yr (the Julian year, as load_to_gs), in seconds.
constexpr double kSecondsPerYear = 365.25 * 86400.0;
// Tonnes per year in one g/s: tables of loads in t/yr multiply g/s by this.
constexpr double kTonnePerYear = kSecondsPerYear / 1e6;

// File-name-safe version of a scenario name: [A-Za-z0-9._-], nothing else.
std::string sanitise_name(const std::string& name);

}  // namespace beibu
