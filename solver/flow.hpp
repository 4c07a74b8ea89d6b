#pragma once
// The water that carries the constituents. Every flow source (analytic fields
// for tests, a stored hydrodynamic run, the online shallow-water model) fills
// a FlowState for one interval [t0, t0 + dt], and transport uses exactly these
// volumes and fluxes, so water volume and tracer mass balance to round-off.
//
// Discrete continuity, which every provider must satisfy for owned cells c:
//   volume1[c] = volume0[c] + dt * (source_flow[c] - sum_k sign(c,k) * edge_flux[e(c,k)])
// where e(c,k) = LocalMesh::cell_edge[3c+k] and sign = LocalMesh::cell_edge_sign[3c+k].
#include <limits>
#include <vector>

namespace beibu {

struct LocalMesh;

struct FlowState {
  double t0 = 0, dt = 0;
  std::vector<double> volume0, volume1;  // m^3 per local cell (owned and ghost) at t0 and t0 + dt
  std::vector<double> edge_flux;         // m^3/s per local edge, mean over the interval, + from edge_left to edge_right
                                         // (on the boundary: + leaving the domain)
  std::vector<double> source_flow;       // m^3/s per local cell added by point sources (rivers, outfalls)
  std::vector<double> temperature;       // deg C per local cell (for kinetics); empty = 20 C
  void resize(const LocalMesh& m);
};

class FlowProvider {
 public:
  virtual ~FlowProvider() = default;
  // Fills `s` for the interval [t0, t0 + dt]; collective over the mesh's communicator.
  virtual void advance(double t0, double dt, FlowState& s) = 0;
  // Largest interval the provider can deliver at once (e.g. its own time step).
  virtual double max_interval() const { return std::numeric_limits<double>::infinity(); }
};

// Largest |continuity residual| / volume over owned cells (for checks and tests).
double continuity_residual(const LocalMesh& m, const FlowState& s);

}  // namespace beibu
