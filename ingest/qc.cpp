#include "qc.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "ingest/cf_time.hpp"

namespace beibu {

// Plausible ranges for coastal and estuarine water of the South China Sea;
// spike thresholds about a fifth of each range (GTSPP uses 2 degC for temperature).
const std::vector<QcLimits>& qc_limits() {
  static const std::vector<QcLimits> t = {
      {Parameter::water_level, -10, 10, 1.0},
      {Parameter::discharge, 0, 60000, 5000},
      {Parameter::COD, 0, 100, 10},
      {Parameter::DIN, 0, 30, 3},
      {Parameter::NH4, 0, 30, 3},
      {Parameter::NO3, 0, 30, 3},
      {Parameter::NO2, 0, 5, 1},
      {Parameter::DIP, 0, 3, 0.3},
      {Parameter::DO, 0, 20, 4},
      {Parameter::petroleum, 0, 20, 1},
      {Parameter::salinity, 0, 42, 5},
      {Parameter::temperature, -2.5, 40, 2},
  };
  return t;
}

const QcLimits& qc_limits(Parameter p) {
  for (const auto& l : qc_limits())
    if (l.parameter == p) return l;
  throw std::logic_error("parameter missing from the QC table");
}

std::optional<std::string> check_missing(const Observation& o) {
  if (std::isnan(o.value)) return "no value";
  return std::nullopt;
}

std::optional<std::string> check_flag(const Observation& o) {
  if (!flag_is_good(o.flag)) return "flagged '" + o.flag + "' by the provider";
  return std::nullopt;
}

std::optional<std::string> check_range(const Observation& o) {
  const QcLimits& l = qc_limits(o.parameter);
  if (o.value < l.min || o.value > l.max) {
    std::ostringstream os;
    os << o.value << " " << model_unit(o.parameter) << " is outside " << l.min << " .. " << l.max;
    return os.str();
  }
  return std::nullopt;
}

std::vector<bool> spike_mask(const std::vector<double>& v, double threshold) {
  std::vector<bool> m(v.size(), false);
  for (std::size_t k = 1; k + 1 < v.size(); ++k) {
    const double a = v[k - 1], b = v[k], c = v[k + 1];
    m[k] = std::abs(b - 0.5 * (a + c)) - 0.5 * std::abs(c - a) > threshold;
  }
  return m;
}

QcResult quality_control(std::vector<Observation> obs) {
  QcResult r;
  std::vector<Observation> pass;
  for (auto& o : obs) {
    if (o.utc_offset_s != 0) ++r.converted_from_local_time;
    if (auto why = check_missing(o)) {
      r.dropped.push_back({o, "missing", *why});
    } else if (auto why2 = check_flag(o)) {
      r.dropped.push_back({o, "flag", *why2});
    } else if (auto why3 = check_range(o)) {
      r.dropped.push_back({o, "range", *why3});
    } else {
      pass.push_back(std::move(o));
    }
  }
  // Duplicates: group by station, parameter, time (stable: file order within a group).
  std::stable_sort(pass.begin(), pass.end(), [](const Observation& a, const Observation& b) {
    return std::tie(a.station, a.parameter, a.time) < std::tie(b.station, b.parameter, b.time);
  });
  std::vector<Observation> unique;
  for (std::size_t a = 0; a < pass.size();) {
    std::size_t b = a + 1;
    while (b < pass.size() && pass[b].station == pass[a].station && pass[b].parameter == pass[a].parameter &&
           pass[b].time == pass[a].time)
      ++b;
    bool conflict = false;
    for (std::size_t k = a + 1; k < b; ++k) conflict = conflict || pass[k].value != pass[a].value;
    if (conflict) {
      for (std::size_t k = a; k < b; ++k) {
        std::ostringstream os;
        os << "conflicting values at the same station, parameter and time (";
        for (std::size_t q = a; q < b; ++q) os << (q > a ? ", " : "") << pass[q].value;
        os << ")";
        r.dropped.push_back({pass[k], "duplicate", os.str()});
      }
    } else {
      unique.push_back(pass[a]);
      for (std::size_t k = a + 1; k < b; ++k)
        r.dropped.push_back({pass[k], "duplicate", "repeats line " + std::to_string(pass[a].line)});
    }
    a = b;
  }
  // Spikes, per station and parameter (unique is sorted by station, parameter, time).
  for (std::size_t a = 0; a < unique.size();) {
    std::size_t b = a + 1;
    while (b < unique.size() && unique[b].station == unique[a].station && unique[b].parameter == unique[a].parameter)
      ++b;
    std::vector<double> v;
    for (std::size_t k = a; k < b; ++k) v.push_back(unique[k].value);
    const double thr = qc_limits(unique[a].parameter).spike;
    const auto m = spike_mask(v, thr);
    for (std::size_t k = a; k < b; ++k) {
      if (m[k - a]) {
        std::ostringstream os;
        os << "spike: " << v[k - a] << " between " << v[k - a - 1] << " and " << v[k - a + 1] << " (threshold " << thr
           << " " << model_unit(unique[k].parameter) << ")";
        r.dropped.push_back({unique[k], "spike", os.str()});
      } else {
        r.kept.push_back(unique[k]);
      }
    }
    a = b;
  }
  return r;
}

namespace {
std::string csv_quote(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) {
    if (c == '"') o += '"';
    o += c;
  }
  return o + "\"";
}
}  // namespace

void write_qc_report(const std::string& path, const QcResult& r) {
  AtomicOutput out(path);
  {
    std::ofstream f(out.temp_path());
    f << "line,station_id,time,parameter,value,unit,rule,reason\n";
    f.precision(10);
    for (const auto& d : r.dropped)
      f << d.obs.line << "," << csv_quote(d.obs.station) << "," << format_iso8601(d.obs.time) << ","
        << parameter_name(d.obs.parameter) << (d.obs.derived ? " (summed)" : "") << "," << d.obs.value << ","
        << model_unit(d.obs.parameter) << "," << d.rule << "," << csv_quote(d.reason) << "\n";
    if (!f) throw Failure(path + ": cannot write the QC report");
  }
  out.commit();
}

std::string qc_summary(const QcResult& r) {
  std::map<std::string, std::size_t> by_rule;
  for (const auto& d : r.dropped) ++by_rule[d.rule];
  std::ostringstream os;
  os << "QC: kept " << r.kept.size() << ", dropped " << r.dropped.size();
  for (const auto& [rule, n] : by_rule) os << "; " << rule << " " << n;
  if (r.converted_from_local_time)
    os << "; " << r.converted_from_local_time << " times converted from local time to UTC";
  return os.str();
}

}  // namespace beibu
