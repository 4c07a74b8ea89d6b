#include "transport_cases.hpp"

#include <mpi.h>

#include <cmath>

namespace beibu::test {

Mesh square_mesh(double L, int n, double perturb, bool open, unsigned seed) {
  RectangleSpec s;
  s.lx = s.ly = L;
  s.nx = s.ny = n;
  s.perturb = perturb;
  s.seed = seed;
  s.depth = 10.0;
  if (open) s.open = {"south", "east", "north", "west"};
  Mesh m = rectangle_mesh(s);
  // Nominal WGS84 coordinates near the gulf, so output files carry lon/lat.
  m.lon.resize(m.n_nodes());
  m.lat.resize(m.n_nodes());
  for (std::size_t i = 0; i < m.n_nodes(); ++i) {
    m.lon[i] = 108.0 + m.x[i] / 1.05e5;
    m.lat[i] = 20.0 + m.y[i] / 1.11e5;
  }
  return m;
}

Mesh graded_mesh(double L, int n, bool open, unsigned seed) {
  Mesh m = square_mesh(L, n, 0.1, open, seed);
  for (std::size_t i = 0; i < m.n_nodes(); ++i) {
    m.x[i] = L * (m.x[i] / L) * (m.x[i] / L);
    m.lon[i] = 108.0 + m.x[i] / 1.05e5;
  }
  return m;
}

TransportConfig simple_config(const std::vector<std::string>& names, double diffusivity) {
  TransportConfig c;
  for (const auto& n : names) {
    ConstituentSpec s;
    s.name = n;
    s.conservative = true;
    c.constituents.push_back(s);
  }
  c.diffusivity = diffusivity;
  return c;
}

void run(TransportModel& model, FlowProvider& flow, FlowState& fs, double t_end, double dt) {
  while (model.time() < t_end - 1e-9 * dt) {
    const double step = std::min(dt, t_end - model.time());
    flow.advance(model.time(), step, fs);
    model.advance(fs);
  }
}

double rel_l1_error(const TransportModel& model, int k, const std::function<double(double, double)>& exact) {
  const LocalMesh& m = model.mesh();
  const auto c = model.concentration();
  double loc[2] = {0, 0}, glob[2];
  for (int i = 0; i < m.n_owned; ++i) {
    const double ex = exact(m.cx[i], m.cy[i]);
    loc[0] += m.area[i] * std::fabs(c[static_cast<std::size_t>(i) * model.ncomp() + k] - ex);
    loc[1] += m.area[i] * std::fabs(ex);
  }
  MPI_Allreduce(loc, glob, 2, MPI_DOUBLE, MPI_SUM, m.comm);
  return glob[0] / glob[1];
}

void global_range(const TransportModel& model, int k, double& lo, double& hi) {
  const LocalMesh& m = model.mesh();
  const auto c = model.concentration();
  double l = 1e300, h = -1e300;
  for (int i = 0; i < m.n_owned; ++i) {
    if (!model.is_wet(i)) continue;
    l = std::min(l, c[static_cast<std::size_t>(i) * model.ncomp() + k]);
    h = std::max(h, c[static_cast<std::size_t>(i) * model.ncomp() + k]);
  }
  MPI_Allreduce(&l, &lo, 1, MPI_DOUBLE, MPI_MIN, m.comm);
  MPI_Allreduce(&h, &hi, 1, MPI_DOUBLE, MPI_MAX, m.comm);
}

double fitted_order(const std::vector<double>& h, const std::vector<double>& e) {
  const double n = static_cast<double>(h.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < h.size(); ++i) {
    const double x = std::log(h[i]), y = std::log(e[i]);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

}  // namespace beibu::test
