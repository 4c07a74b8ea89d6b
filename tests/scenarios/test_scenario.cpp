// Scenario files: schema validation (one test per kind of bad input, each
// checking the line and key are named), periods, unit conversion, sector
// shares and controls.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "ingest/cf_time.hpp"
#include "scenarios/run/hydro_provenance.hpp"
#include "scenarios/spec/hydro_spec.hpp"
#include "scenarios/spec/loads.hpp"
#include "scenarios/spec/scenario.hpp"
#include "solver/hydro/tidal_boundary.hpp"

using namespace beibu;
namespace fs = std::filesystem;

namespace {
struct TempDir {
  fs::path dir = fs::temp_directory_path() / ("beibu_scen_" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(dir); }
  ~TempDir() { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
};

const std::string kMouths = std::string(BEIBU_DATA_DIR) + "/beibu/rivers.geojson";

std::string base_yaml() {
  return "name: test\n"
         "period: {season: wet, year: 2024}\n"
         "mesh: {config: mesh.yaml}\n"
         "river_mouths: " +
         kMouths +
         "\n"
         "sources:\n"
         "  - id: qin\n"
         "    kind: river\n"
         "    river: qin\n"
         "    jurisdiction: CN.GX\n"
         "    sectors: {agriculture: 0.6, municipal: 0.4}\n"
         "    flow_m3s: 100\n"
         "    concentration: {DIN: 1.5}\n"
         "  - id: plant\n"
         "    kind: outfall\n"
         "    lon: 108.6\n"
         "    lat: 21.7\n"
         "    jurisdiction: CN.GX\n"
         "    sector: industry\n"
         "    load: {DIN: {value: 365.25, units: t/yr}}\n";
}

// Loads a scenario that must fail; returns the message.
std::string failure(const TempDir& t, const std::string& yaml) {
  const std::string p = t.write("s.yaml", yaml);
  try {
    load_scenario(p);
  } catch (const InputError& e) {
    CHECK(e.file() == p);
    return e.what();
  }
  FAIL("accepted: " << yaml);
  return "";
}
}  // namespace

TEST_CASE("Scenario: a valid file, sector shares and loads in g/s", "[scenario]") {
  TempDir t;
  const Scenario s = load_scenario(t.write("s.yaml", base_yaml()));
  REQUIRE(s.sources.size() == 2);
  CHECK(s.period.season == "wet");
  CHECK(format_iso8601(s.period.start) == "2024-05-01T00:00:00Z");
  CHECK(format_iso8601(s.period.end) == "2024-11-01T00:00:00Z");
  const auto comps = load_components(s);
  REQUIRE(comps.size() == 3);  // qin/agriculture, qin/municipal, plant/industry
  // 100 m3/s x 1.5 g/m3 = 150 g/s, split 60/40.
  CHECK(uncontrolled_load(s, comps[0], "DIN", s.period.start) == Approx(90));
  CHECK(uncontrolled_load(s, comps[1], "DIN", s.period.start) == Approx(60));
  // 365.25 t/yr = 1 t/day = 1e6 g / 86400 s.
  CHECK(uncontrolled_load(s, comps[2], "DIN", s.period.start) == Approx(1e6 / 86400.0));
  CHECK(uncontrolled_load(s, comps[2], "DIP", s.period.start) == 0);
  // The Qin mouth position comes from rivers.geojson.
  CHECK((s.sources[0].lon > 108 && s.sources[0].lon < 109));
}

TEST_CASE("Scenario: controls cut by percent, cap, and start on their date", "[scenario]") {
  TempDir t;
  const std::string yaml = base_yaml() +
                           "controls:\n"
                           "  - {name: GX municipal -30%, jurisdiction: CN.GX, sector: [municipal], constituent: DIN, "
                           "reduce_percent: 30, from: 2024-07-01}\n"
                           "  - {name: all GX -10%, jurisdiction: CN.GX, reduce_percent: 10}\n"
                           "  - {name: plant cap, source: plant, cap: {value: 5, units: g/s}}\n";
  const Scenario s = load_scenario(t.write("s.yaml", yaml));
  const auto comps = load_components(s);
  const double june = s.period.start + 40 * 86400.0, august = s.period.start + 100 * 86400.0;
  CHECK(controlled_load(s, comps[0], "DIN", june) == Approx(90 * 0.9));
  CHECK(controlled_load(s, comps[1], "DIN", june) == Approx(60 * 0.9));          // before 1 July
  CHECK(controlled_load(s, comps[1], "DIN", august) == Approx(60 * 0.9 * 0.7));  // both cuts compound
  CHECK(controlled_load(s, comps[2], "DIN", june) == Approx(5));                 // capped (11.57 g/s -> 5)
}

TEST_CASE("Scenario: dry season and explicit dates", "[scenario]") {
  TempDir t;
  std::string y = base_yaml();
  y.replace(y.find("{season: wet, year: 2024}"), 25, "{season: dry, year: 2024, spinup_days: 5}");
  Scenario s = load_scenario(t.write("s.yaml", y));
  CHECK(format_iso8601(s.period.start) == "2024-11-01T00:00:00Z");
  CHECK(format_iso8601(s.period.end) == "2025-05-01T00:00:00Z");
  CHECK(s.period.spinup_s == 5 * 86400.0);
  y = base_yaml();
  y.replace(y.find("{season: wet, year: 2024}"), 25, "{start: 2024-06-01, end: '2024-06-03T12:00:00+08:00'}");
  s = load_scenario(t.write("s.yaml", y));
  CHECK(s.period.end - s.period.start == Approx(2 * 86400.0 + 4 * 3600.0));
}

TEST_CASE("Scenario: extends a parent and replaces its controls", "[scenario]") {
  TempDir t;
  t.write("base.yaml", base_yaml());
  const Scenario s = load_scenario(
      t.write("child.yaml", "extends: base.yaml\nname: child\ncontrols:\n  - {source: qin, reduce_percent: 50}\n"));
  CHECK(s.name == "child");
  CHECK(s.sources.size() == 2);
  REQUIRE(s.controls.size() == 1);
  CHECK(controlled_load(s, load_components(s)[0], "DIN", s.period.start) == Approx(45));
}

TEST_CASE("Scenario: each kind of bad input names the line and the key", "[scenario]") {
  TempDir t;
  const std::string b = base_yaml();
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string y = b;
    REQUIRE(y.find(from) != std::string::npos);
    y.replace(y.find(from), from.size(), to);
    return y;
  };
  CHECK_THAT(failure(t, b + "colour: blue\n"), Catch::Contains("line 20") && Catch::Contains("unknown key 'colour'"));
  CHECK_THAT(failure(t, replace("season: wet", "season: monsoon")),
             Catch::Contains("line 2") && Catch::Contains("'wet'"));
  CHECK_THAT(failure(t, replace("river: qin", "river: yangtze")),
             Catch::Contains("line 8") && Catch::Contains("unknown river mouth 'yangtze'"));
  CHECK_THAT(failure(t, replace("jurisdiction: CN.GX\n    sectors", "jurisdiction: CN.XX\n    sectors")),
             Catch::Contains("line 9") && Catch::Contains("unknown jurisdiction 'CN.XX'"));
  CHECK_THAT(failure(t, replace("municipal: 0.4", "municipal: 0.3")), Catch::Contains("shares must sum to 1"));
  CHECK_THAT(failure(t, replace("sector: industry", "sector: mining")), Catch::Contains("unknown sector 'mining'"));
  CHECK_THAT(failure(t, replace("flow_m3s: 100", "flow_m3s: -5")),
             Catch::Contains("line 11") && Catch::Contains(">= 0"));
  CHECK_THAT(failure(t, replace("DIN: 1.5", "DIN: lots")),
             Catch::Contains("key 'sources[0].concentration.DIN'") && Catch::Contains("expected a number"));
  CHECK_THAT(failure(t, replace("units: t/yr", "units: lb/yr")), Catch::Contains("unknown load unit 'lb/yr'"));
  CHECK_THAT(failure(t, replace("lat: 21.7", "lat: 121.7")), Catch::Contains("latitude"));
  CHECK_THAT(failure(t, replace("flow_m3s: 100", "flow_m3s: {monthly: [1, 2, 3]}")),
             Catch::Contains("expected 12 monthly values"));
  CHECK_THAT(failure(t, replace("id: plant", "id: qin")), Catch::Contains("duplicate source id 'qin'"));
  CHECK_THAT(failure(t, b + "controls:\n  - {jurisdiction: VN, reduce_percent: 20}\n"),
             Catch::Contains("matches no source"));
  CHECK_THAT(failure(t, b + "controls:\n  - {source: qin, reduce_percent: 120}\n"), Catch::Contains("<= 100, got 120"));
  CHECK_THAT(failure(t, b + "controls:\n  - {source: qin, reduce_percent: 10, cap: {value: 1, units: g/s}}\n"),
             Catch::Contains("exactly one of"));
  CHECK_THAT(failure(t, b + "controls:\n  - {source: qin, reduce_percent: 10, from: yesterday}\n"),
             Catch::Contains("ISO 8601"));
  CHECK_THAT(failure(t, replace("name: test", "name: ../../etc/passwd")), Catch::Contains("letters, digits"));
  CHECK_THAT(failure(t, "name: x\nmesh: {config: m.yaml}\n"), Catch::Contains("missing required key 'period'"));
  CHECK_THAT(failure(t, "name: x\nperiod: {season: wet, year: 2024}\nmesh: {config: m.yaml, file: m.nc}\n"),
             Catch::Contains("exactly one of 'config'"));
  CHECK_THAT(failure(t, "name: [x\n"), Catch::Contains("malformed YAML"));
}

