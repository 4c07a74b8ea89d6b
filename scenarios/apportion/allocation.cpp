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

struct LpAnswer {
  bool optimal = false;
  std::vector<double> x, y;  // primal, and row multipliers of the original rows
  std::size_t zeroed = 0;
  std::string method;
};

// Solves lp with GLPK on a scaled copy: columns in units of their ceiling (u = x / h),
// rows divided by their largest scaled response, the objective by its largest
// coefficient, so every coefficient GLPK sees is at most 1. Scaled responses below
// kZeroResponse of their row's largest are left out and the row's right-hand side is
// lowered by their contribution at the ceilings (kept where that would cut off the
// floors). Presolve is off: it mishandled such matrices. exact: GLPK's rational
// simplex with every response kept.
LpAnswer solve_lp(const LinearProgram& lp, bool exact) {
  const std::size_t rows = lp.rows(), cols = lp.cols();
  std::vector<double> h(cols);
  for (std::size_t c = 0; c < cols; ++c) h[c] = lp.hi[c] > 0 ? lp.hi[c] : 1.0;
  double cscale = 0;
  for (std::size_t c = 0; c < cols; ++c) cscale = std::max(cscale, std::fabs(lp.c[c] * h[c]));
  if (cscale == 0) cscale = 1;

  LpAnswer ans;
  std::unique_ptr<glp_prob, GlpDeleter> g(glp_create_prob());
  glp_set_obj_dir(g.get(), GLP_MAX);
  glp_add_cols(g.get(), static_cast<int>(cols));
  for (std::size_t c = 0; c < cols; ++c) {
    const double lo = lp.lo[c] / h[c], hi = lp.hi[c] / h[c];
    glp_set_col_bnds(g.get(), static_cast<int>(c) + 1, lo == hi ? GLP_FX : GLP_DB, lo, hi);
    glp_set_obj_coef(g.get(), static_cast<int>(c) + 1, lp.c[c] * h[c] / cscale);
  }
  std::vector<double> row_scale(rows, 0.0);  // 0: the row constrains nothing the solver can change
  std::vector<int> ind(cols + 1);
  std::vector<double> val(cols + 1);
  for (std::size_t j = 0; j < rows; ++j) {
    double big = 0;
    for (std::size_t c = 0; c < cols; ++c)
      if (lp.lo[c] != lp.hi[c]) big = std::max(big, lp.A[j * cols + c] * h[c]);
    if (big == 0) continue;  // fixed columns only: the floors check already covers it
    double dropped = 0, fixed = 0, floors = 0;
    std::size_t zeroed = 0;
    for (std::size_t c = 0; c < cols; ++c) {
      const double a = lp.A[j * cols + c];
      if (lp.lo[c] == lp.hi[c]) {
        fixed += a * lp.lo[c];
      } else if (!exact && a * h[c] < kZeroResponse * big) {
        dropped += a * lp.hi[c];
        zeroed += a > 0;
      } else {
        floors += a * lp.lo[c];
      }
    }
    const bool drop = !exact && zeroed > 0 && floors <= lp.r[j] - fixed - dropped;
    int nz = 0;
    for (std::size_t c = 0; c < cols; ++c) {
      const double a = lp.A[j * cols + c];
      if (lp.lo[c] == lp.hi[c] || a == 0 || (drop && a * h[c] < kZeroResponse * big)) continue;
      ++nz;
      ind[nz] = static_cast<int>(c) + 1;
      val[nz] = a * h[c] / big;
    }
    const int r = glp_add_rows(g.get(), 1);
    glp_set_mat_row(g.get(), r, nz, ind.data(), val.data());
    glp_set_row_bnds(g.get(), r, GLP_UP, 0.0, (lp.r[j] - fixed - (drop ? dropped : 0.0)) / big);
    row_scale[j] = big;
    if (drop) ans.zeroed += zeroed;
  }
  if (glp_get_num_rows(g.get()) == 0) {  // nothing constrains the free columns: each at its better bound
    ans.x.resize(cols);
    for (std::size_t c = 0; c < cols; ++c) ans.x[c] = lp.c[c] >= 0 ? lp.hi[c] : lp.lo[c];
    ans.y.assign(rows, 0.0);
    ans.optimal = true;
    ans.method = "no constraint binds a free group: each at its better bound";
    return ans;
  }
  glp_term_out(GLP_OFF);
  int rc, status;
  if (exact) {
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.it_lim = static_cast<int>(50 * (rows + cols) + 1000);
    rc = glp_exact(g.get(), &parm);
    status = glp_get_status(g.get());
    ans.method = "GLPK " + std::string(glp_version()) + " exact (rational) simplex, every response kept";
  } else {
    glp_scale_prob(g.get(), GLP_SF_AUTO);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_OFF;
    parm.meth = GLP_PRIMAL;
    // A bound on the iterations: with responses many decades apart the simplex can cycle;
    // then the exact solver below takes over.
    parm.it_lim = static_cast<int>(50 * (rows + cols) + 1000);
    rc = glp_simplex(g.get(), &parm);
    status = glp_get_status(g.get());
    ans.method = "GLPK " + std::string(glp_version()) + " primal simplex, no presolve, scaled";
  }
  if (rc != 0 || status != GLP_OPT) return ans;
  ans.x.resize(cols);
  for (std::size_t c = 0; c < cols; ++c)
    ans.x[c] = std::clamp(glp_get_col_prim(g.get(), static_cast<int>(c) + 1) * h[c], lp.lo[c], lp.hi[c]);
  ans.y.assign(rows, 0.0);
  int r = 0;
  for (std::size_t j = 0; j < rows; ++j)
    if (row_scale[j] > 0) ans.y[j] = glp_get_row_dual(g.get(), ++r) * cscale / row_scale[j];
  ans.optimal = true;
  return ans;
}

