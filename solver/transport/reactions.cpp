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
  react_.any = false;
  for (const auto& c : comps_) react_.any = react_.any || c.k20_per_s > 0 || c.ws_m_per_s > 0;
  if (!react_.any) return;
  react_.survival.assign(static_cast<std::size_t>(no) * K, 1.0);
  react_.decay_share.assign(static_cast<std::size_t>(no) * K, 0.0);
  for (int p = 0; p < no; ++p) {  // internal numbering
    const int c = num_.local_cell[p];
    const double T = flow.temperature.empty() ? 20.0 : flow.temperature[c];
    // Settling depth never below the dry depth, so a drying cell keeps its mass.
    const double H = std::max(0.5 * (flow.volume0[c] + flow.volume1[c]) / m_.area[c], cfg_.dry_depth);
    for (int k = 0; k < K; ++k) {
      const auto& ci = comps_[k];
      if (ci.k20_per_s == 0 && ci.ws_m_per_s == 0) continue;
      const double kd = kinetics::decay_rate(ci.k20_per_s, ci.theta, T);
      const double ks = kinetics::settling_rate(ci.ws_m_per_s, H);
      react_.survival[static_cast<std::size_t>(p) * K + k] = kinetics::survival(kd + ks, plan_.dt[plan_.level[p]]);
      react_.decay_share[static_cast<std::size_t>(p) * K + k] = kd + ks > 0 ? kd / (kd + ks) : 0.0;
    }
  }
}

void TransportModel::kinetics(int l, double t_end, double* m) {
  const std::size_t K = static_cast<std::size_t>(K_);
  const double dts = plan_.dt[l];
  if (react_.any)
    for (int p : plan_.cells[l])
      for (std::size_t k = 0; k < K; ++k) {
        const std::size_t i = static_cast<std::size_t>(p) * K + k;
        const double f = react_.survival[i];
        if (f == 1.0) continue;
        const double lost = m[i] * (1 - f);
        m[i] -= lost;
        budget_.decay[k] += lost * react_.decay_share[i];
        budget_.settling[k] += lost * (1 - react_.decay_share[i]);
      }
  // Water age: d(alpha)/dt = C, i.e. the age-concentration mass grows by dts * tracer mass.
  int kt = -1, ka = -1;
  for (std::size_t k = 0; k < K; ++k) {
    if (comps_[k].kind == ComponentInfo::kAgeTracer) kt = static_cast<int>(k);
    if (comps_[k].kind == ComponentInfo::kAgeConcentration) ka = static_cast<int>(k);
  }
  // The age of water that came in after the start is at most t - t0 (the tracer starts
  // at 0, so there is no initial age): alpha <= (t - t0) C. Transport keeps this bound
  // in exact arithmetic, but the limiter bounds C and alpha each on its own, so at a
  // front alpha can outrun C; the surplus is taken out of the production, which stays
  // the budget's one source term of alpha.
  const double max_age = std::max(0.0, t_end - t_start_);
  if (kt >= 0 && ka >= 0)
    for (int c : plan_.cells[l]) {
      const double tracer = m[static_cast<std::size_t>(c) * K + kt];
      double& alpha = m[static_cast<std::size_t>(c) * K + ka];
      const double before = alpha;
      alpha = std::min(alpha + dts * tracer, max_age * tracer);
      budget_.production[ka] += alpha - before;
    }
}

}  // namespace beibu
