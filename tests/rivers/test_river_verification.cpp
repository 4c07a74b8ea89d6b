// Verification of the river network against analytic solutions and exact
// budgets, each with its stated tolerance.
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "river_cases.hpp"
#include "solver/rivers/river_model.hpp"

using namespace beibu;
using namespace beibu::rivers;

namespace {

// One straight 50 km reach, fixed 100 m x 2 m section, Q = 100 m3/s -> u = 0.5 m/s.
const char* kUniformReach = R"(
crs: model
segment_length_m: 500
dispersion: 0
temperature_c: 20
constituents:
  - {name: BOD, decay_k20: 0.5, theta: 1.047}
  - {name: tracer}
reaches:
  - id: main
    points: [[0, 0], [50000, 0]]
    to: {mouth: sea}
    hydraulic_geometry: {width_m: 100, depth_m: 2}
inflows:
  - {id: head, reach: main, discharge: 100, concentration: {BOD: 10, tracer: 1}}
)";

}  // namespace

TEST_CASE("steady uniform reach with decay: C(x) = C0 exp(-k x / u) within 0.5 %", "[rivers][verification]") {
  RiverModel m(rivertest::network_from_yaml(kUniformReach));
  const double u = 0.5, k = 0.5 / 86400.0, c0 = 10;
  CHECK(m.network().segments() == 100);
  m.spin_up(0, 6 * 50000 / u);  // six travel times: the transient has left
  double worst = 0;
  for (size_t i = 0; i < m.network().segments(); ++i) {
    const double x = m.network().chainage[i];  // upwind: a segment's value is its outflow value
    const double exact = c0 * std::exp(-k * x / u);
    worst = std::max(worst, std::abs(m.concentration(i, 0) / exact - 1));
    CHECK(m.concentration(i, 1) == Approx(1.0).epsilon(1e-9));  // the conservative tracer stays at C0
  }
  WARN("steady decay: largest relative error " << worst << " (tolerance 0.005)");
  CHECK(worst < 0.005);
}

TEST_CASE("mass through confluences and the mouth coupling is conserved to 1e-12", "[rivers][verification]") {
  // Two tributaries join a main stem, one at its head and one half-way; a city
  // discharges on the main stem; flows vary in time, so volumes change between blocks.
  const char* yaml = R"(
crs: model
segment_length_m: 1000
dispersion: fischer
temperature_c: 27
constituents:
  - {name: COD, decay_k20: 0.2, theta: 1.047}
  - {name: TP, settling_velocity: 0.3}
  - {name: salt}
reaches:
  - {id: west, points: [[-20000, 10000], [0, 0]], to: {reach: main}}
  - {id: east, points: [[20000, 30000], [25500, 0]], to: {reach: main}}
  - {id: north, points: [[0, 15000], [0, 0]], to: {reach: main}}
  - {id: main, points: [[0, 0], [50000, 0]], to: {mouth: sea}}
inflows:
  - {id: w, reach: west, discharge: {time_units: hours since 1970-01-01, times: [0, 48], values: [40, 120]},
     concentration: {COD: 15, TP: 0.2, salt: 1}}
  - {id: e, reach: east, discharge: 25, concentration: {COD: 8, TP: 0.05, salt: 2}}
  - {id: n, reach: north, discharge: 10, concentration: {COD: 20, TP: 0.3, salt: 3}}
laterals:
  - {id: runoff, reach: main, discharge: 5, concentration: {COD: 30, TP: 0.4}}
point_sources:
  - {id: city, reach: main, at: [35000, 100], jurisdiction: A, sector: domestic, load_kg_d: {COD: 5000, TP: 100}}
  - {id: plant, reach: east, at: [22000, 15000], jurisdiction: A, sector: industry, flow_m3s: 1,
     concentration: {COD: 60, salt: 10}}
)";
  RiverModel m(rivertest::network_from_yaml(yaml));
  const auto& net = m.network();
  // The east tributary joins the main stem in the segment spanning x = 25-26 km.
  const int east_last = net.reach_first[1] + net.reach_count[1] - 1;
  CHECK(net.down[east_last] == net.reach_first[3] + 25);
  const size_t nc = m.constituents().size();
  std::vector<double> gulf(nc, 0.0);  // what a receiving gulf cell would get from the coupling
  double gulf_water = 0;
  for (int k = 0; k < 48; ++k) {  // 48 one-hour couplings
    m.advance(k * 3600.0, 3600.0);
    const auto& out = m.mouth_outflow("sea");
    gulf_water += out.discharge_m3s() * out.dt;
    for (size_t c = 0; c < nc; ++c) gulf[c] += out.flux_g_s(c) * out.dt;
  }
  const auto& b = m.budgets().at(0);
  for (size_t c = 0; c < nc; ++c) {
    INFO("constituent " << m.constituents()[c].name);
    WARN("budget " << m.constituents()[c].name << ": relative residual " << b.relative_residual(c)
                   << ", coupling mismatch " << std::abs(gulf[c] - b.outflow[c]) / b.outflow[c]);
    CHECK(b.relative_residual(c) < 1e-12);
    CHECK(std::abs(gulf[c] - b.outflow[c]) <= 1e-12 * b.outflow[c]);
    CHECK(b.outflow[c] > 0);
  }
  CHECK(b.decay[0] > 0);
  CHECK(b.settling[1] > 0);
  CHECK(b.decay[2] == 0);
  CHECK(std::abs(gulf_water - b.water_out_m3) <= 1e-12 * b.water_out_m3);
  // Steady flow per block: what leaves equals what enters, block by block.
  CHECK(std::abs(b.water_out_m3 - b.water_in_m3) <= 1e-12 * b.water_in_m3);
  // All concentrations stay non-negative.
  for (size_t i = 0; i < net.segments(); ++i)
    for (size_t c = 0; c < nc; ++c) CHECK(m.mass(i, c) >= 0);
}

