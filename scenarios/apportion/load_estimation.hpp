#pragma once
// Estimating the loads of a source-receptor matrix's groups from period means
// observed at its station receptors (`beibu estimate`): for each observed
// constituent, a bounded, regularised weighted least-squares fit (inverse.hpp)
//   min sum_k ((b_k + sum_g R_kg x_g - y_k) / sigma_k)^2 + lambda sum_g ((x_g - prior_g) / scale_g)^2,
//   x_g >= 0,
// with prior_g the matrix's current load (or 0) and scale_g the current load, so
// lambda = 1 / f^2 for a prior trusted to a fraction f.
#include <string>
#include <vector>

#include "scenarios/apportion/apportion.hpp"
#include "scenarios/apportion/inverse.hpp"
#include "scenarios/apportion/observed_means.hpp"

namespace beibu {

struct EstimateOptions {
  bool prior_current = true;          // prior = the matrix's current loads; false: zero
  double regularisation = 0.01;       // lambda
  double relative_uncertainty = 0.1;  // sigma where a row gives none: this fraction of the value,
  double uncertainty_floor = 1e-3;    // but at least this (g/m3)
};

enum class LoadStatus { free, at_bound, unseen };  // unseen: reaches none of the observed stations

struct GroupEstimate {
  std::string constituent, group;
  double prior = 0, estimate = 0;  // g/s
  double std_error = 0;            // g/s; NaN where the fit does not determine it (bound, unseen)
  LoadStatus status = LoadStatus::free;
};

struct StationFit {
  std::string station, constituent;
  std::size_t line = 0;              // in the observations file
  double observed = 0, sigma = 0;    // g/m3
  double prior_fit = 0, fitted = 0;  // b + R prior, b + R estimate (g/m3)
};

struct ConstituentSummary {
  std::string constituent;
  std::size_t observations = 0, unknowns = 0, free = 0;
  double chi2 = 0, prior_chi2 = 0;  // weighted misfit with the estimate, and with the prior
  int iterations = 0;
  KktCertificate certificate;  // the fit's optimality, checked from the problem data (inverse.hpp)
};

struct LoadEstimation {
  std::vector<GroupEstimate> loads;  // per constituent (in observation order), per group (matrix order)
  std::vector<StationFit> fits;      // per observation, in file order
  std::vector<ConstituentSummary> summary;
};

// The one-sigma error of an observed mean: its own, or relative_uncertainty x value
// floored at uncertainty_floor.
double observation_sigma(const ObservedMean& o, const EstimateOptions& opt);

// InputError naming `matrix_file` for a matrix without station receptors, and
// `obs_file` and the line for an unknown station, a constituent the matrix lacks,
// or a constituent whose observed stations no group reaches.
LoadEstimation estimate_group_loads(const SourceReceptorMatrix& m, const std::string& matrix_file,
                                    const std::vector<ObservedMean>& obs, const std::string& obs_file,
                                    const EstimateOptions& opt);

}  // namespace beibu
