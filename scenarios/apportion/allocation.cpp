#include "scenarios/apportion/allocation.hpp"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/error.hpp"
#include "scenarios/apportion/load_combination.hpp"

namespace beibu {

Fairness parse_fairness(const std::string& n) {
  if (n == "max-total") return Fairness::max_total;
  if (n == "cost-optimal") return Fairness::cost_optimal;
  if (n == "equal-cut") return Fairness::equal_cut;
  if (n == "proportional") return Fairness::proportional;
  throw InputError("", "--fairness",
                   "unknown rule '" + n + "' (expected max-total, cost-optimal, equal-cut or proportional)");
}

void evaluate_loads(const AllocationProblem& p, const std::vector<double>& x, std::vector<double>& c) {
  const std::size_t m = p.receptors.size(), n = p.sources.size();
  if (x.size() != n || p.R.size() != m * n || p.background.size() != m)
    throw InputError("", "allocation problem", "loads, matrix and background sizes do not match");
  c.resize(m);
  evaluate_combination(p.R.data(), p.background.data(), x.data(), m, n, c.data());
}

std::vector<double> evaluate_loads(const AllocationProblem& p, const std::vector<double>& x) {
  std::vector<double> c;
  evaluate_loads(p, x, c);
  return c;
}

namespace {

void check_sizes(const AllocationProblem& p) {
  const std::size_t m = p.receptors.size(), n = p.sources.size();
  auto bad = [](const std::string& what) { throw InputError("", "allocation problem", what); };
  if (n == 0 || m == 0) bad("needs at least one source and one receptor");
  if (p.R.size() != m * n) bad("matrix size does not match sources x receptors");
  if (p.background.size() != m || p.target.size() != m) bad("background and target need one value per receptor");
  if (p.current.size() != n) bad("current loads need one value per source");
  if (!p.lower.empty() && p.lower.size() != n) bad("lower bounds need one value per source");
  if (!p.upper.empty() && p.upper.size() != n) bad("upper bounds need one value per source");
  if (!(p.margin >= 0 && p.margin < 1)) bad("margin of safety must be in [0, 1)");
  for (double r : p.R)
    if (!(r >= 0) || !std::isfinite(r)) bad("responses must be finite and >= 0");
}

struct GlpDeleter {
  void operator()(glp_prob* g) const { glp_delete_prob(g); }
};

// Solves max c^T y subject to A y <= rhs, lo <= y <= hi (dense A, rows x cols).
bool solve_lp(const std::vector<double>& obj, const std::vector<double>& A, const std::vector<double>& rhs,
              const std::vector<double>& lo, const std::vector<double>& hi, std::vector<double>& y) {
  const int rows = static_cast<int>(rhs.size()), cols = static_cast<int>(obj.size());
  std::unique_ptr<glp_prob, GlpDeleter> lp(glp_create_prob());
  glp_set_obj_dir(lp.get(), GLP_MAX);
  glp_add_rows(lp.get(), rows);
  glp_add_cols(lp.get(), cols);
  for (int r = 0; r < rows; ++r) glp_set_row_bnds(lp.get(), r + 1, GLP_UP, 0.0, rhs[r]);
  for (int c = 0; c < cols; ++c) {
    glp_set_col_bnds(lp.get(), c + 1, lo[c] == hi[c] ? GLP_FX : GLP_DB, lo[c], hi[c]);
    glp_set_obj_coef(lp.get(), c + 1, obj[c]);
  }
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0};
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      if (A[static_cast<std::size_t>(r) * cols + c] != 0) {
        ia.push_back(r + 1);
        ja.push_back(c + 1);
        ar.push_back(A[static_cast<std::size_t>(r) * cols + c]);
      }
  glp_load_matrix(lp.get(), static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.presolve = GLP_ON;
  glp_term_out(GLP_OFF);
  const int rc = glp_simplex(lp.get(), &parm);
  if (rc != 0 || glp_get_status(lp.get()) != GLP_OPT) return false;
  y.resize(cols);
  for (int c = 0; c < cols; ++c) y[c] = glp_get_col_prim(lp.get(), c + 1);
  return true;
}

}  // namespace

AllocationResult allocate(const AllocationProblem& p) {
  check_sizes(p);
  const std::size_t m = p.receptors.size(), n = p.sources.size();
  std::vector<double> lo = p.lower.empty() ? std::vector<double>(n, 0.0) : p.lower;
  std::vector<double> hi = p.upper.empty() ? p.current : p.upper;
  for (std::size_t i = 0; i < n; ++i) {
    lo[i] = std::min(lo[i], hi[i]);  // a floor above the ceiling: the source is fixed at its ceiling
    if (!(hi[i] >= 0)) throw InputError("", "source '" + p.sources[i] + "'", "upper bound must be >= 0");
  }
  std::vector<double> rhs(m);
  for (std::size_t j = 0; j < m; ++j) rhs[j] = (1 - p.margin) * p.target[j] - p.background[j];

  AllocationResult res;
  for (double v : p.current) res.total_current += v;

  // Feasibility first: every source at its floor is the best any allocation can do.
  const auto best = evaluate_loads(p, lo);
  for (std::size_t j = 0; j < m; ++j) {
    const double lim = (1 - p.margin) * p.target[j];
    if (best[j] <= lim * (1 + 1e-12)) continue;
    ReceptorDiagnosis d;
    d.receptor = p.receptors[j];
    d.target = lim;
    d.best_possible = best[j];
    d.excess = best[j] - lim;
    d.floor_contributions.emplace_back("background (open boundaries, uncontrolled)", p.background[j]);
    for (std::size_t i = 0; i < n; ++i)
      if (p.R[j * n + i] * lo[i] > 0) d.floor_contributions.emplace_back(p.sources[i], p.R[j * n + i] * lo[i]);
    std::sort(d.floor_contributions.begin(), d.floor_contributions.end(),
              [](auto& a, auto& b) { return a.second > b.second; });
    res.infeasible.push_back(d);
  }
  if (!res.infeasible.empty()) {
    res.message = std::to_string(res.infeasible.size()) +
                  " receptor(s) cannot meet their targets even with every source at its floor";
    return res;
  }

  std::vector<double> x;
  if (p.fairness == Fairness::max_total || p.fairness == Fairness::cost_optimal) {
    std::vector<double> obj(n, 1.0);
    if (p.fairness == Fairness::cost_optimal && !p.cost.empty()) obj = p.cost;  // min sum w (L - x) = max sum w x
    res.feasible = solve_lp(obj, p.R, rhs, lo, hi, x);
  } else {
    // One scalar: the cut r of the reference pattern; x_i = max(lo_i, hi_i (1 - r s_i)).
    std::vector<double> s(n, 1.0);
    if (p.fairness == Fairness::proportional) {
      // Share of each source in the pressure on the receptors that exceed their limit today.
      const auto today = evaluate_loads(p, hi);
      std::fill(s.begin(), s.end(), 0.0);
      for (std::size_t j = 0; j < m; ++j)
        if (today[j] > (1 - p.margin) * p.target[j])
          for (std::size_t i = 0; i < n; ++i) s[i] += p.R[j * n + i] * hi[i];
      const double smax = *std::max_element(s.begin(), s.end());
      for (double& v : s) v = smax > 0 ? v / smax : 0.0;
    }
    // Bisection on r in [0, 1]: the smallest cut that meets every limit (concentrations fall as r grows).
    auto loads = [&](double r) {
      std::vector<double> v(n);
      for (std::size_t i = 0; i < n; ++i) v[i] = std::max(lo[i], hi[i] * (1 - r * s[i]));
      return v;
    };
    auto ok = [&](double r) {
      const auto c = evaluate_loads(p, loads(r));
      for (std::size_t j = 0; j < m; ++j)
        if (c[j] > (1 - p.margin) * p.target[j] * (1 + 1e-12)) return false;
      return true;
    };
    if (ok(0)) {
      x = loads(0);
      res.feasible = true;
    } else if (ok(1)) {
      double a = 0, b = 1;
      for (int it = 0; it < 100 && b - a > 1e-14; ++it) (ok(0.5 * (a + b)) ? b : a) = 0.5 * (a + b);
      x = loads(b);
      res.feasible = true;
    } else {
      res.message =
          "the fairness rule cannot meet every target (sources it does not cut limit the result); try cost-optimal";
    }
  }
  if (!res.feasible) {
    if (res.message.empty()) res.message = "the linear programme has no optimal solution";
    return res;
  }
  res.allowed = x;
  res.concentration = evaluate_loads(p, x);
  res.reduction.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    res.reduction[i] = p.current[i] > 0 ? 1 - x[i] / p.current[i] : 0.0;
    res.total_allowed += x[i];
  }
  res.binding.resize(m);
  for (std::size_t j = 0; j < m; ++j)
    res.binding[j] = res.concentration[j] >= (1 - p.margin) * p.target[j] * (1 - 1e-9);
  res.message = "feasible";
  return res;
}

}  // namespace beibu