TEST_CASE("a step in upstream load arrives at the downstream section after L/u", "[rivers][verification]") {
  // 20 km reach, u = 0.5 m/s. The upstream concentration steps from 0 to 1 at
  // t = 0; its 50 % crossing must come within one segment travel time
  // (dx/u = 1000 s) of x/u. Without dispersion: the flux through the mouth
  // section, x = 20 km. With dispersion (400 m2/s): the flux-weighted value
  // runs ahead of the front by the dispersive flux, so the resident
  // concentration of the segment ending at x = 10 km is tracked instead.
  for (const char* disp : {"0", "400"}) {
    std::ostringstream y;
    y << "crs: model\nsegment_length_m: 500\ndispersion: " << disp << R"(
constituents: [{name: dye}]
reaches:
  - id: r
    points: [[0, 0], [20000, 0]]
    to: {mouth: sea}
    hydraulic_geometry: {width_m: 100, depth_m: 2}
inflows:
  - id: up
    reach: r
    discharge: 100
    concentration: {dye: {time_units: seconds since 1970-01-01, times: [-864000, 0, 1, 864000], values: [0, 0, 1, 1]}}
sections:
  - {id: downstream, reach: r, at: [20000, 0]}
)";
    const bool dispersive = std::string(disp) != "0";
    RiverModel m(rivertest::network_from_yaml(y.str()));
    const int seg = 19;  // ends at 10 km
    CHECK(m.network().chainage[seg] == Approx(10000));
    const double x = dispersive ? 10000.0 : 20000.0;
    double t50 = -1, prev_t = 0, prev_c = 0;
    for (int k = 0; k < 1500 && t50 < 0; ++k) {
      m.advance(k * 60.0, 60.0);
      const auto& r = m.section("downstream").records.back();
      const double t = r.t0 + r.dt, c = dispersive ? m.concentration(seg, 0) : r.concentration(0);
      if (c >= 0.5) t50 = prev_t + (0.5 - prev_c) / (c - prev_c) * (t - prev_t);
      prev_t = t;
      prev_c = c;
    }
    WARN("dispersion " << disp << " m2/s: 50 % crossing at x = " << x << " m after " << t50 << " s, x/u = " << x / 0.5
                       << " s");
    CHECK(std::abs(t50 - x / 0.5) <= 1000.0);
  }
}

