#pragma once
// Quality control of station observations. Each rule is a small function the
// tests call directly; the limits are a table; the result says what was
// dropped and why (written as a CSV report).
//
// Rules, in order: missing value, provider flag, range, duplicates (same
// station, parameter and time: exact repeats keep the first; conflicting
// values are all dropped, since neither can be trusted), spike (GTSPP test on
// each station/parameter series in time order).
#include <optional>
#include <string>
#include <vector>

#include "ingest/stations.hpp"

namespace beibu {

struct QcLimits {
  Parameter parameter;
  double min, max;  // plausible range in the model unit
  double spike;     // GTSPP spike threshold in the model unit
};

const std::vector<QcLimits>& qc_limits();
const QcLimits& qc_limits(Parameter p);

struct QcDrop {
  Observation obs;
  std::string rule;    // missing, flag, range, duplicate, spike
  std::string reason;  // human-readable detail
};

struct QcResult {
  std::vector<Observation> kept;
  std::vector<QcDrop> dropped;
  std::size_t converted_from_local_time = 0;  // times given with a non-zero UTC offset
};

// Single-value rules: the reason to drop, or nullopt.
std::optional<std::string> check_missing(const Observation& o);
std::optional<std::string> check_flag(const Observation& o);
std::optional<std::string> check_range(const Observation& o);

// GTSPP spike test: v[k] is a spike when |v - (prev + next)/2| - |next - prev|/2 > threshold.
// Ends are never spikes (no neighbour on one side).
std::vector<bool> spike_mask(const std::vector<double>& v, double threshold);

QcResult quality_control(std::vector<Observation> obs);

// CSV: line,station_id,time,parameter,value,unit,rule,reason (written atomically).
void write_qc_report(const std::string& path, const QcResult& r);
// A few lines: counts kept and dropped by rule.
std::string qc_summary(const QcResult& r);

}  // namespace beibu
