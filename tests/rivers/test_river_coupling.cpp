// The river network coupled to the gulf: inputs driven from outside, exact
// checkpoint/restore of the river state, and the scenario coupling on a small
// mesh (mass handed over at the mouth equals what the gulf receives, the water
// the hydrodynamics is given equals the water the river delivers, controls act
// on river sources, outputs and restart).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/config.hpp"
#include "core/error.hpp"
#include "ingest/projection.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/synthetic.hpp"
#include "river_cases.hpp"
#include "scenarios/run/scenario_loads.hpp"
#include "solver/flow.hpp"
#include "solver/hydro/shallow_water.hpp"
#include "solver/rivers/river_model.hpp"
#include "solver/transport/providers/analytic_flow.hpp"
#include "solver/transport/transport_config.hpp"
#include "solver/transport/transport_model.hpp"

using namespace beibu;
using namespace beibu::rivers;
namespace fs = std::filesystem;

namespace {

const char* kBranching = R"(
crs: model
segment_length_m: 1000
dispersion: fischer
temperature_c: 25
constituents:
  - {name: DIN, decay_k20: 0.2, theta: 1.047}
  - {name: TP, settling_velocity: 0.3}
reaches:
  - {id: west, points: [[-20000, 10000], [0, 0]], to: {reach: main}}
  - {id: main, points: [[0, 0], [30000, 0]], to: {mouth: sea}}
inflows:
  - {id: w, reach: west, discharge: {time_units: hours since 1970-01-01, times: [0, 48], values: [40, 120]},
     concentration: {DIN: 2, TP: 0.2}}
  - {id: m, reach: main, discharge: 20, concentration: {DIN: 1, TP: 0.1}}
point_sources:
  - {id: city, reach: main, at: [15000, 100], jurisdiction: A, sector: domestic, load_kg_d: {DIN: 500, TP: 50}}
sections:
  - {id: mid, reach: main, at: [10000, 0], upstream_jurisdiction: A, downstream_jurisdiction: B}
)";

std::string with_flow(const std::string& flow) {
  std::string y = kBranching;
  return "flow: " + flow + "\n" + y;
}

}  // namespace

TEST_CASE("River model: inputs set from outside reproduce the series, and restore(state()) continues exactly",
          "[rivers][coupling]") {
  for (const char* flow : {"steady", "kinematic"}) {
    INFO("flow: " << flow);
    const std::string y = with_flow(flow);  // kinematic routing uses the default power-law geometry
    RiverModel a(rivertest::network_from_yaml(y));
    RiverModel b(a);
    // b is driven by the same rates, computed outside from the same series.
    const auto& spec = a.network().spec;
    auto rates = [&](double t) {
      RiverModel::Inputs in;
      for (const auto& f : spec.inflows) {
        in.inflow_q.push_back(f.discharge.at(t));
        for (const auto& c : f.concentration) in.inflow_load.push_back(f.discharge.at(t) * c.at(t));
      }
      for (const auto& p : spec.sources) {
        in.source_q.push_back(p.flow.at(t));
        for (const auto& v : p.value) in.source_load.push_back(v.at(t));
      }
      return in;
    };
    const double dt = 3600;
    for (int k = 0; k < 12; ++k) {
      a.advance(k * dt, dt);
      b.set_inputs(rates((k + 0.5) * dt));
      b.advance(k * dt, dt);
    }
    for (size_t i = 0; i < a.network().segments(); ++i)
      for (size_t c = 0; c < 2; ++c) CHECK(b.mass(i, c) == Approx(a.mass(i, c)).epsilon(1e-13));

    // Checkpoint after 12 h, continue 12 h in a fresh model: identical to the uninterrupted run.
    const std::vector<double> st = a.state();
    RiverModel c(rivertest::network_from_yaml(y));
    c.restore(st);
    CHECK(c.state() == st);
    for (int k = 12; k < 24; ++k) {
      a.advance(k * dt, dt);
      c.advance(k * dt, dt);
    }
    CHECK(c.state() == a.state());
    CHECK(c.section("mid").total.mass_g == a.section("mid").total.mass_g);
    CHECK(c.section("mid").records.size() == 24);
    for (size_t k = 0; k < 2; ++k) CHECK(c.budgets()[0].relative_residual(k) < 1e-12);
    // A state from another network is refused.
    RiverModel other(
        rivertest::network_from_yaml(kBranching + std::string("  - {id: x, reach: west, at: [-10000, 5000], "
                                                              "upstream_jurisdiction: A, "
                                                              "downstream_jurisdiction: B}\n")));
    CHECK_THROWS_AS(other.restore(st), Failure);
  }
  RiverModel m(rivertest::network_from_yaml(kBranching));
  CHECK_THROWS_AS(m.set_inputs(RiverModel::Inputs{}), Failure);  // wrong sizes
  CHECK_THROWS_AS(m.set_inputs(RiverModel::Inputs{{-1, 1}, {0, 0, 0, 0}, {0}, {0, 0}}), InputError);
}