TEST_CASE("Scenario: sources on river reaches need the network and say where they enter", "[scenario][rivers]") {
  TempDir t;
  const std::string net = std::string(BEIBU_DATA_DIR) + "/beibu/river_network.yaml";
  // Line 6 is the river_network block; the first source is on line 8.
  const std::string head =
      "name: test\n"
      "period: {season: wet, year: 2024}\n"
      "mesh: {config: mesh.yaml}\n"
      "river_mouths: " +
      kMouths + "\n";
  const std::string rn = "river_network: {file: " + net + ", assess: {DIN: NH3N}}\n";
  const std::string srcs =
      "sources:\n"
      "  - {id: qin, kind: river, reach: qin, jurisdiction: CN.GX, sector: agriculture, "
      "flow_m3s: 100, concentration: {DIN: 1.5}}\n"
      "  - {id: town, kind: outfall, reach: qin, lon: 108.625, lat: 21.96, jurisdiction: CN.GX, "
      "sector: municipal, load: {DIN: {value: 10, units: kg/d}}}\n";
  const Scenario s = load_scenario(t.write("s.yaml", head + "\n" + rn + srcs));
  REQUIRE(s.river_network);
  CHECK(s.river_network->file == net);
  CHECK(s.river_network->line == 6);
  CHECK(s.river_network->assess == std::vector<std::pair<std::string, std::string>>{{"DIN", "NH3N"}});
  CHECK(s.sources[0].reach == "qin");
  CHECK(s.sources[1].reach == "qin");
  CHECK(s.sources[1].lon == 108.625);
  // Controls select river sources as they select coastal ones.
  const Scenario c = load_scenario(t.write(
      "c.yaml",
      head + "\n" + rn + srcs + "controls:\n  - {jurisdiction: CN.GX, sector: municipal, reduce_percent: 40}\n"));
  CHECK(controlled_load(c, load_components(c)[1], "DIN", c.period.start) == Approx(0.6 * 10e3 / 86400));
  CHECK_NOTHROW(check_constituents(s, {"DIN"}));
  CHECK_THROWS_WITH(check_constituents(s, {"DIN2"}), Catch::Contains("line 8"));
  CHECK_THROWS_WITH(check_constituents(load_scenario(t.write(
                                           "d.yaml", head + "\n" + rn +
                                                         "sources:\n  - {id: p, kind: outfall, lon: 108.6, lat: 21.7, "
                                                         "jurisdiction: CN.GX, sector: industry, "
                                                         "load: {TP: {value: 1, units: g/s}}}\n")),
                                       {"TP"}),
                    Catch::Contains("line 6") && Catch::Contains("river_network.assess") && Catch::Contains("'DIN'"));

  CHECK_THAT(failure(t, head + "\n" + srcs), Catch::Contains("line 7") && Catch::Contains("needs 'river_network'"));
  // A child may drop its parent's network.
  const std::string parent = t.write("p.yaml", head + "\n" + rn + srcs);
  const Scenario child =
      load_scenario(t.write("k.yaml", "extends: " + parent + "\nname: k\nriver_mouths: " + kMouths +
                                          "\nriver_network: none\nsources:\n"
                                          "  - {id: qin, kind: river, river: qin, jurisdiction: CN.GX, "
                                          "sector: agriculture, flow_m3s: 100}\n"));
  CHECK_FALSE(child.river_network);
  CHECK_THAT(failure(t, head + "\nriver_network: yes\n" + srcs),
             Catch::Contains("line 6") && Catch::Contains("'none'"));
  CHECK_THAT(failure(t, head + "\nriver_network: {file: " + net + ", colour: blue}\n" + srcs),
             Catch::Contains("line 6") && Catch::Contains("unknown key 'river_network.colour'"));
  CHECK_THAT(failure(t, head + "\nriver_network: {file: nowhere.yaml}\n" + srcs),
             Catch::Contains("line 6") && Catch::Contains("no such file"));
  std::string y = head + "\n" + rn + srcs;
  y.replace(y.find("reach: qin, jurisdiction: CN.GX, sector: agriculture"), 9, "reach: qin, river: qin");
  CHECK_THAT(failure(t, y), Catch::Contains("line 8") && Catch::Contains("either 'reach'"));
  y = head + "\n" + rn + srcs;
  y.replace(y.find("kind: river, reach: qin"), 23, "kind: river, reach: qin, lon: 108.6, lat: 21.9");
  CHECK_THAT(failure(t, y), Catch::Contains("line 8") && Catch::Contains("reach head"));
  CHECK_THAT(failure(t, head + "\n" + rn +
                            "sources:\n  - {id: farm, kind: diffuse, reach: qin, lon: 108.6, lat: 21.7, radius_km: 3, "
                            "jurisdiction: CN.GX, sector: aquaculture, load: {DIN: {value: 1, units: g/s}}}\n"),
             Catch::Contains("line 8") && Catch::Contains("diffuse source cannot enter"));
}

