#pragma once
// The scenario's pollution sources as the gulf models see them: each load
// component (source x sector) placed on mesh cells, one transport point source
// per (component, cell), or one over the footprint of a source that brings water, the loads under the scenario's
// controls set every coupling interval, and the water the sources bring for the hydrodynamics. With a river network,
// sources on river reaches enter the 1D river model (river_coupling.hpp), which hands the gulf the water and mass it
// delivers at its mouth cells.
#include <memory>
#include <string>
#include <vector>

#include "scenarios/products/report.hpp"
#include "scenarios/run/river_coupling.hpp"
#include "scenarios/spec/loads.hpp"
#include "scenarios/spec/scenario.hpp"
#include "solver/hydro/forcing.hpp"
#include "solver/transport/transport_config.hpp"

namespace beibu {

struct Mesh;
class TransportModel;
namespace hydro {
class ShallowWaterModel;
}

// How sources are grouped for tagged (apportionment) copies: the group of a load
// component is its source id, its jurisdiction, or "jurisdiction.sector".
enum class TagBy { none, source, jurisdiction, sector };
TagBy parse_tag_by(const std::string& word);  // "source", "jurisdiction", "sector"; else Failure
std::string tag_of(const Scenario& s, const LoadComponent& c, TagBy by);

class ScenarioLoads {
 public:
  // Places every component on `mesh` and, with a river network, couples the river.
  // `tc` (the transport block) is not changed: transport_config() is `tc` with what
  // was placed. InputError for a source outside the mesh or a diffuse source covering
  // no water, and for what RiverCoupling rejects.
  // With `tag_by` != none, each point source carries its component's group as tag and
  // every non-conservative constituent gets a tagged copy per group.
  ScenarioLoads(const Scenario& s, const Mesh& mesh, const std::vector<std::string>& constituents,
                const TransportConfig& tc, TagBy tag_by = TagBy::none);
  ~ScenarioLoads();
  ScenarioLoads(const ScenarioLoads&) = delete;
  ScenarioLoads& operator=(const ScenarioLoads&) = delete;

  // What the gulf's TransportModel runs: the transport block with the tagged copies,
  // and its own point sources followed by the scenario's (components, then river mouths).
  const TransportConfig& transport_config() const { return tc_; }

  // The groups of the tagged copies (empty without tagging), in order.
  const std::vector<std::string>& groups() const { return groups_; }

  // Every source that brings water, for the hydrodynamic model: the coastal ones with
  // their discharge sampled daily over the run (model time 0 = t_epoch, duration T
  // seconds), then one per mouth of the river network, whose discharge apply() sets.
  // Each enters over its footprint (mesh/inflow_footprint.hpp), the same cells and
  // shares as its mass.
  std::vector<hydro::RiverSpec> discharges(double t_epoch, double T) const;

  // One line per source that brings water: the cells it enters and what sizes them.
  std::vector<std::string> describe_inflows() const;

  // Sets the loads of every point source for the interval [t_abs, t_abs + dt)
  // (absolute model seconds), under the scenario's controls. With a river network it
  // first advances the river once over the interval, and that one step gives both
  // what each mouth hands the gulf: its mass (the mouth's point source in `model`)
  // and its water (the mouth's discharge in `water`, the online hydrodynamics whose
  // rivers are discharges(); null when the water is a stored run, which has its own).
  void apply(TransportModel& model, hydro::ShallowWaterModel* water, double t_abs, double dt);

  // Everything that evolves in time (for whole-run checkpoints): restore(state())
  // continues exactly. Empty while no source has dynamics of its own.
  std::vector<double> state() const;
  void restore(const std::vector<double>& state);

  // The coupled river network; null without one.
  const RiverCoupling* river() const { return river_.get(); }

  // River sections (GB 3838 class and flux) and mouth loads for the run report
  // (empty without a network); lang "en" or "zh".
  std::vector<ReportInput::Section> report_sections(const std::string& lang) const;
  // RUN_DIR/rivers/sections.csv (section,river,from,to,constituent,mean_mg_L,p90_mg_L,flux_t,class)
  // and RUN_DIR/rivers/mouths.csv (mouth,constituent,load_t,water_m3), atomically; nothing without a network.
  void write_outputs(const std::string& run_dir) const;

 private:
  struct Feed {
    int component;
    double fraction;      // of the component's load entering this cell
    SourceHandle source;  // its point source in tc_
  };
  // Stages of the constructor, in order.
  void tag_groups(TagBy tag_by);
  void place_components(const Mesh& mesh, TagBy tag_by);
  void check_reaches_need_network() const;
  SourceHandle add_source(PointSourceSpec ps);

  const Scenario& s_;
  std::vector<std::string> names_;
  std::vector<ConstituentHandle> constituents_;  // of names_ in tc_
  std::vector<LoadComponent> comps_;
  TransportConfig tc_;
  std::vector<Feed> feeds_;
  std::vector<std::vector<std::pair<long, double>>> footprints_;  // per scenario source that brings water to the sea
  std::vector<std::string> groups_;
  std::unique_ptr<RiverCoupling> river_;  // null without a river network
  std::size_t first_mouth_ = 0;           // index of the first mouth in discharges()
};

}  // namespace beibu