// The largest relative excess of b + R x over the limits less margin, from the data alone.
double limit_excess(const AllocationProblem& p, const std::vector<double>& x) {
  const auto c = evaluate_loads(p, x);
  double worst = 0;
  for (std::size_t j = 0; j < c.size(); ++j) {
    const double lim = (1 - p.margin) * p.target[j];
    worst = std::max(worst, (c[j] - lim) / lim);
  }
  return worst;
}

}  // namespace

LinearProgram allocation_lp(const AllocationProblem& p) {
  check_sizes(p);
  const std::size_t m = p.receptors.size(), n = p.sources.size();
  LinearProgram lp;
  lp.lo = p.lower.empty() ? std::vector<double>(n, 0.0) : p.lower;
  lp.hi = p.upper.empty() ? p.current : p.upper;
  for (std::size_t i = 0; i < n; ++i) {
    if (!(lp.hi[i] >= 0) || !std::isfinite(lp.hi[i]))
      throw InputError("", "source '" + p.sources[i] + "'", "upper bound must be finite and >= 0");
    if (!(lp.lo[i] >= 0)) throw InputError("", "source '" + p.sources[i] + "'", "lower bound must be >= 0");
    lp.lo[i] = std::min(lp.lo[i], lp.hi[i]);  // a floor above the ceiling: the source is fixed at its ceiling
  }
  lp.c.assign(n, 1.0);
  if (p.fairness == Fairness::cost_optimal && !p.cost.empty()) {
    if (p.cost.size() != n) throw InputError("", "allocation problem", "costs need one value per source");
    lp.c = p.cost;  // min sum w (L - x) = max sum w x - const
  }
  lp.A = p.R;
  lp.r.resize(m);
  for (std::size_t j = 0; j < m; ++j) lp.r[j] = (1 - p.margin) * p.target[j] - p.background[j];
  return lp;
}

AllocationResult allocate(const AllocationProblem& p) {
  const LinearProgram lp = allocation_lp(p);
  const std::size_t m = p.receptors.size(), n = p.sources.size();
  const std::vector<double>& lo = lp.lo;
  const std::vector<double>& hi = lp.hi;

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
    LpAnswer a = solve_lp(lp, p.exact_arithmetic);
    LpCertificate cert;
    if (a.optimal) cert = certify_lp(lp, a.x, a.y, kCertificateTolerance);
    if (!a.optimal || !cert.ok()) {
      // The floating-point simplex failed or its answer does not certify: GLPK's rational
      // simplex on the full matrix, checked the same way.
      const std::string first =
          a.method + (a.optimal ? ": certificate failed on " + cert.failed : ": no optimal solution reported");
      a = solve_lp(lp, true);
      if (!a.optimal)
        throw Failure("allocate: no certified optimum (" + first + "; " + a.method +
                      ": no optimal solution reported); no allocation written");
      cert = certify_lp(lp, a.x, a.y, kCertificateTolerance);
      if (!cert.ok())
        throw Failure("allocate: the optimality certificate failed on " + cert.failed + " (" + a.method + ", after " +
                      first + "); no allocation written");
      a.method += " (after " + first + ")";
    }
    x = a.x;
    res.feasible = res.optimal = true;
    res.method = a.method;
    res.responses_zeroed = a.zeroed;
    res.shadow_price = a.y;
    for (double& y : res.shadow_price) y = std::max(0.0, y);
    res.reduced_cost = cert.reduced_cost;
    res.objective = cert.objective;
    res.dual_bound = cert.dual_bound;
    res.certificate = cert;
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
    auto ok = [&](double r) { return limit_excess(p, loads(r)) <= 1e-12; };  // as the floors check
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
    res.method = "bisection on the rule's common cut (relative width 1e-14)";
    if (res.feasible) {
      // Not an optimum of anything but the rule: its certificate is feasibility alone.
      res.certificate.tolerance = kCertificateTolerance;
      res.certificate.primal_infeasibility = lp_primal_infeasibility(lp, x);
      if (!(res.certificate.primal_infeasibility <= kCertificateTolerance))
        throw Failure("allocate: the " + std::string(p.fairness == Fairness::equal_cut ? "equal-cut" : "proportional") +
                      " allocation exceeds a limit by " + std::to_string(res.certificate.primal_infeasibility) +
                      " relative; no allocation written");
      res.objective = 0;
      for (double v : x) res.objective += v;
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
  res.message = res.optimal ? "feasible, certified optimal" : "feasible";
  return res;
}

}  // namespace beibu
