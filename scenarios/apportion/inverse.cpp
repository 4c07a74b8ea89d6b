#include "scenarios/apportion/inverse.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace beibu {

namespace {
// In-place Cholesky inverse of a small SPD matrix (n x n); false if not SPD.
bool spd_inverse(std::vector<double>& a, int n) {
  std::vector<double> L(a.size(), 0.0);
  for (int j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (int k = 0; k < j; ++k) d -= L[j * n + k] * L[j * n + k];
    if (!(d > 0)) return false;
    L[j * n + j] = std::sqrt(d);
    for (int i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (int k = 0; k < j; ++k) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / L[j * n + j];
    }
  }
  // Solve for each column of the identity.
  for (int c = 0; c < n; ++c) {
    std::vector<double> y(n), x(n);
    for (int i = 0; i < n; ++i) {
      double s = i == c ? 1.0 : 0.0;
      for (int k = 0; k < i; ++k) s -= L[i * n + k] * y[k];
      y[i] = s / L[i * n + i];
    }
    for (int i = n - 1; i >= 0; --i) {
      double s = y[i];
      for (int k = i + 1; k < n; ++k) s -= L[k * n + i] * x[k];
      x[i] = s / L[i * n + i];
    }
    for (int i = 0; i < n; ++i) a[i * n + c] = x[i];
  }
  return true;
}
}  // namespace

