#pragma once
// Per-face attributes of the mesh from GIS data: depth from a bathymetry
// raster, jurisdiction and functional zone from polygon layers.
#include <functional>
#include <string>
#include <vector>

#include "mesh.hpp"

namespace beibu {

class Projection;
class Raster;

// Fills lon/lat of the nodes from x/y.
void compute_lonlat(Mesh& m, const Projection& proj);

struct DepthReport {
  std::size_t clamped = 0;  // faces at the minimum depth
  std::size_t tapered = 0;  // faces where the coastal taper made the depth shallower than the raster's
  std::size_t filled = 0;   // faces with no sea value in reach, filled from neighbouring faces
  std::size_t floored = 0;  // faces deepened by a depth floor region
  std::size_t shelved = 0;  // faces deepened by the shelf rule
  double min = 0, max = 0;
};

// How depth is derived from a coarse elevation raster (positive up) near the coast.
struct DepthRule {
  double min_depth = 2.0;       // m
  double coastal_slope = 1e-3;  // depth may not exceed slope * distance to land
  int search_cells = 3;         // reach (raster cells) when the face sees only land cells
  double scale = 1.0;           // raster depth multiplied by this first
  // Depth at least shelf_slope * distance to land, up to shelf_max (0: no shelf rule):
  // a coarse raster's cells next to the coast average land and sea, which leaves a band
  // of 1-3 m reaching tens of kilometres offshore where the sea floor slopes away.
  double shelf_slope = 0, shelf_max = 0;
  struct Floor {
    double x, y, radius, min_depth;  // model projection (m)
  };
  std::vector<Floor> floors;  // applied last: depth = max(depth, min_depth) inside each circle
};

// Sea cells of the raster only (elevation < 0): land values never leak into
// the sea. depth = max(min_depth, min(-scale elevation, slope * distance_to_land),
// min(shelf_slope * distance_to_land, shelf_max)),
// elevation bilinear over sea cells, else the nearest sea cell within reach,
// else filled from neighbouring faces; then raised to each containing floor's
// min_depth. Throws InputError if the raster has no
// sea data over the mesh at all.
DepthReport assign_depth(Mesh& m, Raster elevation, const DepthRule& rule,
                         const std::function<double(double, double)>& distance_to_land);

// For each face, the index (into `table`) of the first polygon of `file`
// containing its centroid, by the polygons' `property` value; faces in no
// polygon get -1, or if `fill_gaps`, the value of a neighbouring face.
void assign_regions(Mesh& m, const std::string& file, const std::string& property, const Projection& proj,
                    bool fill_gaps, std::vector<int>& out, std::vector<std::string>& table);

}  // namespace beibu
