#pragma once
// The limiter, and why the update cannot create new extrema or negative values.
//
// Cell i (a triangle, volume V at the stage start) reconstructs C_i + phi g.r_f at
// its three edge midpoints. Because a triangle's centroid is the mean of its edge
// midpoints, the mean of the three face values is exactly C_i for any phi. One
// forward-Euler stage in mass form is
//   V' C_i' = V C_i - dt sum_out F_f C_if - dt Q_out C_i          (what leaves)
//           + dt sum_in |F_f| C_jf + dt Q_in C_src                  (what comes in)
//           + dt sum_f D_f (C_j - C_i)                              (two-point diffusion)
// and writing V C_i = sum_f (V/3) C_if (and the same for the C_i terms) gives
//   V' C_i' = sum_f (V/3 - dt F_f^+ - dt (sum D + Q_out)/3) C_if + dt sum_in |F_f| C_jf
//           + dt Q_in C_src + dt sum_f D_f C_j.
// All weights are >= 0 when dt (3 F_f^+ + sum D + Q_out) <= V (with a factor 2 on D
// for the bounded non-orthogonal correction), and they sum to V' by discrete
// continuity. So C_i' is a convex combination of face values, the neighbours' values
// and the source concentration, for any phi that keeps the face values in bounds.
//
// Longer steps, up to the first-order limit dt (sum F^+ + 2 sum D + Q_out) <= V
// (S = dt times that rate), are the step limit. With m <= every value that can enter
// or leave (all face values and neighbour ranges), the same identity gives
//   V' (C_i' - m) >= (V - S)(C_i - m) - phi dt sum_out F_f delta_f
// (delta_f = g.r_f, the face offset before phi): the sum of the weights above times
// (C_if - m) >= 0, which is >= 0 for any phi when every weight is >= 0, and otherwise
// holds when phi dt sum_out F_f delta_f <= (V - S)(C_i - m); the same with M - C_i
// for the upper bound. courant_factor lowers phi to meet that: near the limit the
// outflow faces see less of the gradient (towards first order), elsewhere nothing
// changes (the constraint is only evaluated where the 3 F^+ condition fails).
//
// The face values must lie in a range that both cells sharing the face accept. With
// R_i = [min, max] of C over cell i and its face neighbours, face f (between i and j)
// of either cell is bounded by the hull R_i u R_j. That hull lies inside both cells'
// two-ring ranges (R_j is part of i's two-ring and vice versa), and it contains C_i
// and C_j, so phi = 0 always satisfies it. (The tighter intersection R_i n R_j clips
// linear fields on right-triangle meshes, where an edge midpoint can lie outside the
// hull of the one-ring centroids: first order.) The outflow value C_if and the inflow
// value C_jf (bounded by the same hull from j's side) therefore lie within i's
// two-ring range, and so does C_i': no value leaves the range of its two-ring
// neighbourhood's old values (plus inflow boundary and source values). In particular
// no new global extrema and no negatives. This is Barth-Jespersen with per-face
// bounds. Heun's RK2 is an average of two such stages, so every sub-step keeps the
// bounds of the one before.
#include <algorithm>

#include "lanes.hpp"

namespace beibu::limiter {

// Largest phi in [0, 1] with c + phi * delta inside [lo, hi] (lo <= c <= hi).
inline double face_factor(double c, double delta, double lo, double hi) {
  if (delta > 0) return std::min(1.0, std::max(0.0, (hi - c) / delta));
  if (delta < 0) return std::min(1.0, std::max(0.0, (lo - c) / delta));
  return 1.0;
}

// phi lowered so that the outflow faces' excess over the cell value, out_dt =
// dt sum_out F_f delta_f (lane by lane), leaves the update within [C - below, C + above]:
// phi |out_dt| <= slack * (below if out_dt > 0, above otherwise), slack = V - S >= 0.
inline lanes::Vec courant_factor(lanes::Vec phi, lanes::Vec out_dt, lanes::Vec slack, lanes::Vec below,
                                 lanes::Vec above) {
  const lanes::Vec zero = lanes::splat(0.0);
  const lanes::Mask pos = out_dt > zero;
  const lanes::Vec mag = lanes::select(pos, out_dt, zero - out_dt);
  const lanes::Vec room = slack * lanes::select(pos, below, above);
  const lanes::Mask bind = phi * mag > room;
  if (lanes::none(bind)) return phi;
  return lanes::select(bind, room / lanes::select(bind, mag, lanes::splat(1.0)), phi);
}

// Diffusive transfer right -> left across a face: the two-point part plus the
// non-orthogonal correction, kept between 0 and twice the two-point part so the
// total still acts like a positive coefficient times (C_r - C_l) (monotone). On a
// mesh whose cells are close to orthogonal the clip is rarely active.
inline double diffusive_flux(double two_point, double correction) {
  const double q = two_point + correction;
  return two_point >= 0 ? std::clamp(q, 0.0, 2 * two_point) : std::clamp(q, 2 * two_point, 0.0);
}
// The same for a group of components of one face (same operations lane by lane).
inline lanes::Vec diffusive_flux(lanes::Vec two_point, lanes::Vec correction) {
  const lanes::Vec q = two_point + correction, zero = lanes::splat(0.0), twice = lanes::splat(2.0) * two_point;
  const lanes::Mask pos = two_point >= zero;
  const lanes::Vec lo = lanes::select(pos, zero, twice), hi = lanes::select(pos, twice, zero);
  return lanes::select(q < lo, lo, lanes::select(hi < q, hi, q));
}

}  // namespace beibu::limiter
