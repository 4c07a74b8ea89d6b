// Allowable loads, inverse estimation and the compensation ledger, on small
// problems whose solutions are worked out by hand in the comments.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/error.hpp"
#include "scenarios/apportion/allocation.hpp"
#include "scenarios/apportion/inverse.hpp"
#include "scenarios/apportion/ledger.hpp"
#include "scenarios/apportion/load_combination.hpp"
#include "scenarios/apportion/observed_means.hpp"

using namespace beibu;

namespace {
// One receptor, two sources: c = 0.1 + 1 x1 + 2 x2, limit 1.0, no margin, today x = (0.5, 0.5) -> c = 1.6.
AllocationProblem two_sources() {
  AllocationProblem p;
  p.sources = {"a", "b"};
  p.receptors = {"bay"};
  p.R = {1.0, 2.0};
  p.background = {0.1};
  p.target = {1.0};
  p.margin = 0.0;
  p.current = {0.5, 0.5};
  return p;
}
}  // namespace

TEST_CASE("Allocation: maximum total load prefers the source with the weaker response", "[allocation]") {
  const auto r = allocate(two_sources());
  REQUIRE(r.feasible);
  // x1 + 2 x2 <= 0.9 with x <= 0.5: x1 = 0.5, x2 = 0.2.
  CHECK(r.allowed[0] == Approx(0.5));
  CHECK(r.allowed[1] == Approx(0.2));
  CHECK(r.total_allowed == Approx(0.7));
  CHECK(r.concentration[0] == Approx(1.0));
  CHECK(r.binding[0]);
  CHECK(r.reduction[1] == Approx(0.6));
}

TEST_CASE("Allocation: fairness rules", "[allocation]") {
  auto p = two_sources();
  p.fairness = Fairness::equal_cut;  // 0.5 (1 - r) * 3 = 0.9 -> r = 0.4
  auto r = allocate(p);
  REQUIRE(r.feasible);
  CHECK(r.allowed[0] == Approx(0.3).epsilon(1e-9));
  CHECK(r.allowed[1] == Approx(0.3).epsilon(1e-9));
  p.fairness = Fairness::proportional;  // shares 0.5 : 1 -> 1.5 - 1.25 r = 0.9 -> r = 0.48
  r = allocate(p);
  REQUIRE(r.feasible);
  CHECK(r.allowed[0] == Approx(0.38).epsilon(1e-9));
  CHECK(r.allowed[1] == Approx(0.26).epsilon(1e-9));
  p.fairness = Fairness::cost_optimal;  // cutting b costs 10x: keep b, x2 = 0.45, x1 = 0
  p.cost = {1.0, 10.0};
  r = allocate(p);
  REQUIRE(r.feasible);
  CHECK(r.allowed[0] == Approx(0.0).margin(1e-12));
  CHECK(r.allowed[1] == Approx(0.45));
  // The margin of safety tightens the limit: 0.9 * 1.0 - 0.1 = 0.8 for the sources.
  p = two_sources();
  p.margin = 0.1;
  r = allocate(p);
  CHECK(r.total_allowed == Approx(0.5 + 0.15));
}

TEST_CASE("Allocation: infeasible targets are explained by receptor and floor", "[allocation]") {
  auto p = two_sources();
  p.lower = {0.5, 0.0};  // source a cannot go below its natural background
  p.background = {0.6};  // 0.6 + 0.5 = 1.1 > 1.0 even with b at zero
  const auto r = allocate(p);
  CHECK_FALSE(r.feasible);
  REQUIRE(r.infeasible.size() == 1);
  CHECK(r.infeasible[0].receptor == "bay");
  CHECK(r.infeasible[0].best_possible == Approx(1.1));
  CHECK(r.infeasible[0].excess == Approx(0.1));
  REQUIRE(r.infeasible[0].floor_contributions.size() == 2);
  CHECK(r.infeasible[0].floor_contributions[0].second == Approx(0.6));  // background first (largest)
  CHECK(r.infeasible[0].floor_contributions[1].first == "a");
  p.R = {1.0};
  CHECK_THROWS_AS(allocate(p), InputError);
}

TEST_CASE("Evaluating a load combination equals the direct sum to round-off", "[allocation]") {
  // Widths around the 4-wide unrolling and the prefetch distance; enough rows that
  // prefetching runs ahead and stops before the end of the matrix.
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (std::size_t n : {1u, 3u, 4u, 5u, 19u, 50u, 67u}) {
    const std::size_t m = 3000;
    std::vector<double> R(m * n), b(m), x(n), c(m, -1.0);
    for (double& v : R) v = 2e-4 * u(rng);
    for (double& v : b) v = 0.1 * u(rng);
    for (double& v : x) v = 500 * u(rng);
    evaluate_combination(R.data(), b.data(), x.data(), m, n, c.data());
    double worst = 0;
    for (std::size_t j = 0; j < m; ++j) {
      long double direct = b[j];
      for (std::size_t i = 0; i < n; ++i) direct += static_cast<long double>(R[j * n + i]) * x[i];
      worst = std::max(worst, static_cast<double>(std::fabs((c[j] - direct) / direct)));
    }
    INFO("n = " << n);
    CHECK(worst < 1e-14);  // n + 1 roundings of positive terms: at most ~(n + 1) 1.1e-16
  }
  AllocationProblem p = two_sources();
  std::vector<double> out{9, 9, 9};  // reused: resized to one value per receptor
  evaluate_loads(p, {0.5, 0.5}, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0] == Approx(1.6).epsilon(1e-15));
  CHECK_THROWS_AS(evaluate_loads(p, {0.5}, out), InputError);
}

