// Flux sections: the mass they report is exactly the mass the scheme moved.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "solver/transport/providers/analytic_flow.hpp"
#include "transport_cases.hpp"

using namespace beibu;
using namespace beibu::test;

namespace {

// (face, local edge) entries of the boundary of the face set `inside`, each edge
// once, positive out of the set. Domain-boundary edges are included when `domain_edges`.
std::vector<std::pair<long, int>> boundary_of(const Mesh& g, const std::vector<char>& inside, bool domain_edges) {
  std::vector<std::pair<long, int>> out;
  for (std::size_t f = 0; f < g.n_faces(); ++f) {
    if (!inside[f]) continue;
    for (int j = 0; j < 3; ++j) {
      const int e = g.face_edge[3 * f + j];
      const int a = g.edge_face[2 * e], b = g.edge_face[2 * e + 1];
      const int other = a == static_cast<int>(f) ? b : a;
      if (other < 0 ? domain_edges : !inside[other]) out.emplace_back(static_cast<long>(f), j);
    }
  }
  return out;
}

TransportConfig section_config(long source_cell) {
  TransportConfig c = simple_config({"a", "b"}, 3.0);
  c.constituents[1].conservative = false;
  c.constituents[1].decay_k20 = 2.0;
  c.constituents[1].settling_velocity = 1.0;
  c.constituents[1].boundary_default = 0.5;
  PointSourceSpec s;
  s.name = "outfall";
  s.by_cell = true;
  s.cell = source_cell;
  s.load = {{"a", 40.0}, {"b", 10.0}};
  c.sources.push_back(s);
  return c;
}

}  // namespace

TEST_CASE("Flux section around a region: mass change = -(net outflow) + sources, exactly",
          "[transport][verification]") {
  const Mesh g = square_mesh(10000, 24, 0.2, true, 3);
  const LocalMesh lm = distribute_mesh(g, PETSC_COMM_SELF);  // serial: local cell = global face
  // A swirling, tidally varying flow with a river inflow and an intake inside the region.
  auto flow = std::make_unique<VelocityFieldFlow>(
      lm,
      [](double x, double y, double t0, double dt, double& u, double& v) {
        const double s = mean_sine(2 * M_PI / 5000, t0, dt);
        u = -4e-5 * (y - 5000) + 0.15 * s;
        v = 4e-5 * (x - 5000) + 0.05;
      },
      22.0);
  std::vector<char> inside(g.n_faces(), 0);
  long river = -1, intake = -1, outfall = -1;
  for (int c = 0; c < lm.n_owned; ++c) {
    inside[c] = lm.cx[c] > 2500 && lm.cx[c] < 6500 && lm.cy[c] > 3000 && lm.cy[c] < 7000;
    if (std::hypot(lm.cx[c] - 4000, lm.cy[c] - 4000) < 300 && river < 0) river = c;
    if (std::hypot(lm.cx[c] - 5500, lm.cy[c] - 6000) < 300 && intake < 0) intake = c;
    if (std::hypot(lm.cx[c] - 3500, lm.cy[c] - 6000) < 300 && outfall < 0) outfall = c;
  }
  REQUIRE((river >= 0 && intake >= 0 && outfall >= 0));
  REQUIRE((inside[river] && inside[intake] && inside[outfall]));
  flow->set_point_flow(static_cast<int>(river), 30.0);  // fresh water: no constituent mass
  flow->set_point_flow(static_cast<int>(intake), -10.0);
  TransportModel model(g, lm, section_config(outfall));
  CHECK(model.n_sections() == 0);
  const auto region = boundary_of(g, inside, false);
  CHECK(model.add_flux_section("region", region) == 0);
  std::vector<char> all(g.n_faces(), 1);
  CHECK(model.add_flux_section("open boundary", boundary_of(g, all, true)) == 1);
  FlowState fs;
  flow->advance(0, 300, fs);
  model.initialise(0, fs.volume0, [](int k, double x, double y) {
    return (k + 1) * (1.0 + 0.8 * std::sin(x / 1500) * std::cos(y / 2000));
  });
  auto region_mass = [&](int k) {
    double s = 0;
    for (int c = 0; c < lm.n_owned; ++c)
      if (inside[c]) s += model.mass()[static_cast<std::size_t>(c) * model.ncomp() + k];
    return s;
  };
  const double m0 = region_mass(0);
  model.advance(fs);
  run(model, *flow, fs, 9000, 300);
  const auto sf = model.section_fluxes();
  REQUIRE(sf.size() == 2);
  CHECK(sf[0].name == "region");
  const MassBudget b = model.budget();
  // Component a is conservative: all its sources and the intake lie in the region.
  const auto& a = b.at("a");
  const double net_out = sf[0].positive[0] - sf[0].negative[0];
  const double expected = m0 - net_out + a.source_in[0] + a.source_in[1] - a.withdrawal;
  const double got = region_mass(0);
  const double scale = m0 + sf[0].positive[0] + sf[0].negative[0];
  std::printf("region: mass %.6e -> %.6e, out %.4e, in %.4e, sources %.4e, withdrawal %.4e; mismatch %.2e relative\n",
              m0, got, sf[0].positive[0], sf[0].negative[0], a.source_in[0], a.withdrawal,
              std::fabs(got - expected) / scale);
  CHECK(sf[0].positive[0] > 0.01 * m0);  // real two-way exchange, not a trivial balance
  CHECK(sf[0].negative[0] > 0.01 * m0);
  CHECK(a.withdrawal > 0);
  CHECK(std::fabs(got - expected) / scale < 1e-10);
  // The open-boundary section is the budget's boundary exchange, for every component
  // (b decays, settles and enters at the boundary).
  for (int k = 0; k < model.ncomp(); ++k) {
    const auto& c = b.components[k];
    double bout = 0, bin = 0;
    for (std::size_t j = 0; j < c.boundary_out.size(); ++j) {
      bout += c.boundary_out[j];
      bin += c.boundary_in[j];
    }
    const double net = sf[1].positive[k] - sf[1].negative[k];
    std::printf("open boundary %s: section net %.6e, budget out - in %.6e\n", c.name.c_str(), net, bout - bin);
    CHECK(bin + bout > 0);
    CHECK(std::fabs(net - (bout - bin)) <= 1e-12 * (bin + bout));
    CHECK(c.relative_residual() < 1e-10);
  }
}

TEST_CASE("Flux sections: bad entries and duplicate names are refused", "[transport]") {
  const Mesh g = square_mesh(1000, 4, 0.0, true);
  const LocalMesh lm = distribute_mesh(g, PETSC_COMM_SELF);
  TransportModel model(g, lm, simple_config({"a"}));
  CHECK_THROWS_AS(model.add_flux_section("x", {{static_cast<long>(g.n_faces()), 0}}), Failure);
  CHECK_THROWS_AS(model.add_flux_section("x", {{0, 3}}), Failure);
  CHECK_THROWS_AS(model.add_flux_section("x", {{-1, 0}}), Failure);
  model.add_flux_section("x", {{0, 0}});
  CHECK_THROWS_AS(model.add_flux_section("x", {{1, 0}}), Failure);
  CHECK(model.n_sections() == 1);
}
