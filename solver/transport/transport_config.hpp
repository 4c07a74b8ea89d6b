#pragma once
// What is transported and how it reacts, read from YAML (the `transport:` block
// of a scenario). Everything the kernel needs is expanded here once into flat
// per-component tables, so the hot loops never look at names or strings.
#include <string>
#include <vector>

#include "ingest/field_source.hpp"

namespace beibu {

class Config;

// Units of a transported constituent as written to every output: mass concentration
// (g m-3 = mg/L) or, for salinity, practical salinity (PSS-78, dimensionless: CF units
// "1" with standard_name sea_water_practical_salinity).
inline constexpr const char* kMassConcentrationUnits = "g m-3";
inline constexpr const char* kPracticalSalinityUnits = "1";
inline constexpr const char* kPracticalSalinityName = "sea_water_practical_salinity";
// Grams of salt in one cubic metre of water of practical salinity 1: the TEOS-10
// reference-composition salinity S_R = 1.004715 S_P g/kg times a reference density
// of 1025 kg m-3 (the gulf's density varies by about 0.5 % around it). The mass budget
// of a practical-salinity constituent is the salt in grams.
inline constexpr double kSaltGramsPerSalinityCubicMetre = 1.004715 * 1025.0;

struct ConstituentSpec {
  std::string name, units = kMassConcentrationUnits, standard_name, long_name;
  double decay_k20 = 0;          // 1/day at 20 C
  double theta = 1.0;            // temperature correction k(T) = k20 * theta^(T - 20)
  double settling_velocity = 0;  // m/day; removes mass at rate w_s / H
  double initial = 0;            // g/m3
  double boundary_default = 0;   // inflow concentration where a boundary gives none (g/m3)
  // Or gridded fields (CF NetCDF) for them, sampled per cell by the run (their files
  // relative to the YAML file that names them; a 3-D field depth-averaged by default).
  FieldSource initial_field, boundary_field;
  bool conservative = false;      // true forces decay and settling to zero
  std::vector<std::string> tags;  // tagged copies "name@tag" (source apportionment)
};

// A point source in one cell: a mass rate, and/or a concentration carried by the
// water that FlowState::source_flow brings into that cell. A source with `cells`
// enters all of them, each with its share of the load: the footprint of an inflow
// that brings water (mesh/inflow_footprint.hpp), whose water the hydrodynamics
// shares out alike; such a source carries no concentration.
struct PointSourceSpec {
  std::string name, tag;  // tag: the tagged copies that also receive this input
  bool by_cell = false;
  long cell = -1;                                             // global face index (if by_cell)
  double x = 0, y = 0;                                        // model projection (m) otherwise
  std::vector<std::pair<long, double>> cells;                 // global face, share (sum 1); overrides the above
  std::vector<std::pair<std::string, double>> load;           // g/s per constituent
  std::vector<std::pair<std::string, double>> concentration;  // g/m3 per constituent
};

// Inflow concentrations on one open boundary: constant or a time series (linear in time).
struct BoundarySpec {
  std::string name, tag;
  std::vector<double> times;  // s; empty = constant
  std::vector<std::pair<std::string, std::vector<double>>> concentration;
};

struct TransportConfig {
  std::string file = "<config>";
  std::vector<ConstituentSpec> constituents;
  bool water_age = false;
  std::string water_age_name = "water_age";
  double cfl = 0.9;         // fraction of the positivity limit used by the sub-step
  double diffusivity = 0;   // m2/s horizontal
  double dry_depth = 0.05;  // m; a cell shallower than this is dry
  bool second_order = true;
  // Local time stepping: cells step at dt, dt/2, ..., dt/2^(time_levels-1), each by
  // its own stable step (docs/transport.md); 1 = every cell at the smallest step.
  // The levels must span the range of stable steps, or the coarse cells take the
  // step the finest level allows them: over an hour's coupling interval a few channel
  // cells of the gulf need about 1/256 of it while the open gulf can take the whole
  // hour, which ten levels (a factor 512) cover (measurements: docs/performance.md).
  int time_levels = 10;
  std::vector<PointSourceSpec> sources;
  std::vector<BoundarySpec> boundaries;
};

// Reads the transport block; unknown keys, negative concentrations or loads,
// unknown constituent names: InputError with file and line.
TransportConfig parse_transport_config(const Config& node);

// A point source of a TransportConfig (its place in `sources`), as placing it returns;
// what TransportModel::set_source_load takes.
struct SourceHandle {
  std::size_t index = 0;
};
// A constituent of a TransportConfig (its place in `constituents`).
struct ConstituentHandle {
  std::size_t index = 0;
};
// Places a point source: appends it to cfg.sources.
SourceHandle add_point_source(TransportConfig& cfg, PointSourceSpec ps);
// The constituent named `name`; Failure when cfg has none of that name.
ConstituentHandle constituent_handle(const TransportConfig& cfg, const std::string& name);

// One transported component (a constituent, one of its tagged copies, or a water-age part).
struct ComponentInfo {
  std::string name, units, standard_name, long_name;
  int base = -1;    // index of the constituent in TransportConfig::constituents (-1 for water age)
  std::string tag;  // "" for the base constituent
  double k20_per_s = 0, theta = 1, ws_m_per_s = 0, initial = 0, boundary_default = 0;
  // Grams per (unit of concentration x m3), by which the mass budget reports the
  // component: 1 for g m-3, kSaltGramsPerSalinityCubicMetre for practical salinity,
  // 1 for the water-age parts (their budget is in units x m3).
  double budget_grams = 1;
  enum Kind { kConstituent, kAgeTracer, kAgeConcentration } kind = kConstituent;
};

std::vector<ComponentInfo> expand_components(const TransportConfig& cfg);
// Index of a component by name; -1 if none.
int find_component(const std::vector<ComponentInfo>& comps, const std::string& name);

}  // namespace beibu
