#pragma once
// The river network as the user describes it (data, no numerics): reaches,
// upstream inflow stations, lateral inflows, point sources and monitoring
// sections. Every item keeps the file and line it came from, so later checks
// (a reach that does not connect, an unknown mouth) can name it.
#include <string>
#include <vector>

#include "constituents.hpp"
#include "hydraulic_geometry.hpp"
#include "read_series.hpp"

namespace beibu {
class Config;
class Projection;
}  // namespace beibu

namespace beibu::rivers {

struct Origin {
  std::string file, where;  // where: "line 12 (reaches[3] 'qin')"
};

struct ReachSpec {
  std::string id;
  std::vector<double> x, y;        // model metres, upstream to downstream
  std::string to_mouth, to_reach;  // exactly one is set
  bool join_given = false;         // to_reach: where it joins (default: this reach's last point)
  double join_x = 0, join_y = 0;
  std::string jurisdiction;  // fixed (e.g. "CN.GX|VN" for a border river); empty: from the polygons
  HydraulicGeometry geometry;
  double segment_length_m = 1000;
  Origin origin;
};

// A series per constituent (same order as NetworkSpec::constituents; absent = 0).
using ConstituentSeries = std::vector<Series>;

struct InflowSpec {  // upstream station at the head of a reach
  std::string id, reach;
  Series discharge;                 // m3/s
  ConstituentSeries concentration;  // g/m3
  Origin origin;
};

struct LateralSpec {  // diffuse inflow spread evenly along a whole reach
  std::string id, reach;
  Series discharge;  // m3/s over the whole reach
  ConstituentSeries concentration;
  Origin origin;
};

struct RiverPointSource {  // city, industrial outfall, farm cluster
  std::string id, reach, jurisdiction, sector, note;
  double x = 0, y = 0;
  Series flow;                    // m3/s of water added (0 if only a load is given)
  bool by_concentration = false;  // true: load = flow * concentration; false: load given directly
  ConstituentSeries value;        // g/s (direct) or g/m3 (by concentration)
  Origin origin;
};

struct SectionSpec {  // a user monitoring section (border sections are found automatically)
  std::string id, reach, upstream_jurisdiction, downstream_jurisdiction;
  double x = 0, y = 0;
  Origin origin;
};

// Optional Streeter-Phelps coupling between two constituents (indices into
// NetworkSpec::constituents): the deficit constituent has no own kinetics.
struct OxygenSpec {
  int bod = -1, deficit = -1;
  bool oconnor_dobbins = true;  // else a constant reaeration rate
  double ka20_per_day = 0;
  double theta_a = 1.024;  // temperature correction of reaeration
};

struct NetworkSpec {
  std::string file;
  std::vector<RiverConstituent> constituents;
  OxygenSpec oxygen;                            // bod < 0: no oxygen balance
  Series temperature = Series::constant(20.0);  // deg C
  bool fischer_dispersion = true;               // else a constant `dispersion_m2s`
  double dispersion_m2s = 0;
  bool kinematic_wave = false;                  // flow: kinematic (else steady per time block)
  double cfl = 0.9;                             // fraction of the positivity limit used per sub-step
  double snap_m = 2000;                         // how far a junction, source or section may lie from its reach
  std::string rivers_file, jurisdictions_file;  // resolved paths; empty = not checked
  std::vector<ReachSpec> reaches;
  std::vector<InflowSpec> inflows;
  std::vector<LateralSpec> laterals;
  std::vector<RiverPointSource> sources;
  std::vector<SectionSpec> sections;
};

// Reads the network YAML (schema in docs/rivers.md). Coordinates are lon/lat
// (crs: wgs84, transformed with `proj`) or model metres (crs: model). Throws
// InputError naming file, line and item for anything malformed.
NetworkSpec read_network_spec(const Config& root, const Projection& proj);

}  // namespace beibu::rivers
