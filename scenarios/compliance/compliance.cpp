#include "scenarios/compliance/compliance.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace beibu {

int classify(const ParameterLimit& p, double value) {
  if (std::isnan(value)) return -1;
  for (std::size_t k = 0; k < p.values.size(); ++k)
    if (p.meets(value, k)) return static_cast<int>(k);
  return static_cast<int>(p.values.size());
}

WorstClass classify_worst(const Standard& s, const std::map<std::string, double>& values) {
  WorstClass w;
  for (const auto& p : s.parameters) {
    auto it = values.find(p.id);
    if (it == values.end()) continue;
    const int c = classify(p, it->second);
    if (c > w.cls) {
      w.cls = c;
      w.parameter = p.id;
    }
  }
  return w;
}

double weighted_mean(const std::vector<double>& v, const std::vector<double>& w) {
  double s = 0, ws = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    s += w[i] * v[i];
    ws += w[i];
  }
  return ws > 0 ? s / ws : NAN;
}

double weighted_quantile(std::vector<double> v, std::vector<double> w, double q) {
  if (v.empty()) return NAN;
  std::vector<std::size_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  double cum = 0;
  for (std::size_t i : idx) {
    cum += w[i];
    if (cum >= q * total * (1 - 1e-12)) return v[i];
  }
  return v[idx.back()];
}

double quantile(std::vector<double> v, double q) {
  std::vector<double> w(v.size(), 1.0);
  return weighted_quantile(std::move(v), std::move(w), q);
}

ZoneParameterStats zone_parameter_stats(const ParameterLimit& p, int target_class, const std::vector<double>& area,
                                        const std::vector<std::vector<double>>& c, double sample_hours) {
  ZoneParameterStats z;
  std::vector<double> all, weights;
  double mean_sum = 0;
  for (const auto& snapshot : c) {
    const double m = weighted_mean(snapshot, area);
    mean_sum += m;
    if (target_class >= 0 && target_class < static_cast<int>(p.values.size()) && !p.meets(m, target_class))
      z.exceed_hours += sample_hours;
    all.insert(all.end(), snapshot.begin(), snapshot.end());
    weights.insert(weights.end(), area.begin(), area.end());
  }
  z.mean = c.empty() ? NAN : mean_sum / static_cast<double>(c.size());
  z.p90 = weighted_quantile(all, weights, p.higher_is_worse() ? 0.9 : 0.1);
  z.class_mean = classify(p, z.mean);
  z.class_p90 = classify(p, z.p90);
  return z;
}

double share_at_or_better(const std::vector<int>& cls, const std::vector<double>& weight, int good_class) {
  double good = 0, total = 0;
  for (std::size_t i = 0; i < cls.size(); ++i) {
    if (cls[i] < 0) continue;  // not assessed
    total += weight[i];
    if (cls[i] <= good_class) good += weight[i];
  }
  return total > 0 ? good / total : NAN;
}

}  // namespace beibu
