#pragma once
// Where an inflow that brings water (a river mouth, an outfall with a flow) enters
// the sea: the cell that holds its point, grown by the neighbouring cells nearest the
// point until the cells hold, at mean sea level, the water the inflow brings in
// `hold_s` seconds at its largest discharge. The water and the mass of the inflow are
// shared between these cells in proportion to their still-water volume, so every cell
// of the footprint receives water of the inflow's concentration and is diluted alike.
//
// Why: a large river put into one cell of a fine coastal mesh brings many times the
// cell's volume per time step (the Red River's 5 700 m3/s is 20 cell volumes of a 2 m
// deep, 0.17 km2 cell in a 20-minute step), and the surface solve answers with
// outflows that empty and refill the cell from one step to the next.
#include <utility>
#include <vector>

#include "mesh.hpp"

namespace beibu {

struct CellShare {
  long face = -1;
  double share = 0;  // fraction of the inflow; the shares of a footprint sum to 1
};

// The cells of one inflow. `first` is the face that holds the point (or the nearest,
// as the caller found it); `volume_m3` the water to hold (discharge x hold time; 0 or
// less: the first cell alone). Cells are added by distance from (x, y) of their
// centroids, among the neighbours of the cells taken so far (so the footprint is
// connected), ties to the lower face index; the volume of a cell is its area times
// its depth below mean sea level (at least `min_depth_m`). Deterministic: the same on
// every rank.
std::vector<CellShare> inflow_footprint(const Mesh& mesh, long first, double x, double y, double volume_m3,
                                        double min_depth_m = 0.1);

// The hold time of the default placement (s): the footprint holds an hour of the
// inflow's largest discharge, a third of it per 20-minute hydrodynamic step.
constexpr double kInflowHoldSeconds = 3600.0;

class FaceLocator;

// The default placement of an inflow at (x, y) whose largest discharge is `q_max_m3s`:
// the footprint holding kInflowHoldSeconds of it, from the face that holds the point
// or the nearest within `max_dist_m`, as (face, share) pairs; empty when the point is
// farther than that from the mesh (the caller names the input).
std::vector<std::pair<long, double>> inflow_cells(const Mesh& mesh, const FaceLocator& locator, double x, double y,
                                                  double q_max_m3s, double max_dist_m = 3000.0);

}  // namespace beibu
