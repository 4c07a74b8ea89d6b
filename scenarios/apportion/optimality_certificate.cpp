#include "scenarios/apportion/optimality_certificate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "core/error.hpp"

namespace beibu {

namespace {

std::string sci(double v) {
  std::ostringstream s;
  s.precision(3);
  s << v;
  return s.str();
}

// v / scale, where a zero scale makes any nonzero v infinitely large.
double relative(double v, double scale) {
  if (v == 0) return 0;
  return scale > 0 ? v / scale : std::numeric_limits<double>::infinity();
}

// Primal feasibility; slack receives r - A x.
double primal_infeasibility(const LinearProgram& lp, const std::vector<double>& x, std::vector<double>& slack) {
  const std::size_t m = lp.rows(), n = lp.cols();
  if (lp.A.size() != m * n || lp.lo.size() != n || lp.hi.size() != n || x.size() != n)
    throw Failure("certificate: sizes of the programme and its solution do not match");
  double worst = 0;
  slack.resize(m);
  for (std::size_t j = 0; j < m; ++j) {
    double ax = 0, size = std::fabs(lp.r[j]);
    for (std::size_t g = 0; g < n; ++g) {
      ax += lp.A[j * n + g] * x[g];
      size += std::fabs(lp.A[j * n + g] * x[g]);
    }
    slack[j] = lp.r[j] - ax;
    worst = std::max(worst, relative(std::max(0.0, -slack[j]), size));
  }
  for (std::size_t g = 0; g < n; ++g) {
    const double out = std::max({0.0, lp.lo[g] - x[g], x[g] - lp.hi[g]});
    worst = std::max(worst, relative(out, std::fabs(lp.lo[g]) + std::fabs(lp.hi[g])));
  }
  return worst;
}

}  // namespace

double lp_primal_infeasibility(const LinearProgram& lp, const std::vector<double>& x) {
  std::vector<double> slack;
  return primal_infeasibility(lp, x, slack);
}

LpCertificate certify_lp(const LinearProgram& lp, const std::vector<double>& x, const std::vector<double>& y,
                         double tol) {
  const std::size_t m = lp.rows(), n = lp.cols();
  if (y.size() != m) throw Failure("certificate: one multiplier per row expected");
  LpCertificate cert;
  cert.tolerance = tol;

  std::vector<double> slack;
  cert.primal_infeasibility = primal_infeasibility(lp, x, slack);

  // Dual feasibility: y >= 0. The certificate uses y+ = max(y, 0), for which weak duality
  // holds exactly; how negative y was is the measure.
  double cmax = 0;
  for (double v : lp.c) cmax = std::max(cmax, std::fabs(v));
  std::vector<double> yp(m);
  for (std::size_t j = 0; j < m; ++j) {
    if (!std::isfinite(y[j])) {
      cert.dual_infeasibility = std::numeric_limits<double>::infinity();
      yp[j] = 0;
      continue;
    }
    yp[j] = std::max(0.0, y[j]);
    double amax = 0;
    for (std::size_t g = 0; g < n; ++g) amax = std::max(amax, std::fabs(lp.A[j * n + g]));
    cert.dual_infeasibility = std::max(cert.dual_infeasibility, relative(std::max(0.0, -y[j]) * amax, cmax));
  }

  // Reduced costs, their split over the bounds, the dual bound and the complementarity terms.
  cert.reduced_cost.assign(n, 0.0);
  double size = 0, terms = 0;
  cert.dual_bound = 0;
  for (std::size_t j = 0; j < m; ++j) {
    cert.dual_bound += lp.r[j] * yp[j];
    terms += yp[j] * std::fabs(slack[j]);
  }
  for (std::size_t g = 0; g < n; ++g) {
    double d = lp.c[g];
    for (std::size_t j = 0; j < m; ++j) d -= lp.A[j * n + g] * yp[j];
    cert.reduced_cost[g] = d;
    cert.objective += lp.c[g] * x[g];
    size += std::fabs(lp.c[g] * x[g]);
    const double mu_hi = std::max(0.0, d), mu_lo = std::max(0.0, -d);
    if ((mu_hi > 0 && !std::isfinite(lp.hi[g])) || (mu_lo > 0 && !std::isfinite(lp.lo[g]))) {
      // The dual bound is +infinity: no certificate from this y.
      cert.dual_infeasibility = std::max(cert.dual_infeasibility, relative(std::fabs(d), cmax));
      continue;
    }
    if (mu_hi > 0) cert.dual_bound += mu_hi * lp.hi[g];
    if (mu_lo > 0) cert.dual_bound -= mu_lo * lp.lo[g];
    terms += mu_hi * std::fabs(lp.hi[g] - x[g]) + mu_lo * std::fabs(x[g] - lp.lo[g]);
  }
  if (size == 0)
    for (std::size_t g = 0; g < n; ++g)
      size += std::fabs(lp.c[g]) * (std::fabs(lp.lo[g]) + (std::isfinite(lp.hi[g]) ? std::fabs(lp.hi[g]) : 0.0));
  cert.complementarity = relative(terms, size);

  std::string fail;
  if (!(cert.primal_infeasibility <= tol))
    fail = "primal feasibility (a limit or bound exceeded by " + sci(cert.primal_infeasibility) + " relative)";
  else if (!(cert.dual_infeasibility <= tol))
    fail = "dual feasibility (a multiplier of the wrong sign, " + sci(cert.dual_infeasibility) + " relative)";
  else if (!(cert.complementarity <= tol))
    fail = "complementary slackness (duality gap " + sci(cert.complementarity) + " of the objective)";
  if (!fail.empty()) cert.failed = fail + ", tolerance " + sci(tol);
  return cert;
}

KktCertificate certify_bounded_least_squares(const BoundedLeastSquares& q, const std::vector<double>& x, double tol,
                                             double bound_tol) {
  const std::size_t n = x.size(), m = q.observed.size();
  if (q.R.size() != m * n || q.background.size() != m || q.sigma.size() != m || q.prior.size() != n ||
      q.prior_scale.size() != n || q.lo.size() != n || q.hi.size() != n)
    throw Failure("certify_bounded_least_squares: sizes of the problem and its solution do not match");
  KktCertificate cert;
  cert.tolerance = tol;
  std::vector<double> resid(m), rsize(m);
  for (std::size_t k = 0; k < m; ++k) {
    double c = q.background[k], s = std::fabs(q.background[k]) + std::fabs(q.observed[k]);
    for (std::size_t i = 0; i < n; ++i) {
      c += q.R[k * n + i] * x[i];
      s += std::fabs(q.R[k * n + i] * x[i]);
    }
    resid[k] = c - q.observed[k];
    rsize[k] = s;
  }
  cert.gradient.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double w = q.lambda / (q.prior_scale[i] * q.prior_scale[i]);
    double g = w * (x[i] - q.prior[i]), scale = w * (std::fabs(x[i]) + std::fabs(q.prior[i]));
    for (std::size_t k = 0; k < m; ++k) {
      const double a = q.R[k * n + i] / (q.sigma[k] * q.sigma[k]);
      g += a * resid[k];
      scale += std::fabs(a) * rsize[k];
    }
    cert.gradient[i] = g;
    const double out = std::max({0.0, q.lo[i] - x[i], x[i] - q.hi[i]});
    const double span = std::fabs(q.lo[i]) + (std::isfinite(q.hi[i]) ? std::fabs(q.hi[i]) : 0.0) + std::fabs(x[i]);
    cert.bound_violation = std::max(cert.bound_violation, relative(out, span));
    const double near = bound_tol * std::fabs(q.prior_scale[i]);
    const bool at_lo = x[i] - q.lo[i] <= near, at_hi = q.hi[i] - x[i] <= near;
    const double rel = relative(g, scale);
    if (!at_lo && !at_hi)
      cert.stationarity = std::max(cert.stationarity, std::fabs(rel));
    else if (at_lo && !at_hi)
      cert.sign_violation = std::max(cert.sign_violation, -rel);  // g < 0 would lower f by raising x
    else if (at_hi && !at_lo)
      cert.sign_violation = std::max(cert.sign_violation, rel);
  }
  std::string fail;
  if (!(cert.bound_violation <= tol))
    fail = "bounds (a load outside its bounds by " + sci(cert.bound_violation) + " relative)";
  else if (!(cert.stationarity <= tol))
    fail = "stationarity (gradient " + sci(cert.stationarity) + " relative at a load inside its bounds)";
  else if (!(cert.sign_violation <= tol))
    fail = "sign at the bounds (gradient " + sci(cert.sign_violation) +
           " relative pointing into the bounds at a load on one)";
  if (!fail.empty()) cert.failed = fail + ", tolerance " + sci(tol);
  return cert;
}

}  // namespace beibu
