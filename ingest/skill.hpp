#pragma once
// Model skill at stations: model values interpolated in time to each
// observation, then per station and parameter the usual scores:
//   bias = mean(m - o); RMSE; Pearson r;
//   Willmott's index of agreement d = 1 - sum (m-o)^2 / sum (|m-mean o| + |o-mean o|)^2;
//   Nash-Sutcliffe efficiency NSE = 1 - sum (m-o)^2 / sum (o-mean o)^2.
#include <string>
#include <vector>

#include "ingest/stations.hpp"

namespace beibu {

struct SkillStats {
  std::size_t n = 0;
  double obs_mean = 0, model_mean = 0, bias = 0, rmse = 0;
  double r = 0, willmott_d = 0, nse = 0;  // NaN where undefined (n < 2, or no variance)
};

SkillStats skill_stats(const std::vector<double>& obs, const std::vector<double>& model);

struct SkillPair {
  std::string station;
  Parameter parameter;
  double time, obs, model;
};

// Pairs each observation with the model linearly interpolated in time between
// the two model values around it (no pair outside the model's time span or
// across a gap longer than `max_gap_s`).
std::vector<SkillPair> pair_model_obs(const std::vector<Observation>& obs, const std::vector<Observation>& model,
                                      double max_gap_s);

struct SkillRow {
  std::string station;  // "ALL" for all stations together
  Parameter parameter;
  SkillStats stats;
};

// One row per station and parameter, then one "ALL" row per parameter.
std::vector<SkillRow> skill_table(const std::vector<SkillPair>& pairs);

// CSV written atomically.
void write_skill_csv(const std::string& path, const std::vector<SkillRow>& rows);
void write_pairs_csv(const std::string& path, const std::vector<SkillPair>& pairs);

}  // namespace beibu