TEST_CASE("Scenario: constituents named by sources must be transported", "[scenario]") {
  TempDir t;
  const Scenario s = load_scenario(t.write("s.yaml", base_yaml()));
  CHECK_NOTHROW(check_constituents(s, {"DIN", "DIP"}));
  CHECK_THROWS_WITH(check_constituents(s, {"COD"}), Catch::Contains("line 6") && Catch::Contains("'DIN'"));
}

TEST_CASE("Load units and names", "[scenario]") {
  CHECK(load_to_gs(86.4, "kg/d") == Approx(1.0));
  CHECK(load_to_gs(1, "t/d") == Approx(1e6 / 86400));
  CHECK(load_to_gs(365.25, "t/yr") == Approx(1e6 / 86400));
  // 1 g/s for a Julian year is 31.5576 t; the tables' t/yr and the scenario's t/yr agree.
  CHECK(kTonnePerYear == Approx(31.5576).epsilon(1e-12));
  CHECK(load_to_gs(kTonnePerYear, "t/yr") == Approx(1.0).epsilon(1e-15));
  CHECK_THROWS(load_to_gs(1, "lb"));
  CHECK(sanitise_name("a b/../c") == "a_b_.._c");
  CHECK(sanitise_name(".hidden") == "_.hidden");
}

