// Bad river input is an InputError that names the file and the item.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "river_cases.hpp"
#include "solver/rivers/river_model.hpp"

using namespace beibu;
using namespace beibu::rivers;

namespace {

std::string base(const std::string& mouth, const std::string& discharge, const std::string& trib_end) {
  return "crs: model\nconstituents: [{name: COD}]\nreaches:\n"
         "  - {id: main, points: [[0, 0], [10000, 0]], to: {mouth: " +
         mouth +
         "}}\n"
         "  - {id: trib, points: [[0, 9000], " +
         trib_end +
         "], to: {reach: main}}\n"
         "inflows:\n"
         "  - {id: up, reach: main, discharge: " +
         discharge +
         "}\n"
         "  - {id: tr, reach: trib, discharge: 3}\n";
}

// Runs `f`, expects an InputError from synthetic.yaml whose message contains every `needle`.
template <class F>
void expect_input_error(F f, std::initializer_list<const char*> needles) {
  try {
    f();
    FAIL("no InputError");
  } catch (const InputError& e) {
    INFO(e.what());
    CHECK(e.file() == "synthetic.yaml");
    for (const char* n : needles) CHECK(std::string(e.what()).find(n) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("the valid base case builds", "[rivers]") {
  const auto n = rivertest::network_from_yaml(base("qin", "10", "[3000, 0]"), {"qin", "nanliu"});
  CHECK(n.mouths.size() == 1);
  CHECK(n.segments() == 10 + 9);
}

TEST_CASE("unknown mouth id is an InputError naming the reach", "[rivers]") {
  expect_input_error(
      [] {
        rivertest::network_from_yaml(base("qinn", "10", "[3000, 0]"), {"qin", "nanliu"});
      },
      {"main", "unknown mouth id 'qinn'", "line"});
}

TEST_CASE("negative discharge is an InputError naming the line", "[rivers]") {
  expect_input_error([] { rivertest::network_from_yaml(base("qin", "-5", "[3000, 0]")); },
                     {"must be >= 0, got -5", "line 7", "inflows[0]"});
}

TEST_CASE("gaps in a discharge series are InputErrors", "[rivers]") {
  const std::string missing = "{time_units: days since 2020-01-01, times: [0, 1, 2], values: [10, ~, 12]}";
  expect_input_error([&] { rivertest::network_from_yaml(base("qin", missing, "[3000, 0]")); },
                     {"values[1] is missing", "gap", "'up'"});
  // A value that is there but not a number says what it is, not that it is missing.
  const std::string nan = "{time_units: days since 2020-01-01, times: [0, 1, 2], values: [10, .nan, 12]}";
  expect_input_error([&] { rivertest::network_from_yaml(base("qin", nan, "[3000, 0]")); },
                     {"not a finite number", "values[1]", "line 7"});
  const std::string word = "{time_units: days since 2020-01-01, times: [0, 1, 2], values: [10, high, 12]}";
  expect_input_error([&] { rivertest::network_from_yaml(base("qin", word, "[3000, 0]")); },
                     {"expected a number, got 'high'", "values[1]"});
  const std::string bad_gap =
      "{time_units: days since 2020-01-01, times: [0, 1, 2], values: [10, 11, 12], max_gap_days: -1}";
  expect_input_error([&] { rivertest::network_from_yaml(base("qin", bad_gap, "[3000, 0]")); },
                     {"max_gap_days", "must be > 0"});
  const std::string long_gap = "{time_units: days since 2020-01-01, times: [0, 1, 90], values: [10, 11, 12]}";
  expect_input_error([&] { rivertest::network_from_yaml(base("qin", long_gap, "[3000, 0]")); },
                     {"a gap of 89", "max_gap_days"});
  const std::string backwards = "{time_units: days since 2020-01-01, times: [0, 2, 1], values: [10, 11, 12]}";
  expect_input_error([&] { rivertest::network_from_yaml(base("qin", backwards, "[3000, 0]")); }, {"increase"});
  // A run outside the table's range names the table too.
  const auto n = rivertest::network_from_yaml(
      base("qin", "{time_units: days since 1970-01-01, times: [0, 1], values: [10, 11]}", "[3000, 0]"));
  RiverModel m(n);
  expect_input_error([&] { m.advance(5 * 86400.0, 3600); }, {"the table covers"});
}

TEST_CASE("a reach that does not connect is an InputError naming it", "[rivers]") {
  expect_input_error([] { rivertest::network_from_yaml(base("qin", "10", "[3000, 6000]")); },
                     {"trib", "does not connect", "6000 m from reach 'main'"});
  expect_input_error(
      [] {
        rivertest::network_from_yaml(
            "crs: model\nconstituents: [{name: COD}]\nreaches:\n"
            "  - {id: a, points: [[0, 0], [1000, 0]], to: {reach: b}}\n"
            "  - {id: b, points: [[1000, 0], [0, 0]], to: {reach: a}}\n");
      },
      {"never reaches a mouth"});
  expect_input_error(
      [] {
        rivertest::network_from_yaml(
            "crs: model\nconstituents: [{name: COD}]\nreaches:\n"
            "  - {id: a, points: [[0, 0], [1000, 0]], to: {reach: nowhere}}\n");
      },
      {"'a'", "reach 'nowhere', which is not in reaches"});
}

TEST_CASE("a Streeter-Phelps deficit with its own decay is an InputError", "[rivers]") {
  expect_input_error(
      [] {
        rivertest::network_from_yaml(
            "crs: model\nconstituents: [{name: BOD5, decay_k20: 0.2}, {name: D, decay_k20: 0.1}]\n"
            "streeter_phelps: {bod: BOD5, deficit: D, reaeration: oconnor_dobbins}\nreaches:\n"
            "  - {id: a, points: [[0, 0], [1000, 0]], to: {mouth: m}}\n"
            "inflows: [{id: i, reach: a, discharge: 1}]\n");
      },
      {"reaeration only", "line 3"});
}

TEST_CASE("kinematic routing on a fixed section is an InputError", "[rivers]") {
  expect_input_error(
      [] {
        rivertest::network_from_yaml(
            "crs: model\nflow: kinematic\nconstituents: [{name: COD}]\nreaches:\n"
            "  - {id: a, points: [[0, 0], [1000, 0]], to: {mouth: m}, hydraulic_geometry: {width_m: 9, depth_m: 1}}\n"
            "inflows: [{id: i, reach: a, discharge: 1}]\n");
      },
      {"power-law geometry", "line 5"});
}

TEST_CASE("unknown keys, unknown constituents and headwaters without water are InputErrors", "[rivers]") {
  expect_input_error([] { rivertest::network_from_yaml(base("qin", "10", "[3000, 0]") + "speed: 3\n"); }, {"speed"});
  expect_input_error(
      [] {
        rivertest::network_from_yaml(base("qin", "10", "[3000, 0]") +
                                     "point_sources:\n  - {id: x, reach: main, at: [500, 0], jurisdiction: A, "
                                     "sector: industry, load_kg_d: {DIN: 5}}\n");
      },
      {"unknown constituent 'DIN'"});
  expect_input_error(
      [] {
        rivertest::network_from_yaml(
            "crs: model\nconstituents: [{name: COD}]\nreaches:\n"
            "  - {id: dry, points: [[0, 0], [1000, 0]], to: {mouth: m}}\n");
      },
      {"'dry'", "no inflow station"});
  expect_input_error(
      [] {
        rivertest::network_from_yaml(base("qin", "10", "[3000, 0]") +
                                     "point_sources:\n  - {id: far, reach: main, at: [500, 9000], jurisdiction: A, "
                                     "sector: industry, load_kg_d: {COD: 5}}\n");
      },
      {"point source 'far'", "farther than snap_m"});
}

TEST_CASE("a reach ending far from the rivers.geojson mouth it names is an InputError", "[rivers]") {
  // Written to a file so that load_river_network reads rivers.geojson as in a real run.
  const std::string path = (std::filesystem::temp_directory_path() / "beibu_rivers_far_mouth.yaml").string();
  {
    std::ofstream f(path);
    f << "rivers_file: " << BEIBU_DATA_DIR << "/beibu/rivers.geojson\n"
      << "constituents: [{name: COD}]\nreaches:\n"
      << "  - {id: qin_typo, points: [[108.70, 22.00], [108.65, 21.95]], to: {mouth: qin}}\n"
      << "inflows: [{id: i, reach: qin_typo, discharge: 10}]\n";
  }
  try {
    load_river_network(path);
    FAIL("no InputError");
  } catch (const InputError& e) {
    INFO(e.what());
    CHECK(e.file() == path);
    CHECK(std::string(e.what()).find("qin_typo") != std::string::npos);
    CHECK(std::string(e.what()).find("from mouth 'qin'") != std::string::npos);
  }
  std::filesystem::remove(path);
}
