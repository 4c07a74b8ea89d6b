#pragma once
// Astronomical tide from harmonic constants (a tide gauge's, data/beibu/tide_gauges.yaml):
//   eta(t) = sum_k f_k(t) A_k cos(V_k(t) + u_k(t) - g_k)
// with V the equilibrium argument and f, u the nodal corrections of tide_constituents.hpp,
// all three evaluated at each instant t (predictors that update f, u once a day, such as
// @neaps/tide-predictor, differ by far less than a millimetre). The mean level is not
// included: eta is about the mean sea level of the constants.
#include <string>
#include <vector>

namespace beibu::hydro {

struct Constituent;

struct HarmonicConstant {
  std::string name;
  double amplitude = 0;  // m
  double phase = 0;      // Greenwich phase lag, degrees
};

class TidePredictor {
 public:
  // Constituents without a definition (is_unpredicted_constituent) are kept aside in
  // unpredicted(); any other unknown name throws InputError.
  explicit TidePredictor(const std::vector<HarmonicConstant>& constants, bool nodal = true);
  // Elevation (m) at `days_since_j2000` (UTC).
  double at(double days_since_j2000) const;
  // Elevation at t[i] seconds since `start_utc`.
  std::vector<double> series(const std::string& start_utc, const std::vector<double>& t) const;
  // The constants the prediction leaves out (name and amplitude, for the report).
  const std::vector<HarmonicConstant>& unpredicted() const { return unpredicted_; }
  const std::vector<HarmonicConstant>& predicted() const { return predicted_; }

 private:
  std::vector<HarmonicConstant> predicted_, unpredicted_;
  std::vector<const Constituent*> cs_;
  bool nodal_;
};

}  // namespace beibu::hydro