namespace {

struct TempDir {
  fs::path dir = fs::temp_directory_path() / ("beibu_rivcpl_" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(dir); }
  ~TempDir() { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
};

std::string lonlat(double x, double y) {
  const Projection proj;
  double lon, lat;
  proj.inverse(x, y, lon, lat);
  std::ostringstream o;
  o.precision(12);
  o << "lon: " << lon << ", lat: " << lat;
  return o.str();
}

// A 30 km river ending inside a 10 km square of sea; a head inflow and a town
// (cut by 50 % by a control) on the river, one coastal outfall. `flow` is the
// network's routing, `up_flow` the head source's flow_m3s.
struct CoupledCase {
  TempDir t;
  Scenario s;
  Mesh mesh;
  explicit CoupledCase(const std::string& flow = "steady", const std::string& up_flow = "50") {
    t.write("network.yaml", "flow: " + flow + R"(
crs: model
segment_length_m: 1000
dispersion: fischer
temperature_c: 25
constituents: [{name: NH3N, decay_k20: 0.1}]
reaches:
  - {id: r, points: [[-30000, 5000], [1000, 5000]], to: {mouth: m1}}
inflows:
  - {id: head, reach: r, discharge: 10, concentration: {NH3N: 1}}
sections:
  - {id: border, reach: r, at: [-10000, 5000], upstream_jurisdiction: CN.GX, downstream_jurisdiction: CN.GD}
)");
    const std::string std_file = std::string(BEIBU_DATA_DIR) + "/standards/gb3838-2002.yaml";
    const std::string path = t.write("s.yaml",
                                     "name: coupled\n"
                                     "period: {start: 2024-07-01, end: 2024-07-03, spinup_days: 1}\n"
                                     "mesh: {config: none.yaml}\n"
                                     "river_network: {file: network.yaml, assess: {DIN: NH3N}}\n"
                                     "sources:\n"
                                     "  - {id: up, kind: river, reach: r, jurisdiction: CN.GX, "
                                     "sector: agriculture, flow_m3s: " +
                                         up_flow +
                                         ", concentration: {DIN: 2, salt: 0}}\n"
                                         "  - {id: town, kind: outfall, reach: r, " +
                                         lonlat(-15000, 5000) +
                                         ", jurisdiction: CN.GX, sector: municipal, "
                                         "load: {DIN: {value: 100, units: kg/d}}}\n"
                                         "  - {id: coast, kind: outfall, " +
                                         lonlat(5000, 3000) +
                                         ", jurisdiction: CN.GD, sector: industry, "
                                         "load: {DIN: {value: 10, units: kg/d}}}\n"
                                         "controls:\n"
                                         "  - {source: town, reduce_percent: 50}\n"
                                         "outputs: {river_standard: " +
                                         std_file + "}\n");
    s = load_scenario(path);
    RectangleSpec r;
    r.lx = r.ly = 10000;
    r.nx = r.ny = 8;
    mesh = rectangle_mesh(r);
  }
};

TransportConfig transport() {
  return parse_transport_config(Config::load_string(R"(
constituents:
  - {name: DIN, decay_k20: 0.05, initial: 0.1}
  - {name: salt, conservative: true, initial: 30}
)",
                                                    "t.yaml"));
}

}  // namespace

