#pragma once
// Source apportionment from one run with tagged copies ("DIN@CN.GX"), and the
// source-receptor matrix it yields.
//
// Transport is linear in the loads (first-order scheme; see docs/apportionment.md for
// the second-order limiter), so a receptor's period-mean concentration is
//   c_r = b_r + sum_g R[r][g] L_g
// with L_g the period-mean load of group g (g/s) and R[r][g] = (mean of the tagged copy
// of g at r) / L_g; b_r = base - sum of tagged copies (open boundaries, initial water).
// Receptors: functional zones, sea areas (one per jurisdiction), stations, and
// optionally every cell. A receptor's mean is over the map samples after the spin-up,
// area-weighted over its wet cells (the same wet cells in every run: loads do not
// change the flow).
#include <map>
#include <string>
#include <vector>

#include "mesh/mesh.hpp"
#include "scenarios/run/scenario_loads.hpp"
#include "scenarios/spec/scenario.hpp"

namespace beibu {

struct ZoneInfo;
struct StationInfo;

struct Receptor {
  std::string name, kind, jurisdiction;  // kind: zone, sea_area, station, cell
  int target_class = -1;                 // 0-based; -1 if none (sea areas, cells)
  std::vector<long> faces;
  std::vector<double> weight;  // per face (area)
};

// Zones, one sea area per jurisdiction code of the mesh (its assessed faces: water the mesh
// carries for the tide only, Mesh::not_assessed, is no one's), stations (no target class in
// water not assessed), and (if `cells`) every face.
std::vector<Receptor> make_receptors(const Mesh& m, const std::vector<ZoneInfo>& zones,
                                     const std::vector<StationInfo>& stations, bool cells);

struct SourceReceptorMatrix {
  std::vector<std::string> receptors, receptor_kind, receptor_jurisdiction;
  std::vector<int> receptor_target_class;                             // 0-based, -1 none
  std::vector<std::string> groups, group_jurisdiction, group_sector;  // sector "all" for whole groups
  std::vector<std::string> constituents;
  // [constituent][receptor][group], (g/m3) per (g/s)
  std::vector<double> response;
  // [constituent][receptor], g/m3
  std::vector<double> background, concentration;
  // [constituent][group], g/s: the period-mean load, and the part of it no control may cut (natural sector)
  std::vector<double> current_load, floor_load;
  std::map<std::string, std::string> attributes;  // global attributes (provenance)

  std::size_t nr() const { return receptors.size(); }
  std::size_t ng() const { return groups.size(); }
  double R(std::size_t k, std::size_t r, std::size_t g) const { return response[(k * nr() + r) * ng() + g]; }
  int constituent_index(const std::string& name) const;  // -1 if absent
};

// Period-mean load (g/s) of each tag group and constituent as the run applies it: the
// controlled load at the middle of each coupling interval over model time [0, T) from
// t_epoch, weighted by the interval. `floor` gets the natural-sector part.
void group_mean_loads(const Scenario& s, TagBy by, const std::vector<std::string>& groups,
                      const std::vector<std::string>& constituents, double t_epoch, double T, double coupling_s,
                      std::vector<double>& mean, std::vector<double>& floor);

// Period-mean load (g/s) of each group and constituent that actually entered the gulf
// (through river mouths as well), from a run's mass_budget.csv: the source inputs of
// the tagged copy "constituent@group" over the run's duration T (s).
std::vector<double> group_loads_from_budget(const std::string& budget_csv, const std::vector<std::string>& groups,
                                            const std::vector<std::string>& constituents, double T);

// Reads a run's maps.nc (base and tagged copies "X_from_<group>") and builds the matrix.
// Samples with time > `from_s` (model seconds of the file's time axis) count.
// `face_means` (optional) receives, per constituent then per group (and "" for the
// base), the per-face mean for share maps.
SourceReceptorMatrix build_matrix(const std::string& maps_file, const std::vector<Receptor>& receptors,
                                  const std::vector<std::string>& groups, const std::vector<std::string>& constituents,
                                  const std::vector<double>& mean_load, const std::vector<double>& floor_load,
                                  double from_s,
                                  std::map<std::string, std::map<std::string, std::vector<double>>>* face_means);

// NetCDF (dimensions constituent, receptor, group); written atomically.
void write_matrix(const std::string& path, const SourceReceptorMatrix& m);
// InputError naming the file and variable for a missing or malformed variable.
SourceReceptorMatrix read_matrix(const std::string& path);

// The jurisdiction and sector of a tag group (tag_of's inverse for the default case).
void split_group(const std::string& group, TagBy by, const Scenario& s, std::string& jurisdiction, std::string& sector);

}  // namespace beibu
