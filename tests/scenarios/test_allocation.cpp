// Allowable loads, inverse estimation and the compensation ledger, on small
// problems whose solutions are worked out by hand in the comments.
#include <glpk.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "core/error.hpp"
#include "scenarios/apportion/allocation.hpp"
#include "scenarios/apportion/inverse.hpp"
#include "scenarios/apportion/ledger.hpp"
#include "scenarios/apportion/load_combination.hpp"
#include "scenarios/apportion/observed_means.hpp"
#include "scenarios/apportion/optimality_certificate.hpp"

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

namespace {

// A random allocation problem: n groups, m receptors, responses spanning 1e-80 to 1e-2
// (per receptor a magnitude, per entry a spread of 0 to 78 decades below it, some exactly
// 0), limits placed between the floors' and today's concentrations so that limits bind;
// with `infeasible`, one receptor's limit lies below what the floors give.
AllocationProblem random_problem(std::mt19937& rng, std::size_t n, std::size_t m, bool infeasible) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  AllocationProblem p;
  p.margin = 0.1;
  for (std::size_t g = 0; g < n; ++g) {
    p.sources.push_back("g" + std::to_string(g));
    const double hi = std::pow(10.0, 3 * u(rng));  // 1 to 1000 g/s
    p.current.push_back(hi);
    p.lower.push_back(u(rng) < 0.3 ? 0.0 : hi * 0.3 * u(rng));
  }
  for (std::size_t j = 0; j < m; ++j) {
    p.receptors.push_back("r" + std::to_string(j));
    const double mag = std::pow(10.0, -2 - 6 * u(rng));
    double floors = 0, today = 0;
    const double b = 0.3 * u(rng);
    for (std::size_t g = 0; g < n; ++g) {
      const double w = u(rng);
      const double spread = w < 0.5 ? 2 * u(rng) : w < 0.8 ? 2 + 18 * u(rng) : 20 + 58 * u(rng);
      const double r = u(rng) < 0.05 ? 0.0 : std::max(1e-80, mag * std::pow(10.0, -spread));
      p.R.push_back(r);
      floors += r * p.lower[g];
      today += r * p.current[g];
    }
    // Limit less margin between the floors' concentration and a bit above today's.
    const double lim = b + floors + (infeasible && j == m / 2 ? -0.05 : 0.05 + 1.1 * u(rng)) * (today - floors) +
                       (infeasible && j == m / 2 ? -1e-3 : 1e-9);
    p.background.push_back(b);
    p.target.push_back(lim / (1 - p.margin));
  }
  return p;
}

// The optimum by vertex enumeration: every choice of n active constraints among the rows
// and bounds, solved in long double with partial pivoting; the best point that satisfies
// every constraint to 1e-11 relative. NaN if none does.
double vertex_optimum(const LinearProgram& lp) {
  const std::size_t n = lp.cols(), m = lp.rows(), k = m + 2 * n;
  auto row = [&](std::size_t i, std::vector<long double>& a, long double& rhs) {
    a.assign(n, 0.0L);
    if (i < m) {
      for (std::size_t g = 0; g < n; ++g) a[g] = lp.A[i * n + g];
      rhs = lp.r[i];
    } else if (i < m + n) {
      a[i - m] = 1;
      rhs = lp.hi[i - m];
    } else {
      a[i - m - n] = 1;
      rhs = lp.lo[i - m - n];
    }
  };
  double best = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::size_t> pick(n);
  for (std::size_t i = 0; i < n; ++i) pick[i] = i;
  while (true) {
    std::vector<std::vector<long double>> M(n);
    std::vector<long double> rhs(n);
    for (std::size_t i = 0; i < n; ++i) row(pick[i], M[i], rhs[i]);
    bool singular = false;
    for (std::size_t c = 0; c < n && !singular; ++c) {
      std::size_t piv = c;
      for (std::size_t i = c + 1; i < n; ++i)
        if (std::fabs(M[i][c]) > std::fabs(M[piv][c])) piv = i;
      if (M[piv][c] == 0) {
        singular = true;
        break;
      }
      std::swap(M[c], M[piv]);
      std::swap(rhs[c], rhs[piv]);
      for (std::size_t i = 0; i < n; ++i) {
        if (i == c) continue;
        const long double f = M[i][c] / M[c][c];
        for (std::size_t l = c; l < n; ++l) M[i][l] -= f * M[c][l];
        rhs[i] -= f * rhs[c];
      }
    }
    if (!singular) {
      std::vector<double> x(n);
      for (std::size_t c = 0; c < n; ++c) x[c] = static_cast<double>(rhs[c] / M[c][c]);
      if (lp_primal_infeasibility(lp, x) <= 1e-11) {
        double obj = 0;
        for (std::size_t g = 0; g < n; ++g) obj += lp.c[g] * x[g];
        if (std::isnan(best) || obj > best) best = obj;
      }
    }
    // Next combination of n out of k.
    std::size_t i = n;
    while (i > 0 && pick[i - 1] == k - n + i - 1) --i;
    if (i == 0) break;
    ++pick[i - 1];
    for (std::size_t l = i; l < n; ++l) pick[l] = pick[l - 1] + 1;
  }
  return best;
}

