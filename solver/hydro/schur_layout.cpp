#include "schur_layout.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "core/error.hpp"
#include "mesh/local_mesh.hpp"

namespace beibu::hydro::schur {

Graph gather_graph(const LocalMesh& m) {
  int size = 1;
  MPI_Comm_size(m.comm, &size);
  std::vector<long> mine(4 * static_cast<std::size_t>(m.n_owned));
  for (int c = 0; c < m.n_owned; ++c) {
    mine[4 * c] = m.cell_gid[c];
    for (int k = 0; k < 3; ++k) {
      const int nb = m.neighbour(c, k);
      mine[4 * c + 1 + k] = nb >= 0 ? m.cell_gid[nb] : -1;
    }
  }
  const int count = static_cast<int>(mine.size());
  std::vector<int> counts(size), displs(size, 0);
  MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, m.comm);
  for (int r = 1; r < size; ++r) displs[r] = displs[r - 1] + counts[r - 1];
  std::vector<long> all(static_cast<std::size_t>(displs[size - 1] + counts[size - 1]));
  MPI_Allgatherv(mine.data(), count, MPI_LONG, all.data(), counts.data(), displs.data(), MPI_LONG, m.comm);
  Graph g;
  g.n = m.n_global_cells;
  g.nb.assign(3 * static_cast<std::size_t>(g.n), -1);
  g.owner.assign(static_cast<std::size_t>(g.n), -1);
  for (int r = 0; r < size; ++r)
    for (int i = displs[r]; i < displs[r] + counts[r]; i += 4) {
      const long gid = all[i];
      if (gid < 0 || gid >= g.n || g.owner[gid] >= 0)
        throw Failure("free-surface solver: cell ids are not 0 .. " + std::to_string(g.n - 1) + " owned once");
      g.owner[gid] = r;
      for (int k = 0; k < 3; ++k) g.nb[3 * gid + k] = all[i + 1 + k];
    }
  if (std::find(g.owner.begin(), g.owner.end(), -1) != g.owner.end())
    throw Failure("free-surface solver: a cell has no owner");
  return g;
}

cholmod_sparse upper_view(std::vector<int>& colp, std::vector<int>& rowi, double* x) {
  cholmod_sparse A{};
  A.nrow = A.ncol = colp.size() - 1;
  A.nzmax = rowi.size();
  A.p = colp.data();
  A.i = rowi.data();
  A.x = x;
  A.stype = 1;
  A.itype = CHOLMOD_INT;
  A.xtype = x ? CHOLMOD_REAL : CHOLMOD_PATTERN;
  A.dtype = CHOLMOD_DOUBLE;
  A.sorted = 1;
  A.packed = 1;
  return A;
}

namespace {

// CHOLMOD's METIS node bisection of the subgraph on `cells`: 0 or 1 per cell, 2 for
// the separator. `where` is scratch (size n, all -1 on entry and on return).
std::vector<int> bisect(const Graph& g, const std::vector<long>& cells, std::vector<int>& where, cholmod_common* cc) {
  const int n = static_cast<int>(cells.size());
  for (int i = 0; i < n; ++i) where[cells[i]] = i;
  // Pattern of the symmetric subgraph, upper triangle with the diagonal, by column.
  std::vector<int> p(n + 1, 0), rows;
  rows.reserve(3 * static_cast<std::size_t>(n));
  for (int j = 0; j < n; ++j) {
    const std::size_t start = rows.size();
    for (int k = 0; k < 3; ++k) {
      const long nb = g.nb[3 * cells[j] + k];
      if (nb >= 0 && where[nb] >= 0 && where[nb] < j) rows.push_back(where[nb]);
    }
    rows.push_back(j);
    std::sort(rows.begin() + static_cast<long>(start), rows.end());
    p[j + 1] = static_cast<int>(rows.size());
  }
  for (long c : cells) where[c] = -1;
  std::vector<int> side(n, 0);
  if (n < 2) return side;
  cholmod_sparse A = upper_view(p, rows, nullptr);
  const long sep = cholmod_bisect(&A, nullptr, 0, 1, side.data(), cc);
  if (sep < 0 || cc->status != CHOLMOD_OK)
    throw Failure("free-surface solver: the graph bisection failed (CHOLMOD status " + std::to_string(cc->status) +
                  ")");
  return side;
}

}  // namespace

