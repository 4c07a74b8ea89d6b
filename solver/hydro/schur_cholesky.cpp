#include "schur_cholesky.hpp"

#include <cholmod.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <string>

#include "core/error.hpp"
#include "mesh/local_mesh.hpp"
#include "schur_layout.hpp"

namespace beibu::hydro {

bool dense_cholesky(std::vector<double>& a, int n) {
  for (int j = 0; j < n; ++j) {
    double d = a[static_cast<std::size_t>(j) * n + j];
    for (int k = 0; k < j; ++k) d -= a[static_cast<std::size_t>(j) * n + k] * a[static_cast<std::size_t>(j) * n + k];
    if (!(d > 0) || !std::isfinite(d)) return false;
    const double ljj = std::sqrt(d);
    a[static_cast<std::size_t>(j) * n + j] = ljj;
    for (int i = j + 1; i < n; ++i) {
      double s = a[static_cast<std::size_t>(i) * n + j];
      for (int k = 0; k < j; ++k) s -= a[static_cast<std::size_t>(i) * n + k] * a[static_cast<std::size_t>(j) * n + k];
      a[static_cast<std::size_t>(i) * n + j] = s / ljj;
    }
  }
  return true;
}

void dense_cholesky_solve(const std::vector<double>& l, int n, double* b) {
  for (int i = 0; i < n; ++i) {
    double s = b[i];
    for (int k = 0; k < i; ++k) s -= l[static_cast<std::size_t>(i) * n + k] * b[k];
    b[i] = s / l[static_cast<std::size_t>(i) * n + i];
  }
  for (int i = n - 1; i >= 0; --i) {
    double s = b[i];
    for (int k = i + 1; k < n; ++k) s -= l[static_cast<std::size_t>(k) * n + i] * b[k];
    b[i] = s / l[static_cast<std::size_t>(i) * n + i];
  }
}

using schur::Graph;
using schur::Plan;

struct SchurCholesky::Impl {
  MPI_Comm comm = MPI_COMM_NULL;
  int rank = 0, size = 1;
  const LocalMesh* mesh = nullptr;
  cholmod_common cc{};
  // This rank's part: n_in interior cells then n_border separator cells, renumbered
  // by a constrained minimum-degree ordering (border last); the bordered matrix as
  // an upper-triangular CSC (natural order for CHOLMOD: already permuted).
  int n_in = 0, n_border = 0;
  std::vector<int> colp, rowi;
  std::vector<double> vals;
  cholmod_factor* L = nullptr;
  cholmod_dense *y = nullptr, *x = nullptr, *work_y = nullptr, *work_e = nullptr;
  std::vector<int> border_sep;   // global separator index of each border cell
  std::vector<double> lss, dss;  // unit lower factor block of the border (row-major) and its D
  // Rows: matrix values (diag, K x3) arrive per received row; slot per value (-1: unused).
  Plan rows, rhs;
  std::vector<int> row_slot;  // 4 per received matrix row
  std::vector<int> rhs_pos;   // per received right-hand side: position in the part (-1: separator)
  std::vector<int> rhs_sep;   // per received right-hand side: separator index on rank 0 (-1: none)
  // Rank 0: the separator's own block, and its Schur complement's dense factor.
  int n_sep = 0;
  std::vector<int> row_sep;                 // per received matrix row on rank 0: separator index (-1: none)
  std::vector<int> row_sep_nb;              // 3 per received matrix row: separator index of each neighbour (-1)
  std::vector<std::vector<int>> border_of;  // rank 0: every rank's border_sep
  std::vector<double> schur;                // rank 0: n_sep x n_sep, then its Cholesky factor
  std::vector<double> row_buf, send_buf, recv_buf, xs;
  // Rank 0: where each rank's share of S (packed lower triangle) and of g arrive.
  std::vector<int> share_counts, share_displs, contrib_counts, contrib_displs;

  // The bordered matrix as CHOLMOD sees it (a view of colp, rowi, vals).
  cholmod_sparse matrix() { return schur::upper_view(colp, rowi, vals.data()); }

