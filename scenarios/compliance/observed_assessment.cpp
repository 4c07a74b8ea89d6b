#include "scenarios/compliance/observed_assessment.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "ingest/units.hpp"
#include "scenarios/compliance/compliance.hpp"

namespace beibu {

std::vector<StationResult> assess_observations(const std::vector<Observation>& obs,
                                               const std::vector<Station>& stations, const Standard& s,
                                               int target_class) {
  // Sums per station and parameter.
  std::map<std::string, std::map<std::string, std::pair<double, int>>> acc;
  for (const auto& o : obs) {
    if (std::isnan(o.value)) continue;
    const std::string p = parameter_name(o.parameter);
    if (!s.find(p)) continue;
    auto& a = acc[o.station][p];
    a.first += o.value;
    a.second += 1;
  }
  std::vector<StationResult> out;
  for (const auto& st : stations) {
    auto it = acc.find(st.id);
    if (it == acc.end()) continue;
    StationResult r;
    r.info.id = st.id;
    r.info.name = st.name;
    r.info.name_zh = st.name_zh;
    r.info.type = st.type;
    r.info.jurisdiction = st.jurisdiction;
    r.info.lon = st.lon;
    r.info.lat = st.lat;
    r.info.target_class = target_class;
    for (const auto& [p, sum] : it->second) {
      const double mean = sum.first / sum.second;
      const ParameterLimit& lim = *s.find(p);
      r.mean[p] = mean;
      r.cls[p] = classify(lim, mean);
      if (r.cls[p] > r.overall) {
        r.overall = r.cls[p];
        r.worst_parameter = p;
      }
      if (r.cls[p] > target_class) {
        const double L =
            lim.values[std::min<std::size_t>(static_cast<std::size_t>(target_class), lim.values.size() - 1)];
        r.exceeding.emplace_back(p, L > 0 ? std::fabs(mean - L) / L : INFINITY);
      }
    }
    std::sort(r.exceeding.begin(), r.exceeding.end(), [](auto& x, auto& y) { return x.second > y.second; });
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace beibu
