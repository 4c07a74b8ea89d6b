// The internal numbering of owned cells and edges (memory locality), the geometry
// arrays in that numbering, and the ghost exchange that goes with it.
#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/petsc_env.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/mesh.hpp"
#include "mesh/partition.hpp"
#include "transport_model.hpp"

namespace beibu {

namespace {

// Renumber by level when a level's cells touch more than this many times the fewest
// cache lines they could (renumber_by_level).
constexpr double kRenumberAbove = 1.1;

}  // namespace

void TransportModel::build_numbering() {
  const int no = m_.n_owned;
  // Reverse Cuthill-McKee over owned cells: breadth-first from a low-degree cell,
  // neighbours by ascending degree, then reversed. Only locality depends on it.
  std::vector<int> deg(no, 0), order;
  order.reserve(no);
  for (int c = 0; c < no; ++c)
    for (int k = 0; k < 3; ++k) {
      const int j = m_.neighbour(c, k);
      deg[c] += j >= 0 && j < no;
    }
  std::vector<char> seen(no, 0);
  for (int start = 0; start < no; ++start)
    // The search may start in another component than `start` (partitions need not be
    // connected), so repeat until `start` itself is numbered.
    while (!seen[start]) {
      int s = start;  // lowest-degree unvisited cell from here on (cheap peripheral guess)
      for (int c = start; c < no && deg[s] > 1; ++c)
        if (!seen[c] && deg[c] < deg[s]) s = c;
      std::size_t head = order.size();
      order.push_back(s);
      seen[s] = 1;
      while (head < order.size()) {
        const int c = order[head++];
        int nbs[3], n = 0;
        for (int k = 0; k < 3; ++k) {
          const int j = m_.neighbour(c, k);
          if (j >= 0 && j < no && !seen[j]) {
            seen[j] = 1;
            nbs[n++] = j;
          }
        }
        auto before = [&](int a, int b) { return deg[a] != deg[b] ? deg[a] < deg[b] : a < b; };
        for (int i = 1; i < n; ++i)  // insertion sort of at most three
          for (int j = i; j > 0 && before(nbs[j], nbs[j - 1]); --j) std::swap(nbs[j], nbs[j - 1]);
        for (int i = 0; i < n; ++i) order.push_back(nbs[i]);
      }
    }
  if (static_cast<int>(order.size()) != no) throw Failure("transport: cell renumbering missed cells");
  std::reverse(order.begin(), order.end());
  // Then grouped by the time level a cell is likely to get (local time stepping loops
  // over one level's cells at a time): its stable step scales like V / outflow ~
  // (A / P) sqrt(h) for a tidal current, in factors of two, largest first; the
  // reverse Cuthill-McKee order is kept within each group.
  std::vector<int> group(no);
  for (int c = 0; c < no; ++c) {
    double perimeter = 0;
    for (int k = 0; k < 3; ++k) perimeter += m_.len[m_.cell_edge[3 * c + k]];
    group[c] = step_band(m_.area[c], perimeter, m_.depth[c]);
  }
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return group[a] > group[b]; });
  num_.base_order = order;
  apply_numbering(order);
}