// The optimum by GLPK's rational simplex from its standard basis on the unscaled
// programme, built here from the data (not by allocation.cpp). NaN if not optimal.
double exact_optimum(const LinearProgram& lp) {
  glp_prob* g = glp_create_prob();
  glp_set_obj_dir(g, GLP_MAX);
  glp_add_rows(g, static_cast<int>(lp.rows()));
  glp_add_cols(g, static_cast<int>(lp.cols()));
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0};
  for (std::size_t j = 0; j < lp.rows(); ++j) {
    glp_set_row_bnds(g, static_cast<int>(j) + 1, GLP_UP, 0, lp.r[j]);
    for (std::size_t c = 0; c < lp.cols(); ++c)
      if (lp.A[j * lp.cols() + c] != 0) {
        ia.push_back(static_cast<int>(j) + 1);
        ja.push_back(static_cast<int>(c) + 1);
        ar.push_back(lp.A[j * lp.cols() + c]);
      }
  }
  for (std::size_t c = 0; c < lp.cols(); ++c) {
    glp_set_col_bnds(g, static_cast<int>(c) + 1, lp.lo[c] == lp.hi[c] ? GLP_FX : GLP_DB, lp.lo[c], lp.hi[c]);
    glp_set_obj_coef(g, static_cast<int>(c) + 1, lp.c[c]);
  }
  glp_load_matrix(g, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  glp_term_out(GLP_OFF);
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  const int rc = glp_exact(g, &parm);
  const double v =
      rc == 0 && glp_get_status(g) == GLP_OPT ? glp_get_obj_val(g) : std::numeric_limits<double>::quiet_NaN();
  glp_delete_prob(g);
  return v;
}

}  // namespace

TEST_CASE("Allocation: random programmes with responses over 78 decades match vertex enumeration", "[allocation]") {
  std::mt19937 rng(2024);
  int infeasible = 0, binding = 0, zeroed = 0;
  for (int t = 0; t < 120; ++t) {
    const std::size_t n = 2 + t % 2, m = 1 + (t * 7) % 25;
    AllocationProblem p = random_problem(rng, n, m, t % 10 == 9);
    if (t % 3 == 1) {
      p.fairness = Fairness::cost_optimal;
      for (std::size_t g = 0; g < n; ++g) p.cost.push_back(0.1 + 10.0 * (g + 1) / n);
    }
    const LinearProgram lp = allocation_lp(p);
    const double want = vertex_optimum(lp);
    const AllocationResult r = allocate(p);
    INFO("problem " << t << ": " << n << " groups, " << m << " receptors");
    if (std::isnan(want)) {
      CHECK_FALSE(r.feasible);
      CHECK_FALSE(r.infeasible.empty());
      ++infeasible;
      continue;
    }
    REQUIRE(r.feasible);
    REQUIRE(r.optimal);
    CHECK(r.certificate.ok());
    CHECK(std::fabs(r.objective - want) <= 1e-9 * std::fabs(want));
    for (bool b : r.binding) binding += b;
    zeroed += static_cast<int>(r.responses_zeroed);
  }
  CHECK(infeasible >= 10);  // the generator made the cases it claims to
  CHECK(binding > 50);
  CHECK(zeroed > 10);
}

