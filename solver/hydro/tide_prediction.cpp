#include "tide_prediction.hpp"

#include <cmath>

#include "core/error.hpp"
#include "physics.hpp"
#include "tide_constituents.hpp"

namespace beibu::hydro {

TidePredictor::TidePredictor(const std::vector<HarmonicConstant>& constants, bool nodal) : nodal_(nodal) {
  for (const HarmonicConstant& h : constants) {
    if (const Constituent* c = lookup_constituent(h.name)) {
      predicted_.push_back(h);
      cs_.push_back(c);
    } else if (is_unpredicted_constituent(h.name)) {
      unpredicted_.push_back(h);
    } else {
      throw InputError("", "constituent '" + h.name + "'", "unknown tidal constituent");
    }
  }
}

double TidePredictor::at(double d) const {
  const Astro a = astro_arguments(d);
  double eta = 0;
  for (std::size_t k = 0; k < cs_.size(); ++k) {
    double f = 1, u = 0;
    if (nodal_) nodal_correction(*cs_[k], a, f, u);
    const double arg = equilibrium_argument(*cs_[k], a) + u - predicted_[k].phase;
    eta += f * predicted_[k].amplitude * std::cos(arg * kPi / 180.0);
  }
  return eta;
}

std::vector<double> TidePredictor::series(const std::string& start_utc, const std::vector<double>& t) const {
  const double d0 = days_since_j2000(start_utc, "start time");
  std::vector<double> out(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) out[i] = at(d0 + t[i] / 86400.0);
  return out;
}

}  // namespace beibu::hydro
