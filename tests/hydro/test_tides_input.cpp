// Bad input is rejected before a run, naming the file and the problem.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "core/config.hpp"
#include "core/error.hpp"
#include "solver/hydro/forcing.hpp"
#include "solver/hydro/tidal_boundary.hpp"

using namespace beibu;
using namespace beibu::hydro;
using Catch::Detail::Approx;

namespace {
const std::vector<std::string> kNames = {"south", "east"};

std::string error_of(const std::string& yaml) {
  try {
    read_tide_spec(Config::load_string(yaml, "bad_tides.yaml"), kNames);
  } catch (const InputError& e) {
    CHECK(e.file() == "bad_tides.yaml");
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("the default gulf tides load", "[hydro]") {
  const TideSpec s = load_tide_spec(std::string(BEIBU_DATA_DIR) + "/beibu/tides.yaml", kNames);
  REQUIRE(s.boundaries.size() == 2);
  CHECK(s.boundaries[0].name == "south");
  CHECK(s.boundaries[0].type == OpenBoundaryType::clamped);
  CHECK(s.boundaries[0].points.size() == 2);
  // The eight majors and the fitted minor diurnals 2Q1 J1 OO1 M1, all known to the table.
  CHECK(s.boundaries[0].points[0].z.size() == 12);
  for (const char* c : {"K1", "O1", "P1", "Q1", "M2", "S2", "N2", "K2", "2Q1", "J1", "OO1", "M1"})
    CHECK(s.boundaries[0].points[0].z.count(c) == 1);
  // East (the shelf beyond the Qiongzhou Strait): clamped, its two ends; the westward
  // throughflow comes from a mean-level set-up.
  CHECK(s.boundaries[1].name == "east");
  CHECK(s.boundaries[1].type == OpenBoundaryType::clamped);
  CHECK(s.boundaries[1].points.size() == 2);
  CHECK(s.boundaries[1].mean_level > 0);
}

TEST_CASE("bad tidal input names the file and the problem", "[hydro]") {
  const std::string head = "boundaries:\n  south:\n    points:\n      - x: 0\n        y: 0\n        constituents:\n";
  CHECK(error_of(head + "          K1: {amplitude: 0.5, phase: 10}\n").empty());
  CHECK_THAT(error_of(head + "          X9: {amplitude: 0.5, phase: 10}\n"),
             Catch::Contains("unknown tidal constituent 'X9'"));
  CHECK_THAT(error_of(head + "          K1: {amplitude: 0.5}\n"), Catch::Contains("phase"));
  CHECK_THAT(error_of(head + "          K1: {amplitude: -1, phase: 0}\n"), Catch::Contains("amplitude"));
  CHECK_THAT(error_of("boundaries:\n  north:\n    net_transport_m3s: 5\n"),
             Catch::Contains("'north' is not an open boundary of the mesh"));
  CHECK_THAT(error_of("boundaries:\n  south:\n    type: sponge\n    net_transport_m3s: 5\n"),
             Catch::Contains("unknown boundary type"));
  CHECK_THAT(error_of("boundaries:\n  south:\n    typo: 1\n    net_transport_m3s: 5\n"), Catch::Contains("typo"));
  CHECK_THAT(error_of(head + "          K1: {amplitude: 0.5, phase: 10}\n      - x: 1\n        y: 0\n"
                             "        constituents:\n          O1: {amplitude: 0.5, phase: 10}\n"),
             Catch::Contains("same constituents"));
  // `manning:` (the n the constants were calibrated with): a number in [0, 0.2].
  CHECK_THAT(error_of("manning: -0.02\n" + head + "          K1: {amplitude: 0.5, phase: 10}\n"),
             Catch::Contains("manning"));
  CHECK_THAT(error_of("manning: rough\n" + head + "          K1: {amplitude: 0.5, phase: 10}\n"),
             Catch::Contains("manning"));
}

TEST_CASE("a tides file states the Manning n its constants were calibrated with", "[hydro]") {
  const std::string body =
      "boundaries:\n  south:\n    points:\n      - x: 0\n        y: 0\n        constituents:\n"
      "          K1: {amplitude: 0.5, phase: 10}\n";
  CHECK(read_tide_spec(Config::load_string("manning: 0.0197\n" + body, "t.yaml"), kNames).manning == 0.0197);
  CHECK(std::isnan(read_tide_spec(Config::load_string(body, "t.yaml"), kNames).manning));
}

TEST_CASE("bad discharge series are rejected", "[hydro]") {
  auto error_of_rivers = [](const std::string& yaml) -> std::string {
    try {
      read_rivers(Config::load_string(yaml, "rivers.yaml").at("rivers"), 0.0, 10 * 86400.0);
    } catch (const InputError& e) {
      CHECK(e.file() == "rivers.yaml");
      return e.what();
    }
    return "";
  };
  const std::string head = "rivers:\n  - name: qin\n    x: 0\n    y: 0\n";
  CHECK(error_of_rivers(head + "    discharge_m3s: 120\n").empty());
  CHECK(error_of_rivers(head + "    series: {time_days: [0, 5, 10], discharge_m3s: [100, 200, 150]}\n").empty());
  CHECK_THAT(error_of_rivers(head + "    discharge_m3s: -3\n"), Catch::Contains("negative"));
  CHECK_THAT(error_of_rivers(head + "    series: {time_days: [0, 5, 10], discharge_m3s: [100, -1, 150]}\n"),
             Catch::Contains("negative"));
  CHECK_THAT(error_of_rivers(head + "    series: {time_days: [0, 5, 5], discharge_m3s: [100, 100, 150]}\n"),
             Catch::Contains("increase"));
  CHECK_THAT(error_of_rivers(head + "    series: {time_days: [0, 40, 80], discharge_m3s: [100, 100, 150]}\n"),
             Catch::Contains("gap"));
  CHECK_THAT(error_of_rivers(head + "    series: {time_days: [2, 5, 10], discharge_m3s: [100, 100, 150]}\n"),
             Catch::Contains("does not cover"));
  CHECK_THAT(error_of_rivers(head + "    series: {time_days: [0, 5, 10], discharge_m3s: [100, .nan, 150]}\n"),
             Catch::Contains("not a finite number"));
  CHECK_THAT(error_of_rivers(head + "    series: {time_days: [0, 10], discharge_m3s: [100, 100, 150]}\n"),
             Catch::Contains("as many"));
}

#include <cmath>

#include "solver/hydro/tide_constituents.hpp"

TEST_CASE("seasonal river discharge from the default rivers layer", "[hydro]") {
  const std::string path = std::string(BEIBU_DATA_DIR) + "/beibu/rivers.geojson";
  const double year = 365 * 86400.0;
  const auto rivers = seasonal_rivers_from_geojson(path, "2020-01-01 00:00:00", year);
  REQUIRE(rivers.size() >= 8);
  const RiverSpec* red = nullptr;
  for (const auto& r : rivers)
    if (r.name == "red_river") red = &r;
  REQUIRE(red);
  // Red River: wet May-October 5700 m3/s, dry 1900 m3/s (rivers.geojson).
  CHECK(red->discharge.at(15 * 86400.0 + 43200.0) == Approx(1900.0));                          // mid-January
  CHECK(red->discharge.at((31 + 29 + 31 + 30 + 31 + 30 + 14.5) * 86400.0) == Approx(5700.0));  // mid-July
  CHECK(red->discharge.t.front() <= 0.0);
  CHECK(red->discharge.t.back() >= year);
  // Month stepping across years.
  CHECK(days_since_j2000(2020, 13, 1, 0.0) == Approx(days_since_j2000("2021-01-01", "")));
  CHECK(days_since_j2000(2020, 0, 1, 0.0) == Approx(days_since_j2000("2019-12-01", "")));
}
