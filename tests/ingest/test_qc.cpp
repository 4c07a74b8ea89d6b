// QC: each rule alone, then all together with the report.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

#include "ingest/cf_time.hpp"
#include "ingest/qc.hpp"
#include "test_util.hpp"

using namespace beibu;

namespace {
Observation obs(const std::string& st, Parameter p, double t_hours, double v, const std::string& flag = "1",
                std::size_t line = 0) {
  Observation o;
  o.station = st;
  o.parameter = p;
  o.time = parse_iso8601("2024-07-01T00:00Z") + t_hours * 3600;
  o.value = v;
  o.flag = flag;
  o.line = line;
  return o;
}
std::size_t count_rule(const QcResult& r, const std::string& rule) {
  return static_cast<std::size_t>(
      std::count_if(r.dropped.begin(), r.dropped.end(), [&](const QcDrop& d) { return d.rule == rule; }));
}
}  // namespace

TEST_CASE("QC limits table covers every parameter", "[qc]") {
  for (Parameter p : all_parameters()) {
    const QcLimits& l = qc_limits(p);
    CHECK(l.min < l.max);
    CHECK(l.spike > 0);
  }
}

TEST_CASE("missing values", "[qc]") {
  CHECK(check_missing(obs("A", Parameter::DO, 0, std::nan(""))).has_value());
  CHECK_FALSE(check_missing(obs("A", Parameter::DO, 0, 6.5)).has_value());
}

TEST_CASE("provider flags", "[qc]") {
  for (const char* good : {"", "0", "1", "2", "good", "G"})
    CHECK_FALSE(check_flag(obs("A", Parameter::DO, 0, 6, good)).has_value());
  for (const char* bad : {"3", "4", "9", "bad", "suspect"})
    CHECK(check_flag(obs("A", Parameter::DO, 0, 6, bad)).has_value());
}

TEST_CASE("range", "[qc]") {
  CHECK(check_range(obs("A", Parameter::salinity, 0, 45)).value().find("outside") != std::string::npos);
  CHECK(check_range(obs("A", Parameter::DIN, 0, -0.1)).has_value());
  CHECK(check_range(obs("A", Parameter::temperature, 0, 41)).has_value());
  CHECK_FALSE(check_range(obs("A", Parameter::temperature, 0, 30)).has_value());
  CHECK_FALSE(check_range(obs("A", Parameter::water_level, 0, -2.5)).has_value());
}

TEST_CASE("GTSPP spike test", "[qc]") {
  const auto m = spike_mask({28, 28.2, 35, 28.4, 28.5}, 2.0);
  CHECK(m == std::vector<bool>{false, false, true, false, false});
  // A step is not a spike.
  CHECK(spike_mask({1, 1, 10, 10}, 2.0) == std::vector<bool>(4, false));
  CHECK(spike_mask({5}, 1.0) == std::vector<bool>{false});
  CHECK(spike_mask({}, 1.0).empty());
}

TEST_CASE("duplicates: exact repeats keep one, conflicts drop all", "[qc]") {
  const QcResult r =
      quality_control({obs("A", Parameter::COD, 0, 2.0, "1", 2), obs("A", Parameter::COD, 0, 2.0, "1", 3),
                       obs("A", Parameter::COD, 1, 2.0, "1", 4), obs("A", Parameter::COD, 1, 2.5, "1", 5),
                       obs("B", Parameter::COD, 0, 2.0, "1", 6)});
  CHECK(r.kept.size() == 2);
  CHECK(count_rule(r, "duplicate") == 3);
  bool repeats = false;
  for (const auto& d : r.dropped) repeats = repeats || d.reason == "repeats line 2";
  CHECK(repeats);
}

TEST_CASE("all rules together and the report", "[qc]") {
  std::vector<Observation> in;
  for (int h = 0; h < 6; ++h)
    in.push_back(obs("A", Parameter::temperature, h, h == 3 ? 36.0 : 28.0 + 0.1 * h, "1", 2 + h));
  in.push_back(obs("A", Parameter::DO, 0, std::nan(""), "9", 20));
  in.push_back(obs("A", Parameter::DO, 1, 6.1, "4", 21));
  in.push_back(obs("A", Parameter::DO, 2, 60, "1", 22));
  Observation local = obs("A", Parameter::DO, 3, 6.0, "1", 23);
  local.utc_offset_s = 8 * 3600;
  in.push_back(local);
  const QcResult r = quality_control(in);
  CHECK(count_rule(r, "missing") == 1);
  CHECK(count_rule(r, "flag") == 1);
  CHECK(count_rule(r, "range") == 1);
  CHECK(count_rule(r, "spike") == 1);
  CHECK(r.kept.size() == 6);
  CHECK(r.converted_from_local_time == 1);
  const std::string s = qc_summary(r);
  CHECK(s.find("kept 6, dropped 4") != std::string::npos);
  CHECK(s.find("1 times converted from local time") != std::string::npos);

  const std::string path = beibu::test::scratch_file("qc_report.csv");
  write_qc_report(path, r);
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string text = ss.str();
  CHECK(text.rfind("line,station_id,time,parameter,value,unit,rule,reason\n", 0) == 0);
  CHECK(text.find("5,A,2024-07-01T03:00:00Z,temperature,36,degC,spike,") != std::string::npos);
  CHECK(text.find("21,A,2024-07-01T01:00:00Z,DO,6.1,mg/L,flag,flagged '4' by the provider") != std::string::npos);
}