TEST_CASE("River coupling: the gulf receives exactly what the river delivers, water and mass", "[rivers][coupling]") {
  CoupledCase cc;
  const std::vector<std::string> names{"DIN", "salt"};
  const LocalMesh lm = distribute_mesh(cc.mesh, PETSC_COMM_SELF);
  const TransportConfig tc = transport();
  const double dt = 3600;
  ScenarioLoads loads(cc.s, cc.mesh, names, tc, TagBy::none);
  REQUIRE(loads.river() != nullptr);
  // The caller's configuration is not changed: the scenario's sources come back with the loads.
  CHECK(tc.sources.empty());
  // The coastal outfall (components first), then the mouth; the town and the head enter the river.
  REQUIRE(loads.transport_config().sources.size() == 2);
  CHECK(loads.transport_config().sources[0].name == "coast/industry");
  CHECK(loads.river()->mouth_source(0, 0).index == 1);
  TransportModel model(cc.mesh, lm, loads.transport_config());
  auto flow = make_uniform_flow(lm, 0, 0);
  FlowState fs;
  flow->advance(0, dt, fs);
  model.initialise(0, fs.volume0);

  const double t_epoch = cc.s.period.start - cc.s.period.spinup_s;
  const double T = 30 * 3600 + 1800;  // the last interval is shorter
  const auto rivers = loads.discharges(t_epoch, T);
  REQUIRE(rivers.size() == 1);
  CHECK(rivers[0].name == "river:m1");
  // The hydrodynamics gets the mouth's water (its transport here is the uniform flow).
  hydro::HydroOptions opt;
  opt.dt = 1200;
  hydro::ShallowWaterModel water(lm, cc.mesh.open_boundary_names, opt);
  water.set_rivers(rivers);
  FlowState ws;
  double water_given = 0;
  for (double t = 0; t < T - 1e-6;) {
    const double h = std::min(dt, T - t);
    loads.apply(model, &water, t_epoch + t, h);
    water.advance(t, h, ws);
    for (int c = 0; c < lm.n_owned; ++c) water_given += ws.source_flow[c] * h;
    flow->advance(t, h, fs);
    model.advance(fs);
    t += h;
  }
  // Water: what the hydrodynamics gets is what the river delivered (50 m3/s head + 0 town).
  CHECK(loads.river()->delivered_water_m3()[0] == Approx(water_given).epsilon(1e-12));
  CHECK(water_given == Approx(50 * T).epsilon(1e-12));
  // Mass: the mouth's source term in the gulf budget equals the river's outflow, to round-off.
  const MassBudget b = model.budget();
  const std::size_t mouth = loads.river()->mouth_source(0, 0).index;
  CHECK(b.source_names[mouth] == "river:m1");
  const double delivered = loads.river()->delivered_mass_g()[0];
  const double received = b.at("DIN").source_in[mouth];
  CHECK(delivered > 0);
  CHECK(std::abs(received - delivered) <= 1e-12 * delivered);
  CHECK(loads.river()->delivered_mass_g()[1] == 0);  // salt: fresh water
  // The control halves the town's load inside the river (100 kg/d -> 50 kg/d).
  const auto& rb = loads.river()->model().budgets()[0];
  CHECK(rb.point_sources[0] == Approx(50e3 / 86400.0 * T).epsilon(1e-9));
  CHECK(rb.inflow[0] == Approx(50 * 2 * T).epsilon(1e-9));
  CHECK(rb.relative_residual(0) < 1e-12);

  // Outputs: the CSV contract and report sections.
  loads.write_outputs(cc.t.dir.string());
  std::ifstream sec(cc.t.dir / "rivers" / "sections.csv");
  std::string header, line, all;
  std::getline(sec, header);
  CHECK(header == "section,river,from,to,constituent,mean_mg_L,p90_mg_L,flux_t,class,class_code");
  int rows = 0;
  while (std::getline(sec, line)) {
    ++rows;
    if (line.rfind("border,m1,CN.GX,CN.GD,all,", 0) == 0) all = line;
    if (line.rfind("border,m1,CN.GX,CN.GD,DIN,", 0) == 0) CHECK(line.find("Class") != std::string::npos);
  }
  CHECK(rows == 3);  // DIN, salt, all
  CHECK(all.find("Class") != std::string::npos);
  std::ifstream mo(cc.t.dir / "rivers" / "mouths.csv");
  std::getline(mo, header);
  CHECK(header == "mouth,constituent,load_t,water_m3");
  const auto sections = loads.report_sections("en");
  REQUIRE(sections.size() == 2);
  CHECK(sections[0].csv_name == "river_sections");
  CHECK(sections[0].text.find("DIN (against the NH3N limits)") != std::string::npos);
  CHECK(sections[1].table.rows.size() == 2);
}

