#pragma once
// The model domain as closed boundary rings whose segments are tagged land or
// open boundary, and its resampling at the local mesh size (so the mesher never
// sees boundary points closer together than the elements it must make there).
#include <functional>
#include <string>
#include <vector>

namespace beibu {

class Projection;
struct MeshConfig;

struct BoundaryRing {
  std::vector<double> x, y;  // model metres; segment i joins vertex i and i+1 (mod n)
  std::vector<int> tag;      // per segment: kLandEdge or kOpenEdgeBase + k
  double area() const;       // signed (CCW positive)
};

struct Domain {
  std::vector<BoundaryRing> rings;  // rings[0]: outer, counter-clockwise; then islands, clockwise
  std::vector<std::string> open_names;
  double area() const;  // water area (m^2)
};

// Reads the water polygon and the open-boundary lines; tags ring segments lying
// on an open-boundary line. Throws InputError naming the file and the problem.
Domain load_domain(const std::string& polygon_file, const std::string& open_file, const Projection& proj);

struct ResampleReport {
  int tips_cut = 0, short_merged = 0, islands_dropped = 0;
};

// Resamples each run of equally tagged segments so that point spacing follows
// `size` (equal increments of the integral of 1/size along the run), keeps the
// corners where tags change, cuts water-side tips sharper than `min_angle_deg`,
// and drops islands smaller than `min_island_area` (m^2).
Domain resample_domain(const Domain& d, const std::function<double(double, double)>& size, double min_angle_deg,
                       double min_island_area, ResampleReport* report = nullptr);

// Places where the boundary comes closer to a non-adjacent part of itself (a
// narrow channel, an island near the shore) than `ratio` times the local size.
struct NarrowSpot {
  double x, y, gap;
};
std::vector<NarrowSpot> narrow_spots(const Domain& d, const std::function<double(double, double)>& size, double ratio);

// First pair of crossing or touching non-adjacent boundary segments, if any:
// returns false and sets (x, y) to a point near the problem.
bool boundary_is_simple(const Domain& d, double& x, double& y);

}  // namespace beibu
