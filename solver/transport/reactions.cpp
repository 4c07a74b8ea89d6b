// The reaction term: exact exponential decay and settling over each cell's own
// step, and water-age production.
#include <algorithm>

#include "kinetics.hpp"
#include "mesh/local_mesh.hpp"
#include "solver/flow.hpp"
#include "transport_model.hpp"

namespace beibu {

void TransportModel::prepare_kinetics(const FlowState& flow) {
  // Rates are frozen over one flow interval (temperature and the interval's mean
  // depth), so the exponentials are taken once per interval (for each cell's own
  // step), not per step.
  const int no = m_.n_owned, K = K_;
  any_kinetics_ = false;
  for (const auto& c : comps_) any_kinetics_ = any_kinetics_ || c.k20_per_s > 0 || c.ws_m_per_s > 0;
  if (!any_kinetics_) return;
  fac_.assign(static_cast<std::size_t>(no) * K, 1.0);
  dshare_.assign(static_cast<std::size_t>(no) * K, 0.0);
  for (int p = 0; p < no; ++p) {  // internal numbering
    const int c = perm_[p];
    const double T = flow.temperature.empty() ? 20.0 : flow.temperature[c];
    // Settling depth never below the dry depth, so a drying cell keeps its mass.
    const double H = std::max(0.5 * (flow.volume0[c] + flow.volume1[c]) / m_.area[c], cfg_.dry_depth);
    for (int k = 0; k < K; ++k) {
      const auto& ci = comps_[k];
      if (ci.k20_per_s == 0 && ci.ws_m_per_s == 0) continue;
      const double kd = kinetics::decay_rate(ci.k20_per_s, ci.theta, T);
      const double ks = kinetics::settling_rate(ci.ws_m_per_s, H);
      fac_[static_cast<std::size_t>(p) * K + k] = kinetics::survival(kd + ks, dtl_[level_[p]]);
      dshare_[static_cast<std::size_t>(p) * K + k] = kd + ks > 0 ? kd / (kd + ks) : 0.0;
    }
  }
}

void TransportModel::kinetics(int l, double* m) {
  const std::size_t K = static_cast<std::size_t>(K_);
  const double dts = dtl_[l];
  if (any_kinetics_)
    for (int p : lev_cells_[l])
      for (std::size_t k = 0; k < K; ++k) {
        const std::size_t i = static_cast<std::size_t>(p) * K + k;
        const double f = fac_[i];
        if (f == 1.0) continue;
        const double lost = m[i] * (1 - f);
        m[i] -= lost;
        b_decay_[k] += lost * dshare_[i];
        b_settle_[k] += lost * (1 - dshare_[i]);
      }
  // Water age: d(alpha)/dt = C, i.e. the age-concentration mass grows by dts * tracer mass.
  int kt = -1, ka = -1;
  for (std::size_t k = 0; k < K; ++k) {
    if (comps_[k].kind == ComponentInfo::kAgeTracer) kt = static_cast<int>(k);
    if (comps_[k].kind == ComponentInfo::kAgeConcentration) ka = static_cast<int>(k);
  }
  if (kt >= 0 && ka >= 0)
    for (int c : lev_cells_[l]) {
      const double p = dts * m[static_cast<std::size_t>(c) * K + kt];
      m[static_cast<std::size_t>(c) * K + ka] += p;
      b_prod_[ka] += p;
    }
}

}  // namespace beibu
