// One step of a time level: Heun's two stages (reconstruction, limiter, edge fluxes,
// forward-Euler update), with the finer levels' steps between them.
#include <algorithm>
#include <type_traits>

#include "lanes.hpp"
#include "limiter.hpp"
#include "mesh/local_mesh.hpp"
#include "transport_model.hpp"

namespace beibu {

void TransportModel::step_level(int l, double a0) {
  const double a1 = a0 + dtl_[l] / T_;
  const double amid = a0 + 0.5 * dtl_[l] / T_;
  auto with_k = [this](auto&& f) {
    switch (K_) {
      case 1:
        return f(std::integral_constant<int, 1>{});
      case 2:
        return f(std::integral_constant<int, 2>{});
      case 3:
        return f(std::integral_constant<int, 3>{});
      case 4:
        return f(std::integral_constant<int, 4>{});
      case 5:
        return f(std::integral_constant<int, 5>{});
      case 6:
        return f(std::integral_constant<int, 6>{});
      case 7:
        return f(std::integral_constant<int, 7>{});
      case 8:
        return f(std::integral_constant<int, 8>{});
      default:
        return f(std::integral_constant<int, 0>{});
    }
  };
  // Stage 1: forward Euler from V(a0) to V(a1); the finer level takes its first half step.
  with_k([&](auto kc) { fluxes_k<decltype(kc)::value>(l, mi_.data(), a0, a0); });
  if (l < L_) step_level(l + 1, a0);
  with_k([&](auto kc) { update_k<decltype(kc)::value>(l, 0, mi_.data(), m1_.data()); });
  // Stage 2 from the stage-1 state at the end volume (the finer level is half-way);
  // Heun's average of the two is a convex combination, so each stage's bounds carry over.
  with_k([&](auto kc) { fluxes_k<decltype(kc)::value>(l, m1_.data(), a1, amid); });
  if (l < L_) step_level(l + 1, amid);
  with_k([&](auto kc) { update_k<decltype(kc)::value>(l, 1, m1_.data(), mi_.data()); });
  kinetics(l, mi_.data());
}

template <int KC>
void TransportModel::fluxes_k(int l, const double* m_in, double a_cell, double a_fine) {
  using lanes::Vec;
  const std::size_t K = KC > 0 ? KC : static_cast<std::size_t>(K_);
  // The stage's cell arrays hold KP >= K components per cell (the padding stays 0),
  // gradients as KP x- then KP y-components, ranges as KP minima then KP maxima;
  // loops over components go a group of lanes at a time (lanes.hpp).
  const std::size_t KP = KC > 0 ? lanes::padded(KC) : static_cast<std::size_t>(KP_);
  const std::size_t NG = KP / lanes::kWidth;
  const double dts = dtl_[l];
  double* C = C_.data();
  double* G = grad_.data();
  double* MM = mm_.data();
  double* FQ = fq_.data();
  const int* nb = nb_.data();
  const int* lev = level_.data();
  double* vol = vstage_.data();

  // Stage state of this level's cells; the next finer level's cells are at a_fine
  // (their current state); coarser cells keep their frozen stage values.
  // Volume and wet flag at fraction a; the concentration too from `m` (owned cells;
  // ghosts, m = nullptr, get theirs from the exchange below).
  auto refresh = [&](const std::vector<int>& cells, const double* m, double a) {
    for (int p : cells) {
      const double v = (1 - a) * v0_[p] + a * v1_[p];
      vol[p] = v;
      wet_[p] = v > ivdry_[p];
      if (!m) continue;
      const double inv = v > 0 ? 1.0 / v : 0.0;
      for (std::size_t k = 0; k < K; ++k) C[p * KP + k] = m[p * K + k] * inv;
    }
  };
  refresh(lev_cells_[l], m_in, a_cell);
  refresh(lev_ghosts_[l], nullptr, a_cell);
  if (l < L_) {  // only those next to this level's cells are read
    refresh(lev_ring_[l], mi_.data(), a_fine);
    refresh(lev_ring_ghosts_[l], nullptr, a_fine);
  }
  if (xch_) xch_->exchange(C, static_cast<int>(KP), l, l < L_);
  // A dry cell gives away at most what it holds over its step: its outflow is scaled down.
  auto set_scale = [&](const std::vector<int>& cells) {
    for (int p : cells) {
      const double need = dts * outflow_[p];
      scale_[p] = (wet_[p] || need <= vol[p]) ? 1.0 : vol[p] / need;
    }
  };
  set_scale(lev_cells_[l]);
  set_scale(lev_ghosts_[l]);

  // Limited least-squares gradients (second order in smooth regions).
  const std::vector<int>& cells = lev_cells_[l];
  if (cfg_.second_order) {
    const Vec zero = lanes::splat(0.0);
    for (int p : cells) {
      double* mmc = MM + p * 2 * KP;
      double* gc = G + p * 2 * KP;
      const double* Cc = C + p * KP;
      int nbw[3], n = 0;  // the neighbours, when all are wet
      bool all_wet = wet_[p];
      for (int f = 0; f < 3 && all_wet; ++f) {
        const int j = nb[3 * p + f];
        if (j < 0) continue;
        if (!wet_[j]) all_wet = false;
        nbw[n++] = f;
      }
      if (!all_wet) n = 0;  // dry, or next to a dry cell: first order
      for (std::size_t g = 0; g < NG; ++g) {
        const std::size_t o = g * lanes::kWidth;
        const Vec cc = lanes::load(Cc + o);
        Vec gx = zero, gy = zero, lo = cc, hi = cc;
        for (int i = 0; i < n; ++i) {
          const int f = nbw[i];
          const Vec cj = lanes::load(C + static_cast<std::size_t>(nb[3 * p + f]) * KP + o);
          const Vec d = cj - cc;
          gx += lanes::splat(lsx_[3 * p + f]) * d;
          gy += lanes::splat(lsy_[3 * p + f]) * d;
          lo = lanes::min(lo, cj);
          hi = lanes::max(hi, cj);
        }
        lanes::store(gc + o, gx);
        lanes::store(gc + KP + o, gy);
        lanes::store(mmc + o, lo);
        lanes::store(mmc + KP + o, hi);
      }
    }
    if (xch_) xch_->exchange(MM, static_cast<int>(2 * KP), l, false);
    // Per face f the bounds are the hull of this cell's and the neighbour's one-ring
    // ranges (the neighbour's only when it is on this level, i.e. computed now);
    // phi is limiter::face_factor's value, with the division done only where the
    // face value would leave its bounds (l <= C <= h always holds, so the ratio is
    // >= 0 and phi = 1 otherwise). Where the step is longer than the one at which any
    // such phi keeps the bounds, phi is also limited by limiter::courant_factor, with
    // [m, M] the hull of the ranges of the wet neighbours on this or a coarser level
    // (the coarser ones frozen at their stage): what they send in lies in it, and what
    // a finer neighbour sends in lies in the finer cells' ranges, so the new value
    // stays within [m, M] widened by those (no new global extrema, no negatives).
    const Vec one = lanes::splat(1.0);
    for (int p : cells) {
      if (!wet_[p]) continue;
      double* gc = G + p * 2 * KP;
      const double* Cc = C + p * KP;
      const double* mmc = MM + p * 2 * KP;
      const double* mj[3];
      const double* ma[3];
      for (int f = 0; f < 3; ++f) {
        const int j = nb[3 * p + f];
        const bool known = j >= 0 && wet_[j] && lev[j] <= l;
        ma[f] = known ? MM + static_cast<std::size_t>(j) * 2 * KP : mmc;
        mj[f] = known && lev[j] == l ? ma[f] : mmc;
      }
      const bool courant = dts * free_rate_[p] > vol[p];
      const Vec slack = lanes::splat(std::max(0.0, vol[p] - dts * step_rate_[p]));
      const double* w = out_rate_.data() + 3 * static_cast<std::size_t>(p);
      for (std::size_t g = 0; g < NG; ++g) {
        const std::size_t o = g * lanes::kWidth;
        const Vec cc = lanes::load(Cc + o), gx = lanes::load(gc + o), gy = lanes::load(gc + KP + o);
        const Vec lo = lanes::load(mmc + o), hi = lanes::load(mmc + KP + o);
        Vec d[3];  // face offsets before phi
        for (int f = 0; f < 3; ++f) d[f] = gx * lanes::splat(rx_[3 * p + f]) + gy * lanes::splat(ry_[3 * p + f]);
        Vec phi = one;
        for (int f = 0; f < 3; ++f) {
          const Vec delta = d[f];
          const lanes::Mask up = delta > zero;
          const Vec room = lanes::select(up, lanes::max(hi, lanes::load(mj[f] + KP + o)) - cc,
                                         lanes::min(lo, lanes::load(mj[f] + o)) - cc);
          const Vec dp = delta * phi;
          const lanes::Mask bind = (up & (dp > room)) | ((delta < zero) & (dp < room));
          if (lanes::none(bind)) continue;
          phi = lanes::select(bind, lanes::min(phi, room / lanes::select(bind, delta, one)), phi);
        }
        if (courant) {
          Vec out = zero, m = lo, M = hi;
          for (int f = 0; f < 3; ++f) {
            out += lanes::splat(w[f]) * d[f];
            m = lanes::min(m, lanes::load(ma[f] + o));
            M = lanes::max(M, lanes::load(ma[f] + KP + o));
          }
          phi = limiter::courant_factor(phi, lanes::splat(dts) * out, slack, cc - m, M - cc);
        }
        lanes::store(gc + o, gx * phi);
        lanes::store(gc + KP + o, gy * phi);
      }
    }
    if (xch_) xch_->exchange(G, static_cast<int>(2 * KP), l, false);
  }

  // Net mass flux (g/s, left -> right; out of the domain on the boundary) of every
  // edge of this level, computed once; cells then take their three edges with the edge's sign.
  const double Kd = cfg_.diffusivity;
  const int nbnd = static_cast<int>(boundary_names_.size());
  if (nbnd > 0) boundary_values(t0_ + a_cell * T_);
  const Vec zero = lanes::splat(0.0);
  for (int q : lev_edges_[l]) {
    const int b = eb_[q];
    const double F = F_[q];
    const int le = el_[q];
    double* Fo = FQ + static_cast<std::size_t>(q) * K;
    if (b >= 0) {
      if (F > 0) {  // outflow: upwind from inside
        const double* Cl = C + static_cast<std::size_t>(le) * KP;
        const double* gl = G + static_cast<std::size_t>(le) * 2 * KP;
        const double rxl = erl_[2 * q], ryl = erl_[2 * q + 1];
        const double fs = F * scale_[le];
        for (std::size_t k = 0; k < K; ++k) {
          const double f = fs * (Cl[k] + gl[k] * rxl + gl[KP + k] * ryl);
          Fo[k] = f;
          b_bout_[b * K + k] += 0.5 * dts * f;
        }
      } else {  // inflow at the boundary's concentration
        for (std::size_t k = 0; k < K; ++k) {
          const double f = -F * bc_[b * K + k];
          Fo[k] = -f;
          b_bin_[b * K + k] += 0.5 * dts * f;
        }
      }
      continue;
    }
    const int r = er_[q];
    // Upwind cell's face value (zero flux when F = 0), minus the diffusive transfer.
    const bool left = F > 0;
    const int u = left ? le : r;
    const double* Cu = C + static_cast<std::size_t>(u) * KP;
    const double* gu = G + static_cast<std::size_t>(u) * 2 * KP;
    const Vec rxu = lanes::splat(left ? erl_[2 * q] : err_[2 * q]);
    const Vec ryu = lanes::splat(left ? erl_[2 * q + 1] : err_[2 * q + 1]);
    const Vec fs = lanes::splat(F * scale_[u]);
    const bool diffuse = Kd > 0 && wet_[le] && wet_[r];
    double D = 0, T = 0;
    if (diffuse) {
      const double he = 0.5 * (vol[le] / area_[le] + vol[r] / area_[r]);
      D = Kd * he * dcoef_[q];
      T = Kd * he * dlen_[q];
    }
    const Vec Dv = lanes::splat(D), hT = lanes::splat(0.5 * T), txe = lanes::splat(tx_[q]), tye = lanes::splat(ty_[q]);
    const double* Cl = C + static_cast<std::size_t>(le) * KP;
    const double* Cr = C + static_cast<std::size_t>(r) * KP;
    const double* gl = G + static_cast<std::size_t>(le) * 2 * KP;
    const double* gr = G + static_cast<std::size_t>(r) * 2 * KP;
    for (std::size_t g = 0; g < NG; ++g) {
      const std::size_t o = g * lanes::kWidth;
      Vec flux =
          F != 0 ? fs * (lanes::load(Cu + o) + lanes::load(gu + o) * rxu + lanes::load(gu + KP + o) * ryu) : zero;
      if (diffuse) {
        const Vec corr = hT * ((lanes::load(gl + o) + lanes::load(gr + o)) * txe +
                               (lanes::load(gl + KP + o) + lanes::load(gr + KP + o)) * tye);
        flux -= limiter::diffusive_flux(Dv * (lanes::load(Cr + o) - lanes::load(Cl + o)), corr);
      }
      if (o + lanes::kWidth <= K)
        lanes::store(Fo + o, flux);
      else
        lanes::store_n(Fo + o, flux, K - o);
    }
  }
  if (!sections_.empty()) accumulate_sections(l, 0.5, dts);
  // Edges to the next coarser level: the coarser cell receives their time integral,
  // half of it (the first fine step's) in its first stage, the rest in its second.
  for (int q : lev_up_edges_[l]) {
    const double* Fo = FQ + static_cast<std::size_t>(q) * K;
    double* ac = acc_.data() + static_cast<std::size_t>(q) * K;
    for (std::size_t k = 0; k < K; ++k) ac[k] += 0.5 * dts * Fo[k];
  }
}

template <int KC>
void TransportModel::update_k(int l, int stage, const double* m_in, double* m_out) {
  const std::size_t K = KC > 0 ? KC : static_cast<std::size_t>(K_);
  const double dts = dtl_[l];
  double* FQ = fq_.data();
  // Edges to the next finer level: each stage takes the rate of what the finer cells
  // exchanged through them during one of the two fine steps (its time integral A_i,
  // as 2 A_i / dt), so the two stages together (each weighted 1/2) exchange exactly
  // what the finer side did, and each stage is a forward-Euler stage whose inflows
  // are (averages of) bounded face values (docs/transport.md, limiter.hpp).
  if (l < L_) {
    for (int q : lev_up_edges_[l + 1]) {
      double* Fo = FQ + static_cast<std::size_t>(q) * K;
      double* ac = acc_.data() + static_cast<std::size_t>(q) * K;
      for (std::size_t k = 0; k < K; ++k) {
        Fo[k] = 2 * ac[k] / dts;
        ac[k] = 0;
      }
    }
  }
  const double* avg = stage == 1 ? mi_.data() : nullptr;
  // Cells with point flows or sources first, into a side buffer (avg may alias
  // m_out, so they must read it before the main loop overwrites it).
  const int* ce = ce_.data();
  const double* cs = cs_.data();
  double r_buf[KC > 0 ? KC : 1];
  double* r = KC > 0 ? r_buf : scratch_.data();
  for (int i : lev_special_[l]) {
    const int p = special_[i];
    const double* F0 = FQ + static_cast<std::size_t>(ce[3 * p]) * K;
    const double* F1 = FQ + static_cast<std::size_t>(ce[3 * p + 1]) * K;
    const double* F2 = FQ + static_cast<std::size_t>(ce[3 * p + 2]) * K;
    const double s0 = cs[3 * p], s1 = cs[3 * p + 1], s2 = cs[3 * p + 2];
    for (std::size_t k = 0; k < K; ++k) r[k] = -s0 * F0[k] - s1 * F1[k] - s2 * F2[k];
    point_terms(static_cast<std::size_t>(i), C_.data(), 0.5, dts, r);
    const double* mi = m_in + p * K;
    double* so = spec_.data() + static_cast<std::size_t>(i) * K;
    for (std::size_t k = 0; k < K; ++k)
      so[k] = avg ? 0.5 * (avg[p * K + k] + (mi[k] + dts * r[k])) : mi[k] + dts * r[k];
  }
  // The forward-Euler update from the three edges (in LocalMesh::cell_edge order),
  // fused with Heun's average in the second stage.
  for (int p : lev_cells_[l]) {
    const double* F0 = FQ + static_cast<std::size_t>(ce[3 * p]) * K;
    const double* F1 = FQ + static_cast<std::size_t>(ce[3 * p + 1]) * K;
    const double* F2 = FQ + static_cast<std::size_t>(ce[3 * p + 2]) * K;
    const double s0 = cs[3 * p], s1 = cs[3 * p + 1], s2 = cs[3 * p + 2];
    const double* mi = m_in + p * K;
    double* mo = m_out + p * K;
    if (avg) {
      const double* ma = avg + p * K;
      for (std::size_t k = 0; k < K; ++k)
        mo[k] = 0.5 * (ma[k] + (mi[k] + dts * (-s0 * F0[k] - s1 * F1[k] - s2 * F2[k])));
    } else {
      for (std::size_t k = 0; k < K; ++k) mo[k] = mi[k] + dts * (-s0 * F0[k] - s1 * F1[k] - s2 * F2[k]);
    }
  }
  for (int i : lev_special_[l])
    std::copy(spec_.begin() + static_cast<std::ptrdiff_t>(i * K),
              spec_.begin() + static_cast<std::ptrdiff_t>((i + 1) * K), m_out + special_[i] * K);
}

void TransportModel::point_terms(std::size_t i, const double* C, double weight, double dts, double* r) {
  const std::size_t K = static_cast<std::size_t>(K_);
  const double* rate = spec_rate_.data() + i * K;
  for (std::size_t k = 0; k < K; ++k) r[k] += rate[k];
  const int p = special_[i];
  if (Q_[p] < 0) {  // a withdrawal takes the cell's concentration
    const double qs = -Q_[p] * scale_[p];
    for (std::size_t k = 0; k < K; ++k) {
      const double w = qs * C[p * KP_ + k];
      r[k] -= w;
      b_withdraw_[k] += weight * dts * w;
    }
  }
}

}  // namespace beibu
