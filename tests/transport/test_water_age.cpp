// Water age (age-concentration method): the mean age alpha / C of the water that came
// in through sources and open boundaries can never exceed the time since the start
// (the age tracer starts at 0 everywhere, so there is no initial age to add). The
// bounded second-order scheme limits C and alpha each on its own, which can break
// alpha <= (t - t0) C at a front; the model must keep the bound in every cell.
#include <catch2/catch.hpp>
#include <cstdio>

#include "core/config.hpp"
#include "solver/transport/providers/analytic_flow.hpp"
#include "transport_cases.hpp"

using namespace beibu;
using namespace beibu::test;

TEST_CASE("Water age never exceeds the time since the start", "[transport]") {
  // A graded mesh (several time levels), open on all sides, with a tide sweeping a
  // front of boundary water back and forth.
  const Mesh g = graded_mesh(20000, 16, true, 3);
  const LocalMesh lm = distribute_mesh(g, PETSC_COMM_SELF);
  const auto cfg = parse_transport_config(Config::load_string(R"(
constituents:
  - {name: salinity, conservative: true, initial: 30, boundary_default: 34}
water_age: {name: age}
diffusivity: 1.0
time_levels: 4
)",
                                                              "age.yaml"));
  TransportModel model(g, lm, cfg);
  int kt = -1, ka = -1;
  for (int k = 0; k < model.ncomp(); ++k) {
    if (model.components()[k].kind == ComponentInfo::kAgeTracer) kt = k;
    if (model.components()[k].kind == ComponentInfo::kAgeConcentration) ka = k;
  }
  REQUIRE(kt >= 0);
  REQUIRE(ka >= 0);
  auto flow = make_tidal_channel_flow(lm, 0.05, 0.6, 12 * 3600.0);
  FlowState fs;
  const double dt = 600;
  flow->advance(0, dt, fs);
  model.initialise(0, fs.volume0);
  model.advance(fs);
  double worst = 0;  // largest alpha / ((t - t0) C) over cells and intervals
  long cells_with_tracer = 0;
  for (int i = 1; i < 2 * 24 * 6; ++i) {
    flow->advance(model.time(), dt, fs);
    model.advance(fs);
    const auto c = model.concentration();
    const double elapsed = model.time();
    for (int p = 0; p < lm.n_owned; ++p) {
      const double tracer = c[static_cast<std::size_t>(p) * model.ncomp() + kt];
      const double alpha = c[static_cast<std::size_t>(p) * model.ncomp() + ka];
      if (!model.is_wet(p) || !(tracer > 1e-12)) continue;
      ++cells_with_tracer;
      worst = std::max(worst, alpha / (tracer * elapsed));
    }
  }
  std::printf("water age: largest age / elapsed time %.6f over %ld cell-intervals with tracer\n", worst,
              cells_with_tracer);
  CHECK(cells_with_tracer > 0);
  CHECK(worst <= 1 + 1e-12);
}