  // Rank 0: which separator cell each received row and its neighbours are, every rank's
  // border, and where each rank's share of S and g arrives.
  void lay_out_separator(const Graph& g, const std::vector<int>& sep_index,
                         const std::function<bool(int, long)>& in_border) {
    row_sep.assign(rows.recv_gids.size(), -1);
    row_sep_nb.assign(3 * rows.recv_gids.size(), -1);
    for (std::size_t r = 0; r < rows.recv_gids.size(); ++r) {
      const long c = rows.recv_gids[r];
      row_sep[r] = sep_index[c];
      if (sep_index[c] >= 0)
        for (int k = 0; k < 3; ++k) {
          const long nb = g.nb[3 * c + k];
          if (nb >= 0) row_sep_nb[3 * r + k] = sep_index[nb];
        }
    }
    border_of.resize(size);
    for (int q = 0; q < size; ++q)
      for (long c = 0; c < g.n; ++c)
        if (in_border(q, c)) border_of[q].push_back(sep_index[c]);
    schur.assign(static_cast<std::size_t>(n_sep) * n_sep, 0.0);
    share_counts.assign(size, 0);
    share_displs.assign(size, 0);
    contrib_counts.assign(size, 0);
    contrib_displs.assign(size, 0);
    for (int q = 0; q < size; ++q) {
      const int nq = static_cast<int>(border_of[q].size());
      share_counts[q] = nq * (nq + 1) / 2;
      contrib_counts[q] = nq;
      if (q > 0) {
        share_displs[q] = share_displs[q - 1] + share_counts[q - 1];
        contrib_displs[q] = contrib_displs[q - 1] + contrib_counts[q - 1];
      }
    }
  }

  void analyse(int n) {
    // Symbolic analysis once: natural order (the matrix is stored permuted), no
    // postordering (it could move the border), simplicial LDL'.
    cc.nmethods = 1;
    cc.method[0].ordering = CHOLMOD_NATURAL;
    cc.postorder = 0;
    cc.supernodal = CHOLMOD_SIMPLICIAL;
    cc.final_ll = 0;
    if (n > 0) {
      cholmod_sparse B = matrix();
      L = cholmod_analyze(&B, &cc);
      if (!L) throw Failure("free-surface solver: analysis failed (CHOLMOD status " + std::to_string(cc.status) + ")");
      y = cholmod_zeros(static_cast<std::size_t>(n), 1, CHOLMOD_REAL, &cc);
    }
  }

  ~Impl() {
    if (L) cholmod_free_factor(&L, &cc);
    for (cholmod_dense** d : {&y, &x, &work_y, &work_e})
      if (*d) cholmod_free_dense(d, &cc);
    cholmod_finish(&cc);
  }
};

SchurCholesky::SchurCholesky(const LocalMesh& m) : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  s.comm = m.comm;
  s.mesh = &m;
  MPI_Comm_rank(m.comm, &s.rank);
  MPI_Comm_size(m.comm, &s.size);
  if (!supports(s.size)) throw Failure("free-surface solver: the split factorisation needs 2 to 4 ranks");
  cholmod_start(&s.cc);
  s.cc.print = 0;
  const Graph g = schur::gather_graph(m);
  // The split, computed on rank 0 (METIS is deterministic, but one copy is certain).
  std::vector<int> part(static_cast<std::size_t>(g.n));
  int ok = 1;
  std::string why;
  if (s.rank == 0) try {
      part = schur::split(g, s.size, &s.cc);
      schur::match_parts_to_ranks(g, s.size, part);
    } catch (const Failure& e) {
      ok = 0;
      why = e.what();
    }
  MPI_Bcast(&ok, 1, MPI_INT, 0, s.comm);
  if (!ok) throw Failure(s.rank == 0 ? why : "free-surface solver: the split failed on rank 0");
  MPI_Bcast(part.data(), static_cast<int>(g.n), MPI_INT, 0, s.comm);

