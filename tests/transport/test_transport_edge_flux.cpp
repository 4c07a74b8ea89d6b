// The edge flux (solver/transport/edge_flux.hpp) on its own: hand-computed upwind,
// dry-scaled, diffusive and boundary cases, and the antisymmetry that makes the
// scheme conservative (the flux seen from the right cell is minus the flux seen from
// the left, bit for bit, so what one cell loses the other gains).
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "solver/transport/edge_flux.hpp"

using namespace beibu;

namespace {

// A cell's stage values as the stage stores them: KP concentrations, then KP x- and
// KP y-gradients; the padding beyond the first K stays 0.
struct Cell {
  std::vector<double> conc, grad;
  Cell(std::size_t KP, const std::vector<double>& c, const std::vector<double>& gx, const std::vector<double>& gy)
      : conc(KP, 0.0), grad(2 * KP, 0.0) {
    for (std::size_t k = 0; k < c.size(); ++k) {
      conc[k] = c[k];
      grad[k] = gx[k];
      grad[KP + k] = gy[k];
    }
  }
  edge_flux::Side side(double rx, double ry, double scale = 1.0) const {
    return {conc.data(), grad.data(), rx, ry, scale};
  }
};

edge_flux::Edge advection_only(double F) {
  return {F, false, 0.0, 0.0, 0.0, 0.0};
}

// Flux of a one-component edge; the lanes past K must stay untouched.
double one_flux(const edge_flux::Edge& e, const edge_flux::Side& l, const edge_flux::Side& r) {
  const std::size_t KP = lanes::padded(1);
  std::vector<double> out(KP, -99.0);
  edge_flux::interior(e, l, r, 1, KP, out.data());
  for (std::size_t k = 1; k < KP; ++k) CHECK(out[k] == -99.0);
  return out[0];
}

}  // namespace

TEST_CASE("Edge flux: advection carries the upwind cell's reconstructed face value", "[transport]") {
  const std::size_t KP = lanes::padded(1);
  // Left face value 1 + 0.5 * 1 + 1 * 0.5 = 2; right face value 5 + (-1)(-1) + 0 = 6.
  const Cell left(KP, {1.0}, {0.5}, {1.0}), right(KP, {5.0}, {-1.0}, {0.0});
  const auto L = left.side(1.0, 0.5), R = right.side(-1.0, 0.25);
  CHECK(one_flux(advection_only(3.0), L, R) == 6.0);     // left -> right, left's face value
  CHECK(one_flux(advection_only(-3.0), L, R) == -18.0);  // right -> left, right's face value
  CHECK(one_flux(advection_only(0.0), L, R) == 0.0);     // no flow, no diffusion: nothing moves
  // A dry upwind cell's outflow is scaled down (here to a quarter); the downwind
  // cell's scaling does not matter.
  CHECK(one_flux(advection_only(4.0), left.side(1.0, 0.5, 0.25), right.side(-1.0, 0.25, 0.5)) == 2.0);
}

TEST_CASE("Edge flux: diffusion moves mass down the gradient, its correction clipped to [0, 2x] two-point",
          "[transport]") {
  const std::size_t KP = lanes::padded(1);
  const Cell low(KP, {1.0}, {2.0}, {0.0}), high(KP, {4.0}, {3.0}, {0.0});
  // Orthogonal edge (no correction), D = 2: transfer right -> left 2 (4 - 1) = 6.
  CHECK(one_flux({0.0, true, 2.0, 1.0, 0.0, 0.0}, low.side(1, 0), high.side(-1, 0)) == -6.0);
  // Correction 1 * (2 + 3) * 0.5 = 2.5 on top of 3: 5.5, inside [0, 6].
  CHECK(one_flux({0.0, true, 1.0, 1.0, 0.5, 0.0}, low.side(1, 0), high.side(-1, 0)) == -5.5);
  // Correction 5 on top of 3: clipped to twice the two-point part.
  CHECK(one_flux({0.0, true, 1.0, 1.0, 1.0, 0.0}, low.side(1, 0), high.side(-1, 0)) == -6.0);
  // Correction -5 against +3: clipped to 0 (never against the gradient).
  CHECK(one_flux({0.0, true, 1.0, 1.0, -1.0, 0.0}, low.side(1, 0), high.side(-1, 0)) == 0.0);
  // Advection and diffusion together: 2 * 2 (left's face value 1 + 2 * 0.5) minus 6.
  CHECK(one_flux({2.0, true, 2.0, 1.0, 0.0, 0.0}, low.side(0.5, 0), high.side(-1, 0)) == 4.0 - 6.0);
}

