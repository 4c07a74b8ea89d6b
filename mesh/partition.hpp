#pragma once
// Partition of the mesh's faces over MPI ranks balanced level by level for local
// time stepping. Transport steps each cell at its own power-of-two time level and
// the ranks wait for each other at every stage of every level, so what bounds a
// rank count's speed-up is each level's busiest rank, not the total. A partition
// that balances cells (PT-Scotch's) can put most of one level on one rank: on the
// default gulf over a coupled day, 78 % of the updates of one level (docs/performance.md).
//
// Here faces are grouped into bands by the scale of their stable step, (A/P)·√h in
// factors of two (the time level they are likely to get: the step of a cell scales
// like its volume over its outflow), and each band is cut into equal runs of a
// Hilbert curve through the face centroids, one run per rank. Computed identically
// on every rank from the whole mesh (no communication, repeatable bit for bit).
#include <cstdint>
#include <vector>

#include "mesh.hpp"

namespace beibu {

// The band of a cell's stable transport step for a tidal current: floor(log2) of its
// area over its perimeter times the square root of the depth (at least 1 m); 0 for
// a degenerate cell.
int step_band(double area, double perimeter, double depth);
// The same for face f of a whole mesh (perimeter from its nodes).
int face_step_band(const Mesh& m, std::size_t f);

// Position along a Hilbert curve of order `bits` of the point (x, y), 0 <= x, y < 2^bits.
std::uint64_t hilbert_index(std::uint32_t x, std::uint32_t y, int bits);

// Owner rank of every face, for `size` ranks: every band split evenly (sizes differ
// by at most one face) into runs of the Hilbert curve.
std::vector<int> level_balanced_partition(const Mesh& m, int size);

}  // namespace beibu