  // Separator cells: global index (ascending id) and the parts whose interior each touches.
  std::vector<int> sep_index(static_cast<std::size_t>(g.n), -1);
  std::vector<unsigned> touches(static_cast<std::size_t>(g.n), 0);
  for (long c = 0; c < g.n; ++c)
    if (part[c] < 0) {
      sep_index[c] = s.n_sep++;
      for (int k = 0; k < 3; ++k) {
        const long nb = g.nb[3 * c + k];
        if (nb >= 0 && part[nb] >= 0) touches[c] |= 1u << part[nb];
      }
    }
  const int me = s.rank;
  auto in_border = [&](int q, long c) { return part[c] < 0 && ((touches[c] >> q) & 1u); };
  // This rank's cells: interior by id, then its border by id.
  std::vector<long> cells;
  for (long c = 0; c < g.n; ++c)
    if (part[c] == me) cells.push_back(c);
  s.n_in = static_cast<int>(cells.size());
  for (long c = 0; c < g.n; ++c)
    if (in_border(me, c)) {
      cells.push_back(c);
      s.border_sep.push_back(sep_index[c]);
    }
  s.n_border = static_cast<int>(cells.size()) - s.n_in;
  const int n = static_cast<int>(cells.size());
  std::vector<int> local(static_cast<std::size_t>(g.n), -1);
  for (int i = 0; i < n; ++i) local[cells[i]] = i;

  // Entries of the bordered matrix: a row per interior cell, the diagonal alone for
  // border cells (their couplings to the interior come from the interior rows).
  auto for_each_entry = [&](const std::vector<int>& pos, auto&& f) {
    for (int i = 0; i < n; ++i) {
      f(pos[i], pos[i], cells[i], -1);
      if (i >= s.n_in) continue;
      for (int k = 0; k < 3; ++k) {
        const long nb = g.nb[3 * cells[i] + k];
        if (nb < 0) continue;
        const int j = local[nb];
        if (j < 0) throw Failure("free-surface solver: a part's cell has a neighbour outside it and its border");
        if (pos[i] < pos[j]) f(pos[i], pos[j], cells[i], k);
      }
    }
  };
  auto build_pattern = [&](const std::vector<int>& pos) {
    std::vector<std::vector<int>> col(static_cast<std::size_t>(n));
    for_each_entry(pos, [&](int r, int c, long, int) { col[c].push_back(r); });
    s.colp.assign(static_cast<std::size_t>(n) + 1, 0);
    s.rowi.clear();
    for (int c = 0; c < n; ++c) {
      std::sort(col[c].begin(), col[c].end());
      s.rowi.insert(s.rowi.end(), col[c].begin(), col[c].end());
      s.colp[c + 1] = static_cast<int>(s.rowi.size());
    }
    s.vals.assign(s.rowi.size(), 0.0);
  };
  // Fill-reducing order with the border last (CAMD with constraint sets), then the
  // matrix is stored in that order and factorised in its natural order.
  std::vector<int> identity(static_cast<std::size_t>(n));
  std::iota(identity.begin(), identity.end(), 0);
  build_pattern(identity);
  std::vector<int> pos(identity);
  if (n > 0) {
    cholmod_sparse B = s.matrix();
    std::vector<int> member(static_cast<std::size_t>(n), 0), perm(static_cast<std::size_t>(n));
    std::fill(member.begin() + s.n_in, member.end(), 1);
    if (!cholmod_camd(&B, nullptr, 0, member.data(), perm.data(), &s.cc))
      throw Failure("free-surface solver: ordering failed (CHOLMOD status " + std::to_string(s.cc.status) + ")");
    for (int k = 0; k < n; ++k) pos[perm[k]] = k;
    for (int i = s.n_in; i < n; ++i)
      if (pos[i] < s.n_in) throw Failure("free-surface solver: the ordering did not put the border last");
    // The border keeps ascending id order among itself (border_sep matches).
    std::vector<int> border_pos(pos.begin() + s.n_in, pos.end());
    std::sort(border_pos.begin(), border_pos.end());
    for (int i = s.n_in; i < n; ++i) pos[i] = border_pos[i - s.n_in];
    build_pattern(pos);
  }

