#pragma once
// Analytic flow fields for verification: depth-integrated face fluxes from a
// velocity field evaluated at edge midpoints (exact for fields linear in space),
// and volumes advanced by discrete continuity, so FlowState balances to round-off.
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "solver/flow.hpp"

namespace beibu {

struct LocalMesh;

// Velocity (m/s) averaged over [t0, t0 + dt] at (x, y).
using MeanVelocity = std::function<void(double x, double y, double t0, double dt, double& u, double& v)>;

class VelocityFieldFlow : public FlowProvider {
 public:
  // Water depth per cell from LocalMesh::depth; face depth = mean of the two cells.
  VelocityFieldFlow(const LocalMesh& m, MeanVelocity velocity, double temperature_c = 20.0);
  void advance(double t0, double dt, FlowState& s) override;
  // A point inflow (Q > 0) or withdrawal (Q < 0) in m3/s into local cell `cell`
  // (owned or ghost, set on every rank that holds it); volumes follow continuity.
  void set_point_flow(int cell, double q) { point_flow_.emplace_back(cell, q); }

 private:
  std::vector<std::pair<int, double>> point_flow_;
  const LocalMesh& m_;
  MeanVelocity vel_;
  double temperature_;
  std::vector<double> volume_;  // per local cell, carried from one interval to the next
};

// Uniform velocity (u, v).
std::unique_ptr<FlowProvider> make_uniform_flow(const LocalMesh& m, double u, double v);
// Solid-body rotation with angular velocity omega (rad/s) about (xc, yc).
std::unique_ptr<FlowProvider> make_rotating_flow(const LocalMesh& m, double omega, double xc, double yc);
// Tidal channel: u(t) = u_mean + amplitude * sin(2 pi t / period) along x (exact interval means).
std::unique_ptr<FlowProvider> make_tidal_channel_flow(const LocalMesh& m, double u_mean, double amplitude,
                                                      double period);

// Pure kernel helpers (tests call them): mean of sin(w t) over [t0, t0 + dt].
double mean_sine(double omega, double t0, double dt);

}  // namespace beibu