TEST_CASE("The shipped Beibu Gulf scenarios load, and their controls do what they say", "[scenario]") {
  const std::string dir = std::string(BEIBU_DATA_DIR) + "/../scenarios/beibu/";
  const Scenario base = load_scenario(dir + "baseline-wet.yaml");
  CHECK(base.sources.size() >= 16);
  const double mid = base.period.start + 60 * 86400.0;  // July
  const auto comps = load_components(base);
  for (const char* f : {"baseline-dry.yaml", "gx-alone.yaml", "gd-alone.yaml", "hi-alone.yaml", "vn-alone.yaml",
                        "joint-control.yaml", "red-river.yaml"}) {
    const Scenario s = load_scenario(dir + f);
    CHECK(s.sources.size() == base.sources.size());
  }
  // Red River alone: every load but the Red River's is zero; the Red River's is untouched.
  const Scenario rr = load_scenario(dir + "red-river.yaml");
  for (const auto& c : load_components(rr)) {
    const bool red = rr.sources[c.source].id == "red_river";
    const double u = uncontrolled_load(rr, c, "DIN", mid), k = controlled_load(rr, c, "DIN", mid);
    CHECK(k == (red ? u : 0.0));
  }
  // Joint control: human-sector DIN cut by 30 % in July (Qinzhou municipal by 65 %), natural untouched.
  const Scenario jc = load_scenario(dir + "joint-control.yaml");
  for (const auto& c : load_components(jc)) {
    const double u = uncontrolled_load(jc, c, "DIN", mid), k = controlled_load(jc, c, "DIN", mid);
    const bool qin_municipal = jc.sources[c.source].id == "qin" && c.sector == "municipal";
    const double expect = c.sector == "natural" ? u : qin_municipal ? u * 0.7 * 0.5 : u * 0.7;
    CHECK(k == Approx(expect));
  }
  // The dry season uses the dry-season river flows.
  const Scenario dry = load_scenario(dir + "baseline-dry.yaml");
  CHECK(dry.period.season == "dry");
  CHECK(dry.sources[0].flow_m3s->at(dry.period.start + 30 * 86400.0) <
        base.sources[0].flow_m3s->at(base.period.start + 30 * 86400.0));
}