  // Where each received row's values go.
  s.rows = schur::make_plan(m, g, s.size, me,
                            [&](int q, long c) { return part[c] == q || in_border(q, c) || (q == 0 && part[c] < 0); });
  s.rhs = schur::make_plan(m, g, s.size, me, [&](int q, long c) { return part[c] == q || (q == 0 && part[c] < 0); });
  auto slot_of = [&](int r, int c) {
    const auto b = s.rowi.begin() + s.colp[c], e = s.rowi.begin() + s.colp[c + 1];
    const auto it = std::lower_bound(b, e, r);
    if (it == e || *it != r) throw Failure("free-surface solver: an entry is missing from the pattern");
    return static_cast<int>(it - s.rowi.begin());
  };
  std::vector<int> first_row(static_cast<std::size_t>(g.n), -1);
  for (std::size_t r = 0; r < s.rows.recv_gids.size(); ++r) first_row[s.rows.recv_gids[r]] = static_cast<int>(r);
  s.row_slot.assign(4 * s.rows.recv_gids.size(), -1);
  for_each_entry(pos, [&](int r, int c, long gid, int k) { s.row_slot[4 * first_row[gid] + 1 + k] = slot_of(r, c); });
  if (me == 0) s.lay_out_separator(g, sep_index, in_border);
  for (long gid : s.rhs.recv_gids) {
    s.rhs_pos.push_back(part[gid] == me ? pos[local[gid]] : -1);
    s.rhs_sep.push_back(sep_index[gid]);
  }
  s.xs.assign(static_cast<std::size_t>(s.n_sep), 0.0);
  s.lss.assign(static_cast<std::size_t>(s.n_border) * s.n_border, 0.0);
  s.dss.assign(static_cast<std::size_t>(s.n_border), 0.0);

  s.analyse(n);
}

SchurCholesky::~SchurCholesky() = default;

int SchurCholesky::separator_size() const {
  return impl_->n_sep;
}
int SchurCholesky::part_size() const {
  return impl_->n_in + impl_->n_border;
}

void SchurCholesky::set_matrix(const double* diag, const std::vector<double>& K) {
  Impl& s = *impl_;
  const LocalMesh& m = *s.mesh;
  s.row_buf.resize(4 * s.rows.send_cells.size());
  for (std::size_t i = 0; i < s.rows.send_cells.size(); ++i) {
    const int c = s.rows.send_cells[i];
    s.row_buf[4 * i] = diag[c];
    for (int k = 0; k < 3; ++k) s.row_buf[4 * i + 1 + k] = m.neighbour(c, k) >= 0 ? K[m.cell_edge[3 * c + k]] : 0.0;
  }
}

