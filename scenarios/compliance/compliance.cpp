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