TEST_CASE("border sections are found where a reach crosses a jurisdiction border", "[rivers][verification]") {
  // Province A covers x < 12 km, B covers x > 12 km; the reach runs 0 -> 30 km,
  // its last 2 km over water (in no polygon, so it keeps B).
  const char* yaml = R"(
crs: model
segment_length_m: 1000
dispersion: 0
constituents: [{name: COD, decay_k20: 0.1}]
reaches:
  - {id: r, points: [[0, 0], [30000, 0]], to: {mouth: sea}, hydraulic_geometry: {width_m: 50, depth_m: 2}}
  - {id: t, points: [[5000, 8000], [5000, 0]], to: {reach: r}, hydraulic_geometry: {width_m: 20, depth_m: 1}}
  - {id: shared, points: [[40000, 5000], [40000, 0]], to: {mouth: sea2}, jurisdiction: "A|C"}
inflows:
  - {id: a, reach: r, discharge: 50, concentration: {COD: 10}}
  - {id: b, reach: t, discharge: 5, concentration: {COD: 20}}
  - {id: c, reach: shared, discharge: 5, concentration: {COD: 20}}
sections:
  - {id: shared_mouth, reach: shared, at: [40000, 0], downstream_jurisdiction: sea}
)";
  const std::vector<PolygonFeature> polys{rivertest::box(-1000, -5000, 12000, 20000, "A"),
                                          rivertest::box(12000, -5000, 28000, 20000, "B")};
  RiverModel m(rivertest::network_from_yaml(yaml, {}, polys));
  const auto& secs = m.network().sections;
  int borders = 0;
  for (const auto& s : secs)
    if (s.border) {
      ++borders;
      CHECK(s.id == "r:A->B");
      CHECK(s.upstream_jurisdiction == "A");
      CHECK(s.downstream_jurisdiction == "B");
      CHECK(std::abs(s.x - 12000) <= 1000);  // within one segment of the true crossing
      CHECK(s.river == "sea");
    }
  CHECK(borders == 1);  // the tributary lies in A throughout; the shared reach is fixed
  CHECK(m.section("shared_mouth").section.upstream_jurisdiction == "A|C");
  m.spin_up(0, 20 * 86400);
  m.advance(0, 86400);
  const auto& rec = m.section("r:A->B").records.back();
  const int seg = m.section("r:A->B").section.seg;
  CHECK(rec.discharge_m3s() == Approx(55.0).epsilon(1e-12));
  // With D = 0 the flux through the face is Q C of the upstream segment (to
  // 1e-5: the discrete steady state depends slightly on the sub-step, which
  // differs between the spin-up blocks and this one-day block).
  CHECK(rec.flux_g_s(0) == Approx(55.0 * m.concentration(seg, 0)).epsilon(1e-5));
}

