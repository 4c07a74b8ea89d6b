// Skill scores against values worked by hand, and model/observation pairing in time.
#include <catch2/catch.hpp>
#include <cmath>

#include "ingest/cf_time.hpp"
#include "ingest/skill.hpp"

using namespace beibu;

TEST_CASE("skill scores worked by hand", "[skill]") {
  // o = 1 2 3 4, m = 2 2 4 4: e = 1 0 1 0; mean o 2.5, mean m 3.
  const SkillStats s = skill_stats({1, 2, 3, 4}, {2, 2, 4, 4});
  CHECK(s.n == 4);
  CHECK(s.bias == Approx(0.5));
  CHECK(s.rmse == Approx(std::sqrt(0.5)));
  // r: cov = sum (o-2.5)(m-3) = (-1.5)(-1) + (-0.5)(-1) + (0.5)(1) + (1.5)(1) = 4; var o 5, var m 4.
  CHECK(s.r == Approx(4 / std::sqrt(5.0 * 4.0)));
  // NSE = 1 - 2 / 5.
  CHECK(s.nse == Approx(0.6));
  // Willmott: sum (|m - 2.5| + |o - 2.5|)^2 = (0.5+1.5)^2 + (0.5+0.5)^2 + (1.5+0.5)^2 + (1.5+1.5)^2 = 4+1+4+9 = 18.
  CHECK(s.willmott_d == Approx(1 - 2.0 / 18.0));

  const SkillStats perfect = skill_stats({1, 3, 2}, {1, 3, 2});
  CHECK(perfect.rmse == 0);
  CHECK(perfect.nse == 1);
  CHECK(perfect.willmott_d == 1);
  CHECK(perfect.r == Approx(1));
  const SkillStats flat = skill_stats({2, 2}, {1, 3});
  CHECK(std::isnan(flat.nse));  // no observed variance
  CHECK(std::isnan(flat.r));
  CHECK(skill_stats({}, {}).n == 0);
}

TEST_CASE("pairing interpolates the model in time and respects gaps", "[skill]") {
  const double t0 = parse_iso8601("2024-07-01T00:00Z");
  auto o = [&](const std::string& st, double h, double v) {
    Observation x;
    x.station = st;
    x.parameter = Parameter::DIN;
    x.time = t0 + h * 3600;
    x.value = v;
    return x;
  };
  const std::vector<Observation> model{o("A", 0, 0.10), o("A", 1, 0.20), o("A", 10, 0.30), o("B", 0, 1.0)};
  const std::vector<Observation> obs{o("A", 0.5, 0.12), o("A", 1, 0.25), o("A", 5, 0.3),
                                     o("A", 11, 0.3),   o("B", 0, 0.9),  o("C", 0, 1)};
  const auto pairs = pair_model_obs(obs, model, 3 * 3600.0);
  REQUIRE(pairs.size() == 3);  // 5 h is across a 9 h gap, 11 h is past the end, C has no model
  CHECK(pairs[0].station == "A");
  CHECK(pairs[0].model == Approx(0.15));
  CHECK(pairs[1].model == Approx(0.20));
  CHECK(pairs[2].station == "B");
  const auto rows = skill_table(pairs);
  REQUIRE(rows.size() == 3);  // A, B and ALL
  CHECK(rows.back().station == "ALL");
  CHECK(rows.back().stats.n == 3);
}
