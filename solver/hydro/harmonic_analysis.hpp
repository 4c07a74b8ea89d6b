#pragma once
// Least-squares tidal harmonic analysis of a time series (elevation or a velocity
// component): y(t) = mean + sum_k f_k(t) A_k cos(V_k(t) + u_k(t) - g_k), giving the
// amplitude A and Greenwich phase lag g of each constituent; V, f and u are evaluated
// at each sample (the inverse of tide_prediction.hpp). The record must resolve the
// constituents (Rayleigh: 1/|omega_i - omega_j| <= its length), e.g. K1/O1 need 14 days
// and K1/P1 half a year; a constituent it cannot resolve may be inferred from a
// neighbour: A = ratio A_from, g = g_from + dphase (Inference).
#include <string>
#include <vector>

namespace beibu::hydro {

struct Inference {
  std::string name, from;
  double ratio = 0, dphase_deg = 0;
};

struct HarmonicFit {
  std::vector<std::string> names;  // the fitted constituents, then the inferred ones
  std::vector<double> amplitude;   // same unit as y
  std::vector<double> phase;       // Greenwich phase lag, degrees in [0, 360)
  double mean = 0;
  double rms_residual = 0;
  double amplitude_of(const std::string& name) const;  // 0 if not fitted
};

// Fits many series sampled at the same times (every cell of a mesh) with one
// factorisation of the normal equations.
class HarmonicAnalyser {
 public:
  HarmonicAnalyser(const std::vector<double>& t, const std::vector<std::string>& constituents,
                   const std::string& start_utc, bool nodal = true, const std::vector<Inference>& inferred = {});
  HarmonicFit fit(const std::vector<double>& y) const;
  // Same, reading y[i] = data[i * stride] (a column of a time-major array).
  HarmonicFit fit(const double* data, std::size_t stride) const;

 private:
  std::vector<std::string> names_;
  std::vector<Inference> inferred_;
  std::vector<std::size_t> inferred_from_;
  std::size_t n_ = 0, nt_ = 0;
  std::vector<double> basis_;  // nt x n
  std::vector<double> chol_;   // n x n lower Cholesky factor of the normal matrix
};

// `t` in seconds since `start_utc`. Throws InputError for unknown constituents, and
// Failure if the record is shorter than the Rayleigh criterion or the system is singular.
HarmonicFit harmonic_analysis(const std::vector<double>& t, const std::vector<double>& y,
                              const std::vector<std::string>& constituents, const std::string& start_utc,
                              bool nodal = true);

// Tidal form factor F = (K1 + O1) / (M2 + S2): < 0.25 semidiurnal, > 3 diurnal.
double form_factor(const HarmonicFit& fit);

// Shortest record (s) that separates every pair of the constituents (Rayleigh criterion).
double rayleigh_record_length(const std::vector<std::string>& constituents);

// `chosen` plus the minor diurnals 2Q1 J1 OO1 M1, all four together, when `chosen`
// holds Q1 and K1 and a record of `record_s` seconds separates them all (30 days);
// otherwise `chosen` as it is: a record that separates 2Q1 and OO1 but not Q1 and J1
// would give them the leakage of Q1 and J1.
std::vector<std::string> with_minor_diurnals(std::vector<std::string> chosen, double record_s);

}  // namespace beibu::hydro
