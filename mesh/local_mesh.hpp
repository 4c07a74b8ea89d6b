#pragma once
// Flat, cache-friendly geometry of this rank's part of the mesh, built once.
// Hot loops index these arrays directly and never call DMPlex.
//
// Cells [0, n_owned) are owned, [n_owned, n_local) are ghosts (one layer,
// face neighbours of owned cells). Owned cells and edges are ordered by global
// id, and each owned cell lists its three edges in the global mesh's order, so
// a cell's update sums the same terms in the same order on any number of ranks.
#include <mpi.h>
#include <petscsf.h>

#include <memory>
#include <string>
#include <vector>

#include "mesh.hpp"

namespace beibu {

// Copies owned-cell values to the ghost copies on other ranks (PetscSF).
class Halo {
 public:
  Halo() = default;
  Halo(MPI_Comm comm, int n_local, const std::vector<int>& ghost_local, const std::vector<int>& owner_rank,
       const std::vector<int>& owner_index);
  ~Halo();
  Halo(const Halo&) = delete;
  Halo& operator=(const Halo&) = delete;
  Halo(Halo&& o) noexcept;
  Halo& operator=(Halo&& o) noexcept;

  // data holds ncomp values per local cell (interleaved); ghosts are overwritten.
  void update(double* data, int ncomp) const;
  void update(int* data) const;
  bool empty() const { return sf_ == nullptr; }

 private:
  PetscSF sf_ = nullptr;
  mutable std::vector<std::pair<int, MPI_Datatype>> types_;
  MPI_Datatype type_for(int ncomp) const;
};

struct LocalMesh {
  MPI_Comm comm = MPI_COMM_SELF;
  int n_owned = 0, n_local = 0;
  long n_global_cells = 0;

  // Cells.
  std::vector<long> cell_gid;
  std::vector<double> area, cx, cy, lon, lat, depth;
  std::vector<int> jurisdiction, zone;
  std::vector<int> cell_edge;          // 3 per owned cell: local edge ids
  std::vector<double> cell_edge_sign;  // 3 per owned cell: +1 if the cell is the edge's left cell

  // Edges touching at least one owned cell, by global id.
  std::vector<long> edge_gid;
  std::vector<int> edge_left, edge_right;   // local cells; right = -1 on the boundary
  std::vector<double> nx, ny, len, mx, my;  // unit normal (left -> right, outward on the boundary), length, midpoint
  std::vector<int> edge_tag;                // EdgeTag

  std::shared_ptr<Halo> halo;

  int n_edges() const { return static_cast<int>(edge_gid.size()); }
  // The cell across owned cell c's k-th edge (cell_edge order), or -1 on the boundary.
  int neighbour(int c, int k) const {
    const int e = cell_edge[3 * c + k];
    return edge_left[e] == c ? edge_right[e] : edge_left[e];
  }
  bool is_owned(int c) const { return c < n_owned; }
  // Sums over owned cells across ranks.
  double global_sum(const std::vector<double>& per_cell, int ncomp = 1, int comp = 0) const;
  double total_area() const { return global_sum(area); }
};

// Partitions the mesh over `comm` and builds this rank's LocalMesh. The partition
// is the level-balanced one of partition.hpp unless the PETSc option
// `-mesh_partition dmplex` asks for DMPlex's partitioner (PT-Scotch;
// -petscpartitioner_type changes it). On one rank no partitioner is involved.
LocalMesh distribute_mesh(const Mesh& m, MPI_Comm comm);

// Whether -mesh_partition asks for DMPlex's partitioner ("dmplex") rather than the
// default ("levels"). Throws InputError for any other value, so the command line
// can be checked before any work starts.
bool use_dmplex_partitioner();

// Collective diagnostics: among the owned cells flagged on any rank (`local_cell` >= 0
// on a rank that found one, -1 elsewhere) the one with the lowest global id, described
// identically on every rank as "cell G at lon X, lat Y"; `detail` (e.g. the variable)
// comes from the rank owning that cell. Returns "" when no rank flagged a cell.
std::string describe_flagged_cell(const LocalMesh& m, int local_cell, int detail, int& detail_out);

// Counts of owned cells per rank (rank 0 gets the vector; others an empty one).
std::vector<int> cells_per_rank(const LocalMesh& lm);

}  // namespace beibu
