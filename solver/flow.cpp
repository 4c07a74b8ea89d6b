#include "flow.hpp"

#include <algorithm>
#include <cmath>

#include "mesh/local_mesh.hpp"

namespace beibu {

void FlowState::resize(const LocalMesh& m) {
  volume0.assign(m.n_local, 0.0);
  volume1.assign(m.n_local, 0.0);
  edge_flux.assign(m.n_edges(), 0.0);
  source_flow.assign(m.n_local, 0.0);
}

double continuity_residual(const LocalMesh& m, const FlowState& s) {
  double worst = 0;
  for (int c = 0; c < m.n_owned; ++c) {
    double div = 0;
    for (int k = 0; k < 3; ++k) div += m.cell_edge_sign[3 * c + k] * s.edge_flux[m.cell_edge[3 * c + k]];
    const double expect = s.volume0[c] + s.dt * (s.source_flow[c] - div);
    const double scale = std::max({std::fabs(s.volume0[c]), std::fabs(s.volume1[c]), 1e-300});
    worst = std::max(worst, std::fabs(s.volume1[c] - expect) / scale);
  }
  double g = 0;
  MPI_Allreduce(&worst, &g, 1, MPI_DOUBLE, MPI_MAX, m.comm);
  return g;
}

}  // namespace beibu
