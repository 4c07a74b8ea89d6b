// Pointwise physics and tidal astronomy, checked against hand values.
#include <catch2/catch.hpp>
#include <cmath>

#include "solver/hydro/physics.hpp"
#include "solver/hydro/tide_constituents.hpp"

using namespace beibu::hydro;
using Catch::Detail::Approx;

TEST_CASE("pointwise physics", "[hydro]") {
  CHECK(coriolis(20.0) == Approx(2 * 7.2921e-5 * std::sin(20.0 * kPi / 180)));
  CHECK(coriolis(0.0) == 0.0);
  CHECK(large_pond_cd(5.0) == Approx(1.2e-3));
  CHECK(large_pond_cd(20.0) == Approx((0.49 + 0.065 * 20) * 1e-3));
  CHECK(large_pond_cd(40.0) == Approx(large_pond_cd(25.0)));
  CHECK(wind_stress(10.0, 0.0, 10.0) == Approx(1.225 * 1.2e-3 * 100));
  CHECK(wind_stress(10.0, 0.0, 0.0) == 0.0);
  // Manning: g n^2 |u| / H^(4/3)
  CHECK(manning_gamma(0.025, 1.0, 10.0, 0.05) == Approx(9.81 * 0.025 * 0.025 / std::pow(10.0, 4.0 / 3.0)));
  CHECK(manning_gamma(0.025, 1.0, 0.0, 0.05) == Approx(manning_gamma(0.025, 1.0, 0.05, 0.05)));
  // Upwind depth: flow from the left takes the left surface; at rest the higher one.
  CHECK(upwind_edge_depth(1.0, 0.5, 0.2, 10, 4) == Approx(4.5));
  CHECK(upwind_edge_depth(-1.0, 0.5, 0.2, 10, 4) == Approx(4.2));
  CHECK(upwind_edge_depth(0.0, 0.0, 2.0, 10, -2) == 0.0);          // wet cell next to a dry island stays closed
  CHECK(upwind_edge_depth(0.0, 2.5, 2.0, 10, -2) == Approx(0.5));  // water above the island's bottom: open
  CHECK(ramp(0.0, 3600) == 0.0);
  CHECK(ramp(1e9, 3600) == Approx(1.0));
  CHECK(ramp(5.0, 0.0) == 1.0);
  CHECK(tangential(1, 0, 0.3, 0.7) == Approx(0.7));
}

TEST_CASE("tidal astronomy", "[hydro]") {
  CHECK(days_since_j2000("2000-01-01 12:00:00", "") == Approx(0.0).margin(1e-12));
  CHECK(days_since_j2000("2000-01-01", "") == Approx(-0.5));
  CHECK(days_since_j2000("2020-03-01 00:00:00", "") == Approx(7364.5));
  CHECK_THROWS(days_since_j2000("2020-13-01", "start"));
  CHECK_THROWS(days_since_j2000("yesterday", "start"));
  // S2 is solar: V0 = 2T, 0 deg at midnight and 180 deg at 06 UTC.
  const Constituent& s2 = *find_constituent("S2");
  CHECK(std::fabs(std::remainder(equilibrium_argument(s2, astro_arguments(days_since_j2000("2010-05-05", ""))),
                                 360.0)) < 1e-6);
  CHECK(equilibrium_argument(s2, astro_arguments(days_since_j2000("2010-05-05 06:00:00", ""))) == Approx(180.0));
  for (const char* n : {"K1", "O1", "P1", "Q1", "M2", "S2", "N2", "K2"}) REQUIRE(find_constituent(n));
  CHECK(find_constituent("X9") == nullptr);
  CHECK(angular_speed(*find_constituent("K1")) == Approx(7.2921e-5).epsilon(1e-4));
  // Nodal factors stay within their 18.6-year ranges.
  for (double d = 0; d < 7000; d += 500) {
    const Astro a = astro_arguments(d);
    double f, u;
    nodal_correction(*find_constituent("K1"), a, f, u);
    CHECK(f > 0.87);
    CHECK(f < 1.13);
    nodal_correction(*find_constituent("O1"), a, f, u);
    CHECK(f > 0.80);
    CHECK(f < 1.20);
    nodal_correction(*find_constituent("M2"), a, f, u);
    CHECK(std::fabs(f - 1) < 0.04);
    CHECK(std::fabs(u) < 2.2);
  }
}

#include "solver/hydro/harmonic_analysis.hpp"

TEST_CASE("harmonic analysis recovers a synthetic diurnal tide", "[hydro]") {
  const std::string start = "2019-06-01 00:00:00";
  const double d0 = days_since_j2000(start, "");
  struct {
    const char* n;
    double A, g;
  } truth[] = {{"K1", 0.85, 100}, {"O1", 0.80, 60}, {"M2", 0.12, 200}, {"S2", 0.05, 250}};
  std::vector<double> t, y;
  for (double s = 0; s < 30 * 86400.0; s += 1800) {
    // The analysis takes V, f and u at each instant.
    const Astro a = astro_arguments(d0 + s / 86400.0);
    double v = 0.3;
    for (const auto& c : truth) {
      const Constituent& k = *find_constituent(c.n);
      double f, u;
      nodal_correction(k, a, f, u);
      v += f * c.A * std::cos((equilibrium_argument(k, a) + u - c.g) * kPi / 180);
    }
    t.push_back(s);
    y.push_back(v);
  }
  const HarmonicFit fit = harmonic_analysis(t, y, {"K1", "O1", "M2", "S2"}, start);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(fit.amplitude[i] == Approx(truth[i].A).margin(1e-9));
    CHECK(std::fabs(std::remainder(fit.phase[i] - truth[i].g, 360.0)) < 1e-6);
  }
  CHECK(fit.mean == Approx(0.3));
  CHECK(form_factor(fit) == Approx((0.85 + 0.80) / (0.12 + 0.05)));
  CHECK(rayleigh_record_length({"K1", "O1"}) / 86400 == Approx(13.66).epsilon(1e-3));
  CHECK_THROWS(harmonic_analysis(std::vector<double>(t.begin(), t.begin() + 100),
                                 std::vector<double>(y.begin(), y.begin() + 100), {"K1", "P1"}, start));
}

TEST_CASE("Minor diurnals join an analysis together, when the record separates them all", "[hydro][unit]") {
  // 2Q1, J1, OO1 and M1 are 0.544-0.554 deg/h from Q1, K1, J1 and O1: 27.6 days.
  const std::vector<std::string> base = {"K1", "O1", "M2", "S2", "N2", "Q1"};
  const std::vector<std::string> all = with_minor_diurnals(base, 30 * 86400.0);
  REQUIRE(all.size() == base.size() + 4);
  CHECK(std::vector<std::string>(all.end() - 4, all.end()) == std::vector<std::string>{"2Q1", "J1", "OO1", "M1"});
  CHECK(rayleigh_record_length(all) / 86400 == Approx(27.6).epsilon(0.01));
  CHECK(with_minor_diurnals(base, 27 * 86400.0) == base);
  // 15 days separate 2Q1 and OO1 from K1 and O1, but not from Q1 and J1: none join.
  CHECK(with_minor_diurnals({"K1", "O1", "M2", "S2"}, 15 * 86400.0) ==
        std::vector<std::string>{"K1", "O1", "M2", "S2"});
  CHECK(with_minor_diurnals({"K1", "O1", "M2", "S2"}, 60 * 86400.0).size() == 4);  // no Q1
}