TEST_CASE("Edge flux: the same edge seen from the other side is exactly the negated flux", "[transport]") {
  // Reversing an edge swaps its cells and negates F, n and d, so t = n - d / (d.n)
  // changes sign while D and T do not. Conservation needs flux(reversed) = -flux
  // bit for bit; checked over random states, 7 components (not whole lane groups).
  const std::size_t K = 7, KP = lanes::padded(K);
  unsigned long long state = 2024;
  auto uniform = [&](double lo, double hi) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + (hi - lo) * static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<double> c[2], gx[2], gy[2];
    for (int s = 0; s < 2; ++s)
      for (std::size_t k = 0; k < K; ++k) {
        c[s].push_back(uniform(0, 3));
        gx[s].push_back(uniform(-1, 1));
        gy[s].push_back(uniform(-1, 1));
      }
    const Cell a(KP, c[0], gx[0], gy[0]), b(KP, c[1], gx[1], gy[1]);
    const auto A = a.side(uniform(-1, 1), uniform(-1, 1), uniform(0.2, 1)),
               B = b.side(uniform(-1, 1), uniform(-1, 1), uniform(0.2, 1));
    const double F = trial % 10 == 0 ? 0.0 : uniform(-5, 5);
    const bool diffuse = trial % 3 != 0;
    const edge_flux::Edge ab{F, diffuse, uniform(0, 4), uniform(0, 2), uniform(-0.5, 0.5), uniform(-0.5, 0.5)};
    const edge_flux::Edge ba{-F, diffuse, ab.D, ab.half_T, -ab.cross_x, -ab.cross_y};
    std::vector<double> out_ab(KP, 0.0), out_ba(KP, 0.0);
    edge_flux::interior(ab, A, B, K, KP, out_ab.data());
    edge_flux::interior(ba, B, A, K, KP, out_ba.data());
    for (std::size_t k = 0; k < K; ++k) REQUIRE(out_ba[k] == -out_ab[k]);
    // Components do not mix: each equals the scalar formula for its own values.
    for (std::size_t k = 0; k < K; ++k) {
      const bool from_a = F > 0;
      const auto& U = from_a ? A : B;
      double f = F != 0 ? edge_flux::advective(F * U.scale, U.conc[k], U.grad[k], U.grad[KP + k], U.rx, U.ry) : 0.0;
      if (diffuse)
        f -= edge_flux::diffusive(ab.D, ab.half_T, A.conc[k], B.conc[k], A.grad[k], A.grad[KP + k], B.grad[k],
                                  B.grad[KP + k], ab.cross_x, ab.cross_y);
      REQUIRE(out_ab[k] == f);
    }
  }
}

TEST_CASE("Edge flux on an open boundary: outflow at the inner face value, inflow at the boundary's", "[transport]") {
  const std::size_t KP = lanes::padded(2);
  const Cell inside(KP, {2.0, 8.0}, {1.0, 0.0}, {0.0, 4.0});
  const auto S = inside.side(0.5, -0.25, 0.5);
  // Outflow F = 4 (scaled by the inner cell's 0.5): 2 * (2 + 0.5) and 2 * (8 - 1).
  CHECK(edge_flux::open_boundary(4.0, S, KP, 0, 100.0) == 5.0);
  CHECK(edge_flux::open_boundary(4.0, S, KP, 1, 100.0) == 14.0);
  // Inflow F = -3 at the boundary's concentration 0.5, whatever is inside: into the domain.
  CHECK(edge_flux::open_boundary(-3.0, S, KP, 0, 0.5) == -1.5);
  CHECK(edge_flux::open_boundary(0.0, S, KP, 1, 0.5) == 0.0);
}