InverseResult estimate_loads(const InverseProblem& p) {
  const std::size_t n = p.sources.size(), m = p.observed.size();
  auto bad = [](const std::string& w) { throw InputError("", "inverse estimation", w); };
  if (n == 0 || m == 0) bad("needs sources and observations");
  if (p.R.size() != m * n || p.background.size() != m || p.sigma.size() != m) bad("sizes do not match");
  for (double s : p.sigma)
    if (!(s > 0)) bad("observation errors (sigma) must be positive");
  const std::vector<double> prior = p.prior.empty() ? std::vector<double>(n, 0.0) : p.prior;
  const std::vector<double> scale = p.prior_scale.empty() ? std::vector<double>(n, 1.0) : p.prior_scale;
  const std::vector<double> lo = p.lower.empty() ? std::vector<double>(n, 0.0) : p.lower;
  const std::vector<double> hi =
      p.upper.empty() ? std::vector<double>(n, std::numeric_limits<double>::infinity()) : p.upper;

  // Normal equations of the quadratic: Q x = g.
  std::vector<double> Q(n * n, 0.0), g(n, 0.0);
  for (std::size_t k = 0; k < m; ++k) {
    const double w = 1.0 / (p.sigma[k] * p.sigma[k]);
    for (std::size_t i = 0; i < n; ++i) {
      g[i] += w * p.R[k * n + i] * (p.observed[k] - p.background[k]);
      for (std::size_t j = 0; j < n; ++j) Q[i * n + j] += w * p.R[k * n + i] * p.R[k * n + j];
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    Q[i * n + i] += p.lambda / (scale[i] * scale[i]);
    g[i] += p.lambda * prior[i] / (scale[i] * scale[i]);
    if (!(Q[i * n + i] > 0)) bad("source '" + p.sources[i] + "' influences no observation and has no prior");
  }

  // Projected coordinate descent: converges for a convex quadratic with box constraints.
  InverseResult r;
  r.load.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) r.load[i] = std::clamp(prior[i], lo[i], hi[i]);
  for (r.iterations = 1; r.iterations <= 100000; ++r.iterations) {
    double change = 0, size = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double s = g[i];
      for (std::size_t j = 0; j < n; ++j)
        if (j != i) s -= Q[i * n + j] * r.load[j];
      const double xi = std::clamp(s / Q[i * n + i], lo[i], hi[i]);
      change = std::max(change, std::fabs(xi - r.load[i]));
      size = std::max(size, std::fabs(xi));
      r.load[i] = xi;
    }
    if (change <= 1e-13 * std::max(size, 1e-300)) break;
  }

  // Coordinate descent stops on a small step, which on an ill-conditioned problem is not
  // yet the minimum: a primal active-set method from its point solves the free loads'
  // normal equations exactly and moves loads on or off their bounds until the KKT
  // conditions hold.
  auto grad = [&](std::size_t i) {
    double s = -g[i];
    for (std::size_t j = 0; j < n; ++j) s += Q[i * n + j] * r.load[j];
    return s;
  };
  std::vector<bool> fixed(n);
  for (std::size_t i = 0; i < n; ++i) fixed[i] = r.load[i] == lo[i] || r.load[i] == hi[i];
  for (r.active_set_steps = 0; r.active_set_steps < static_cast<int>(4 * n + 20); ++r.active_set_steps) {
    std::vector<int> fr;
    for (std::size_t i = 0; i < n; ++i)
      if (!fixed[i]) fr.push_back(static_cast<int>(i));
    const int nf = static_cast<int>(fr.size());
    std::vector<double> z(nf);
    if (nf > 0) {
      std::vector<double> Qf(static_cast<std::size_t>(nf) * nf);
      for (int a = 0; a < nf; ++a)
        for (int b = 0; b < nf; ++b) Qf[a * nf + b] = Q[fr[a] * n + fr[b]];
      if (!spd_inverse(Qf, nf)) break;  // singular on the free loads: the certificate decides
      std::vector<double> rhs(nf);
      for (int a = 0; a < nf; ++a) {
        double v = g[fr[a]];
        for (std::size_t j = 0; j < n; ++j)
          if (fixed[j]) v -= Q[fr[a] * n + j] * r.load[j];
        rhs[a] = v;
      }
      for (int a = 0; a < nf; ++a) {
        double v = 0;
        for (int b = 0; b < nf; ++b) v += Qf[a * nf + b] * rhs[b];
        z[a] = v;
      }
    }
    // Step toward z, stopping at the first bound it would cross.
    double t = 1;
    int hit = -1;
    for (int a = 0; a < nf; ++a) {
      const double x0 = r.load[fr[a]], d = z[a] - x0;
      if (d < 0 && z[a] < lo[fr[a]] && (lo[fr[a]] - x0) / d < t) t = (lo[fr[a]] - x0) / d, hit = a;
      if (d > 0 && z[a] > hi[fr[a]] && (hi[fr[a]] - x0) / d < t) t = (hi[fr[a]] - x0) / d, hit = a;
    }
    for (int a = 0; a < nf; ++a)
      r.load[fr[a]] = std::clamp(r.load[fr[a]] + t * (z[a] - r.load[fr[a]]), lo[fr[a]], hi[fr[a]]);
    if (hit >= 0) {
      const std::size_t i = static_cast<std::size_t>(fr[hit]);
      r.load[i] = z[hit] < lo[i] ? lo[i] : hi[i];
      fixed[i] = true;
      continue;
    }
    // At the minimum over the free loads: release the bound load whose gradient points
    // most strongly into its interval, if any.
    double worst = 0;
    std::size_t release = n;
    for (std::size_t i = 0; i < n; ++i) {
      if (!fixed[i] || lo[i] == hi[i]) continue;
      const double gi = grad(i), into = r.load[i] == lo[i] ? -gi : gi;  // > 0: f falls moving off the bound
      const double size = std::fabs(g[i]) + Q[i * n + i] * std::fabs(r.load[i]);
      if (into > kKktTolerance * 1e-3 * size && into / size > worst) worst = into / size, release = i;
    }
    if (release == n) break;
    fixed[release] = false;
  }

  BoundedLeastSquares q{p.R, p.background, p.observed, p.sigma, prior, scale, lo, hi, p.lambda};
  r.certificate = certify_bounded_least_squares(q, r.load, kKktTolerance, kKktBoundTolerance);
  if (!r.certificate.ok())
    throw Failure("estimate: the least-squares answer fails its KKT certificate on " + r.certificate.failed);

  // Standard errors from the inverse Hessian restricted to the free loads.
  r.at_bound.resize(n);
  std::vector<int> free;
  for (std::size_t i = 0; i < n; ++i) {
    const double tol = 1e-12 * std::max(1.0, std::fabs(r.load[i]));
    r.at_bound[i] = std::fabs(r.load[i] - lo[i]) <= tol || std::fabs(r.load[i] - hi[i]) <= tol;
    if (!r.at_bound[i]) free.push_back(static_cast<int>(i));
  }
  r.std_error.assign(n, 0.0);
  const int nf = static_cast<int>(free.size());
  if (nf > 0) {
    std::vector<double> Qf(static_cast<std::size_t>(nf) * nf);
    for (int a = 0; a < nf; ++a)
      for (int b = 0; b < nf; ++b) Qf[a * nf + b] = Q[free[a] * n + free[b]];
    const bool determined = spd_inverse(Qf, nf);
    for (int a = 0; a < nf; ++a)
      r.std_error[free[a]] =
          determined ? std::sqrt(std::max(0.0, Qf[a * nf + a])) : std::numeric_limits<double>::quiet_NaN();
  }
  for (std::size_t k = 0; k < m; ++k) {
    double c = p.background[k];
    for (std::size_t i = 0; i < n; ++i) c += p.R[k * n + i] * r.load[i];
    r.chi2 += (c - p.observed[k]) * (c - p.observed[k]) / (p.sigma[k] * p.sigma[k]);
  }
  return r;
}

}  // namespace beibu
