#pragma once
// Optimality certificates that do not trust the solver that produced the answer.
// Each is computed from the problem data and the returned primal (and dual) values
// alone, in plain double arithmetic, so a wrong answer from GLPK (or from the
// least-squares iteration) cannot certify itself.
#include <string>
#include <vector>

namespace beibu {

// The linear programme  max c^T x  subject to  A x <= r,  lo <= x <= hi  (dense A,
// rows x cols, row-major; finite bounds).
struct LinearProgram {
  std::vector<double> c, A, r, lo, hi;
  std::size_t rows() const { return r.size(); }
  std::size_t cols() const { return c.size(); }
};

// What the certificate checked, each a relative measure (0 is exact):
// - primal feasibility: max over rows of (A x - r)_j / (|r_j| + sum_g |A_jg x_g|),
//   and over bounds of the distance outside [lo, hi] / (|lo| + |hi|);
// - dual feasibility: the row multipliers y >= 0, max over rows of
//   max(0, -y_j) max_g |A_jg| / max_g |c_g|;
// - complementary slackness: the duality gap, which equals
//   sum_j y_j s_j + sum_g (mu_hi_g (hi_g - x_g) + mu_lo_g (x_g - lo_g)) with s = r - A x
//   and mu_hi - mu_lo = d = c - A^T y, over sum_g |c_g x_g|.
// With y >= 0, dual_bound = r^T y + sum_g (mu_hi_g hi_g - mu_lo_g lo_g) is an upper
// bound on every feasible objective (weak duality), whatever solver gave y; a small gap
// is therefore a proof that c^T x is the optimum to that relative accuracy.
struct LpCertificate {
  double tolerance = 0;
  double primal_infeasibility = 0, dual_infeasibility = 0, complementarity = 0;
  double objective = 0, dual_bound = 0;
  std::vector<double> reduced_cost;  // d = c - A^T y, per column
  std::string failed;                // empty when every check passed; else which check and by how much
  bool ok() const { return failed.empty(); }
};

// The primal feasibility measure alone (for answers that claim no optimality).
double lp_primal_infeasibility(const LinearProgram& lp, const std::vector<double>& x);

// Checks x (primal) and y (row multipliers, >= 0 at the optimum) against lp to the
// relative tolerance tol.
LpCertificate certify_lp(const LinearProgram& lp, const std::vector<double>& x, const std::vector<double>& y,
                         double tol);

// The box-constrained convex quadratic of inverse.hpp,
//   f(x) = sum_k ((b_k + sum_i R_ki x_i - y_k) / sigma_k)^2 + lambda sum_i ((x_i - p_i) / s_i)^2,
// at a point x with lo <= x <= hi. Its KKT conditions: g = grad f / 2 is 0 where a load is
// strictly inside its bounds, >= 0 at its lower bound and <= 0 at its upper bound.
// Measured relative to the size of the terms that make up each g_i,
//   sum_k |R_ki| (|b_k| + sum_l |R_kl x_l| + |y_k|) / sigma_k^2 + lambda (|x_i| + |p_i|) / s_i^2,
// so round-off in forming g cannot fail it.
struct KktCertificate {
  double tolerance = 0;
  double bound_violation = 0;    // max distance outside [lo, hi] / (|lo| + |hi| + |x|)
  double stationarity = 0;       // max |g_i| / scale_i over loads inside their bounds
  double sign_violation = 0;     // max wrong-signed g_i / scale_i over loads at a bound
  std::vector<double> gradient;  // g_i, per load
  std::string failed;
  bool ok() const { return failed.empty(); }
};

struct BoundedLeastSquares {
  std::vector<double> R, background, observed, sigma;  // observations x unknowns (row-major), per observation
  std::vector<double> prior, prior_scale, lo, hi;      // per unknown
  double lambda = 0;
};

// A load counts as at a bound when it lies within bound_tol (relative) of it.
KktCertificate certify_bounded_least_squares(const BoundedLeastSquares& q, const std::vector<double>& x, double tol,
                                             double bound_tol);

}  // namespace beibu