TEST_CASE("Allocation: random programmes up to 300 receptors match GLPK's exact simplex", "[allocation]") {
  std::mt19937 rng(11);
  int solved = 0, infeasible = 0;
  for (int t = 0; t < 40; ++t) {
    const std::size_t n = 3 + t % 4, m = 20 + (t * 37) % 281;
    AllocationProblem p = random_problem(rng, n, m, t % 8 == 7);
    p.fairness = t % 2 ? Fairness::max_total : Fairness::cost_optimal;
    if (p.fairness == Fairness::cost_optimal)
      for (std::size_t g = 0; g < n; ++g) p.cost.push_back(std::pow(10.0, (g % 3) - 1.0));
    const double want = exact_optimum(allocation_lp(p));
    const AllocationResult r = allocate(p);
    INFO("problem " << t << ": " << n << " groups, " << m << " receptors");
    if (std::isnan(want)) {
      CHECK_FALSE(r.feasible);
      ++infeasible;
      continue;
    }
    REQUIRE(r.optimal);
    CHECK(std::fabs(r.objective - want) <= 1e-9 * std::fabs(want));
    CHECK(r.dual_bound >= want * (1 - 1e-9));
    ++solved;
  }
  CHECK(solved >= 30);
  CHECK(infeasible >= 4);
}

TEST_CASE("Allocation: the exact-arithmetic path gives the same certified optimum", "[allocation]") {
  std::mt19937 rng(5);
  for (int t = 0; t < 10; ++t) {
    AllocationProblem p = random_problem(rng, 4, 60, false);
    const AllocationResult a = allocate(p);
    p.exact_arithmetic = true;
    const AllocationResult b = allocate(p);
    REQUIRE(a.optimal);
    REQUIRE(b.optimal);
    CHECK_THAT(b.method, Catch::Contains("exact"));
    CHECK(std::fabs(a.objective - b.objective) <= 1e-9 * b.objective);
  }
}

