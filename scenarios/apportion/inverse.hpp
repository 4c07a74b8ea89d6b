#pragma once
// Inverse estimation of unknown loads from station observations, on the
// source-receptor matrix: bounded, regularised weighted least squares
//   min sum_k ((b_k + sum_i R_ki x_i - y_k) / sigma_k)^2 + lambda sum_i ((x_i - prior_i) / scale_i)^2
//   subject to lower_i <= x_i <= upper_i,
// with standard errors from the inverse Hessian over the free (not bound) loads.
#include <string>
#include <vector>

#include "scenarios/apportion/optimality_certificate.hpp"

namespace beibu {

struct InverseProblem {
  std::vector<std::string> sources;
  std::vector<double> R;             // observations x sources ((g/m3) per (g/s))
  std::vector<double> background;    // per observation (g/m3)
  std::vector<double> observed;      // per observation (g/m3)
  std::vector<double> sigma;         // per observation: measurement error (g/m3)
  std::vector<double> prior;         // per source (g/s); empty = zeros
  std::vector<double> prior_scale;   // per source (g/s); empty = ones
  double lambda = 0;                 // regularisation weight
  std::vector<double> lower, upper;  // per source; empty = [0, +inf)
};

struct InverseResult {
  std::vector<double> load;       // per source (g/s)
  std::vector<double> std_error;  // per source (g/s); 0 where a bound is active, NaN where the
                                  // observations and prior do not determine the free loads (singular)
  std::vector<bool> at_bound;
  double chi2 = 0;             // weighted misfit of the observations
  int iterations = 0;          // of projected coordinate descent
  int active_set_steps = 0;    // of the active-set refinement that follows it
  KktCertificate certificate;  // the KKT conditions checked from the problem data (kKktTolerance)
};

// Relative tolerance of the KKT certificate, and how near a bound (relative to the
// load's prior scale) a load counts as on it.
constexpr double kKktTolerance = 1e-9;
constexpr double kKktBoundTolerance = 1e-12;

// Throws InputError for inconsistent sizes or non-positive sigma, Failure when the
// answer fails its KKT certificate (never a silently wrong estimate).
InverseResult estimate_loads(const InverseProblem& p);

}  // namespace beibu