TEST_CASE("River coupling: one river step per interval gives the gulf its water and its mass, whatever the interval",
          "[rivers][coupling]") {
  // A rising head inflow: the water a step delivers depends on the step.
  CoupledCase cc("steady", "{series: [[2024-06-30T00:00:00Z, 20], [2024-07-01T00:00:00Z, 120]]}");
  const std::vector<std::string> names{"DIN", "salt"};
  const LocalMesh lm = distribute_mesh(cc.mesh, PETSC_COMM_SELF);
  const TransportConfig tc = transport();
  ScenarioLoads loads(cc.s, cc.mesh, names, tc, TagBy::none);
  TransportModel model(cc.mesh, lm, loads.transport_config());
  hydro::HydroOptions opt;
  opt.dt = 900;
  hydro::ShallowWaterModel water(lm, cc.mesh.open_boundary_names, opt);
  model.initialise(0, water.volume());
  const double t_epoch = cc.s.period.start - cc.s.period.spinup_s;
  const std::vector<double> steps{1800, 900, 2700, 1800, 3600, 900, 1800};
  double T = 0;
  for (double h : steps) T += h;
  water.set_rivers(loads.discharges(t_epoch, T));
  const std::size_t mouth = loads.river()->mouth_source(0, 0).index;
  std::vector<double> q;
  FlowState ws;
  double t = 0;
  for (const double h : steps) {
    const double water0 = loads.river()->delivered_water_m3()[0], mass0 = loads.river()->delivered_mass_g()[0];
    loads.apply(model, &water, t_epoch + t, h);
    const double water1 = loads.river()->delivered_water_m3()[0], mass1 = loads.river()->delivered_mass_g()[0];
    water.advance(t, h, ws);
    double given = 0;
    for (int c = 0; c < lm.n_owned; ++c) given += ws.source_flow[c] * h;
    // The hydrodynamics gets the water of the same river step whose mass the mouth's source carries.
    CHECK(given == Approx(water1 - water0).epsilon(1e-12));
    const double received0 = model.budget().at("DIN").source_in[mouth];
    model.advance(ws);
    CHECK(model.budget().at("DIN").source_in[mouth] - received0 == Approx(mass1 - mass0).epsilon(1e-12));
    q.push_back(given / h);
    t += h;
  }
  CHECK(q.back() > 1.5 * q.front());  // the flood arrives: the intervals differ
}

