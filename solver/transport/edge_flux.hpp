#pragma once
// The mass flux through one edge, apart from the loops that call it (as Clawpack
// keeps its Riemann solvers apart from the stepper): the advection and diffusion
// terms of the transport equation (transport_model.hpp) at one edge and one stage.
//
// Sign convention: a positive flux carries mass from the edge's left cell to its
// right cell (out of the domain on an open boundary). The stage computes each edge's
// flux once; the left cell loses it and the right cell gains it (update_k), so
// what one cell loses the other gains exactly, whatever the flux's value.
//
//   advection   F_e * s_u * (C_u + g_u . r_u)         upwind cell u (left if F_e > 0),
//                                                     s_u < 1 only for a dry cell that
//                                                     would give away more than it holds
//   diffusion   - clip(D (C_r - C_l) + T/2 (g_l + g_r) . t)   D = K H_e len / (d . n),
//                                                     T = K H_e len, t = n - d / (d . n)
//                                                     (limiter::diffusive_flux clips it)
//
// F_e: the flow's volume flux (m3/s); C: the cells' stage concentrations; g: their
// limited gradients; r: centroid -> edge midpoint; d: left centroid -> right centroid;
// n: the unit normal, left -> right; H_e: the mean of the two cells' depths.
// All functions are inline and do the same IEEE operations in the same order for a
// double and for a group of lanes (lanes.hpp), so the stage's results do not depend
// on the vector width.
#include <cstddef>

#include "lanes.hpp"
#include "limiter.hpp"

namespace beibu::edge_flux {

// Advective flux of the upwind reconstruction: F (c + gx rx + gy ry), with F the
// (dry-scaled) volume flux and (rx, ry) the upwind centroid -> edge midpoint.
template <class T>
inline T advective(T F, T c, T gx, T gy, T rx, T ry) {
  return F * (c + gx * rx + gy * ry);
}

// Diffusive transfer right -> left (g/s): the two-point part D (c_r - c_l) plus the
// non-orthogonal correction half_T ((gx_l + gx_r) tx + (gy_l + gy_r) ty), clipped to
// keep the sign of (c_r - c_l) (limiter::diffusive_flux). The flux left -> right is minus this.
template <class T>
inline T diffusive(T D, T half_T, T cl, T cr, T gxl, T gyl, T gxr, T gyr, T tx, T ty) {
  return limiter::diffusive_flux(D * (cr - cl), half_T * ((gxl + gxr) * tx + (gyl + gyr) * ty));
}

// One side of an edge at a stage: the cell's concentrations and limited gradients
// (KP values each, x then y; KP = the components padded to whole lane groups), the
// vector from its centroid to the edge midpoint, and its outflow scaling (1 unless
// the cell is dry and would otherwise give away more than it holds).
struct Side {
  const double* conc;
  const double* grad;
  double rx, ry;
  double scale;
};

// The edge's own coefficients at a stage.
struct Edge {
  double F;                 // volume flux, m3/s, left -> right
  bool diffuse;             // both cells wet and K > 0
  double D, half_T;         // K H_e len / (d . n) and K H_e len / 2 (used only when diffuse)
  double cross_x, cross_y;  // t = n - d / (d . n)
};

// Net mass flux (g/s, left -> right) of components [0, K) across an interior edge,
// into out[0, K). Components go a group of lanes at a time; out is written only up to K.
inline void interior(const Edge& e, const Side& left, const Side& right, std::size_t K, std::size_t KP, double* out) {
  using lanes::Vec;
  const bool from_left = e.F > 0;
  const Side& u = from_left ? left : right;
  const Vec Fs = lanes::splat(e.F * u.scale), rxu = lanes::splat(u.rx), ryu = lanes::splat(u.ry);
  const Vec D = lanes::splat(e.D), half_T = lanes::splat(e.half_T), tx = lanes::splat(e.cross_x),
            ty = lanes::splat(e.cross_y);
  const Vec zero = lanes::splat(0.0);
  for (std::size_t o = 0; o < KP; o += lanes::kWidth) {
    // Zero advective flux when F = 0 (not F * value: a zero flux must stay an exact 0).
    Vec flux = e.F != 0 ? advective(Fs, lanes::load(u.conc + o), lanes::load(u.grad + o), lanes::load(u.grad + KP + o),
                                    rxu, ryu)
                        : zero;
    if (e.diffuse)
      flux -= diffusive(D, half_T, lanes::load(left.conc + o), lanes::load(right.conc + o), lanes::load(left.grad + o),
                        lanes::load(left.grad + KP + o), lanes::load(right.grad + o), lanes::load(right.grad + KP + o),
                        tx, ty);
    if (o + lanes::kWidth <= K)
      lanes::store(out + o, flux);
    else
      lanes::store_n(out + o, flux, K - o);
  }
}

// Mass flux (g/s, out of the domain) of component k across an open-boundary edge
// whose inner cell is `inside`: outflow (F > 0) carries the inner cell's
// reconstructed face value, inflow the boundary's concentration c_boundary. No
// diffusion across open boundaries.
inline double open_boundary(double F, const Side& inside, std::size_t KP, std::size_t k, double c_boundary) {
  if (F > 0)
    return advective(F * inside.scale, inside.conc[k], inside.grad[k], inside.grad[KP + k], inside.rx, inside.ry);
  return F * c_boundary;
}

}  // namespace beibu::edge_flux
