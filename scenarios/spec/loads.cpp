#include "scenarios/spec/loads.hpp"

#include <algorithm>

namespace beibu {

std::vector<LoadComponent> load_components(const Scenario& s) {
  std::vector<LoadComponent> out;
  for (std::size_t i = 0; i < s.sources.size(); ++i)
    for (const auto& [sector, share] : s.sources[i].sector_share) out.push_back({static_cast<int>(i), sector, share});
  return out;
}

double uncontrolled_load(const Scenario& s, const LoadComponent& c, const std::string& k, double t) {
  const ScenarioSource& src = s.sources[static_cast<std::size_t>(c.source)];
  if (auto it = src.load_gs.find(k); it != src.load_gs.end()) return c.share * it->second.at(t);
  if (auto it = src.concentration.find(k); it != src.concentration.end() && src.flow_m3s)
    return c.share * src.flow_m3s->at(t) * it->second.at(t);  // m3/s x g/m3 = g/s
  return 0.0;
}

namespace {
bool matches(const Control& k, const ScenarioSource& src, const LoadComponent& c, const std::string& constituent,
             double t) {
  if (t < k.from) return false;
  if (!k.source.empty() && k.source != src.id) return false;
  if (!k.jurisdiction.empty() && k.jurisdiction != src.jurisdiction) return false;
  if (!k.sectors.empty() && std::find(k.sectors.begin(), k.sectors.end(), c.sector) == k.sectors.end()) return false;
  if (!k.constituent.empty() && k.constituent != constituent) return false;
  return true;
}
}  // namespace

double controlled_load(const Scenario& s, const LoadComponent& c, const std::string& k, double t) {
  const ScenarioSource& src = s.sources[static_cast<std::size_t>(c.source)];
  double load = uncontrolled_load(s, c, k, t);
  double cap = -1;
  for (const Control& ctl : s.controls) {
    if (!matches(ctl, src, c, k, t)) continue;
    if (ctl.cap_gs)
      cap = cap < 0 ? *ctl.cap_gs : std::min(cap, *ctl.cap_gs);
    else
      load *= 1.0 - ctl.reduce_fraction;
  }
  return cap >= 0 ? std::min(load, cap) : load;
}

}  // namespace beibu