TEST_CASE("Certificate: shadow prices and reduced costs of the hand-solved case; wrong answers fail", "[allocation]") {
  // Two receptors: x1 + x2 <= 1.0 (binding) and x1 + 3 x2 <= 10 (slack); x <= (0.8, 0.8).
  // Optimum of max x1 + x2: the whole segment x1 + x2 = 1 within the bounds; the shadow
  // price of row 1 is 1, of row 2 is 0; reduced costs 0.
  LinearProgram lp{{1, 1}, {1, 1, 1, 3}, {1.0, 10}, {0, 0}, {0.8, 0.8}};
  auto c = certify_lp(lp, {0.8, 0.2}, {1, 0}, 1e-9);
  CHECK(c.ok());
  CHECK(c.dual_bound == Approx(1.0));
  CHECK(c.reduced_cost[0] == Approx(0).margin(1e-15));
  c = certify_lp(lp, {0.7, 0.2}, {1, 0}, 1e-9);  // feasible but not optimal
  CHECK_THAT(c.failed, Catch::Contains("complementary slackness"));
  c = certify_lp(lp, {0.8, 0.3}, {1, 0}, 1e-9);  // beyond the limit
  CHECK_THAT(c.failed, Catch::Contains("primal feasibility"));
  c = certify_lp(lp, {0.8, 0.2}, {1.5, -0.5}, 1e-9);  // a multiplier of the wrong sign
  CHECK_THAT(c.failed, Catch::Contains("dual feasibility"));
  c = certify_lp(lp, {0.8, 0.2}, {0, 0}, 1e-9);  // right point, no proof: dual bound 1.6
  CHECK_THAT(c.failed, Catch::Contains("complementary slackness"));
  CHECK(c.dual_bound == Approx(1.6));

  // two_sources: x1 + 2 x2 <= 0.9, x <= 0.5: optimum (0.5, 0.2), y = 0.5 (one more g/m3
  // buys 0.5 g/s of b), reduced cost of a at its ceiling 1 - 0.5 = 0.5.
  const auto r = allocate(two_sources());
  REQUIRE(r.optimal);
  CHECK(r.shadow_price[0] == Approx(0.5).epsilon(1e-12));
  CHECK(r.reduced_cost[0] == Approx(0.5).epsilon(1e-12));
  CHECK(r.reduced_cost[1] == Approx(0).margin(1e-12));
  CHECK(r.dual_bound == Approx(0.7).epsilon(1e-12));

  // Least squares (x - 1)^2 on [0, 1.5]: minimum at 1.
  BoundedLeastSquares q{{1.0}, {0.0}, {1.0}, {1.0}, {0.0}, {1.0}, {0.0}, {1.5}, 0.0};
  CHECK(certify_bounded_least_squares(q, {1.0}, 1e-9, 1e-12).ok());
  CHECK_THAT(certify_bounded_least_squares(q, {0.5}, 1e-9, 1e-12).failed, Catch::Contains("stationarity"));
  CHECK_THAT(certify_bounded_least_squares(q, {0.0}, 1e-9, 1e-12).failed, Catch::Contains("sign at the bounds"));
  CHECK_THAT(certify_bounded_least_squares(q, {2.0}, 1e-9, 1e-12).failed, Catch::Contains("bounds"));
  q.hi = {0.5};  // the minimum on [0, 0.5] is at the upper bound, where the gradient is negative
  CHECK(certify_bounded_least_squares(q, {0.5}, 1e-9, 1e-12).ok());
}

