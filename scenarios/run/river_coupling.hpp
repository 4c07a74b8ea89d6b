#pragma once
// The scenario's 1D river network coupled to the gulf. The scenario's sources on
// river reaches (not the network file's own stations and point sources) feed the
// river model, which carries the gulf's constituents with the gulf's kinetics.
// The run advances it once per coupling interval, before the gulf's water and
// constituents, and that one step hands each mouth's water and mass to the gulf:
// the mass as one point source per mouth (and tag group), the water as a discharge
// of the hydrodynamics over the same interval, both shared alike over the mouth's
// footprint (mesh/inflow_footprint.hpp). Its river sections are assessed
// against the river standard (GB 3838) over the assessed period.
#include <functional>
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

class RiverCoupling {
 public:
  // Adds a point source to the gulf's transport configuration and returns its handle.
  using AddSource = std::function<SourceHandle(PointSourceSpec)>;

  // Loads `s.river_network` with the scenario's sources on reaches as its inputs;
  // `comps` are the scenario's load components. Untagged: one river model, one point
  // source per mouth. `tagged`: besides, one river model per tag group (`groups`), fed
  // by the components whose `comp_group` it is, and one point source per mouth and group.
  // `tc` gives the constituents' kinetics. InputError naming the scenario for a
  // source on an unknown reach, a headwater left without water, a coastal river
  // source at a mouth the network already delivers, a mouth outside the mesh or a
  // bad `assess` map.
  RiverCoupling(const Scenario& s, const Mesh& mesh, const std::vector<std::string>& constituents,
                const std::vector<LoadComponent>& comps, const TransportConfig& tc, bool tagged,
                const std::vector<std::string>& groups, const std::vector<int>& comp_group,
                const AddSource& add_source);
  ~RiverCoupling();
  RiverCoupling(const RiverCoupling&) = delete;
  RiverCoupling& operator=(const RiverCoupling&) = delete;

  // One inflow of the hydrodynamics per mouth (name "river:MOUTH", the mouth point and
  // its footprint), in mouth order; apply() gives each its discharge, interval by interval.
  std::vector<hydro::RiverSpec> mouth_inflows() const;
  // Per mouth: its largest discharge (m3/s) and its footprint (face, share).
  const std::vector<double>& mouth_largest_discharge() const { return q_max_; }
  const std::vector<std::vector<std::pair<long, double>>>& mouth_cells() const { return mouth_cells_; }
  const std::vector<std::string>& mouths() const { return mouths_; }

  // Advances the river over [t_abs, t_abs + dt) (spinning it up to a near-steady
  // state on the first call) and sets each mouth's load to the mass it delivered / dt;
  // mouth_discharge() is then the water it delivered / dt.
  void apply(TransportModel& model, double t_abs, double dt);
  // Each mouth's mean outflow (m^3/s) over the interval of the last apply().
  const std::vector<double>& mouth_discharge() const { return discharge_; }

  std::vector<double> state() const;
  void restore(const std::vector<double>& state);

  const rivers::RiverModel& model() const { return *river_; }
  const std::vector<double>& delivered_mass_g() const { return delivered_g_; }
  const std::vector<double>& delivered_water_m3() const { return delivered_w_; }
  SourceHandle mouth_source(std::size_t mouth, std::size_t group) const {
    return mouth_sources_[mouth * groups_per_mouth_ + group];
  }
  std::size_t groups_per_mouth() const { return groups_per_mouth_; }

  std::vector<ReportInput::Section> report_sections(const std::string& lang) const;
  void write_outputs(const std::string& run_dir) const;

 private:
  struct SectionStat {
    std::string id, river, from, to;
    bool border = false;
    std::vector<double> mean, p90, flux_g;  // per constituent, over the assessed period
    std::vector<int> cls;                   // GB 3838 class index per constituent, -1 not assessed
    int worst = -1;
  };
  // Stages of the constructor, in order.
  void load_network(const TransportConfig& tc);
  void locate_mouths();
  void check_no_coastal_duplicate() const;
  std::vector<double> largest_mouth_discharge() const;
  void place_mouths(const Mesh& mesh, const std::vector<std::string>& groups, const AddSource& add_source);
  void set_up_assessment();

  rivers::RiverModel::Inputs river_inputs(double t, int group) const;
  std::vector<SectionStat> section_stats() const;

  const Scenario& s_;
  const std::vector<std::string> names_;
  std::vector<ConstituentHandle> constituents_;  // of names_ in the gulf's transport configuration
  const std::vector<LoadComponent> comps_;
  const std::vector<int> comp_group_;                          // tag group of each component (-1 untagged)
  std::string where_net_;                                      // the scenario's river_network line, for errors
  std::unique_ptr<rivers::RiverModel> river_;                  // every input: reports and sections
  std::vector<std::unique_ptr<rivers::RiverModel>> by_group_;  // one per tag group (apportionment), else empty
  std::vector<int> inflow_src_, point_src_;                    // scenario source of each network inflow / point source
  std::vector<std::vector<int>> comps_of_src_;                 // components of each scenario source
  std::vector<std::string> mouths_;
  std::vector<double> mouth_x_, mouth_y_;
  std::vector<std::vector<std::pair<long, double>>> mouth_cells_;  // per mouth: its footprint (face, share)
  std::vector<double> q_max_;                                      // per mouth: its largest discharge (m3/s)
  std::vector<SourceHandle> mouth_sources_;                        // [mouth * groups_per_mouth_ + group]
  std::size_t groups_per_mouth_ = 1;
  bool spun_ = false;
  std::vector<double> delivered_g_, delivered_w_;
  std::vector<double> discharge_;  // per mouth, over the last interval
  std::optional<Standard> river_standard_;
  std::vector<int> assess_;  // per constituent: index into river_standard_->parameters, -1 not assessed
};

}  // namespace beibu
