#include "cell_gather.hpp"

#include <mpi.h>

#include "core/error.hpp"
#include "mesh/local_mesh.hpp"

namespace beibu {

namespace {

int comm_rank(MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  return rank;
}

// Rank 0 learns every rank's count and where its values go; returns the total (rank 0).
int gather_layout(MPI_Comm comm, int n, std::vector<int>& counts, std::vector<int>& displs) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  counts.assign(size, 0);
  displs.assign(size, 0);
  MPI_Gather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, comm);
  int total = 0;
  for (int r = 0; r < size; ++r) {
    displs[r] = total;
    total += counts[r];
  }
  return total;
}

}  // namespace

std::vector<double> gather_cells(const LocalMesh& m, const std::vector<double>& owned, int ncomp) {
  const int rank = comm_rank(m.comm), n = m.n_owned;
  std::vector<int> counts, displs;
  const int total = gather_layout(m.comm, n, counts, displs);
  std::vector<long> gids(rank == 0 ? total : 0);
  MPI_Gatherv(m.cell_gid.data(), n, MPI_LONG, gids.data(), counts.data(), displs.data(), MPI_LONG, 0, m.comm);
  std::vector<int> vcounts(counts.size()), vdispls(counts.size());
  for (std::size_t r = 0; r < counts.size(); ++r) {
    vcounts[r] = counts[r] * ncomp;
    vdispls[r] = displs[r] * ncomp;
  }
  std::vector<double> vals(rank == 0 ? static_cast<std::size_t>(total) * ncomp : 0);
  MPI_Gatherv(owned.data(), n * ncomp, MPI_DOUBLE, vals.data(), vcounts.data(), vdispls.data(), MPI_DOUBLE, 0, m.comm);
  if (rank != 0) return {};
  if (total != m.n_global_cells) throw Failure("gather_cells: owned cells do not cover the mesh");
  std::vector<double> out(static_cast<std::size_t>(total) * ncomp);
  for (int i = 0; i < total; ++i)
    for (int k = 0; k < ncomp; ++k)
      out[static_cast<std::size_t>(gids[i]) * ncomp + k] = vals[static_cast<std::size_t>(i) * ncomp + k];
  return out;
}

std::vector<double> gather_edges(const LocalMesh& m, const std::vector<double>& local, long n_global_edges) {
  const int rank = comm_rank(m.comm), n = m.n_edges();
  std::vector<int> counts, displs;
  const int total = gather_layout(m.comm, n, counts, displs);
  std::vector<long> gids(rank == 0 ? total : 0);
  std::vector<double> vals(rank == 0 ? total : 0);
  MPI_Gatherv(m.edge_gid.data(), n, MPI_LONG, gids.data(), counts.data(), displs.data(), MPI_LONG, 0, m.comm);
  MPI_Gatherv(local.data(), n, MPI_DOUBLE, vals.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, m.comm);
  if (rank != 0) return {};
  std::vector<double> out(static_cast<std::size_t>(n_global_edges), 0.0);
  std::vector<char> seen(out.size(), 0);
  for (int i = 0; i < total; ++i) {
    out[static_cast<std::size_t>(gids[i])] = vals[i];
    seen[static_cast<std::size_t>(gids[i])] = 1;
  }
  for (char s : seen)
    if (!s) throw Failure("gather_edges: local edges do not cover the mesh");
  return out;
}

std::vector<double> pick_cells(const LocalMesh& m, const std::vector<double>& global, int ncomp, bool with_ghosts) {
  const int n = with_ghosts ? m.n_local : m.n_owned;
  std::vector<double> out(static_cast<std::size_t>(n) * ncomp);
  for (int c = 0; c < n; ++c)
    for (int k = 0; k < ncomp; ++k)
      out[static_cast<std::size_t>(c) * ncomp + k] = global[static_cast<std::size_t>(m.cell_gid[c]) * ncomp + k];
  return out;
}

}  // namespace beibu
