#pragma once
// The river network as the solver sees it: reaches cut into segments of near
// equal length, stored as flat arrays in an order where every segment comes
// after all segments that drain into it (so one forward pass accumulates
// discharge), plus where each inflow, source, section and mouth sits.
#include <functional>
#include <string>
#include <vector>

#include "network_spec.hpp"

namespace beibu {
struct PolygonFeature;
}

namespace beibu::rivers {

// A face where the river is monitored: between segment `seg` and the segment
// it drains into (or the sea when `seg` is a mouth segment).
struct MonitorSection {
  std::string id, river;  // river: the mouth id its water reaches
  std::string upstream_jurisdiction, downstream_jurisdiction;
  bool border = false;  // found from the jurisdiction polygons (else given by the user)
  int seg = -1;
  double x = 0, y = 0;  // model metres
};

struct RiverNetwork {
  NetworkSpec spec;
  // Segments (flat, upstream before downstream).
  std::vector<double> length;      // m
  std::vector<double> xmid, ymid;  // model metres
  std::vector<double> xend, yend;  // downstream end of each segment
  std::vector<double> chainage;    // m from the reach head to the segment's downstream end
  std::vector<int> reach;          // index into spec.reaches
  std::vector<int> down;           // downstream segment, -1 at a mouth
  std::vector<int> mouth;          // mouth index when down == -1, else -1
  std::vector<int> system;         // mouth index its water reaches
  std::vector<std::string> jurisdiction;
  // Reaches: first segment and count.
  std::vector<int> reach_first, reach_count;
  std::vector<double> reach_length;
  // Mouths: id (matching rivers.geojson) in order of first appearance.
  std::vector<std::string> mouths;
  // Where each input enters.
  std::vector<int> inflow_seg, source_seg;
  std::vector<MonitorSection> sections;

  size_t segments() const { return length.size(); }
  int mouth_index(const std::string& id) const;  // -1 if none
};

// Builds the network: resamples reaches, connects them (a reach that ends
// more than snap_m from the reach it joins, an unknown reach or mouth id, a
// cycle or a headwater without an inflow station is an InputError naming the
// item), snaps inputs and sections, and finds border sections from the
// jurisdiction polygons (property `code`). `known_mouths` empty: not checked.
RiverNetwork build_network(NetworkSpec spec, const std::vector<std::string>& known_mouths,
                           const std::vector<PolygonFeature>& jurisdictions);

// Reads the YAML and the files it names (rivers_file for mouth ids,
// jurisdictions_file for borders) and builds the network. `edit`, when given,
// changes the specification between reading and building (a coupled scenario
// replaces the constituents and the inputs with its own).
RiverNetwork load_river_network(const std::string& yaml_path, const std::function<void(NetworkSpec&)>& edit = nullptr);

// Pure geometry used above (tests call them).
double polyline_length(const std::vector<double>& x, const std::vector<double>& y);
// Point at arclength s along a polyline (clamped to its ends).
void point_at(const std::vector<double>& x, const std::vector<double>& y, double s, double& px, double& py);
// Nearest point of a polyline to (px, py): its arclength and distance.
void project_onto(const std::vector<double>& x, const std::vector<double>& y, double px, double py, double& s,
                  double& dist);

}  // namespace beibu::rivers