std::vector<int> split(const Graph& g, int parts, cholmod_common* cc) {
  std::vector<int> part(static_cast<std::size_t>(g.n), 0), where(static_cast<std::size_t>(g.n), -1);
  struct Piece {
    std::vector<long> cells;
    int first, count;
  };
  std::vector<Piece> todo(1);
  todo[0].cells.resize(static_cast<std::size_t>(g.n));
  std::iota(todo[0].cells.begin(), todo[0].cells.end(), 0L);
  todo[0].first = 0;
  todo[0].count = parts;
  while (!todo.empty()) {
    Piece piece = std::move(todo.back());
    todo.pop_back();
    if (piece.count == 1) {
      for (long c : piece.cells) part[c] = piece.first;
      continue;
    }
    const std::vector<int> side = bisect(g, piece.cells, where, cc);
    Piece lo{{}, piece.first, piece.count / 2}, hi{{}, piece.first + piece.count / 2, piece.count - piece.count / 2};
    for (std::size_t i = 0; i < piece.cells.size(); ++i) {
      if (side[i] == 2)
        part[piece.cells[i]] = -1;
      else
        (side[i] == 0 ? lo : hi).cells.push_back(piece.cells[i]);
    }
    todo.push_back(std::move(lo));
    todo.push_back(std::move(hi));
  }
  for (long c = 0; c < g.n; ++c)
    for (int k = 0; k < 3; ++k) {
      const long nb = g.nb[3 * c + k];
      if (part[c] >= 0 && nb >= 0 && part[nb] >= 0 && part[nb] != part[c])
        throw Failure("free-surface solver: the separator does not separate the parts");
    }
  return part;
}

void match_parts_to_ranks(const Graph& g, int size, std::vector<int>& part) {
  std::vector<long> overlap(static_cast<std::size_t>(size) * size, 0);
  for (long c = 0; c < g.n; ++c)
    if (part[c] >= 0) ++overlap[static_cast<std::size_t>(part[c]) * size + g.owner[c]];
  std::vector<int> perm(size), best;
  std::iota(perm.begin(), perm.end(), 0);
  long best_sum = -1;
  do {
    long sum = 0;
    for (int q = 0; q < size; ++q) sum += overlap[static_cast<std::size_t>(q) * size + perm[q]];
    if (sum > best_sum) best_sum = sum, best = perm;
  } while (std::next_permutation(perm.begin(), perm.end()));
  for (int& p : part)
    if (p >= 0) p = best[p];
}

Plan make_plan(const LocalMesh& m, const Graph& g, int size, int rank, const std::function<bool(int, long)>& need) {
  Plan p;
  p.send_counts.assign(size, 0);
  p.recv_counts.assign(size, 0);
  for (int q = 0; q < size; ++q)
    for (int c = 0; c < m.n_owned; ++c)
      if (need(q, m.cell_gid[c])) {
        p.send_cells.push_back(c);
        ++p.send_counts[q];
      }
  std::vector<std::vector<long>> from(size);
  for (long c = 0; c < g.n; ++c)
    if (need(rank, c)) from[g.owner[c]].push_back(c);
  for (int r = 0; r < size; ++r) {
    p.recv_gids.insert(p.recv_gids.end(), from[r].begin(), from[r].end());
    p.recv_counts[r] = static_cast<int>(from[r].size());
  }
  auto displs = [size](const std::vector<int>& counts) {
    std::vector<int> d(size, 0);
    for (int r = 1; r < size; ++r) d[r] = d[r - 1] + counts[r - 1];
    return d;
  };
  p.send_displs = displs(p.send_counts);
  p.recv_displs = displs(p.recv_counts);
  return p;
}

void exchange(const Plan& p, MPI_Comm comm, int ncomp, const std::vector<double>& send, std::vector<double>& recv,
              bool reverse) {
  auto scaled = [ncomp](const std::vector<int>& v) {
    std::vector<int> s(v);
    for (int& x : s) x *= ncomp;
    return s;
  };
  const auto sc = scaled(reverse ? p.recv_counts : p.send_counts), sd = scaled(reverse ? p.recv_displs : p.send_displs);
  const auto rc = scaled(reverse ? p.send_counts : p.recv_counts), rd = scaled(reverse ? p.send_displs : p.recv_displs);
  MPI_Alltoallv(send.data(), sc.data(), sd.data(), MPI_DOUBLE, recv.data(), rc.data(), rd.data(), MPI_DOUBLE, comm);
}

}  // namespace beibu::hydro::schur
