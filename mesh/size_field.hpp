#pragma once
// Target element size: small at the coast and in refinement regions, growing
// linearly with distance (the grade) up to a maximum offshore. Every term is
// `grade`-Lipschitz, so the field is graded smoothly by construction.
//
// The distance to land is computed once on a background grid with an exact
// Euclidean distance transform, so the mesher's many size queries are a
// bilinear lookup.
#include <vector>

namespace beibu {

struct SizeRegion {
  double x, y, radius, size;
};

struct SizeParams {
  double coast = 500, max = 8000, grade = 0.25;
  std::vector<SizeRegion> regions;
};

// h = min(max, coast + grade*d, min_r(size_r + grade*max(0, |x - c_r| - radius_r))).
double target_size(const SizeParams& p, double x, double y, double dist_to_coast);

// Squared Euclidean distance transform of a 1-D sampled function (Felzenszwalb
// & Huttenlocher): out[p] = min_q ((p - q)^2 + f[q]), spacing 1. Exposed for tests.
void distance_transform_1d(const std::vector<double>& f, std::vector<double>& out);

class DistanceGrid {
 public:
  // Polylines (the land boundary) sampled onto a grid of `spacing` metres covering
  // [x0, x1] x [y0, y1] plus a margin. Distances are exact to the grid nodes
  // nearest to the polylines, i.e. within spacing/sqrt(2) of the true distance.
  DistanceGrid(const std::vector<std::vector<double>>& xs, const std::vector<std::vector<double>>& ys, double x0,
               double y0, double x1, double y1, double spacing);
  double operator()(double x, double y) const { return interpolate(d_, x, y); }  // bilinear, clamped

  // The size field on the same grid: target_size() from the distance, lowered
  // further by point limits (narrow channels), each growing with the grade.
  void set_size(const SizeParams& p);
  void limit_size(double x, double y, double size, double grade);
  double size(double x, double y) const { return interpolate(h_field_, x, y); }

 private:
  double interpolate(const std::vector<float>& v, double x, double y) const;
  double x0_, y0_, h_;
  int nx_, ny_;
  std::vector<float> d_, h_field_;
  float hmax_ = 0;
};

}  // namespace beibu