TEST_CASE("Scenario: the tide-gauge file of the hydrodynamics block", "[scenario]") {
  // By default the tide_gauges.yaml beside the tides file; `tide_gauges: FILE` names
  // another, `none` switches the comparison off; a missing file, or gauges without tides,
  // name the line and the key.
  TempDir t;
  const std::string data = std::string(BEIBU_DATA_DIR) + "/beibu";
  auto hydro = [&](const std::string& block) {
    return parse_hydro(load_scenario(t.write("h.yaml", base_yaml() + "hydrodynamics:\n" + block)));
  };
  const std::string tides = "  tides: " + data + "/tides.yaml\n";
  CHECK(hydro(tides).tide_gauges_file == fs::path(data + "/tide_gauges.yaml").lexically_normal().string());
  CHECK(hydro(tides + "  tide_gauges: none\n").tide_gauges_file.empty());
  t.write("mine.yaml", "source: test\n");
  CHECK(hydro(tides + "  tide_gauges: mine.yaml\n").tide_gauges_file == (t.dir / "mine.yaml").string());
  CHECK(hydro("  time_step_s: 600\n").tide_gauges_file.empty());  // no tides: no comparison
  t.write("tides.yaml", "source: test\nboundaries: {}\n");        // tides with no gauge file beside them
  CHECK(hydro("  tides: tides.yaml\n").tide_gauges_file.empty());
  auto fails = [&](const std::string& block) {
    try {
      hydro(block);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    FAIL("accepted: " << block);
    return std::string();
  };
  CHECK_THAT(fails(tides + "  tide_gauges: nowhere.yaml\n"), Catch::Contains("line 22") &&
                                                                 Catch::Contains("hydrodynamics.tide_gauges") &&
                                                                 Catch::Contains("no such file"));
  CHECK_THAT(fails("  tide_gauges: mine.yaml\n"), Catch::Contains("needs the tide"));
  CHECK_THAT(fails("  stored: {file: " + data + "/tides.yaml}\n  tide_gauges: mine.yaml\n"),
             Catch::Contains("unknown key 'hydrodynamics.tide_gauges'"));
}

TEST_CASE("Scenario: Manning's n follows the tides' calibration unless the scenario sets it", "[scenario]") {
  // The tides file's `manning:` is the n its constants were calibrated with: the run takes
  // it when the scenario sets none; a scenario's own n wins, and the note says it differs.
  TempDir t;
  auto hydro = [&](const std::string& block) {
    return parse_hydro(load_scenario(t.write("h.yaml", base_yaml() + "hydrodynamics:\n" + block)));
  };
  t.write("cal.yaml", "source: test\nmanning: 0.0197\nboundaries: {}\n");
  t.write("plain.yaml", "source: test\nboundaries: {}\n");
  const HydroSetup cal = hydro("  tides: cal.yaml\n");
  CHECK(cal.opt.manning == 0.0197);
  CHECK_FALSE(cal.manning_differs());
  CHECK_THAT(manning_note(cal, "en"),
             Catch::Contains("Manning n 0.0197, the value the tidal constants were calibrated with"));
  CHECK_THAT(manning_note(cal, "zh"), Catch::Contains("n = 0.0197，即潮汐调和常数率定时所用的值"));
  const HydroSetup own = hydro("  tides: cal.yaml\n  manning: 0.03\n");
  CHECK(own.opt.manning == 0.03);
  CHECK(own.manning_differs());
  CHECK_THAT(manning_note(own, "en"), Catch::Contains("Manning n 0.03 (the scenario's), NOT the 0.0197"));
  CHECK_THAT(manning_note(own, "zh"), Catch::Contains("并非") && Catch::Contains("0.0197"));
  CHECK_FALSE(hydro("  tides: cal.yaml\n  manning: 0.0197\n").manning_differs());
  CHECK(hydro("  tides: plain.yaml\n").opt.manning == hydro::HydroOptions().manning);  // the model's default
  CHECK(hydro("  tides: plain.yaml\n  manning: 0.03\n").opt.manning == 0.03);
  // The scenarios of the default case take the calibrated n of data/beibu/tides.yaml.
  const std::string dir = std::string(BEIBU_DATA_DIR) + "/../scenarios/beibu/";
  const double shipped = hydro::tide_calibrated_manning(std::string(BEIBU_DATA_DIR) + "/beibu/tides.yaml");
  REQUIRE(std::isfinite(shipped));
  const HydroSetup wet = parse_hydro(load_scenario(dir + "baseline-wet.yaml"));
  CHECK(wet.opt.manning == shipped);
  CHECK_FALSE(wet.manning_differs());
}