TEST_CASE("Streeter-Phelps sag along a uniform reach within 0.5 % of the analytic deficit", "[rivers][verification]") {
  // u = 0.5 m/s, kd = 0.3/day, ka = 1.0/day, L0 = 10, D0 = 1 mg/L, 50 km (1.16 days):
  // D(t) = kd L0 / (ka - kd) (exp(-kd t) - exp(-ka t)) + D0 exp(-ka t), t = x / u.
  const char* yaml = R"(
crs: model
segment_length_m: 250
dispersion: 0
temperature_c: 20
constituents:
  - {name: BOD5, decay_k20: 0.3}
  - {name: DO_deficit}
streeter_phelps: {bod: BOD5, deficit: DO_deficit, reaeration: 1.0}
reaches:
  - {id: r, points: [[0, 0], [50000, 0]], to: {mouth: sea}, hydraulic_geometry: {width_m: 100, depth_m: 2}}
inflows:
  - {id: up, reach: r, discharge: 100, concentration: {BOD5: 10, DO_deficit: 1}}
)";
  RiverModel m(rivertest::network_from_yaml(yaml));
  m.spin_up(0, 6 * 1e5);
  const double kd = 0.3 / 86400, ka = 1.0 / 86400, u = 0.5;
  double worst = 0;
  for (size_t i = 0; i < m.network().segments(); ++i) {
    const double t = m.network().chainage[i] / u;
    const double exact = kd * 10 / (ka - kd) * (std::exp(-kd * t) - std::exp(-ka * t)) + std::exp(-ka * t);
    worst = std::max(worst, std::abs(m.concentration(i, 1) / exact - 1));
  }
  WARN("Streeter-Phelps: largest relative error of the deficit " << worst << " (tolerance 0.005)");
  CHECK(worst < 0.005);
  CHECK(m.dissolved_oxygen(0) == Approx(9.09 - m.concentration(0, 1)).margin(0.01));
  // The oxygen budget closes: what BOD decay consumed appears in the deficit.
  m.advance(0, 86400);
  const auto& b = m.budgets().at(0);
  CHECK(b.produced[1] == Approx(b.decay[0]).epsilon(1e-14));
  CHECK(b.relative_residual(1) < 1e-12);
}

TEST_CASE("load factors: the sum of single-source runs equals the full run (superposition)", "[rivers][verification]") {
  const char* yaml = R"(
crs: model
segment_length_m: 1000
dispersion: fischer
temperature_c: {wet: 28, dry: 18}
constituents:
  - {name: BOD5, decay_k20: 0.3}
  - {name: DO_deficit}
  - {name: TP, settling_velocity: 0.1}
streeter_phelps: {bod: BOD5, deficit: DO_deficit, reaeration: oconnor_dobbins}
reaches:
  - {id: up, points: [[0, 10000], [0, 0]], to: {reach: main}}
  - {id: main, points: [[0, 0], [30000, 0]], to: {mouth: sea}}
inflows:
  - {id: a, reach: up, discharge: {wet: 60, dry: 20}, concentration: {BOD5: 3, DO_deficit: 1, TP: 0.1}}
  - {id: b, reach: main, discharge: 30, concentration: {BOD5: 2, DO_deficit: 0.5, TP: 0.05}}
point_sources:
  - {id: city, reach: main, at: [10000, 0], jurisdiction: A, sector: domestic, load_kg_d: {BOD5: 3000, TP: 50}}
  - {id: plant, reach: up, at: [0, 5000], jurisdiction: B, sector: industry, flow_m3s: 0.5,
     concentration: {BOD5: 40, TP: 2}}
)";
  const auto net = rivertest::network_from_yaml(yaml);
  const std::vector<std::string> sources{"city", "plant"}, inflows{"a", "b"};
  auto run = [&](const std::string& only) {  // "" = everything
    RiverModel m(net);
    for (const auto& s : sources) m.set_source_factor(s, only.empty() || only == s ? 1.0 : 0.0);
    for (const auto& s : inflows) m.set_inflow_factor(s, only.empty() || only == s ? 1.0 : 0.0);
    std::vector<double> out(3, 0.0);
    for (int k = 0; k < 72; ++k) {
      m.advance(1586000000.0 + k * 3600.0, 3600.0);  // April 2020: wet season
      for (size_t c = 0; c < 3; ++c) out[c] += m.mouth_outflow("sea").mass_g[c];
    }
    return out;
  };
  const auto full = run("");
  std::vector<double> sum(3, 0.0);
  for (const auto& id : {"city", "plant", "a", "b"}) {
    const auto part = run(id);
    for (size_t c = 0; c < 3; ++c) sum[c] += part[c];
  }
  for (size_t c = 0; c < 3; ++c) {
    WARN("superposition constituent " << c << ": relative difference " << std::abs(sum[c] - full[c]) / full[c]);
    CHECK(std::abs(sum[c] - full[c]) <= 1e-12 * full[c]);
  }
  RiverModel m(net);
  CHECK_THROWS_AS(m.set_source_factor("nowhere", 0.5), InputError);
  CHECK_THROWS_AS(m.set_inflow_factor("a", -1), InputError);
}

