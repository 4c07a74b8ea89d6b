#pragma once
// Loads as the scenario defines them: each source is split into components by
// sector share, and controls (percent cuts and caps, from a date) act on the
// components they match. Everything is linear in the loads except caps, which
// is why apportionment works on the uncapped components.
#include <string>
#include <vector>

#include "scenarios/spec/scenario.hpp"

namespace beibu {

struct LoadComponent {
  int source = -1;     // index into Scenario::sources
  std::string sector;  // the sector this share belongs to
  double share = 1;    // fraction of the source's load
};

// One component per (source, sector), in source order then sector name order.
std::vector<LoadComponent> load_components(const Scenario& s);

// Load (g/s) of one component and constituent at model time t, before controls:
// share x (the given load, or flow x concentration).
double uncontrolled_load(const Scenario& s, const LoadComponent& c, const std::string& constituent, double t);

// The same after every control that matches the component and constituent and
// has started by t: percent cuts multiply ((1 - r1)(1 - r2)...), then caps
// apply (the smallest matching cap).
double controlled_load(const Scenario& s, const LoadComponent& c, const std::string& constituent, double t);

}  // namespace beibu
