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
    if (vmax <= vdry_[c]) continue;  // dry all interval: handled by the outflow scaling
    const double v = std::max(vmin, vdry_[c]);
    const int p = iperm_[c];
    double fsum = 0, dsum = 0;
    for (int k = 0; k < 3; ++k) {
      const int e = m_.cell_edge[3 * c + k];
      const double f = std::max(0.0, m_.cell_edge_sign[3 * c + k] * flow.edge_flux[e]);
      fsum += f;
      const int jp = nb_[3 * p + k];
      if (Kd > 0 && jp >= 0) {
        const int j = perm_[jp];
        const double hj = std::max(flow.volume0[j], flow.volume1[j]) / m_.area[j];
        dsum += Kd * 0.5 * (vmax / m_.area[c] + hj) * dcoef_[ce_[3 * p + k]];
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
  for (int q = 0; q < ne; ++q) F_[q] = flow.edge_flux[eperm_[q]];
  for (int p = 0; p < nl; ++p) {
    v0_[p] = flow.volume0[perm_[p]];
    v1_[p] = flow.volume1[perm_[p]];
  }
  collect_point_inputs(flow);
  // Outflow per cell (for dry cells, which may give away at most what they hold), and
  // the limiter's rates (limiter.hpp; the diffusion part is the bound the step limit uses).
  for (int p = 0; p < no; ++p) {
    const double withdrawal = std::max(0.0, -Q_[p]);
    double out = withdrawal, wmax = 0, dsum = 0;
    for (int k = 0; k < 3; ++k) {
      const double w = std::max(0.0, cs_[3 * p + k] * F_[ce_[3 * p + k]]);
      out_rate_[3 * p + k] = w;
      out += w;
      wmax = std::max(wmax, w);
      if (cfg_.diffusivity > 0 && nb_[3 * p + k] >= 0) dsum += diffusion_bound(p, k);
    }
    outflow_[p] = out;
    step_rate_[p] = out + 2 * dsum;
    free_rate_[p] = 3 * wmax + withdrawal + 2 * dsum;
  }
  if (xch_) xch_->exchange_all(outflow_.data(), 1);
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
  T_ = interval;
  dt_stable_ = g_min;
  L_ = L;
  n0_ = n0;
  dtl_.resize(L + 1);
  for (int l = 0; l <= L; ++l) dtl_[l] = interval / static_cast<double>(n0 << l);

  // Each cell on the coarsest level its own limit allows, then raised until
  // neighbours are at most one level apart (Jacobi sweeps: partition-independent).
  level_.assign(nl, 0);
  for (int p = 0; p < no; ++p) {
    const double d = cell_dt[perm_[p]];
    int l = 0;
    while (l < L && dtl_[l] > d) ++l;
    level_[p] = l;
  }
  std::vector<int> prev;
  for (int changed = 1; changed;) {
    if (xch_) xch_->exchange_all(level_.data());
    prev = level_;
    int local = 0;
    for (int p = 0; p < no; ++p)
      for (int f = 0; f < 3; ++f) {
        const int j = nb_[3 * p + f];
        if (j >= 0 && prev[j] - 1 > level_[p]) {
          level_[p] = prev[j] - 1;
          local = 1;
        }
      }
    MPI_Allreduce(&local, &changed, 1, MPI_INT, MPI_MAX, m_.comm);
  }
}

void TransportModel::build_level_lists() {
  const int no = m_.n_owned, nl = m_.n_local, ne = m_.n_edges(), L = L_;
  for (auto* v :
       {&lev_cells_, &lev_ghosts_, &lev_edges_, &lev_up_edges_, &lev_special_, &lev_ring_, &lev_ring_ghosts_}) {
    v->assign(L + 1, {});
  }
  for (int p = 0; p < no; ++p) lev_cells_[level_[p]].push_back(p);
  for (int p = no; p < nl; ++p) lev_ghosts_[level_[p]].push_back(p);
  // Cells of level l + 1 next to a cell of level l (owned or ghost; ghosts: next to
  // an owned one): what a stage of level l reads of the finer level.
  std::vector<char> ring(nl, 0);
  for (int p = 0; p < no; ++p)
    for (int f = 0; f < 3; ++f) {
      const int j = nb_[3 * p + f];
      if (j < 0) continue;
      if (level_[j] == level_[p] - 1) ring[p] = 1;
      if (j >= no && level_[j] == level_[p] + 1) ring[j] = 1;
    }
  for (int p = 0; p < nl; ++p)
    if (ring[p] && level_[p] > 0) (p < no ? lev_ring_ : lev_ring_ghosts_)[level_[p] - 1].push_back(p);
  if (xch_) xch_->plan(level_, L);
  edge_level_.assign(ne, 0);
  for (int q = 0; q < ne; ++q) {
    if (eb_[q] == -2) continue;  // land
    const int l = el_[q], r = er_[q];
    const int lv = r >= 0 ? std::max(level_[l], level_[r]) : level_[l];
    edge_level_[q] = lv;
    lev_edges_[lv].push_back(q);
    if (r >= 0 && level_[l] != level_[r]) lev_up_edges_[lv].push_back(q);
  }
  for (std::size_t i = 0; i < special_.size(); ++i) lev_special_[level_[special_[i]]].push_back(static_cast<int>(i));
  std::fill(acc_.begin(), acc_.end(), 0.0);
}

void TransportModel::count_updates(const std::vector<double>& cell_dt, double interval) {
  // Cell-updates this interval, and where the steps come from (debug log).
  const int no = m_.n_owned, L = L_;
  const long n0 = n0_;
  std::vector<long long> cnt(L + 1), gcnt(L + 1);
  for (int l = 0; l <= L; ++l) cnt[l] = static_cast<long long>(lev_cells_[l].size());
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
  const double spent[2] = {xch_ ? xch_->waited() : 0.0, renumber_seconds_};
  double spent_max[2] = {0, 0};
  MPI_Allreduce(spent, spent_max, 2, MPI_DOUBLE, MPI_MAX, m_.comm);
  const int nranks = mpi_size(m_.comm);
  double ideal = 0, gideal = 0;  // every cell at its own stable step, no powers of two
  for (int p = 0; p < no; ++p) ideal += interval / std::min(interval, cell_dt[perm_[p]]);
  MPI_Allreduce(&ideal, &gideal, 1, MPI_DOUBLE, MPI_SUM, m_.comm);
  long long updates = 0;
  std::ostringstream os;
  for (int l = 0; l <= L; ++l) {
    updates += gcnt[l] * (n0 << l);
    cell_updates_ += gcnt[l] * (n0 << l);
    local_level_updates_[l] += cnt[l] * (n0 << l);
    os << (l ? " / " : "") << gcnt[l];
  }
  BLOG(debug) << "transport: " << n0 << " steps of " << dtl_[0] << " s over " << interval << " s, " << L + 1
              << " levels down to " << dtl_[L] << " s (smallest stable step " << dt_stable_
              << " s); cells per level: " << os.str() << "; " << updates << " cell-updates (" << gideal
              << " if every cell took its own stable step); cache lines per level " << locality_ << " x the fewest, "
              << renumberings_ << " renumberings by level so far (" << spent_max[1]
              << " s); busiest rank's updates per level " << (total > 0 ? busiest * nranks / total : 1.0)
              << " x the mean; exchanges waited up to " << spent_max[0] << " s on a rank so far";
}

double TransportModel::diffusion_bound(int p, int f) const {
  // The largest two-point coefficient edge f of cell p can have in this interval
  // (deepest water on either side); the clipped diffusive loss is at most twice it times C.
  const int j = nb_[3 * p + f];
  const double he = 0.5 * (std::max(v0_[p], v1_[p]) / area_[p] + std::max(v0_[j], v1_[j]) / area_[j]);
  return cfg_.diffusivity * he * dcoef_[ce_[3 * p + f]];
}

}  // namespace beibu
