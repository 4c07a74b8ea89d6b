// Planning a flow interval: each cell's stable step, the time levels and the
// per-level lists the stage loops run over, and the flow rates the limiter needs.
#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "mesh/local_mesh.hpp"
#include "solver/flow.hpp"
#include "transport_model.hpp"

namespace beibu {

std::vector<double> TransportModel::cell_stable_steps(const FlowState& flow) const {
  // Positivity limit (see limiter.hpp): for every wet cell
  //   dts * (sum_k F_k^+ + 2 sum_j D_j + Q_out) <= V,
  // with V the smallest volume the cell has in the interval while wet.
  const double Kd = cfg_.diffusivity;
  std::vector<double> out(m_.n_owned, std::numeric_limits<double>::infinity());
  for (int c = 0; c < m_.n_owned; ++c) {
    const double vmin = std::min(flow.volume0[c], flow.volume1[c]);
    const double vmax = std::max(flow.volume0[c], flow.volume1[c]);
    if (vmax <= dry_volume_[c]) continue;  // dry all interval: handled by the outflow scaling
    const double v = std::max(vmin, dry_volume_[c]);
    const int p = num_.internal_cell[c];
    double fsum = 0, dsum = 0;
    for (int k = 0; k < 3; ++k) {
      const int e = m_.cell_edge[3 * c + k];
      const double f = std::max(0.0, m_.cell_edge_sign[3 * c + k] * flow.edge_flux[e]);
      fsum += f;
      const int jp = cell_.neighbour[3 * p + k];
      if (Kd > 0 && jp >= 0) {
        const int j = num_.local_cell[jp];
        const double hj = std::max(flow.volume0[j], flow.volume1[j]) / m_.area[j];
        dsum += Kd * 0.5 * (vmax / m_.area[c] + hj) * edge_.diffusion_coef[cell_.edge[3 * p + k]];
      }
    }
    const double rate = fsum + 2 * dsum + std::max(0.0, -flow.source_flow[c]);
    if (rate > 0) out[c] = cfg_.cfl * v / rate;
  }
  return out;
}

double TransportModel::stable_substep(const FlowState& flow) const {
  double dt_min = flow.dt;
  for (double d : cell_stable_steps(flow)) dt_min = std::min(dt_min, d);
  double g = dt_min;
  MPI_Allreduce(&dt_min, &g, 1, MPI_DOUBLE, MPI_MIN, m_.comm);
  return g;
}

void TransportModel::load_flow(const FlowState& flow) {
  const int no = m_.n_owned, nl = m_.n_local, ne = m_.n_edges();
  for (int q = 0; q < ne; ++q) flow_.edge_flux[q] = flow.edge_flux[num_.local_edge[q]];
  for (int p = 0; p < nl; ++p) {
    flow_.volume0[p] = flow.volume0[num_.local_cell[p]];
    flow_.volume1[p] = flow.volume1[num_.local_cell[p]];
  }
  collect_point_inputs(flow);
  // Outflow per cell (for dry cells, which may give away at most what they hold), and
  // the limiter's rates (limiter.hpp; the diffusion part is the bound the step limit uses).
  for (int p = 0; p < no; ++p) {
    const double withdrawal = std::max(0.0, -flow_.point_flow[p]);
    double out = withdrawal, wmax = 0, dsum = 0;
    for (int k = 0; k < 3; ++k) {
      const double w = std::max(0.0, cell_.edge_sign[3 * p + k] * flow_.edge_flux[cell_.edge[3 * p + k]]);
      flow_.out_rate[3 * p + k] = w;
      out += w;
      wmax = std::max(wmax, w);
      if (cfg_.diffusivity > 0 && cell_.neighbour[3 * p + k] >= 0) dsum += diffusion_bound(p, k);
    }
    flow_.outflow[p] = out;
    flow_.step_rate[p] = out + 2 * dsum;
    flow_.free_rate[p] = 3 * wmax + withdrawal + 2 * dsum;
  }
  if (num_.exchange) num_.exchange->exchange_all(flow_.outflow.data(), 1);
}

void TransportModel::assign_levels(const std::vector<double>& cell_dt, double interval) {
  const int no = m_.n_owned, nl = m_.n_local;
  // The finest step: the global minimum, so the plan does not depend on the partition.
  double dt_min = interval;
  for (double d : cell_dt) dt_min = std::min(dt_min, d);
  double g_min = dt_min;
  MPI_Allreduce(&dt_min, &g_min, 1, MPI_DOUBLE, MPI_MIN, m_.comm);
  const long nfine = std::max(1L, static_cast<long>(std::ceil(interval / g_min * (1 - 1e-12))));
  int L = 0;
  while (L + 1 < cfg_.time_levels && (1L << L) < nfine) ++L;
  const long n0 = (nfine + (1L << L) - 1) >> L;
  plan_.length = interval;
  plan_.dt_stable = g_min;
  plan_.finest = L;
  plan_.n0 = n0;
  plan_.dt.resize(L + 1);
  for (int l = 0; l <= L; ++l) plan_.dt[l] = interval / static_cast<double>(n0 << l);

  // Each cell on the coarsest level its own limit allows, then raised until
  // neighbours are at most one level apart (Jacobi sweeps: partition-independent).
  plan_.level.assign(nl, 0);
  for (int p = 0; p < no; ++p) {
    const double d = cell_dt[num_.local_cell[p]];
    int l = 0;
    while (l < L && plan_.dt[l] > d) ++l;
    plan_.level[p] = l;
  }
  std::vector<int> prev;
  for (int changed = 1; changed;) {
    if (num_.exchange) num_.exchange->exchange_all(plan_.level.data());
    prev = plan_.level;
    int local = 0;
    for (int p = 0; p < no; ++p)
      for (int f = 0; f < 3; ++f) {
        const int j = cell_.neighbour[3 * p + f];
        if (j >= 0 && prev[j] - 1 > plan_.level[p]) {
          plan_.level[p] = prev[j] - 1;
          local = 1;
        }
      }
    MPI_Allreduce(&local, &changed, 1, MPI_INT, MPI_MAX, m_.comm);
  }
}

void TransportModel::build_level_lists() {
  const int no = m_.n_owned, nl = m_.n_local, ne = m_.n_edges(), L = plan_.finest;
  for (auto* v : {&plan_.cells, &plan_.ghosts, &plan_.interior_edges, &plan_.open_edges, &plan_.up_edges,
                  &plan_.point_cells, &plan_.ring, &plan_.ring_ghosts}) {
    v->assign(L + 1, {});
  }
  for (int p = 0; p < no; ++p) plan_.cells[plan_.level[p]].push_back(p);
  for (int p = no; p < nl; ++p) plan_.ghosts[plan_.level[p]].push_back(p);
  // Cells of level l + 1 next to a cell of level l (owned or ghost; ghosts: next to
  // an owned one): what a stage of level l reads of the finer level.
  std::vector<char> ring(nl, 0);
  for (int p = 0; p < no; ++p)
    for (int f = 0; f < 3; ++f) {
      const int j = cell_.neighbour[3 * p + f];
      if (j < 0) continue;
      if (plan_.level[j] == plan_.level[p] - 1) ring[p] = 1;
      if (j >= no && plan_.level[j] == plan_.level[p] + 1) ring[j] = 1;
    }
  for (int p = 0; p < nl; ++p)
    if (ring[p] && plan_.level[p] > 0) (p < no ? plan_.ring : plan_.ring_ghosts)[plan_.level[p] - 1].push_back(p);
  if (num_.exchange) num_.exchange->plan(plan_.level, L);
  plan_.edge_level.assign(ne, 0);
  for (int q = 0; q < ne; ++q) {
    if (edge_.boundary[q] == kLandEdge) continue;
    const int l = edge_.left[q], r = edge_.right[q];
    const int lv = r >= 0 ? std::max(plan_.level[l], plan_.level[r]) : plan_.level[l];
    plan_.edge_level[q] = lv;
    (r >= 0 ? plan_.interior_edges : plan_.open_edges)[lv].push_back(q);
    if (r >= 0 && plan_.level[l] != plan_.level[r]) plan_.up_edges[lv].push_back(q);
  }
  for (std::size_t i = 0; i < inputs_.point_cells.size(); ++i)
    plan_.point_cells[plan_.level[inputs_.point_cells[i]]].push_back(static_cast<int>(i));
  std::fill(stage_.fine_exchange.begin(), stage_.fine_exchange.end(), 0.0);
}

void TransportModel::count_updates(const std::vector<double>& cell_dt, double interval) {
  // Cell-updates this interval, and where the steps come from (debug log).
  const int no = m_.n_owned, L = plan_.finest;
  const long n0 = plan_.n0;
  std::vector<long long> cnt(L + 1), gcnt(L + 1);
  for (int l = 0; l <= L; ++l) cnt[l] = static_cast<long long>(plan_.cells[l].size());
  MPI_Allreduce(cnt.data(), gcnt.data(), L + 1, MPI_LONG_LONG, MPI_SUM, m_.comm);
  // Balance: the busiest rank's updates of each level (they wait for each other at
  // every stage), summed over levels, against the mean; and the slowest rank's waits.
  std::vector<long long> cmax(L + 1);
  MPI_Allreduce(cnt.data(), cmax.data(), L + 1, MPI_LONG_LONG, MPI_MAX, m_.comm);
  double busiest = 0, total = 0;
  for (int l = 0; l <= L; ++l) {
    busiest += static_cast<double>(cmax[l] << l);
    total += static_cast<double>(gcnt[l] << l);
  }
  const double spent[2] = {num_.exchange ? num_.exchange->waited() : 0.0, num_.seconds};
  double spent_max[2] = {0, 0};
  MPI_Allreduce(spent, spent_max, 2, MPI_DOUBLE, MPI_MAX, m_.comm);
  const int nranks = mpi_size(m_.comm);
  double ideal = 0, gideal = 0;  // every cell at its own stable step, no powers of two
  for (int p = 0; p < no; ++p) ideal += interval / std::min(interval, cell_dt[num_.local_cell[p]]);
  MPI_Allreduce(&ideal, &gideal, 1, MPI_DOUBLE, MPI_SUM, m_.comm);
  long long updates = 0;
  std::ostringstream os;
  for (int l = 0; l <= L; ++l) {
    updates += gcnt[l] * (n0 << l);
    cell_updates_ += gcnt[l] * (n0 << l);
    local_level_updates_[l] += cnt[l] * (n0 << l);
    os << (l ? " / " : "") << gcnt[l];
  }
  BLOG(debug) << "transport: " << n0 << " steps of " << plan_.dt[0] << " s over " << interval << " s, " << L + 1
              << " levels down to " << plan_.dt[L] << " s (smallest stable step " << plan_.dt_stable
              << " s); cells per level: " << os.str() << "; " << updates << " cell-updates (" << gideal
              << " if every cell took its own stable step); cache lines per level " << num_.locality
              << " x the fewest, " << num_.renumberings << " renumberings by level so far (" << spent_max[1]
              << " s); busiest rank's updates per level " << (total > 0 ? busiest * nranks / total : 1.0)
              << " x the mean; exchanges waited up to " << spent_max[0] << " s on a rank so far";
}

double TransportModel::diffusion_bound(int p, int f) const {
  // The largest two-point coefficient edge f of cell p can have in this interval
  // (deepest water on either side); the clipped diffusive loss is at most twice it times C.
  const int j = cell_.neighbour[3 * p + f];
  const double he = 0.5 * (std::max(flow_.volume0[p], flow_.volume1[p]) / cell_.area[p] +
                           std::max(flow_.volume0[j], flow_.volume1[j]) / cell_.area[j]);
  return cfg_.diffusivity * he * edge_.diffusion_coef[cell_.edge[3 * p + f]];
}

}  // namespace beibu