void SchurCholesky::factor() {
  Impl& s = *impl_;
  if (s.row_buf.size() != 4 * s.rows.send_cells.size())
    throw Failure("free-surface solver: factor() before set_matrix()");
  s.recv_buf.resize(4 * s.rows.recv_gids.size());
  schur::exchange(s.rows, s.comm, 4, s.row_buf, s.recv_buf);
  for (std::size_t r = 0; r < s.rows.recv_gids.size(); ++r) {
    const int* slot = s.row_slot.data() + 4 * r;
    const double* v = s.recv_buf.data() + 4 * r;
    if (slot[0] >= 0) s.vals[slot[0]] = v[0];
    for (int k = 0; k < 3; ++k)
      if (slot[1 + k] >= 0) s.vals[slot[1 + k]] = -v[1 + k];
  }
  // Local numeric factorisation, and this part's share of the separator's Schur
  // complement: W_p = A_sp A_pp^-1 A_ps = D_p - L_ss D_ss L_ss' (lower triangle).
  int ok = 1;
  const int n = s.n_in + s.n_border, nb = s.n_border;
  std::vector<double> share(static_cast<std::size_t>(nb) * (nb + 1) / 2);
  if (n > 0) {
    cholmod_sparse B = s.matrix();
    cholmod_factorize(&B, s.L, &s.cc);
    const auto* Lp = static_cast<const int*>(s.L->p);
    const auto* Li = static_cast<const int*>(s.L->i);
    const auto* Lnz = static_cast<const int*>(s.L->nz);
    const auto* Lx = static_cast<const double*>(s.L->x);
    ok = s.cc.status == CHOLMOD_OK && !s.L->is_ll && !s.L->is_super;
    for (int j = 0; ok && j < n; ++j) ok = Lx[Lp[j]] > 0 && std::isfinite(Lx[Lp[j]]);  // D > 0
    for (int a = 0; ok && a < nb; ++a) {
      const int j = s.n_in + a;
      s.dss[a] = Lx[Lp[j]];
      for (int b = 0; b < nb; ++b) s.lss[static_cast<std::size_t>(b) * nb + a] = b == a ? 1.0 : 0.0;
      for (int q = Lp[j] + 1; q < Lp[j] + Lnz[j]; ++q) s.lss[static_cast<std::size_t>(Li[q] - s.n_in) * nb + a] = Lx[q];
    }
    for (int a = 0; ok && a < nb; ++a)
      for (int b = 0; b <= a; ++b) {
        double sum = 0;
        for (int k = 0; k <= b; ++k)
          sum += s.lss[static_cast<std::size_t>(a) * nb + k] * s.dss[k] * s.lss[static_cast<std::size_t>(b) * nb + k];
        const double d = a == b ? s.vals[s.colp[s.n_in + a + 1] - 1] : 0.0;  // D_p: the diagonal of A_ss
        share[static_cast<std::size_t>(a) * (a + 1) / 2 + b] = d - sum;
      }
  }
  // Rank 0 sums the shares (in rank order) into S = A_ss - sum_p W_p and factorises it.
  const std::vector<int>&counts = s.share_counts, &displs = s.share_displs;
  std::vector<double> all(s.rank == 0 ? static_cast<std::size_t>(displs[s.size - 1] + counts[s.size - 1]) : 0);
  MPI_Gatherv(share.data(), static_cast<int>(share.size()), MPI_DOUBLE, all.data(), counts.data(), displs.data(),
              MPI_DOUBLE, 0, s.comm);
  if (s.rank == 0) {
    const int ns = s.n_sep;
    std::fill(s.schur.begin(), s.schur.end(), 0.0);
    for (std::size_t r = 0; r < s.rows.recv_gids.size(); ++r) {
      const int i = s.row_sep[r];
      if (i < 0) continue;
      s.schur[static_cast<std::size_t>(i) * ns + i] += s.recv_buf[4 * r];
      for (int k = 0; k < 3; ++k) {
        const int j = s.row_sep_nb[3 * r + k];
        if (j >= 0) s.schur[static_cast<std::size_t>(i) * ns + j] -= s.recv_buf[4 * r + 1 + k];
      }
    }
    for (int q = 0; q < s.size; ++q) {
      const std::vector<int>& b = s.border_of[q];
      const double* w = all.data() + displs[q];
      for (std::size_t a = 0; a < b.size(); ++a)
        for (std::size_t c = 0; c <= a; ++c) {
          const double v = w[a * (a + 1) / 2 + c];
          const int i = std::max(b[a], b[c]), j = std::min(b[a], b[c]);
          s.schur[static_cast<std::size_t>(i) * ns + j] -= v;
        }
    }
    ok = ok && dense_cholesky(s.schur, ns);
  }
  int all_ok = 0;
  MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, s.comm);
  if (!all_ok)
    throw Failure(
        "free-surface matrix is not positive definite (split Cholesky factorisation failed); "
        "try a smaller time step");
}

