#pragma once
// Owned-cell values of all ranks assembled in global face order on rank 0 (for
// output files), and the reverse: a global array read by every rank, kept locally.
#include <vector>

namespace beibu {

struct LocalMesh;

// `owned` holds ncomp values per owned cell; rank 0 gets n_global_cells * ncomp values, others an empty vector.
std::vector<double> gather_cells(const LocalMesh& m, const std::vector<double>& owned, int ncomp);

// Values per local edge (edges touching owned cells, LocalMesh::edge_gid) assembled
// in global edge order on rank 0 (n_global_edges values; others get an empty vector).
// An edge shared by two ranks takes the value of the higher rank; both hold the same.
std::vector<double> gather_edges(const LocalMesh& m, const std::vector<double>& local, long n_global_edges);

// From a global array (ncomp values per global face) to this rank's cells: owned only, or all local cells.
std::vector<double> pick_cells(const LocalMesh& m, const std::vector<double>& global, int ncomp, bool with_ghosts);

}  // namespace beibu
