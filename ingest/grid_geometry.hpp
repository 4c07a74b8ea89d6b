#pragma once
// The geometry of a longitude/latitude grid, for locating points in it: longitudes
// wrapped from a reference, the position of a value on a monotonic axis, and the
// inverse of the bilinear map of a quadrilateral cell.
#include <vector>

namespace beibu {

// Longitude brought into [ref, ref + 360).
double wrap_from(double lon, double ref);

// Position of x on a monotonic axis: cells [i0, i1] and weight of i1.
// Points up to one spacing beyond an end are clamped to it (boundary points
// just outside a regional grid); further out is "outside" (false).
bool locate_axis(const std::vector<double>& c, double x, long& i0, long& i1, double& w);

// Inverse bilinear map of (x, y) in the quad p0 (0,0), p1 (1,0), p2 (1,1), p3 (0,1):
// Newton on (s, t); false when (x, y) is not inside it (to 1e-9).
bool inverse_bilinear(const double* qx, const double* qy, double x, double y, double& s, double& t);

}  // namespace beibu