TEST_CASE("Observed period means: units converted, uncertainty optional, bad rows named", "[allocation]") {
  std::istringstream ok(
      "station_id,parameter,value,unit,uncertainty,name\n"
      "S1,DIN,0.21,mg/L,0.01,Qinzhou\n"
      "S1,NH3-N,10,umol/L,,Qinzhou\n"
      "S2,COD,2.5,mg/L,,Beihai\n");
  const auto obs = parse_observed_means(ok, "obs.csv");
  REQUIRE(obs.size() == 3);
  CHECK(obs[0].constituent == "DIN");
  CHECK(obs[0].uncertainty == Approx(0.01));
  CHECK(obs[1].constituent == "NH4");
  CHECK(obs[1].value == Approx(10 * 14.007 / 1000));
  CHECK(std::isnan(obs[1].uncertainty));
  CHECK(obs[2].line == 4);
  auto fails = [](const std::string& text) {
    std::istringstream in("station_id,parameter,value,unit,uncertainty\n" + text);
    try {
      parse_observed_means(in, "obs.csv");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(fails("S1,DIN,-0.1,mg/L,0.01\n"), Catch::Contains("line 2: negative value"));
  CHECK_THAT(fails("S1,DIN,NA,mg/L,0.01\n"), Catch::Contains("line 2: bad number 'NA'"));
  CHECK_THAT(fails("S1,DIN,0.2,mg/L,0\n"), Catch::Contains("line 2: uncertainty 0 is not > 0"));
  CHECK_THAT(fails("S1,DIN,0.2,furlongs,0.1\n"), Catch::Contains("line 2"));
  CHECK_THAT(fails("S1,DIN,0.2,mg/L\n"), Catch::Contains("line 2: expected 5 fields, found 4"));
  CHECK_THAT(fails(""), Catch::Contains("no observations"));
}

TEST_CASE("Inverse estimation recovers known loads from noisy observations", "[allocation]") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0.001, 0.01);
  std::normal_distribution<double> noise(0.0, 1.0);
  InverseProblem p;
  p.sources = {"a", "b", "c", "d"};
  const std::vector<double> truth{50.0, 20.0, 80.0, 0.0};
  const int m = 40;
  for (int k = 0; k < m * 4; ++k) p.R.push_back(u(rng));
  for (int k = 0; k < m; ++k) {
    double c = 0.05;
    for (int i = 0; i < 4; ++i) c += p.R[k * 4 + i] * truth[i];
    p.background.push_back(0.05);
    p.sigma.push_back(0.01 * c);
    p.observed.push_back(c + 0.01 * c * noise(rng));
  }
  const auto r = estimate_loads(p);
  for (int i = 0; i < 3; ++i) {
    CHECK(std::fabs(r.load[i] - truth[i]) < 4 * r.std_error[i] + 1e-9);
    CHECK(r.std_error[i] > 0);
    CHECK(r.std_error[i] < 0.2 * truth[i]);
  }
  CHECK(r.load[3] < 4 * 1.0 + 1e-9);  // zero load: estimate near the bound
  CHECK(r.chi2 < 3.0 * m);
  p.sigma[0] = 0;
  CHECK_THROWS_AS(estimate_loads(p), InputError);
}

TEST_CASE("Ledger: who pays whom under the Jiuzhou-style rule", "[allocation]") {
  const std::string dir = std::filesystem::temp_directory_path() / ("beibu_ledger_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/agreements.yaml";
  std::ofstream(path) << "agreements:\n"
                         "  - id: jiuzhou\n"
                         "    section: jiuzhou_border\n"
                         "    upstream: CN.GX\n"
                         "    downstream: CN.GD\n"
                         "    standard: "
                      << BEIBU_DATA_DIR
                      << "/standards/gb3838-2002.yaml\n"
                         "    target_class: 3\n"
                         "    parameters: [COD, NH3N, TP]\n"
                         "    paid_when_met: 3.0e8\n"
                         "    paid_when_failed: 1.0e8\n";
  const auto agreements = load_agreements(path);
  // GB 3838 Class III: COD <= 20, NH3-N <= 1.0, TP <= 0.2.
  auto e = evaluate_ledger(agreements, {{"jiuzhou_border", {{"COD", 18}, {"NH3N", 0.9}, {"TP", 0.15}}}}, path);
  REQUIRE(e.size() == 1);
  CHECK(e[0].met);
  CHECK(e[0].section_class == 2);
  CHECK(e[0].payer == "CN.GD");
  CHECK(e[0].payee == "CN.GX");
  CHECK(e[0].amount == 3.0e8);
  e = evaluate_ledger(agreements, {{"jiuzhou_border", {{"COD", 18}, {"NH3N", 1.2}, {"TP", 0.15}}}}, path);
  CHECK_FALSE(e[0].met);
  CHECK(e[0].payer == "CN.GX");
  CHECK(e[0].amount == 1.0e8);
  CHECK_THAT(e[0].reason, Catch::Contains("NH3N"));
  CHECK(net_positions(e).at("CN.GD (CNY)") == 1.0e8);
  CHECK_THROWS_WITH(evaluate_ledger(agreements, {{"other", {}}}, path), Catch::Contains("line 2"));
  std::filesystem::remove_all(dir);
}