void SchurCholesky::solve(const double* b, double* x) {
  Impl& s = *impl_;
  const int n = s.n_in + s.n_border, nb = s.n_border, ns = s.n_sep;
  s.send_buf.resize(s.rhs.send_cells.size());
  for (std::size_t i = 0; i < s.rhs.send_cells.size(); ++i) s.send_buf[i] = b[s.rhs.send_cells[i]];
  s.recv_buf.resize(s.rhs.recv_gids.size());
  schur::exchange(s.rhs, s.comm, 1, s.send_buf, s.recv_buf);
  // Forward substitution on the part with the border's right-hand side 0; the border
  // entries z_s then give this part's contribution L_ss z_s = -A_sp A_pp^-1 b_p.
  std::vector<double> contrib(static_cast<std::size_t>(nb), 0.0), bs(s.rank == 0 ? ns : 0, 0.0);
  if (n > 0) {
    auto* y = static_cast<double*>(s.y->x);
    std::fill(y, y + n, 0.0);
    for (std::size_t r = 0; r < s.recv_buf.size(); ++r)
      if (s.rhs_pos[r] >= 0) y[s.rhs_pos[r]] = s.recv_buf[r];
    if (!cholmod_solve2(CHOLMOD_L, s.L, s.y, nullptr, &s.x, nullptr, &s.work_y, &s.work_e, &s.cc))
      throw Failure("free-surface solver: forward substitution failed");
    const auto* z = static_cast<const double*>(s.x->x) + s.n_in;
    for (int a = 0; a < nb; ++a) {
      double sum = 0;
      for (int k = 0; k <= a; ++k) sum += s.lss[static_cast<std::size_t>(a) * nb + k] * z[k];
      contrib[a] = sum;
    }
  }
  if (s.rank == 0)
    for (std::size_t r = 0; r < s.recv_buf.size(); ++r)
      if (s.rhs_sep[r] >= 0) bs[s.rhs_sep[r]] = s.recv_buf[r];
  // Rank 0: g = b_s + sum_p L_ss z_s, x_s = S^-1 g; every part gets x_s.
  const std::vector<int>&counts = s.contrib_counts, &displs = s.contrib_displs;
  std::vector<double> all(s.rank == 0 ? static_cast<std::size_t>(displs[s.size - 1] + counts[s.size - 1]) : 0);
  MPI_Gatherv(contrib.data(), nb, MPI_DOUBLE, all.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, s.comm);
  if (s.rank == 0) {
    for (int q = 0; q < s.size; ++q)
      for (std::size_t a = 0; a < s.border_of[q].size(); ++a) bs[s.border_of[q][a]] += all[displs[q] + a];
    dense_cholesky_solve(s.schur, ns, bs.data());
    std::copy(bs.begin(), bs.end(), s.xs.begin());
  }
  MPI_Bcast(s.xs.data(), ns, MPI_DOUBLE, 0, s.comm);
  // Back substitution with the border rows set so that the border comes out as x_s:
  // D L' [x_p; x_s] = [z_p; D_ss L_ss' x_s].
  std::vector<double> out(s.recv_buf.size());
  if (n > 0) {
    auto* z = static_cast<double*>(s.x->x);
    auto* y = static_cast<double*>(s.y->x);
    std::copy(z, z + s.n_in, y);
    for (int a = 0; a < nb; ++a) {
      double sum = 0;
      for (int k = a; k < nb; ++k) sum += s.lss[static_cast<std::size_t>(k) * nb + a] * s.xs[s.border_sep[k]];
      y[s.n_in + a] = s.dss[a] * sum;
    }
    if (!cholmod_solve2(CHOLMOD_DLt, s.L, s.y, nullptr, &s.x, nullptr, &s.work_y, &s.work_e, &s.cc))
      throw Failure("free-surface solver: back substitution failed");
    const auto* xp = static_cast<const double*>(s.x->x);
    for (std::size_t r = 0; r < out.size(); ++r)
      if (s.rhs_pos[r] >= 0) out[r] = xp[s.rhs_pos[r]];
  }
  for (std::size_t r = 0; r < out.size(); ++r)
    if (s.rhs_sep[r] >= 0) out[r] = s.xs[s.rhs_sep[r]];
  s.send_buf.resize(s.rhs.send_cells.size());
  schur::exchange(s.rhs, s.comm, 1, out, s.send_buf, true);
  for (std::size_t i = 0; i < s.rhs.send_cells.size(); ++i) x[s.rhs.send_cells[i]] = s.send_buf[i];
}

}  // namespace beibu::hydro
