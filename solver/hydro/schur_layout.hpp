#pragma once
// The layout of the split free-surface factorisation (SchurCholesky): the matrix graph
// every rank knows, its split into one part per rank plus a separator (recursive METIS
// bisection through CHOLMOD), and the all-to-all plans that move rows between ranks.
#include <cholmod.h>
#include <mpi.h>

#include <functional>
#include <vector>

namespace beibu {
struct LocalMesh;
}

namespace beibu::hydro::schur {

// The matrix graph over all cells, known to every rank: per global cell its face
// neighbours in its owner's cell_edge order (-1: none), its owner and its local index there.
struct Graph {
  long n = 0;
  std::vector<long> nb;  // 3 per cell
  std::vector<int> owner;
};

Graph gather_graph(const LocalMesh& m);

// A symmetric matrix (or its pattern, x = nullptr) stored as its upper triangle by
// column, as CHOLMOD sees it: a view, nothing is copied.
cholmod_sparse upper_view(std::vector<int>& colp, std::vector<int>& rowi, double* x);

// Part per cell (0 .. parts-1) or -1 for the separator: recursive bisection, so that
// no face joins two different parts.
std::vector<int> split(const Graph& g, int parts, cholmod_common* cc);

// Relabels the parts so that part q goes to the rank owning most of its cells (fewest
// rows to move every step): the best of all assignments (at most 4! = 24).
void match_parts_to_ranks(const Graph& g, int size, std::vector<int>& part);

// Which owned rows go to which rank, and which global rows arrive from where, for
// one all-to-all per step. Both sides list a rank's cells in ascending global id
// (a LocalMesh orders its owned cells so).
struct Plan {
  std::vector<int> send_cells;  // owned local cells, grouped by destination
  std::vector<int> send_counts, send_displs;
  std::vector<long> recv_gids;  // grouped by source
  std::vector<int> recv_counts, recv_displs;
};

Plan make_plan(const LocalMesh& m, const Graph& g, int size, int rank, const std::function<bool(int, long)>& need);

// Moves ncomp values per listed cell along the plan (reverse: back to the owners).
void exchange(const Plan& p, MPI_Comm comm, int ncomp, const std::vector<double>& send, std::vector<double>& recv,
              bool reverse = false);

}  // namespace beibu::hydro::schur
