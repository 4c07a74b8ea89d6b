#include "skill.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <tuple>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "ingest/cf_time.hpp"

namespace beibu {

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
}

SkillStats skill_stats(const std::vector<double>& obs, const std::vector<double>& model) {
  SkillStats s;
  s.n = std::min(obs.size(), model.size());
  if (s.n == 0) {
    s.obs_mean = s.model_mean = s.bias = s.rmse = s.r = s.willmott_d = s.nse = kNaN;
    return s;
  }
  const double n = static_cast<double>(s.n);
  for (std::size_t k = 0; k < s.n; ++k) {
    s.obs_mean += obs[k] / n;
    s.model_mean += model[k] / n;
  }
  double sse = 0, soo = 0, smm = 0, som = 0, pot = 0;
  for (std::size_t k = 0; k < s.n; ++k) {
    const double e = model[k] - obs[k], do_ = obs[k] - s.obs_mean, dm = model[k] - s.model_mean;
    sse += e * e;
    soo += do_ * do_;
    smm += dm * dm;
    som += do_ * dm;
    const double p = std::abs(model[k] - s.obs_mean) + std::abs(do_);
    pot += p * p;
  }
  s.bias = s.model_mean - s.obs_mean;
  s.rmse = std::sqrt(sse / n);
  s.r = s.n > 1 && soo > 0 && smm > 0 ? som / std::sqrt(soo * smm) : kNaN;
  s.willmott_d = pot > 0 ? 1 - sse / pot : (sse == 0 ? 1.0 : kNaN);
  s.nse = soo > 0 ? 1 - sse / soo : kNaN;
  return s;
}

std::vector<SkillPair> pair_model_obs(const std::vector<Observation>& obs, const std::vector<Observation>& model,
                                      double max_gap_s) {
  using Key = std::pair<std::string, Parameter>;
  std::map<Key, std::vector<std::pair<double, double>>> series;
  for (const auto& m : model)
    if (std::isfinite(m.value)) series[{m.station, m.parameter}].emplace_back(m.time, m.value);
  for (auto& [k, v] : series) std::sort(v.begin(), v.end());
  std::vector<SkillPair> out;
  for (const auto& o : obs) {
    auto it = series.find({o.station, o.parameter});
    if (it == series.end() || !std::isfinite(o.value)) continue;
    const auto& v = it->second;
    auto hi = std::lower_bound(v.begin(), v.end(), std::make_pair(o.time, -std::numeric_limits<double>::infinity()));
    double m;
    if (hi != v.end() && hi->first == o.time) {
      m = hi->second;
    } else {
      if (hi == v.begin() || hi == v.end()) continue;
      auto lo = hi - 1;
      if (hi->first - lo->first > max_gap_s) continue;
      const double w = (o.time - lo->first) / (hi->first - lo->first);
      m = (1 - w) * lo->second + w * hi->second;
    }
    out.push_back({o.station, o.parameter, o.time, o.value, m});
  }
  std::sort(out.begin(), out.end(), [](const SkillPair& a, const SkillPair& b) {
    return std::tie(a.parameter, a.station, a.time) < std::tie(b.parameter, b.station, b.time);
  });
  return out;
}

std::vector<SkillRow> skill_table(const std::vector<SkillPair>& pairs) {
  std::map<std::pair<Parameter, std::string>, std::pair<std::vector<double>, std::vector<double>>> by;
  std::map<Parameter, std::pair<std::vector<double>, std::vector<double>>> all;
  for (const auto& p : pairs) {
    auto& s = by[{p.parameter, p.station}];
    s.first.push_back(p.obs);
    s.second.push_back(p.model);
    all[p.parameter].first.push_back(p.obs);
    all[p.parameter].second.push_back(p.model);
  }
  std::vector<SkillRow> rows;
  for (const auto& [k, v] : by) rows.push_back({k.second, k.first, skill_stats(v.first, v.second)});
  for (const auto& [p, v] : all) rows.push_back({"ALL", p, skill_stats(v.first, v.second)});
  return rows;
}

namespace {
void num(std::ostream& os, double v) {
  if (std::isfinite(v))
    os << v;
  else
    os << "";  // undefined: an empty CSV cell
}
}  // namespace

void write_skill_csv(const std::string& path, const std::vector<SkillRow>& rows) {
  AtomicOutput out(path);
  {
    std::ofstream f(out.temp_path());
    f.precision(6);
    f << "station_id,parameter,unit,n,obs_mean,model_mean,bias,rmse,r,willmott_d,nse\n";
    for (const auto& r : rows) {
      f << r.station << "," << parameter_name(r.parameter) << "," << model_unit(r.parameter) << "," << r.stats.n;
      for (double v : {r.stats.obs_mean, r.stats.model_mean, r.stats.bias, r.stats.rmse, r.stats.r, r.stats.willmott_d,
                       r.stats.nse}) {
        f << ",";
        num(f, v);
      }
      f << "\n";
    }
    if (!f) throw Failure(path + ": cannot write");
  }
  out.commit();
}

void write_pairs_csv(const std::string& path, const std::vector<SkillPair>& pairs) {
  AtomicOutput out(path);
  {
    std::ofstream f(out.temp_path());
    f.precision(10);
    f << "station_id,parameter,unit,time,obs,model\n";
    for (const auto& p : pairs)
      f << p.station << "," << parameter_name(p.parameter) << "," << model_unit(p.parameter) << ","
        << format_iso8601(p.time) << "," << p.obs << "," << p.model << "\n";
    if (!f) throw Failure(path + ": cannot write");
  }
  out.commit();
}

}  // namespace beibu
