#pragma once
// The river network in time: steady flow per time block (discharge accumulated
// down the network, geometry from it) or kinematic-wave routing, then finite-volume advection,
// dispersion, decay and settling of every constituent on the segments with
// explicit sub-steps that keep concentrations non-negative. Everything that
// enters, leaves or reacts is counted, so each river's mass budget closes to
// round-off and the mass handed to the gulf at a mouth is exactly the mass
// that left the river.
#include <string>
#include <vector>

#include "network.hpp"

namespace beibu::rivers {

// Water and mass through a face over one advance() interval.
struct FaceTotal {
  double t0 = 0, dt = 0;
  double volume_m3 = 0;
  std::vector<double> mass_g;  // per constituent
  double discharge_m3s() const { return dt > 0 ? volume_m3 / dt : 0; }
  double flux_g_s(size_t c) const { return dt > 0 ? mass_g[c] / dt : 0; }
  // Flux-weighted mean concentration (g/m3) of what passed.
  double concentration(size_t c) const { return volume_m3 > 0 ? mass_g[c] / volume_m3 : 0; }
};

struct SectionSeries {
  MonitorSection section;          // a copy, so a copied model stays self-contained
  std::vector<FaceTotal> records;  // one per advance()
  FaceTotal total;                 // since the last reset (t0 = start, dt = duration)
};

// Per river system (mouth) and constituent, in grams.
struct RiverBudget {
  std::string river;
  std::vector<double> initial, inflow, point_sources, decay, settling, outflow, final_mass;
  // Oxygen deficit created by BOD decay (Streeter-Phelps; zero for other
  // constituents). For the deficit itself, `decay` is the reaeration.
  std::vector<double> produced;
  double water_in_m3 = 0, water_out_m3 = 0;
  double residual(size_t c) const {
    return initial[c] + inflow[c] + point_sources[c] + produced[c] - decay[c] - settling[c] - outflow[c] -
           final_mass[c];
  }
  // |residual| over the largest term (0 when nothing moved).
  double relative_residual(size_t c) const;
};

class RiverModel {
 public:
  explicit RiverModel(RiverNetwork net);

  // Moves the river from t0 to t0 + dt (model seconds); flow and inputs are
  // taken at the interval's middle and held for it.
  void advance(double t0, double dt);
  // Runs `duration` seconds (default: three times the longest travel time at
  // the flows of time t) with the flows and inputs of time t held, then
  // restarts the budgets and sections: a near-steady initial state instead of
  // an empty river. Returns the duration used.
  double spin_up(double t, double duration = -1);
  void reset_records();

  // Scenario controls: multiply one point source's load or one upstream
  // station's concentrations by `factor` (>= 0; 1 restores) from the next
  // advance() on. Water is never scaled, so flows stay the same and the model
  // is linear in these factors: setting all factors to 0 but one gives that
  // input's share of every section and mouth flux (superposition).
  // Unknown ids are InputErrors naming the network file.
  void set_source_factor(const std::string& source_id, double factor);
  void set_inflow_factor(const std::string& inflow_id, double factor);

  // Inputs driven from outside (a scenario coupled to the gulf computes them
  // under its controls): from the next advance() or spin_up() on, every upstream
  // station and point source brings exactly these rates instead of its series
  // (laterals still follow theirs). Sizes: inflow_q per inflow, source_q per
  // point source, loads per [input * constituents + c] in g/s; all finite, >= 0.
  struct Inputs {
    std::vector<double> inflow_q, inflow_load, source_q, source_load;
  };
  void set_inputs(Inputs in);

  // Everything that evolves (masses, water of kinematic routing, budgets,
  // section records, the last mouth outflows): restore(state()) on a model of
  // the same network continues exactly. Failure when the sizes do not fit.
  std::vector<double> state() const;
  void restore(const std::vector<double>& state);

  // What the last advance() delivered to the sea at this mouth (id as in rivers.geojson).
  const FaceTotal& mouth_outflow(const std::string& mouth_id) const;
  const RiverNetwork& network() const { return net_; }
  const std::vector<RiverConstituent>& constituents() const { return net_.spec.constituents; }
  const std::vector<SectionSeries>& sections() const { return sections_; }
  const SectionSeries& section(const std::string& id) const;
  const std::vector<RiverBudget>& budgets() const;  // one per mouth, final_mass up to date

  // Current state per segment.
  double concentration(size_t seg, size_t c) const { return mass_[seg * nc_ + c] / volume_[seg]; }
  const std::vector<double>& discharge() const { return q_; }
  const std::vector<double>& velocity() const { return u_; }
  const std::vector<double>& depth() const { return d_; }
  const std::vector<double>& width() const { return w_; }
  const std::vector<double>& volume() const { return volume_; }  // m3 of water per segment
  double mass(size_t seg, size_t c) const { return mass_[seg * nc_ + c]; }
  // Water temperature of the current block (deg C).
  double temperature() const { return temperature_; }
  // Dissolved oxygen (mg/L) = saturation - deficit; needs streeter_phelps in the network.
  double dissolved_oxygen(size_t seg) const;
  // Reaeration rate (1/s) per segment at the current temperature (empty without streeter_phelps).
  const std::vector<double>& reaeration() const { return ka_; }
  // Longest travel time from any head to its mouth (s), at the current flow.
  double max_travel_time() const;
  // Text table of every river's budget (tonnes) and every section's totals.
  std::string report() const;

 private:
  void set_flow(double t);
  void steady_discharge(double t);
  void set_hydraulics();
  double stable_step() const;
  void substep(double h);

  RiverNetwork net_;
  size_t ns_ = 0, nc_ = 0;
  std::vector<double> q_, w_, d_, u_, volume_, disp_;  // per segment (disp_: face to its downstream)
  std::vector<double> mass_;                           // g, interleaved [seg * nc + c]
  std::vector<double> load_;                           // g/s entering each segment from stations, laterals, sources
  std::vector<double> qin_ext_;                        // m3/s of external water per segment
  std::vector<double> kdec_, kset_;                    // 1/s: [c], [seg * nc + c]
  std::vector<double> source_factor_, inflow_factor_;  // scenario controls (1 = as configured)
  std::vector<double> ka_;                             // 1/s reaeration per segment (oxygen balance only)
  double temperature_ = 20;
  std::vector<double> in_rate_, src_rate_;  // g/s per [mouth * nc + c] (budget split of load_)
  std::vector<double> water_rate_;          // m3/s per mouth
  std::vector<FaceTotal> mouth_out_;
  std::vector<SectionSeries> sections_;
  std::vector<int> section_of_seg_;  // first section index at a segment's downstream face, -1 if none
  std::vector<int> next_section_;    // chains sections sharing a face
  mutable std::vector<RiverBudget> budgets_;
  bool flow_set_ = false;
  bool external_ = false;  // inputs from set_inputs()
  Inputs inputs_;
};

}  // namespace beibu::rivers