void TransportModel::apply_numbering(const std::vector<int>& order) {
  const int no = m_.n_owned, nl = m_.n_local, ne = m_.n_edges();
  const std::vector<int> old_perm(num_.local_cell.begin(),
                                  num_.local_cell.begin() + std::min<std::size_t>(num_.local_cell.size(), no));
  num_.local_cell.resize(nl);
  num_.internal_cell.resize(nl);
  for (int p = 0; p < no; ++p) num_.local_cell[p] = order[p];
  for (int c = no; c < nl; ++c) num_.local_cell[c] = c;
  for (int p = 0; p < nl; ++p) num_.internal_cell[num_.local_cell[p]] = p;

  // Edges in order of first use.
  std::vector<int> ie(ne, -1);
  num_.local_edge.clear();
  num_.local_edge.reserve(ne);
  for (int p = 0; p < no; ++p)
    for (int k = 0; k < 3; ++k) {
      const int e = m_.cell_edge[3 * num_.local_cell[p] + k];
      if (ie[e] < 0) {
        ie[e] = static_cast<int>(num_.local_edge.size());
        num_.local_edge.push_back(e);
      }
    }
  for (int e = 0; e < ne; ++e)  // edges no owned cell lists (none expected) keep a slot
    if (ie[e] < 0) {
      ie[e] = static_cast<int>(num_.local_edge.size());
      num_.local_edge.push_back(e);
    }

  build_cell_geometry(ie);
  build_edge_geometry();

  // Ghost exchange in the internal numbering: built once (each ghost learns its
  // owner's rank and the owner's internal index through the mesh's own halo);
  // after a renumbering only the owned cells we send have new indices.
  if (num_.exchange) {
    std::vector<int> new_index(no);
    for (int p = 0; p < no; ++p) new_index[p] = num_.internal_cell[old_perm[p]];
    num_.exchange->renumber_owned(new_index);
  } else if (m_.halo && !m_.halo->empty() && nl > no) {
    std::vector<int> rank(nl, mpi_rank(m_.comm)), idx(nl, -1);
    for (int c = 0; c < no; ++c) idx[c] = num_.internal_cell[c];
    m_.halo->update(rank.data());
    m_.halo->update(idx.data());
    std::vector<int> owner_rank(rank.begin() + no, rank.end()), owner_index(idx.begin() + no, idx.end());
    num_.exchange = std::make_unique<LevelExchange>(m_.comm, no, owner_rank, owner_index);
  }
  for (auto& sec : budget_.sections)
    for (std::size_t i = 0; i < sec.edge.size(); ++i) sec.edge[i] = ie[sec.local_edge[i]];
  // Land edges keep a zero flux that no stage writes; the slots have moved.
  std::fill(stage_.edge_flux.begin(), stage_.edge_flux.end(), 0.0);
}

void TransportModel::build_cell_geometry(const std::vector<int>& ie) {
  const int no = m_.n_owned, nl = m_.n_local;
  // Per owned cell: neighbours, edges, reconstruction vectors and least-squares
  // gradient weights. g = sum_k w_k (C_k - C_c) is exact for linear data, which is
  // what makes the reconstruction (and the scheme) second order.
  cell_.neighbour.assign(3 * static_cast<std::size_t>(no), -1);
  cell_.edge.assign(3 * static_cast<std::size_t>(no), 0);
  cell_.edge_sign.assign(3 * static_cast<std::size_t>(no), 0.0);
  cell_.face_x.assign(3 * static_cast<std::size_t>(no), 0.0);
  cell_.face_y.assign(3 * static_cast<std::size_t>(no), 0.0);
  cell_.lsq_x.assign(3 * static_cast<std::size_t>(no), 0.0);
  cell_.lsq_y.assign(3 * static_cast<std::size_t>(no), 0.0);
  for (int p = 0; p < no; ++p) {
    const int c = num_.local_cell[p];
    double a11 = 0, a12 = 0, a22 = 0;
    for (int k = 0; k < 3; ++k) {
      const int e = m_.cell_edge[3 * c + k];
      const int j = m_.neighbour(c, k);
      cell_.neighbour[3 * p + k] = j >= 0 ? num_.internal_cell[j] : -1;
      cell_.edge[3 * p + k] = ie[e];
      cell_.edge_sign[3 * p + k] = m_.cell_edge_sign[3 * c + k];
      cell_.face_x[3 * p + k] = m_.mx[e] - m_.cx[c];
      cell_.face_y[3 * p + k] = m_.my[e] - m_.cy[c];
      if (j < 0) continue;
      const double dx = m_.cx[j] - m_.cx[c], dy = m_.cy[j] - m_.cy[c];
      a11 += dx * dx;
      a12 += dx * dy;
      a22 += dy * dy;
    }
    const double det = a11 * a22 - a12 * a12;
    if (!(det > 1e-12 * (a11 + a22) * (a11 + a22))) continue;  // fewer than two independent directions: first order
    for (int k = 0; k < 3; ++k) {
      const int j = m_.neighbour(c, k);
      if (j < 0) continue;
      const double dx = m_.cx[j] - m_.cx[c], dy = m_.cy[j] - m_.cy[c];
      cell_.lsq_x[3 * p + k] = (a22 * dx - a12 * dy) / det;
      cell_.lsq_y[3 * p + k] = (-a12 * dx + a11 * dy) / det;
    }
  }

  cell_.area.resize(nl);
  cell_.dry_volume.resize(nl);
  for (int p = 0; p < nl; ++p) {
    cell_.area[p] = m_.area[num_.local_cell[p]];
    cell_.dry_volume[p] = dry_volume_[num_.local_cell[p]];
  }
}

