// A large river on a shallow coast: the Red River's wet-season discharge (5 000 m3/s)
// into 1.2 m of water (the 2 m floor at low tide) on 500 m cells, entering a corner
// cell (one edge to the sea, as a mouth on the coast), with the default 20-minute
// step. Put into that one cell it brings 40 cell volumes per step and the surface
// solve empties it (the fault found at the Red River mouth of the default gulf, whose
// cell fell to a volume of round-off size, so that 1- and 2-rank runs parted there);
// spread over its footprint (mesh/inflow_footprint.hpp: cells that hold an hour of
// the discharge) no cell of the footprint falls below its still-water volume.
// Tolerances: footprint cells >= 0.9 of their still-water volume at the end of every
// step (the river only adds water; there is no tide here); the water added equals
// the discharge to 1e-12 relative; the single cell falls below 0.1 of its
// still-water volume (the test sees the fault it guards against).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "hydro_cases.hpp"
#include "mesh/face_locator.hpp"
#include "mesh/inflow_footprint.hpp"
#include "solver/flow.hpp"
#include "solver/hydro/shallow_water.hpp"

using namespace beibu;
using namespace beibu::hydro;
using namespace beibu::hydro::test;

namespace {

struct Outcome {
  double lowest = 1e300;  // smallest volume / still-water volume of a cell the river enters
  double inflow_error = 0;
  std::size_t cells = 0;
};

Outcome run(const Mesh& mesh, const RiverSpec& river) {
  LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_SELF);
  HydroOptions opt;
  opt.dt = 1200;
  opt.ramp_time = 3600;
  ShallowWaterModel model(lm, mesh.open_boundary_names, opt);
  model.set_rivers({river});
  std::vector<int> watched;
  if (river.cells.empty()) {
    // The cell the model picks: the nearest centroid.
    int best = 0;
    for (int c = 0; c < lm.n_owned; ++c)
      if (std::hypot(lm.cx[c] - river.x, lm.cy[c] - river.y) < std::hypot(lm.cx[best] - river.x, lm.cy[best] - river.y))
        best = c;
    watched.push_back(best);
  } else {
    std::unordered_map<long, int> local;
    for (int c = 0; c < lm.n_owned; ++c) local[lm.cell_gid[c]] = c;
    for (const auto& [gid, share] : river.cells) watched.push_back(local.at(gid));
  }
  Outcome out;
  out.cells = watched.size();
  FlowState s;
  double t = 0;
  for (int k = 0; k < 72; ++k) {  // every 20-minute step of a day
    model.advance(t, 1200.0, s);
    t += 1200.0;
    double q = 0;
    for (int c = 0; c < lm.n_owned; ++c) q += s.source_flow[c];
    out.inflow_error = std::max(out.inflow_error, std::fabs(q - river.discharge.q[0]) / river.discharge.q[0]);
    for (int c : watched) out.lowest = std::min(out.lowest, s.volume1[c] / (lm.area[c] * 1.2));
  }
  return out;
}

}  // namespace

TEST_CASE("a large river spread over its footprint does not empty the cells at its mouth", "[hydro][verification]") {
  RectangleSpec rs;
  rs.lx = 20000;
  rs.ly = 8000;
  rs.nx = 40;
  rs.ny = 16;
  rs.depth = 1.2;
  rs.open = {"", "sea", "", ""};  // east: radiating
  const Mesh mesh = rectangle_mesh(rs);
  RiverSpec river;
  river.name = "big";
  river.x = 120;  // a corner cell: one edge to the sea, as at a mouth on the coast
  river.y = 60;
  river.discharge.t = {0.0};
  river.discharge.q = {5000.0};

  const Outcome single = run(mesh, river);
  const FaceLocator loc(mesh);
  for (const CellShare& c :
       inflow_footprint(mesh, loc.find(river.x, river.y), river.x, river.y, kInflowHoldSeconds * river.discharge.q[0]))
    river.cells.emplace_back(c.face, c.share);
  const Outcome spread = run(mesh, river);
  std::printf(
      "river of 5000 m3/s on 1.2 m: one cell, lowest volume %.3g of still water; footprint of %zu cells, lowest "
      "%.3g (tol >= 0.9); discharge entered to %.2g (tol 1e-12)\n",
      single.lowest, spread.cells, spread.lowest, spread.inflow_error);
  CHECK(spread.cells > 1);
  CHECK(spread.lowest >= 0.9);
  CHECK(spread.inflow_error < 1e-12);
  CHECK(single.inflow_error < 1e-12);
  CHECK(single.lowest < 0.1);  // the fault the footprint removes
}