namespace {
// 50 km reach on the default power-law geometry, upstream discharge stepping
// from 50 to 100 m3/s at t = 0, a conservative tracer and a decaying one.
std::string kinematic_reach(const std::string& flow) {
  return "crs: model\nsegment_length_m: 1000\ndispersion: fischer\nflow: " + flow + R"(
constituents: [{name: tracer}, {name: COD, decay_k20: 0.2, settling_velocity: 0.1}]
reaches:
  - {id: r, points: [[0, 0], [50000, 0]], to: {mouth: sea}}
inflows:
  - id: up
    reach: r
    discharge: {time_units: seconds since 1970-01-01, times: [-864000, 0, 1, 864000], values: [50, 50, 100, 100]}
    concentration: {tracer: 1, COD: {time_units: seconds since 1970-01-01, times: [-864000, 0, 864000], values: [20, 5, 5]}}
)";
}
}  // namespace

TEST_CASE("kinematic wave: the flood step arrives at the shock speed, water and mass balance",
          "[rivers][verification]") {
  RiverModel m(rivertest::network_from_yaml(kinematic_reach("kinematic")));
  m.spin_up(-3600);  // steady at 50 m3/s
  double v0 = 0;
  for (double v : m.volume()) v0 += v;
  // Shock speed from Rankine-Hugoniot, c = dQ / dA with A = a c Q^(b + f).
  const HydraulicGeometry g;
  const double c = 50.0 / (cross_section_area(g, 100) - cross_section_area(g, 50)), arrival = 50000 / c;
  double t50 = -1, prev_t = -1800, prev_q = 50;
  for (int k = 0; k < 48; ++k) {
    m.advance(k * 3600.0, 3600.0);
    const double t = (k + 0.5) * 3600.0, q = m.mouth_outflow("sea").discharge_m3s();  // hourly mean at mid-hour
    if (t50 < 0 && q >= 75) t50 = prev_t + (75 - prev_q) / (q - prev_q) * (t - prev_t);
    prev_t = t;
    prev_q = q;
  }
  WARN("kinematic wave: mouth discharge crosses 75 m3/s after " << t50 << " s; shock arrival L/c = " << arrival
                                                                << " s");
  CHECK(std::abs(t50 - arrival) <= 0.05 * arrival);                            // hourly records: 5 %
  CHECK(m.mouth_outflow("sea").discharge_m3s() == Approx(100).epsilon(1e-6));  // new steady state
  double v1 = 0;
  for (double v : m.volume()) v1 += v;
  const auto& b = m.budgets().at(0);
  const double water_residual = v0 + b.water_in_m3 - b.water_out_m3 - v1;
  WARN("kinematic water residual " << water_residual / b.water_in_m3 << " relative");
  CHECK(std::abs(water_residual) <= 1e-12 * b.water_in_m3);
  for (size_t k = 0; k < 2; ++k) CHECK(b.relative_residual(k) < 1e-12);
  // A uniform inflow concentration stays uniform while volumes change (same fluxes for water and mass).
  for (size_t i = 0; i < m.network().segments(); ++i) CHECK(m.concentration(i, 0) == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("kinematic wave at constant inflow reproduces the steady solution", "[rivers][verification]") {
  RiverModel kin(rivertest::network_from_yaml(kinematic_reach("kinematic")));
  RiverModel ste(rivertest::network_from_yaml(kinematic_reach("steady")));
  kin.spin_up(-7200, 3 * 86400);
  ste.spin_up(-7200, 3 * 86400);
  for (size_t i = 0; i < kin.network().segments(); ++i) {
    CHECK(kin.discharge()[i] == Approx(50).epsilon(1e-12));
    CHECK(kin.concentration(i, 1) == Approx(ste.concentration(i, 1)).epsilon(1e-6));
  }
}
