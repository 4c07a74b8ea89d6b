#include "harmonic_analysis.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "physics.hpp"
#include "tide_constituents.hpp"

namespace beibu::hydro {

double HarmonicFit::amplitude_of(const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return amplitude[i];
  return 0.0;
}

HarmonicAnalyser::HarmonicAnalyser(const std::vector<double>& t, const std::vector<std::string>& constituents,
                                   const std::string& start_utc, bool nodal, const std::vector<Inference>& inferred)
    : names_(constituents), inferred_(inferred), n_(2 * constituents.size() + 1), nt_(t.size()) {
  const double d0 = days_since_j2000(start_utc, "start time");
  const std::size_t K = constituents.size();
  std::vector<const Constituent*> cs(K);
  for (std::size_t k = 0; k < K; ++k) {
    cs[k] = lookup_constituent(constituents[k]);
    if (!cs[k]) throw InputError("", "constituent '" + constituents[k] + "'", "unknown tidal constituent");
  }
  std::vector<const Constituent*> ics;
  for (const Inference& inf : inferred_) {
    const Constituent* c = lookup_constituent(inf.name);
    if (!c) throw InputError("", "constituent '" + inf.name + "'", "unknown tidal constituent");
    std::size_t k = 0;
    while (k < K && lookup_constituent(constituents[k]) != lookup_constituent(inf.from)) ++k;
    if (k == K)
      throw Failure("harmonic_analysis: " + inf.name + " inferred from " + inf.from + ", which is not fitted");
    ics.push_back(c);
    inferred_from_.push_back(k);
  }
  if (nt_ < n_) throw Failure("harmonic_analysis: fewer samples than unknowns");
  const double need = rayleigh_record_length(constituents), have = t.back() - t.front();
  if (have < need)
    throw Failure("harmonic_analysis: a record of " + std::to_string(have / 86400.0) +
                  " days cannot separate the constituents (Rayleigh criterion: " + std::to_string(need / 86400.0) +
                  " days)");
  // Basis [1, f cos(V + u), f sin(V + u), ...], V, f and u evaluated at each sample, the
  // inverse of the prediction (tide_prediction.hpp); and its normal matrix.
  basis_.resize(nt_ * n_);
  for (std::size_t i = 0; i < nt_; ++i) {
    double* b = &basis_[i * n_];
    b[0] = 1.0;
    const Astro a = astro_arguments(d0 + t[i] / 86400.0);
    for (std::size_t k = 0; k < K; ++k) {
      double f = 1, u = 0;
      if (nodal) nodal_correction(*cs[k], a, f, u);
      const double x = (equilibrium_argument(*cs[k], a) + u) * kPi / 180.0;
      b[1 + 2 * k] = f * std::cos(x);
      b[2 + 2 * k] = f * std::sin(x);
    }
    // An inferred constituent rides on its parent's unknowns: ratio A f cos(x - dphase - g).
    for (std::size_t j = 0; j < inferred_.size(); ++j) {
      double f = 1, u = 0;
      if (nodal) nodal_correction(*ics[j], a, f, u);
      const double x = (equilibrium_argument(*ics[j], a) + u - inferred_[j].dphase_deg) * kPi / 180.0;
      const std::size_t k = inferred_from_[j];
      b[1 + 2 * k] += inferred_[j].ratio * f * std::cos(x);
      b[2 + 2 * k] += inferred_[j].ratio * f * std::sin(x);
    }
  }
  std::vector<double> M(n_ * n_, 0.0);
  for (std::size_t i = 0; i < nt_; ++i)
    for (std::size_t p = 0; p < n_; ++p)
      for (std::size_t q = 0; q <= p; ++q) M[p * n_ + q] += basis_[i * n_ + p] * basis_[i * n_ + q];
  // Cholesky (the normal matrix is SPD when the record resolves the constituents).
  chol_.assign(n_ * n_, 0.0);
  for (std::size_t j = 0; j < n_; ++j) {
    double d = M[j * n_ + j];
    for (std::size_t k = 0; k < j; ++k) d -= chol_[j * n_ + k] * chol_[j * n_ + k];
    if (!(d > 1e-12 * M[j * n_ + j])) throw Failure("harmonic_analysis: the constituents cannot be separated");
    chol_[j * n_ + j] = std::sqrt(d);
    for (std::size_t i = j + 1; i < n_; ++i) {
      double s = M[i * n_ + j];
      for (std::size_t k = 0; k < j; ++k) s -= chol_[i * n_ + k] * chol_[j * n_ + k];
      chol_[i * n_ + j] = s / chol_[j * n_ + j];
    }
  }
}

HarmonicFit HarmonicAnalyser::fit(const std::vector<double>& y) const {
  if (y.size() != nt_) throw Failure("harmonic_analysis: times and values differ in length");
  return fit(y.data(), 1);
}

HarmonicFit HarmonicAnalyser::fit(const double* y, std::size_t stride) const {
  std::vector<double> x(n_, 0.0);
  for (std::size_t i = 0; i < nt_; ++i)
    for (std::size_t p = 0; p < n_; ++p) x[p] += basis_[i * n_ + p] * y[i * stride];
  for (std::size_t p = 0; p < n_; ++p) {  // L z = r
    for (std::size_t k = 0; k < p; ++k) x[p] -= chol_[p * n_ + k] * x[k];
    x[p] /= chol_[p * n_ + p];
  }
  for (std::size_t p = n_; p-- > 0;) {  // L^T x = z
    for (std::size_t k = p + 1; k < n_; ++k) x[p] -= chol_[k * n_ + p] * x[k];
    x[p] /= chol_[p * n_ + p];
  }
  HarmonicFit fit;
  fit.names = names_;
  fit.mean = x[0];
  for (std::size_t k = 0; k < names_.size(); ++k) {
    // A cos(X - g) = A cos g cos X + A sin g sin X
    const double ca = x[1 + 2 * k], sa = x[2 + 2 * k];
    fit.amplitude.push_back(std::hypot(ca, sa));
    double g = std::atan2(sa, ca) * 180.0 / kPi;
    if (g < 0) g += 360.0;
    fit.phase.push_back(g);
  }
  for (std::size_t j = 0; j < inferred_.size(); ++j) {
    const std::size_t k = inferred_from_[j];
    fit.names.push_back(inferred_[j].name);
    fit.amplitude.push_back(inferred_[j].ratio * fit.amplitude[k]);
    fit.phase.push_back(std::fmod(std::fmod(fit.phase[k] + inferred_[j].dphase_deg, 360.0) + 360.0, 360.0));
  }
  double ss = 0;
  for (std::size_t i = 0; i < nt_; ++i) {
    double v = 0;
    for (std::size_t p = 0; p < n_; ++p) v += basis_[i * n_ + p] * x[p];
    ss += (y[i * stride] - v) * (y[i * stride] - v);
  }
  fit.rms_residual = nt_ ? std::sqrt(ss / static_cast<double>(nt_)) : 0.0;
  return fit;
}

HarmonicFit harmonic_analysis(const std::vector<double>& t, const std::vector<double>& y,
                              const std::vector<std::string>& constituents, const std::string& start_utc, bool nodal) {
  if (t.size() != y.size()) throw Failure("harmonic_analysis: times and values differ in length");
  return HarmonicAnalyser(t, constituents, start_utc, nodal).fit(y);
}

double form_factor(const HarmonicFit& fit) {
  const double semi = fit.amplitude_of("M2") + fit.amplitude_of("S2");
  return semi > 0 ? (fit.amplitude_of("K1") + fit.amplitude_of("O1")) / semi : INFINITY;
}

double rayleigh_record_length(const std::vector<std::string>& cs) {
  double worst = 0;
  for (std::size_t i = 0; i < cs.size(); ++i)
    for (std::size_t j = i + 1; j < cs.size(); ++j) {
      const Constituent *a = lookup_constituent(cs[i]), *b = lookup_constituent(cs[j]);
      if (!a || !b) continue;
      const double dw = std::fabs(angular_speed(*a) - angular_speed(*b));
      if (dw > 0) worst = std::max(worst, 2 * kPi / dw);
    }
  return worst;
}

std::vector<std::string> with_minor_diurnals(std::vector<std::string> chosen, double record_s) {
  auto has = [&](const char* c) { return std::find(chosen.begin(), chosen.end(), c) != chosen.end(); };
  if (!has("Q1") || !has("K1")) return chosen;
  std::vector<std::string> all = chosen;
  for (const char* c : {"2Q1", "J1", "OO1", "M1"})
    if (!has(c)) all.push_back(c);
  return rayleigh_record_length(all) <= record_s ? all : chosen;
}

}  // namespace beibu::hydro
