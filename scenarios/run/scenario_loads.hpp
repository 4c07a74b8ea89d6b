#pragma once
// The scenario's pollution sources as the gulf models see them: each load
// component (source x sector) placed on mesh cells, one transport point source
// per (component, cell), the loads under the scenario's controls set every
// coupling interval, and the water the sources bring for the hydrodynamics.
// With a river network, sources on river reaches enter the 1D river model,
// which advances in the same coupling intervals and hands exactly the water
// and mass it delivers to the gulf at its mouth cells.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/compliance/standards.hpp"
#include "scenarios/products/report.hpp"
#include "scenarios/spec/loads.hpp"
#include "scenarios/spec/scenario.hpp"
#include "solver/hydro/forcing.hpp"
#include "solver/rivers/river_model.hpp"
#include "solver/transport/transport_config.hpp"

namespace beibu {

struct Mesh;
class TransportModel;

// How sources are grouped for tagged (apportionment) copies: the group of a load
// component is its source id, its jurisdiction, or "jurisdiction.sector".
enum class TagBy { none, source, jurisdiction, sector };
TagBy parse_tag_by(const std::string& word);  // "source", "jurisdiction", "sector"; else Failure
std::string tag_of(const Scenario& s, const LoadComponent& c, TagBy by);

class ScenarioLoads {
 public:
  // Places every component on `mesh` and appends its point sources to `tc`
  // (after the transport block's own sources). InputError for a source outside the
  // mesh or a diffuse source covering no water.
  // With `tag_by` != none, each point source carries its component's group as tag and
  // every non-conservative constituent of `tc` gets a tagged copy per group.
  // With a river network, sources on reaches feed the river model and each mouth
  // becomes one point source per group; `coupling_s` is the interval at which
  // apply() will be called (the river's water for the hydrodynamics follows it).
  ScenarioLoads(const Scenario& s, const Mesh& mesh, const std::vector<std::string>& constituents, TransportConfig& tc,
                TagBy tag_by = TagBy::none, double coupling_s = 3600);
  ~ScenarioLoads();
  ScenarioLoads(const ScenarioLoads&) = delete;
  ScenarioLoads& operator=(const ScenarioLoads&) = delete;

  // The groups of the tagged copies (empty without tagging), in order.
  const std::vector<std::string>& groups() const { return groups_; }

  // Discharge of every source that brings water, sampled daily over the run
  // (model time 0 = t_epoch, duration T seconds), for the hydrodynamic model.
  // River mouths of the network get the river model's own outflow, constant over
  // each coupling interval, so the hydrodynamics receives exactly the water the
  // river delivers.
  std::vector<hydro::RiverSpec> discharges(double t_epoch, double T) const;

  // Sets the loads of every point source for the interval [t_abs, t_abs + dt)
  // (absolute model seconds), under the scenario's controls. With a river network,
  // first advances the river over the same interval (spinning it up to a
  // near-steady state on the first call) and sets each mouth's load to the
  // mass it delivered divided by dt.
  void apply(TransportModel& model, double t_abs, double dt);

  // Everything that evolves in time (for whole-run checkpoints): restore(state())
  // continues exactly. Empty while no source has dynamics of its own.
  std::vector<double> state() const;
  void restore(const std::vector<double>& state);

  // The coupled river (null without a network) and what it handed to the gulf
  // since the start (spin-up included): grams per [mouth * constituents + c], m3 per mouth.
  const rivers::RiverModel* river() const { return river_.get(); }
  const std::vector<double>& delivered_mass_g() const { return delivered_g_; }
  const std::vector<double>& delivered_water_m3() const { return delivered_w_; }
  // Index of the first transport point source of the river mouths ([mouth * G + group]).
  std::size_t first_mouth_source() const { return first_mouth_feed_; }
  std::size_t mouth_sources_per_mouth() const { return groups_river_; }

  // River sections (GB 3838 class and flux) and mouth loads for the run report
  // (empty without a network); lang "en" or "zh".
  std::vector<ReportInput::Section> report_sections(const std::string& lang) const;
  // RUN_DIR/rivers/sections.csv (section,river,from,to,constituent,mean_mg_L,p90_mg_L,flux_t,class)
  // and RUN_DIR/rivers/mouths.csv (mouth,constituent,load_t,water_m3), atomically; nothing without a network.
  void write_outputs(const std::string& run_dir) const;

 private:
  struct Feed {
    int component;
    double fraction;  // of the component's load entering this cell
  };
  struct SectionStat {
    std::string id, river, from, to;
    bool border = false;
    std::vector<double> mean, p90, flux_g;  // per constituent, over the assessed period
    std::vector<int> cls;                   // GB 3838 class index per constituent, -1 not assessed
    int worst = -1;
  };
  rivers::RiverModel::Inputs river_inputs(double t, int group) const;
  std::vector<SectionStat> section_stats() const;

  const Scenario& s_;
  std::vector<std::string> names_;
  std::vector<LoadComponent> comps_;
  std::vector<Feed> feeds_;
  std::size_t first_feed_ = 0;
  std::vector<std::string> groups_;  // index of the first point source of ours in the transport configuration
  // River network coupling.
  double coupling_s_ = 3600;
  std::unique_ptr<rivers::RiverModel> river_;                  // every input: reports and sections
  std::vector<std::unique_ptr<rivers::RiverModel>> by_group_;  // one per tag group (apportionment), else empty
  std::vector<int> comp_group_;                                // tag group of each component (-1 untagged)
  std::vector<int> inflow_src_, point_src_;                    // scenario source of each network inflow / point source
  std::vector<std::vector<int>> comps_of_src_;                 // components of each scenario source
  std::vector<std::string> mouths_;
  std::vector<double> mouth_x_, mouth_y_;
  std::size_t first_mouth_feed_ = 0, groups_river_ = 1;
  bool spun_ = false;
  std::vector<double> delivered_g_, delivered_w_;
  std::optional<Standard> river_standard_;
  std::vector<int> assess_;  // per constituent: index into river_standard_->parameters, -1 not assessed
};

}  // namespace beibu
