#include "analytic_flow.hpp"

#include <cmath>

#include "mesh/local_mesh.hpp"

namespace beibu {

VelocityFieldFlow::VelocityFieldFlow(const LocalMesh& m, MeanVelocity velocity, double temperature_c)
    : m_(m), vel_(std::move(velocity)), temperature_(temperature_c) {
  volume_.resize(m.n_local);
  for (int c = 0; c < m.n_local; ++c) volume_[c] = m.area[c] * m.depth[c];
}

void VelocityFieldFlow::advance(double t0, double dt, FlowState& s) {
  s.resize(m_);
  s.t0 = t0;
  s.dt = dt;
  s.temperature.assign(m_.n_local, temperature_);
  for (int e = 0; e < m_.n_edges(); ++e) {
    if (m_.edge_right[e] < 0 && m_.edge_tag[e] < kOpenEdgeBase) continue;  // land: no flux
    const int l = m_.edge_left[e], r = m_.edge_right[e];
    const double h = r < 0 ? m_.depth[l] : 0.5 * (m_.depth[l] + m_.depth[r]);
    double u = 0, v = 0;
    vel_(m_.mx[e], m_.my[e], t0, dt, u, v);
    s.edge_flux[e] = h * m_.len[e] * (u * m_.nx[e] + v * m_.ny[e]);
  }
  s.volume0 = volume_;
  for (const auto& [c, q] : point_flow_) s.source_flow[c] += q;
  for (int c = 0; c < m_.n_owned; ++c) {
    double div = -s.source_flow[c];
    for (int k = 0; k < 3; ++k) div += m_.cell_edge_sign[3 * c + k] * s.edge_flux[m_.cell_edge[3 * c + k]];
    s.volume1[c] = volume_[c] - dt * div;
  }
  if (m_.halo) m_.halo->update(s.volume1.data(), 1);
  volume_ = s.volume1;
}

double mean_sine(double omega, double t0, double dt) {
  if (omega * dt < 1e-8) return std::sin(omega * (t0 + 0.5 * dt));
  return (std::cos(omega * t0) - std::cos(omega * (t0 + dt))) / (omega * dt);
}

std::unique_ptr<FlowProvider> make_uniform_flow(const LocalMesh& m, double u, double v) {
  return std::make_unique<VelocityFieldFlow>(m, [u, v](double, double, double, double, double& uu, double& vv) {
    uu = u;
    vv = v;
  });
}

std::unique_ptr<FlowProvider> make_rotating_flow(const LocalMesh& m, double omega, double xc, double yc) {
  return std::make_unique<VelocityFieldFlow>(m,
                                             [omega, xc, yc](double x, double y, double, double, double& u, double& v) {
                                               u = -omega * (y - yc);
                                               v = omega * (x - xc);
                                             });
}

std::unique_ptr<FlowProvider> make_tidal_channel_flow(const LocalMesh& m, double u_mean, double amplitude,
                                                      double period) {
  const double w = 2 * M_PI / period;
  return std::make_unique<VelocityFieldFlow>(m, [=](double, double, double t0, double dt, double& u, double& v) {
    u = u_mean + amplitude * mean_sine(w, t0, dt);
    v = 0;
  });
}

}  // namespace beibu