TEST_CASE("Inverse estimation: the answer meets its KKT certificate and matches active-set enumeration",
          "[allocation]") {
  // Small ill-conditioned problems (responses collinear to 1e-4 or 1e-2, where coordinate
  // descent alone stops short of the KKT tolerance; some loads pushed below
  // zero by the data): the minimum by enumerating every choice of loads at 0, at the
  // upper bound or free (3^n), solving the free loads' normal equations in long double,
  // clamping into the bounds and keeping the smallest objective.
  std::mt19937 rng(17);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  int at_bound = 0;
  for (int t = 0; t < 60; ++t) {
    const std::size_t n = 2 + t % 3, m = 3 + t % 7;
    InverseProblem p;
    for (std::size_t i = 0; i < n; ++i) p.sources.push_back("s" + std::to_string(i));
    std::vector<double> base(m);
    for (double& b : base) b = 1e-3 * u(rng);
    for (std::size_t k = 0; k < m; ++k)
      for (std::size_t i = 0; i < n; ++i)
        p.R.push_back(base[k] * (1 + (t % 4 < 2 ? 1e-4 : 1e-2) * u(rng)) * std::pow(10.0, -3 * u(rng) * (i == 0)));
    for (std::size_t k = 0; k < m; ++k) {
      p.background.push_back(0.05 * u(rng));
      p.observed.push_back(0.05 + 0.5 * u(rng));
      p.sigma.push_back(0.01 + 0.05 * u(rng));
    }
    p.lambda = t % 2 ? 0.0 : 1e-4;
    p.prior.assign(n, 100.0);
    p.prior_scale.assign(n, 100.0);
    p.lower.assign(n, 0.0);
    p.upper.assign(n, 400.0);
    InverseResult r;
    REQUIRE_NOTHROW(r = estimate_loads(p));
    CHECK(r.certificate.ok());
    // Enumeration.
    std::vector<long double> Q(n * n, 0), g(n, 0);
    for (std::size_t k = 0; k < m; ++k) {
      const long double w = 1.0L / (static_cast<long double>(p.sigma[k]) * p.sigma[k]);
      for (std::size_t i = 0; i < n; ++i) {
        g[i] += w * p.R[k * n + i] * (p.observed[k] - p.background[k]);
        for (std::size_t j = 0; j < n; ++j) Q[i * n + j] += w * p.R[k * n + i] * p.R[k * n + j];
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      Q[i * n + i] += p.lambda / 1e4;
      g[i] += p.lambda * 100.0 / 1e4;
    }
    double best_f = std::numeric_limits<double>::infinity();
    std::size_t combos = 1;
    for (std::size_t i = 0; i < n; ++i) combos *= 3;
    for (std::size_t code = 0; code < combos; ++code) {
      std::vector<int> state(n);
      std::size_t c = code;
      for (std::size_t i = 0; i < n; ++i) state[i] = static_cast<int>(c % 3), c /= 3;  // 0 free, 1 lo, 2 hi
      std::vector<long double> x(n, 0);
      std::vector<std::size_t> fr;
      for (std::size_t i = 0; i < n; ++i) {
        if (state[i] == 1)
          x[i] = 0;
        else if (state[i] == 2)
          x[i] = 400;
        else
          fr.push_back(i);
      }
      const std::size_t nf = fr.size();
      std::vector<std::vector<long double>> M(nf, std::vector<long double>(nf + 1));
      for (std::size_t a = 0; a < nf; ++a) {
        for (std::size_t b = 0; b < nf; ++b) M[a][b] = Q[fr[a] * n + fr[b]];
        long double v = g[fr[a]];
        for (std::size_t j = 0; j < n; ++j)
          if (state[j]) v -= Q[fr[a] * n + j] * x[j];
        M[a][nf] = v;
      }
      bool ok = true;
      for (std::size_t col = 0; col < nf && ok; ++col) {
        std::size_t piv = col;
        for (std::size_t i = col + 1; i < nf; ++i)
          if (std::fabs(M[i][col]) > std::fabs(M[piv][col])) piv = i;
        if (M[piv][col] == 0)
          ok = false;
        else {
          std::swap(M[col], M[piv]);
          for (std::size_t i = 0; i < nf; ++i)
            if (i != col) {
              const long double f = M[i][col] / M[col][col];
              for (std::size_t l = col; l <= nf; ++l) M[i][l] -= f * M[col][l];
            }
        }
      }
      if (!ok) continue;
      for (std::size_t a = 0; a < nf; ++a) x[fr[a]] = M[a][nf] / M[a][a];
      std::vector<double> xd(n);
      for (std::size_t i = 0; i < n; ++i) xd[i] = static_cast<double>(std::clamp(x[i], 0.0L, 400.0L));
      long double f = 0;
      for (std::size_t k = 0; k < m; ++k) {
        long double c2 = p.background[k] - p.observed[k];
        for (std::size_t i = 0; i < n; ++i) c2 += static_cast<long double>(p.R[k * n + i]) * xd[i];
        f += c2 * c2 / (static_cast<long double>(p.sigma[k]) * p.sigma[k]);
      }
      for (std::size_t i = 0; i < n; ++i) f += p.lambda * std::pow((xd[i] - 100.0) / 100.0, 2);
      best_f = std::min(best_f, static_cast<double>(f));
    }
    // The minimum value is unique even where the minimiser is not (fewer stations than loads, no prior).
    long double f = 0;
    for (std::size_t k = 0; k < m; ++k) {
      long double c2 = p.background[k] - p.observed[k];
      for (std::size_t i = 0; i < n; ++i) c2 += static_cast<long double>(p.R[k * n + i]) * r.load[i];
      f += c2 * c2 / (static_cast<long double>(p.sigma[k]) * p.sigma[k]);
    }
    for (std::size_t i = 0; i < n; ++i) f += p.lambda * std::pow((r.load[i] - 100.0) / 100.0, 2);
    INFO("problem " << t << ": f " << static_cast<double>(f) << ", enumeration " << best_f);
    CHECK(std::fabs(static_cast<double>(f) - best_f) <= 1e-9 * best_f);
    for (std::size_t i = 0; i < n; ++i) at_bound += r.at_bound[i];
  }
  CHECK(at_bound > 10);
}
