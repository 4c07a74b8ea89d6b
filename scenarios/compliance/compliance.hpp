#pragma once
// Compliance with a water-quality standard: a sample's class per parameter,
// the water's class by its worst single parameter, weighted means and quantiles,
// and the headline indicator (share of water in Class I+II by area and by station).
#include <map>
#include <string>
#include <vector>

#include "scenarios/compliance/standards.hpp"

namespace beibu {

// Index of the first (best) class whose limit the value meets; classes.size()
// if it meets none ("worse than all"); -1 if the value is NaN (not assessed).
int classify(const ParameterLimit& p, double value);

struct WorstClass {
  int cls = -1;           // -1: nothing assessed
  std::string parameter;  // the parameter that set it (first one on ties)
};
// Class of a sample with several parameters: the worst single parameter.
// Parameters the standard does not know are ignored.
WorstClass classify_worst(const Standard& s, const std::map<std::string, double>& values);

// Area-weighted mean.
double weighted_mean(const std::vector<double>& v, const std::vector<double>& w);
// Weighted quantile q in [0, 1]: the smallest value whose cumulative weight
// reaches q of the total (so q = 0.9 is exceeded by at most 10 % of the weight).
double weighted_quantile(std::vector<double> v, std::vector<double> w, double q);
// The same with equal weights: the nearest-rank quantile, v[ceil(q n) - 1] of the
// sorted values (q = 0.9: the 90th percentile of a time series). NaN if v is empty.
double quantile(std::vector<double> v, double q);

// One parameter over one zone and one period (assessment.hpp: assess_period).
struct ZoneParameterStats {
  double mean = 0;  // area-weighted mean of the cells' period means
  double p90 = 0;   // 90 % value on the bad side over cells x time (10th percentile for minimum limits)
  int class_mean = -1, class_p90 = -1;
  double exceed_hours = 0;  // time with the zone's area-weighted mean worse than the target class limit
};

// Headline indicator: fraction of the area (or of the stations) whose class
// index is at most `good_class` (1 = Class II).
double share_at_or_better(const std::vector<int>& cls, const std::vector<double>& weight, int good_class);

}  // namespace beibu
