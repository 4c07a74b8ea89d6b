#pragma once
// The scenario's pollution sources as the gulf models see them: each load
// component (source x sector) placed on mesh cells, one transport point source
// per (component, cell), the loads under the scenario's controls set every
// coupling interval, and the water the sources bring for the hydrodynamics.
#include <string>
#include <vector>

#include "loads.hpp"
#include "scenario.hpp"
#include "solver/hydro/forcing.hpp"
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
  ScenarioLoads(const Scenario& s, const Mesh& mesh, const std::vector<std::string>& constituents, TransportConfig& tc,
                TagBy tag_by = TagBy::none);

  // The groups of the tagged copies (empty without tagging), in order.
  const std::vector<std::string>& groups() const { return groups_; }

  // Discharge of every source that brings water, sampled daily over the run
  // (model time 0 = t_epoch, duration T seconds), for the hydrodynamic model.
  std::vector<hydro::RiverSpec> discharges(double t_epoch, double T) const;

  // Sets the loads of every point source for the interval [t_abs, t_abs + dt)
  // (absolute model seconds), under the scenario's controls.
  void apply(TransportModel& model, double t_abs, double dt);

  // Everything that evolves in time (for whole-run checkpoints): restore(state())
  // continues exactly. Empty while no source has dynamics of its own.
  std::vector<double> state() const;
  void restore(const std::vector<double>& state);

 private:
  struct Feed {
    int component;
    double fraction;  // of the component's load entering this cell
  };
  const Scenario& s_;
  std::vector<std::string> names_;
  std::vector<LoadComponent> comps_;
  std::vector<Feed> feeds_;
  std::size_t first_feed_ = 0;
  std::vector<std::string> groups_;  // index of the first point source of ours in the transport configuration
};

}  // namespace beibu