void TransportModel::build_edge_geometry() {
  const int ne = m_.n_edges();
  // Per edge. Diffusion: flux.n = (C_r - C_l) / (d.n) + g.(n - d / (d.n)); the first
  // (two-point) part is monotone, the second corrects for non-orthogonal cells.
  const int nbnd = static_cast<int>(inputs_.boundary_names.size());
  edge_.left.assign(ne, -1);
  edge_.right.assign(ne, -1);
  edge_.boundary.assign(ne, kLandEdge);
  edge_.left_face.assign(2 * static_cast<std::size_t>(ne), 0.0);
  edge_.right_face.assign(2 * static_cast<std::size_t>(ne), 0.0);
  edge_.diffusion_coef.assign(ne, 0.0);
  edge_.length.assign(ne, 0.0);
  edge_.cross_x.assign(ne, 0.0);
  edge_.cross_y.assign(ne, 0.0);
  for (int q = 0; q < ne; ++q) {
    const int e = num_.local_edge[q];
    const int l = m_.edge_left[e], r = m_.edge_right[e];
    edge_.left[q] = num_.internal_cell[l];
    edge_.left_face[2 * q] = m_.mx[e] - m_.cx[l];
    edge_.left_face[2 * q + 1] = m_.my[e] - m_.cy[l];
    if (r < 0) {
      const int tag = m_.edge_tag[e];
      const int b = tag - kOpenEdgeBase;
      edge_.boundary[q] = (tag >= kOpenEdgeBase && b < nbnd) ? b : kLandEdge;
      continue;
    }
    edge_.right[q] = num_.internal_cell[r];
    edge_.boundary[q] = kInteriorEdge;
    edge_.right_face[2 * q] = m_.mx[e] - m_.cx[r];
    edge_.right_face[2 * q + 1] = m_.my[e] - m_.cy[r];
    const double dx = m_.cx[r] - m_.cx[l], dy = m_.cy[r] - m_.cy[l];
    const double dn = dx * m_.nx[e] + dy * m_.ny[e];
    edge_.diffusion_coef[q] = m_.len[e] / dn;
    edge_.length[q] = m_.len[e];
    edge_.cross_x[q] = m_.nx[e] - dx / dn;
    edge_.cross_y[q] = m_.ny[e] - dy / dn;
  }
}

void TransportModel::renumber_by_level() {
  // A stage of level l reads its cells' arrays in internal order; when those cells
  // are spread over many more cache lines than they would fill, renumber. The
  // measure: blocks of 8 cells holding a cell of level l, weighted by the level's
  // steps, against the fewest blocks the level's cells could fill. Renumbering
  // changes no result (each cell and edge computes the same numbers in any order),
  // only the order of the budget sums.
  const int no = m_.n_owned;
  std::vector<double> cells(static_cast<std::size_t>(plan_.finest) + 1, 0.0);
  double touched = 0, least = 0;
  for (int b = 0; b < no; b += 8) {
    unsigned seen = 0;
    for (int p = b; p < std::min(no, b + 8); ++p) {
      seen |= 1u << plan_.level[p];
      cells[plan_.level[p]] += 1;
    }
    for (int l = 0; l <= plan_.finest; ++l)
      if (seen >> l & 1u) touched += static_cast<double>(plan_.n0 << l);
  }
  for (int l = 0; l <= plan_.finest; ++l) least += static_cast<double>(plan_.n0 << l) * std::ceil(cells[l] / 8);
  double ratio = least > 0 ? touched / least : 1.0, worst = ratio;
  MPI_Allreduce(&ratio, &worst, 1, MPI_DOUBLE, MPI_MAX, m_.comm);
  num_.locality = worst;
  if (worst <= kRenumberAbove) return;
  const double t_start = MPI_Wtime();
  // Finest level first, the base order within a level (a counting sort); the
  // levels move with their cells (ghosts keep their places).
  std::vector<int> start(static_cast<std::size_t>(plan_.finest) + 2, 0), order(no), cell_level(no);
  for (int c = 0; c < no; ++c) cell_level[c] = plan_.level[num_.internal_cell[c]];
  for (int c = 0; c < no; ++c) ++start[plan_.finest - cell_level[c] + 1];
  for (int l = 0; l <= plan_.finest; ++l) start[l + 1] += start[l];
  for (int c : num_.base_order) order[start[plan_.finest - cell_level[c]]++] = c;
  apply_numbering(order);
  for (int c = 0; c < no; ++c) plan_.level[num_.internal_cell[c]] = cell_level[c];
  ++num_.renumberings;
  num_.seconds += MPI_Wtime() - t_start;
}

}  // namespace beibu
