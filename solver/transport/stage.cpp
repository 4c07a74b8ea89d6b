// One step of a time level: Heun's two stages, each the right-hand side of the
// transport equation (transport_model.hpp) at the stage state followed by a
// forward-Euler update, with the finer levels' steps between them. A stage's
// right-hand side, in the order the phases run:
//   refresh_stage_k   volumes, wet flags and concentrations at the stage time
//   gradients_k       least-squares gradients and one-ring ranges (second order)
//   limit_k           the limiter (limiter.hpp)
//   edge_fluxes_k     every edge's net mass flux, once (edge_flux.hpp)
//   update_k          each cell: m' = m - dt sum_e s_e flux_e + dt (point terms)
// with the budget and flux sections booked from the edge fluxes afterwards
// (model_budget.cpp), never inside these loops.
#include <algorithm>
#include <type_traits>

#include "edge_flux.hpp"
#include "lanes.hpp"
#include "limiter.hpp"
#include "mesh/local_mesh.hpp"
#include "transport_model.hpp"

namespace beibu {

namespace {

// Components per cell, and their padded count (the stride of the stage's cell
// arrays): compile-time constants where KC > 0, the model's run-time values otherwise.
template <int KC>
std::size_t comps_k(int K) {
  return KC > 0 ? KC : static_cast<std::size_t>(K);
}
template <int KC>
std::size_t padded_k(int KP) {
  return KC > 0 ? lanes::padded(KC) : static_cast<std::size_t>(KP);
}

// Calls f(std::integral_constant<int, K>) for K = 1..8, so the per-component loops
// unroll, and f(std::integral_constant<int, 0>) (run-time K) otherwise.
template <class F>
void with_components(int K, F&& f) {
  switch (K) {
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
}

}  // namespace

void TransportModel::step_level(int l, double a0) {
  const double a1 = a0 + plan_.dt[l] / plan_.length;
  const double amid = a0 + 0.5 * plan_.dt[l] / plan_.length;
  double* m = stage_.mass.data();
  double* m1 = stage_.mass1.data();
  // Stage 1: forward Euler from V(a0) to V(a1); the finer level takes its first half step.
  with_components(K_, [&](auto kc) { stage_fluxes_k<decltype(kc)::value>(l, m, a0, a0); });
  if (l < plan_.finest) step_level(l + 1, a0);
  with_components(K_, [&](auto kc) { update_k<decltype(kc)::value>(l, 0, m, m1); });
  // Stage 2 from the stage-1 state at the end volume (the finer level is half-way);
  // Heun's average of the two is a convex combination, so each stage's bounds carry over.
  with_components(K_, [&](auto kc) { stage_fluxes_k<decltype(kc)::value>(l, m1, a1, amid); });
  if (l < plan_.finest) step_level(l + 1, amid);
  with_components(K_, [&](auto kc) { update_k<decltype(kc)::value>(l, 1, m1, m); });
  kinetics(l, plan_.t0 + a1 * plan_.length, m);
}

template <int KC>
void TransportModel::stage_fluxes_k(int l, const double* m_in, double a_cell, double a_fine) {
  const double dts = plan_.dt[l];
  refresh_stage_k<KC>(l, m_in, a_cell, a_fine);
  if (cfg_.second_order) {
    gradients_k<KC>(l);
    limit_k<KC>(l);
  }
  edge_fluxes_k<KC>(l, a_cell);
  book_boundary_fluxes(l, dts);
  if (!budget_.sections.empty()) accumulate_sections(l, 0.5, dts);
  // Edges to the next coarser level: the coarser cell receives their time integral,
  // half of it (the first fine step's) in its first stage, the rest in its second.
  const std::size_t K = comps_k<KC>(K_);
  for (int q : plan_.up_edges[l]) {
    const double* Fo = stage_.edge_flux.data() + static_cast<std::size_t>(q) * K;
    double* ac = stage_.fine_exchange.data() + static_cast<std::size_t>(q) * K;
    for (std::size_t k = 0; k < K; ++k) ac[k] += 0.5 * dts * Fo[k];
  }
}

template <int KC>
void TransportModel::refresh_stage_k(int l, const double* m_in, double a_cell, double a_fine) {
  const std::size_t K = comps_k<KC>(K_), KP = padded_k<KC>(KP_);
  const double dts = plan_.dt[l];
  double* C = stage_.conc.data();
  double* vol = stage_.volume.data();
  // Stage state of this level's cells; the next finer level's cells are at a_fine
  // (their current state); coarser cells keep their frozen stage values.
  // Volume and wet flag at fraction a; the concentration too from `m` (owned cells;
  // ghosts, m = nullptr, get theirs from the exchange below).
  auto refresh = [&](const std::vector<int>& cells, const double* m, double a) {
    for (int p : cells) {
      const double v = (1 - a) * flow_.volume0[p] + a * flow_.volume1[p];
      vol[p] = v;
      stage_.wet[p] = v > cell_.dry_volume[p];
      if (!m) continue;
      const double inv = v > 0 ? 1.0 / v : 0.0;
      for (std::size_t k = 0; k < K; ++k) C[p * KP + k] = m[p * K + k] * inv;
    }
  };
  refresh(plan_.cells[l], m_in, a_cell);
  refresh(plan_.ghosts[l], nullptr, a_cell);
  if (l < plan_.finest) {  // only those next to this level's cells are read
    refresh(plan_.ring[l], stage_.mass.data(), a_fine);
    refresh(plan_.ring_ghosts[l], nullptr, a_fine);
  }
  if (num_.exchange) num_.exchange->exchange(C, static_cast<int>(KP), l, l < plan_.finest);
  // A dry cell gives away at most what it holds over its step: its outflow is scaled down.
  auto set_scale = [&](const std::vector<int>& cells) {
    for (int p : cells) {
      const double need = dts * flow_.outflow[p];
      stage_.dry_scale[p] = (stage_.wet[p] || need <= vol[p]) ? 1.0 : vol[p] / need;
    }
  };
  set_scale(plan_.cells[l]);
  set_scale(plan_.ghosts[l]);
}

template <int KC>
void TransportModel::gradients_k(int l) {
  // Least-squares gradients (exact for linear data: second order in smooth regions)
  // and each cell's one-ring range [min, max] of C, which the limiter bounds faces by.
  using lanes::Vec;
  const std::size_t KP = padded_k<KC>(KP_), NG = KP / lanes::kWidth;
  const double* C = stage_.conc.data();
  double* G = stage_.grad.data();
  double* MM = stage_.range.data();
  const int* nb = cell_.neighbour.data();
  const std::vector<int>& cells = plan_.cells[l];
  const Vec zero = lanes::splat(0.0);
  for (int p : cells) {
    double* mmc = MM + p * 2 * KP;
    double* gc = G + p * 2 * KP;
    const double* Cc = C + p * KP;
    int nbw[3], n = 0;  // the neighbours, when all are wet
    bool all_wet = stage_.wet[p];
    for (int f = 0; f < 3 && all_wet; ++f) {
      const int j = nb[3 * p + f];
      if (j < 0) continue;
      if (!stage_.wet[j]) all_wet = false;
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
        gx += lanes::splat(cell_.lsq_x[3 * p + f]) * d;
        gy += lanes::splat(cell_.lsq_y[3 * p + f]) * d;
        lo = lanes::min(lo, cj);
        hi = lanes::max(hi, cj);
      }
      lanes::store(gc + o, gx);
      lanes::store(gc + KP + o, gy);
      lanes::store(mmc + o, lo);
      lanes::store(mmc + KP + o, hi);
    }
  }
  if (num_.exchange) num_.exchange->exchange(MM, static_cast<int>(2 * KP), l, false);
}

template <int KC>
void TransportModel::limit_k(int l) {
  using lanes::Vec;
  const std::size_t KP = padded_k<KC>(KP_), NG = KP / lanes::kWidth;
  const double dts = plan_.dt[l];
  const double* C = stage_.conc.data();
  double* G = stage_.grad.data();
  const double* MM = stage_.range.data();
  const int* nb = cell_.neighbour.data();
  const int* lev = plan_.level.data();
  const double* vol = stage_.volume.data();
  const std::vector<int>& cells = plan_.cells[l];
  const Vec zero = lanes::splat(0.0);
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
    if (!stage_.wet[p]) continue;
    double* gc = G + p * 2 * KP;
    const double* Cc = C + p * KP;
    const double* mmc = MM + p * 2 * KP;
    const double* mj[3];
    const double* ma[3];
    for (int f = 0; f < 3; ++f) {
      const int j = nb[3 * p + f];
      const bool known = j >= 0 && stage_.wet[j] && lev[j] <= l;
      ma[f] = known ? MM + static_cast<std::size_t>(j) * 2 * KP : mmc;
      mj[f] = known && lev[j] == l ? ma[f] : mmc;
    }
    const bool courant = dts * flow_.free_rate[p] > vol[p];
    const Vec slack = lanes::splat(std::max(0.0, vol[p] - dts * flow_.step_rate[p]));
    const double* w = flow_.out_rate.data() + 3 * static_cast<std::size_t>(p);
    for (std::size_t g = 0; g < NG; ++g) {
      const std::size_t o = g * lanes::kWidth;
      const Vec cc = lanes::load(Cc + o), gx = lanes::load(gc + o), gy = lanes::load(gc + KP + o);
      const Vec lo = lanes::load(mmc + o), hi = lanes::load(mmc + KP + o);
      Vec d[3];  // face offsets before phi
      for (int f = 0; f < 3; ++f)
        d[f] = gx * lanes::splat(cell_.face_x[3 * p + f]) + gy * lanes::splat(cell_.face_y[3 * p + f]);
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
  if (num_.exchange) num_.exchange->exchange(G, static_cast<int>(2 * KP), l, false);
}

template <int KC>
void TransportModel::edge_fluxes_k(int l, double a_cell) {
  // Net mass flux (g/s, left -> right; out of the domain on the boundary) of every
  // edge of this level, computed once (edge_flux.hpp); cells then take their three
  // edges with the edge's sign (update_k).
  const std::size_t K = comps_k<KC>(K_), KP = padded_k<KC>(KP_);
  const double* C = stage_.conc.data();
  const double* G = stage_.grad.data();
  const double* vol = stage_.volume.data();
  double* FQ = stage_.edge_flux.data();
  const double Kd = cfg_.diffusivity;
  for (int q : plan_.interior_edges[l]) {
    const int le = edge_.left[q], r = edge_.right[q];
    const edge_flux::Side left{C + static_cast<std::size_t>(le) * KP, G + static_cast<std::size_t>(le) * 2 * KP,
                               edge_.left_face[2 * q], edge_.left_face[2 * q + 1], stage_.dry_scale[le]};
    const edge_flux::Side right{C + static_cast<std::size_t>(r) * KP, G + static_cast<std::size_t>(r) * 2 * KP,
                                edge_.right_face[2 * q], edge_.right_face[2 * q + 1], stage_.dry_scale[r]};
    edge_flux::Edge e{flow_.edge_flux[q], Kd > 0 && stage_.wet[le] && stage_.wet[r], 0, 0, edge_.cross_x[q],
                      edge_.cross_y[q]};
    if (e.diffuse) {
      const double he = 0.5 * (vol[le] / cell_.area[le] + vol[r] / cell_.area[r]);  // depth at the edge
      e.D = Kd * he * edge_.diffusion_coef[q];
      e.half_T = 0.5 * (Kd * he * edge_.length[q]);
    }
    edge_flux::interior(e, left, right, K, KP, FQ + static_cast<std::size_t>(q) * K);
  }
  if (plan_.open_edges[l].empty()) return;
  boundary_values(plan_.t0 + a_cell * plan_.length);
  for (int q : plan_.open_edges[l]) {
    const int le = edge_.left[q], b = edge_.boundary[q];
    const edge_flux::Side inside{C + static_cast<std::size_t>(le) * KP, G + static_cast<std::size_t>(le) * 2 * KP,
                                 edge_.left_face[2 * q], edge_.left_face[2 * q + 1], stage_.dry_scale[le]};
    const double F = flow_.edge_flux[q];
    const double* cb = open_edge_concentration(b, le);
    double* Fo = FQ + static_cast<std::size_t>(q) * K;
    for (std::size_t k = 0; k < K; ++k) Fo[k] = edge_flux::open_boundary(F, inside, KP, k, cb[k]);
  }
}

template <int KC>
void TransportModel::update_k(int l, int stage, const double* m_in, double* m_out) {
  const std::size_t K = comps_k<KC>(K_);
  const double dts = plan_.dt[l];
  double* FQ = stage_.edge_flux.data();
  // Edges to the next finer level: each stage takes the rate of what the finer cells
  // exchanged through them during one of the two fine steps (its time integral A_i,
  // as 2 A_i / dt), so the two stages together (each weighted 1/2) exchange exactly
  // what the finer side did, and each stage is a forward-Euler stage whose inflows
  // are (averages of) bounded face values (docs/transport.md, limiter.hpp).
  if (l < plan_.finest) {
    for (int q : plan_.up_edges[l + 1]) {
      double* Fo = FQ + static_cast<std::size_t>(q) * K;
      double* ac = stage_.fine_exchange.data() + static_cast<std::size_t>(q) * K;
      for (std::size_t k = 0; k < K; ++k) {
        Fo[k] = 2 * ac[k] / dts;
        ac[k] = 0;
      }
    }
  }
  const double* avg = stage == 1 ? stage_.mass.data() : nullptr;
  // Cells with point flows or sources first, into a side buffer (avg may alias
  // m_out, so they must read it before the main loop overwrites it).
  const int* ce = cell_.edge.data();
  const double* cs = cell_.edge_sign.data();
  double r_buf[KC > 0 ? KC : 1];
  double* r = KC > 0 ? r_buf : stage_.scratch.data();
  for (int i : plan_.point_cells[l]) {
    const int p = inputs_.point_cells[i];
    const double* F0 = FQ + static_cast<std::size_t>(ce[3 * p]) * K;
    const double* F1 = FQ + static_cast<std::size_t>(ce[3 * p + 1]) * K;
    const double* F2 = FQ + static_cast<std::size_t>(ce[3 * p + 2]) * K;
    const double s0 = cs[3 * p], s1 = cs[3 * p + 1], s2 = cs[3 * p + 2];
    for (std::size_t k = 0; k < K; ++k) r[k] = -s0 * F0[k] - s1 * F1[k] - s2 * F2[k];
    point_terms(static_cast<std::size_t>(i), stage_.conc.data(), 0.5, dts, r);
    const double* mi = m_in + p * K;
    double* so = stage_.point_result.data() + static_cast<std::size_t>(i) * K;
    for (std::size_t k = 0; k < K; ++k)
      so[k] = avg ? 0.5 * (avg[p * K + k] + (mi[k] + dts * r[k])) : mi[k] + dts * r[k];
  }
  // The forward-Euler update from the three edges (in LocalMesh::cell_edge order),
  // fused with Heun's average in the second stage.
  for (int p : plan_.cells[l]) {
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
  for (int i : plan_.point_cells[l])
    std::copy(stage_.point_result.begin() + static_cast<std::ptrdiff_t>(i * K),
              stage_.point_result.begin() + static_cast<std::ptrdiff_t>((i + 1) * K),
              m_out + inputs_.point_cells[i] * K);
}

void TransportModel::point_terms(std::size_t i, const double* C, double weight, double dts, double* r) {
  const std::size_t K = static_cast<std::size_t>(K_);
  const double* rate = inputs_.point_rate.data() + i * K;
  for (std::size_t k = 0; k < K; ++k) r[k] += rate[k];
  const int p = inputs_.point_cells[i];
  if (flow_.point_flow[p] < 0) {  // a withdrawal takes the cell's concentration
    const double qs = -flow_.point_flow[p] * stage_.dry_scale[p];
    for (std::size_t k = 0; k < K; ++k) {
      const double w = qs * C[p * KP_ + k];
      r[k] -= w;
      budget_.withdrawal[k] += weight * dts * w;
    }
  }
}

}  // namespace beibu