TEST_CASE("River coupling: a restored checkpoint continues exactly, and tagged copies add up", "[rivers][coupling]") {
  CoupledCase cc;
  const std::vector<std::string> names{"DIN", "salt"};
  const LocalMesh lm = distribute_mesh(cc.mesh, PETSC_COMM_SELF);
  const double dt = 3600, t0 = cc.s.period.start - cc.s.period.spinup_s;
  auto run = [&](ScenarioLoads& loads, TransportModel& model, int from, int to) {
    auto flow = make_uniform_flow(lm, 0, 0);
    FlowState fs;
    for (int k = from; k < to; ++k) {
      loads.apply(model, nullptr, t0 + k * dt, dt);
      flow->advance(model.time(), dt, fs);  // the gulf copy only receives; its clock is its own
      model.advance(fs);
    }
  };
  auto fresh_model = [&](const TransportConfig& tc) {
    auto m = std::make_unique<TransportModel>(cc.mesh, lm, tc);
    auto flow = make_uniform_flow(lm, 0, 0);
    FlowState fs;
    flow->advance(0, dt, fs);
    m->initialise(0, fs.volume0);
    return m;
  };
  const TransportConfig tc = transport();
  ScenarioLoads a(cc.s, cc.mesh, names, tc, TagBy::none);
  ScenarioLoads b(cc.s, cc.mesh, names, tc, TagBy::none);
  auto ma = fresh_model(a.transport_config()), mb = fresh_model(b.transport_config());
  run(a, *ma, 0, 10);
  b.restore(a.state());
  CHECK(b.state() == a.state());
  run(a, *ma, 10, 20);
  run(b, *mb, 10, 20);
  CHECK(b.state() == a.state());
  CHECK(b.river()->delivered_mass_g() == a.river()->delivered_mass_g());
  CHECK_THROWS_AS(b.restore({}), Failure);

  // Apportionment by jurisdiction: one river model per group; the groups' mouth
  // inputs add up to the untagged total.
  ScenarioLoads tagged(cc.s, cc.mesh, names, tc, TagBy::jurisdiction);
  CHECK(tagged.groups() == std::vector<std::string>{"CN.GX", "CN.GD"});
  CHECK(tagged.river()->groups_per_mouth() == 2);
  CHECK(tc.constituents[0].tags.empty());  // the tagged copies are in the loads' configuration only
  CHECK(tagged.transport_config().constituents[0].tags == std::vector<std::string>{"CN.GX", "CN.GD"});
  auto mt = fresh_model(tagged.transport_config());
  run(tagged, *mt, 0, 20);
  CHECK(tagged.river()->delivered_mass_g()[0] == Approx(a.river()->delivered_mass_g()[0]).epsilon(1e-12));
  const MassBudget bt = mt->budget();
  const std::size_t gx = tagged.river()->mouth_source(0, 0).index, gd = tagged.river()->mouth_source(0, 1).index;
  CHECK(bt.source_names[gx] == "river:m1@CN.GX");
  CHECK(bt.source_names[gd] == "river:m1@CN.GD");
  // All river water comes from CN.GX sources: the CN.GD copy gets nothing from the mouth.
  CHECK(bt.at("DIN@CN.GX").source_in[gx] == Approx(bt.at("DIN").source_in[gx] + bt.at("DIN").source_in[gd]));
  CHECK(bt.at("DIN@CN.GD").source_in[gd] == 0);
}

TEST_CASE("River coupling: bad river sources are input errors naming the scenario line", "[rivers][coupling]") {
  CoupledCase cc;
  const std::vector<std::string> names{"DIN", "salt"};
  Scenario s = cc.s;
  s.sources[1].reach = "nowhere";
  const TransportConfig tc = transport();
  try {
    ScenarioLoads loads(s, cc.mesh, names, tc, TagBy::none);
    FAIL("accepted a source on an unknown reach");
  } catch (const InputError& e) {
    CHECK(e.file() == s.file);
    CHECK(std::string(e.what()).find("source 'town'") != std::string::npos);
    CHECK(std::string(e.what()).find("nowhere") != std::string::npos);
  }
  // A scenario whose sources leave a headwater without water says so, naming the scenario.
  Scenario dry = cc.s;
  dry.sources.erase(dry.sources.begin());  // the head inflow
  try {
    ScenarioLoads loads(dry, cc.mesh, names, tc, TagBy::none);
    FAIL("accepted a headwater without an inflow");
  } catch (const InputError& e) {
    CHECK(e.file() == s.file);
    CHECK(std::string(e.what()).find("river_network: none") != std::string::npos);
  }
}
