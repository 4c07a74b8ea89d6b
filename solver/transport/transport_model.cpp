#include "transport_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <unordered_map>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "kinetics.hpp"
#include "lanes.hpp"
#include "limiter.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/mesh.hpp"
#include "mesh/partition.hpp"
#include "solver/flow.hpp"

namespace beibu {

namespace {

// Renumber by level when a level's cells touch more than this many times the fewest
// cache lines they could (renumber_by_level).
constexpr double kRenumberAbove = 1.1;

// Global face containing (x, y) in the model projection, or -1.
long locate_face(const Mesh& g, double x, double y) {
  for (std::size_t f = 0; f < g.n_faces(); ++f) {
    const int a = g.tri[3 * f], b = g.tri[3 * f + 1], c = g.tri[3 * f + 2];
    auto side = [&](int p, int q) { return (g.x[q] - g.x[p]) * (y - g.y[p]) - (g.y[q] - g.y[p]) * (x - g.x[p]); };
    const double s1 = side(a, b), s2 = side(b, c), s3 = side(c, a);
    if ((s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0)) return static_cast<long>(f);
  }
  return -1;
}

double interpolate(const std::vector<double>& t, const std::vector<double>& v, double x) {
  if (v.size() == 1 || x <= t.front()) return v.front();
  if (x >= t.back()) return v.back();
  const auto it = std::upper_bound(t.begin(), t.end(), x);
  const std::size_t i = static_cast<std::size_t>(it - t.begin());
  const double w = (x - t[i - 1]) / (t[i] - t[i - 1]);
  return (1 - w) * v[i - 1] + w * v[i];
}

}  // namespace

TransportModel::TransportModel(const Mesh& global, const LocalMesh& local, const TransportConfig& cfg)
    : m_(local), cfg_(cfg), comps_(expand_components(cfg)), K_(static_cast<int>(comps_.size())) {
  if (K_ == 0) throw InputError(cfg.file, "transport.constituents", "no constituents to transport");
  const int no = m_.n_owned, nl = m_.n_local;

  vdry_.resize(nl);
  for (int c = 0; c < nl; ++c) vdry_[c] = cfg_.dry_depth * m_.area[c];
  face_edge_.resize(3 * static_cast<std::size_t>(no));
  for (int c = 0; c < no; ++c)
    for (int k = 0; k < 3; ++k) face_edge_[3 * c + k] = global.face_edge[3 * m_.cell_gid[c] + k];

  // Sources: locate on the global mesh, keep those this rank owns.
  std::unordered_map<long, int> owned_of;
  for (int c = 0; c < no; ++c) owned_of[m_.cell_gid[c]] = c;
  conc_source_of_cell_.assign(no, -1);
  for (std::size_t s = 0; s < cfg_.sources.size(); ++s) {
    const auto& sp = cfg_.sources[s];
    long gid = sp.by_cell ? sp.cell : locate_face(global, sp.x, sp.y);
    if (gid < 0 || gid >= static_cast<long>(global.n_faces()))
      throw InputError(cfg_.file, "source '" + sp.name + "'", "lies outside the mesh");
    Source src;
    src.tag = sp.tag;
    src.load.assign(K_, 0.0);
    src.conc.assign(K_, 0.0);
    auto apply = [&](const std::vector<std::pair<std::string, double>>& list, std::vector<double>& to) {
      for (const auto& [name, v] : list)
        for (int k = 0; k < K_; ++k)
          if (comps_[k].kind == ComponentInfo::kConstituent && cfg_.constituents[comps_[k].base].name == name &&
              (comps_[k].tag.empty() || comps_[k].tag == sp.tag))
            to[k] = v;
    };
    apply(sp.load, src.load);
    apply(sp.concentration, src.conc);
    src.has_conc = !sp.concentration.empty();
    for (int k = 0; k < K_; ++k)
      if (comps_[k].kind == ComponentInfo::kAgeTracer) src.conc[k] = 1.0;
    auto it = owned_of.find(gid);
    if (it != owned_of.end()) {
      src.cell = it->second;
      if (src.has_conc) {
        if (conc_source_of_cell_[src.cell] >= 0)
          throw InputError(cfg_.file, "source '" + sp.name + "'",
                           "shares its cell with another concentration source; merge them");
        conc_source_of_cell_[src.cell] = static_cast<int>(s);
      }
    }
    sources_.push_back(src);
    source_names_.push_back(sp.name);
  }
  source_names_.push_back("(unattributed source_flow)");

  // Open boundaries by mesh name.
  boundary_names_ = global.open_boundary_names;
  const int nb = static_cast<int>(boundary_names_.size());
  bseries_.assign(nb, {});
  for (int b = 0; b < nb; ++b) {
    bseries_[b].values.resize(K_);
    for (int k = 0; k < K_; ++k) bseries_[b].values[k] = {comps_[k].boundary_default};
  }
  for (const auto& bs : cfg_.boundaries) {
    const auto it = std::find(boundary_names_.begin(), boundary_names_.end(), bs.name);
    if (it == boundary_names_.end())
      throw InputError(cfg_.file, "boundary '" + bs.name + "'", "the mesh has no open boundary of that name");
    auto& ser = bseries_[it - boundary_names_.begin()];
    for (const auto& [name, vals] : bs.concentration)
      for (int k = 0; k < K_; ++k)
        if (comps_[k].kind == ComponentInfo::kConstituent && cfg_.constituents[comps_[k].base].name == name &&
            (comps_[k].tag.empty() || comps_[k].tag == bs.tag))
          ser.values[k] = vals;
    if (!bs.times.empty()) ser.times = bs.times;
    for (auto& v : ser.values)
      if (v.size() != 1 && v.size() != ser.times.size()) v.assign(std::max<std::size_t>(ser.times.size(), 1), v[0]);
  }
  bc_.assign(static_cast<std::size_t>(nb) * K_, 0.0);

  build_numbering();  // after the open boundaries are named
  mass_.assign(static_cast<std::size_t>(no) * K_, 0.0);
  volume_.assign(nl, 0.0);
  KP_ = static_cast<int>(lanes::padded(static_cast<std::size_t>(K_)));
  C_.assign(static_cast<std::size_t>(nl) * KP_, 0.0);
  grad_.assign(static_cast<std::size_t>(nl) * 2 * KP_, 0.0);
  mm_.assign(static_cast<std::size_t>(nl) * 2 * KP_, 0.0);
  fq_.assign(static_cast<std::size_t>(m_.n_edges()) * K_, 0.0);
  acc_.assign(fq_.size(), 0.0);
  mi_.assign(mass_.size(), 0.0);
  m1_.assign(mass_.size(), 0.0);
  scratch_.assign(static_cast<std::size_t>(K_), 0.0);
  local_level_updates_.assign(static_cast<std::size_t>(cfg_.time_levels), 0);
  F_.assign(m_.n_edges(), 0.0);
  v0_.assign(nl, 0.0);
  v1_.assign(nl, 0.0);
  Q_.assign(no, 0.0);
  vstage_.assign(nl, 0.0);
  outflow_.assign(nl, 0.0);
  out_rate_.assign(3 * static_cast<std::size_t>(no), 0.0);
  step_rate_.assign(no, 0.0);
  free_rate_.assign(no, 0.0);
  scale_.assign(nl, 1.0);
  wet_.assign(nl, 0);
  b_initial_.assign(K_, 0.0);
  b_src_.assign(source_names_.size() * K_, 0.0);
  b_bin_.assign(static_cast<std::size_t>(nb) * K_, 0.0);
  b_bout_.assign(static_cast<std::size_t>(nb) * K_, 0.0);
  b_decay_.assign(K_, 0.0);
  b_settle_.assign(K_, 0.0);
  b_withdraw_.assign(K_, 0.0);
  b_prod_.assign(K_, 0.0);
}

void TransportModel::initialise(double t0, const std::vector<double>& volume) {
  initialise(t0, volume, [this](int k, double, double) { return comps_[k].initial; });
}

void TransportModel::initialise(double t0, const std::vector<double>& volume,
                                const std::function<double(int, double, double)>& f) {
  if (static_cast<int>(volume.size()) < m_.n_local) throw Failure("transport: initial volume has the wrong size");
  time_ = t_start_ = t0;
  steps_ = substeps_ = 0;
  volume_.assign(volume.begin(), volume.begin() + m_.n_local);
  for (int c = 0; c < m_.n_owned; ++c)
    for (int k = 0; k < K_; ++k) {
      const double v = f(k, m_.cx[c], m_.cy[c]);
      if (!(v >= 0) || !std::isfinite(v))
        throw InputError(cfg_.file, "initial concentration of '" + comps_[k].name + "'",
                         "must be finite and >= 0, got " + std::to_string(v));
      mass_[static_cast<std::size_t>(c) * K_ + k] = v * volume_[c];
    }
  for (auto* v : {&b_src_, &b_bin_, &b_bout_, &b_decay_, &b_settle_, &b_withdraw_, &b_prod_, &sec_pos_, &sec_neg_})
    std::fill(v->begin(), v->end(), 0.0);
  for (int k = 0; k < K_; ++k) b_initial_[k] = total_mass(k);
}

void TransportModel::set_source_load(std::size_t source, const std::string& constituent, double g_per_s) {
  if (source >= sources_.size())
    throw Failure("transport: no point source " + std::to_string(source) + " (there are " +
                  std::to_string(sources_.size()) + ")");
  if (!(g_per_s >= 0) || !std::isfinite(g_per_s))
    throw InputError(cfg_.file, "source '" + source_names_[source] + "'",
                     "load of '" + constituent + "' must be finite and >= 0, got " + std::to_string(g_per_s));
  Source& s = sources_[source];
  bool found = false;
  for (int k = 0; k < K_; ++k)
    if (comps_[k].kind == ComponentInfo::kConstituent && cfg_.constituents[comps_[k].base].name == constituent &&
        (comps_[k].tag.empty() || comps_[k].tag == s.tag)) {
      s.load[k] = g_per_s;
      found = true;
    }
  if (!found) throw Failure("transport: unknown constituent '" + constituent + "'");
}

bool TransportModel::is_wet(int c) const {
  return volume_[c] > vdry_[c];
}

std::vector<double> TransportModel::concentration() const {
  std::vector<double> out(mass_.size(), 0.0);
  for (int c = 0; c < m_.n_owned; ++c)
    if (is_wet(c))
      for (int k = 0; k < K_; ++k)
        out[static_cast<std::size_t>(c) * K_ + k] = mass_[static_cast<std::size_t>(c) * K_ + k] / volume_[c];
  return out;
}

double TransportModel::total_mass(int comp) const {
  return m_.global_sum(mass_, K_, comp);
}

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
  base_order_ = order;
  apply_numbering(order);
}

void TransportModel::apply_numbering(const std::vector<int>& order) {
  const int no = m_.n_owned, nl = m_.n_local, ne = m_.n_edges();
  const std::vector<int> old_perm(perm_.begin(), perm_.begin() + std::min<std::size_t>(perm_.size(), no));
  perm_.resize(nl);
  iperm_.resize(nl);
  for (int p = 0; p < no; ++p) perm_[p] = order[p];
  for (int c = no; c < nl; ++c) perm_[c] = c;
  for (int p = 0; p < nl; ++p) iperm_[perm_[p]] = p;

  // Edges in order of first use.
  std::vector<int> ie(ne, -1);
  eperm_.clear();
  eperm_.reserve(ne);
  for (int p = 0; p < no; ++p)
    for (int k = 0; k < 3; ++k) {
      const int e = m_.cell_edge[3 * perm_[p] + k];
      if (ie[e] < 0) {
        ie[e] = static_cast<int>(eperm_.size());
        eperm_.push_back(e);
      }
    }
  for (int e = 0; e < ne; ++e)  // edges no owned cell lists (none expected) keep a slot
    if (ie[e] < 0) {
      ie[e] = static_cast<int>(eperm_.size());
      eperm_.push_back(e);
    }

  // Per owned cell: neighbours, edges, reconstruction vectors and least-squares
  // gradient weights. g = sum_k w_k (C_k - C_c) is exact for linear data, which is
  // what makes the reconstruction (and the scheme) second order.
  nb_.assign(3 * static_cast<std::size_t>(no), -1);
  ce_.assign(3 * static_cast<std::size_t>(no), 0);
  cs_.assign(3 * static_cast<std::size_t>(no), 0.0);
  rx_.assign(3 * static_cast<std::size_t>(no), 0.0);
  ry_.assign(3 * static_cast<std::size_t>(no), 0.0);
  lsx_.assign(3 * static_cast<std::size_t>(no), 0.0);
  lsy_.assign(3 * static_cast<std::size_t>(no), 0.0);
  for (int p = 0; p < no; ++p) {
    const int c = perm_[p];
    double a11 = 0, a12 = 0, a22 = 0;
    for (int k = 0; k < 3; ++k) {
      const int e = m_.cell_edge[3 * c + k];
      const int j = m_.neighbour(c, k);
      nb_[3 * p + k] = j >= 0 ? iperm_[j] : -1;
      ce_[3 * p + k] = ie[e];
      cs_[3 * p + k] = m_.cell_edge_sign[3 * c + k];
      rx_[3 * p + k] = m_.mx[e] - m_.cx[c];
      ry_[3 * p + k] = m_.my[e] - m_.cy[c];
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
      lsx_[3 * p + k] = (a22 * dx - a12 * dy) / det;
      lsy_[3 * p + k] = (-a12 * dx + a11 * dy) / det;
    }
  }

  // Per edge. Diffusion: flux.n = (C_r - C_l) / (d.n) + g.(n - d / (d.n)); the first
  // (two-point) part is monotone, the second corrects for non-orthogonal cells.
  const int nbnd = static_cast<int>(boundary_names_.size());
  el_.assign(ne, -1);
  er_.assign(ne, -1);
  eb_.assign(ne, -2);
  erl_.assign(2 * static_cast<std::size_t>(ne), 0.0);
  err_.assign(2 * static_cast<std::size_t>(ne), 0.0);
  dcoef_.assign(ne, 0.0);
  dlen_.assign(ne, 0.0);
  tx_.assign(ne, 0.0);
  ty_.assign(ne, 0.0);
  for (int q = 0; q < ne; ++q) {
    const int e = eperm_[q];
    const int l = m_.edge_left[e], r = m_.edge_right[e];
    el_[q] = iperm_[l];
    erl_[2 * q] = m_.mx[e] - m_.cx[l];
    erl_[2 * q + 1] = m_.my[e] - m_.cy[l];
    if (r < 0) {
      const int tag = m_.edge_tag[e];
      const int b = tag - kOpenEdgeBase;
      eb_[q] = (tag >= kOpenEdgeBase && b < nbnd) ? b : -2;
      continue;
    }
    er_[q] = iperm_[r];
    eb_[q] = -1;
    err_[2 * q] = m_.mx[e] - m_.cx[r];
    err_[2 * q + 1] = m_.my[e] - m_.cy[r];
    const double dx = m_.cx[r] - m_.cx[l], dy = m_.cy[r] - m_.cy[l];
    const double dn = dx * m_.nx[e] + dy * m_.ny[e];
    dcoef_[q] = m_.len[e] / dn;
    dlen_[q] = m_.len[e];
    tx_[q] = m_.nx[e] - dx / dn;
    ty_[q] = m_.ny[e] - dy / dn;
  }
  area_.resize(nl);
  ivdry_.resize(nl);
  for (int p = 0; p < nl; ++p) {
    area_[p] = m_.area[perm_[p]];
    ivdry_[p] = vdry_[perm_[p]];
  }

  // Ghost exchange in the internal numbering: built once (each ghost learns its
  // owner's rank and the owner's internal index through the mesh's own halo);
  // after a renumbering only the owned cells we send have new indices.
  if (xch_) {
    std::vector<int> new_index(no);
    for (int p = 0; p < no; ++p) new_index[p] = iperm_[old_perm[p]];
    xch_->renumber_owned(new_index);
  } else if (m_.halo && !m_.halo->empty() && nl > no) {
    std::vector<int> rank(nl, mpi_rank(m_.comm)), idx(nl, -1);
    for (int c = 0; c < no; ++c) idx[c] = iperm_[c];
    m_.halo->update(rank.data());
    m_.halo->update(idx.data());
    std::vector<int> owner_rank(rank.begin() + no, rank.end()), owner_index(idx.begin() + no, idx.end());
    xch_ = std::make_unique<LevelExchange>(m_.comm, no, owner_rank, owner_index);
  }
  for (auto& sec : sections_)
    for (std::size_t i = 0; i < sec.edge.size(); ++i) sec.edge[i] = ie[sec.local_edge[i]];
  // Land edges keep a zero flux that no stage writes; the slots have moved.
  std::fill(fq_.begin(), fq_.end(), 0.0);
}

std::vector<double> TransportModel::cell_stable_steps(const FlowState& flow) const {
  // Positivity limit (see limiter.hpp): for every wet cell
  //   dts * (sum_k F_k^+ + 2 sum_j D_j + Q_out) <= V,
  // with V the smallest volume the cell has in the interval while wet.
  const double Kd = cfg_.diffusivity;
  std::vector<double> out(m_.n_owned, std::numeric_limits<double>::infinity());
  for (int c = 0; c < m_.n_owned; ++c) {
    const double vmin = std::min(flow.volume0[c], flow.volume1[c]);
    const double vmax = std::max(flow.volume0[c], flow.volume1[c]);
    if (vmax <= vdry_[c]) continue;  // dry all interval: handled by the outflow scaling
    const double v = std::max(vmin, vdry_[c]);
    const int p = iperm_[c];
    double fsum = 0, dsum = 0;
    for (int k = 0; k < 3; ++k) {
      const int e = m_.cell_edge[3 * c + k];
      const double f = std::max(0.0, m_.cell_edge_sign[3 * c + k] * flow.edge_flux[e]);
      fsum += f;
      const int jp = nb_[3 * p + k];
      if (Kd > 0 && jp >= 0) {
        const int j = perm_[jp];
        const double hj = std::max(flow.volume0[j], flow.volume1[j]) / m_.area[j];
        dsum += Kd * 0.5 * (vmax / m_.area[c] + hj) * dcoef_[ce_[3 * p + k]];
      }
    }
    const double rate = fsum + 2 * dsum + std::max(0.0, -flow.source_flow[c]);
    if (rate > 0) out[c] = cfg_.cfl * v / rate;
  }
  return out;
}

double TransportModel::stable_substep(const FlowState& flow) const {
  double dt_min = flow.dt;
  for (double d : cell_stable_steps(flow)) dt_min = std::min(dt_min, d);
  double g = dt_min;
  MPI_Allreduce(&dt_min, &g, 1, MPI_DOUBLE, MPI_MIN, m_.comm);
  return g;
}

void TransportModel::boundary_values(double t) {
  for (std::size_t b = 0; b < bseries_.size(); ++b)
    for (int k = 0; k < K_; ++k) bc_[b * K_ + k] = interpolate(bseries_[b].times, bseries_[b].values[k], t);
}

void TransportModel::load_flow(const FlowState& flow) {
  const int no = m_.n_owned, nl = m_.n_local, ne = m_.n_edges();
  for (int q = 0; q < ne; ++q) F_[q] = flow.edge_flux[eperm_[q]];
  for (int p = 0; p < nl; ++p) {
    v0_[p] = flow.volume0[perm_[p]];
    v1_[p] = flow.volume1[perm_[p]];
  }
  // Cells with point flow or a point source, and each one's sources in source order.
  special_.clear();
  std::vector<int> first(no, -1), next(sources_.size(), -1), last(no, -1);
  for (std::size_t s = 0; s < sources_.size(); ++s) {
    if (sources_[s].cell < 0) continue;
    const int p = iperm_[sources_[s].cell];
    if (first[p] < 0)
      first[p] = static_cast<int>(s);
    else
      next[last[p]] = static_cast<int>(s);
    last[p] = static_cast<int>(s);
  }
  spec_src_start_.assign(1, 0);
  spec_src_.clear();
  for (int p = 0; p < no; ++p) {
    Q_[p] = flow.source_flow[perm_[p]];
    if (Q_[p] == 0 && first[p] < 0) continue;
    special_.push_back(p);
    for (int s = first[p]; s >= 0; s = next[s]) spec_src_.push_back(s);
    spec_src_start_.push_back(static_cast<int>(spec_src_.size()));
  }
  spec_.assign(special_.size() * static_cast<std::size_t>(K_), 0.0);
  // What the sources and the inflows with a concentration add is constant over the
  // interval: one rate per special cell, and the budget takes rate x interval (every
  // cell's steps cover the interval, and Heun's two stages add dt x rate per step).
  const std::size_t K = static_cast<std::size_t>(K_), ns = sources_.size();
  spec_rate_.assign(special_.size() * K, 0.0);
  for (std::size_t i = 0; i < special_.size(); ++i) {
    double* rate = spec_rate_.data() + i * K;
    const int p = special_[i];
    if (Q_[p] > 0) {
      const int s = conc_source_of_cell_[perm_[p]];
      const double* conc = s >= 0 ? sources_[s].conc.data() : nullptr;
      const std::size_t bidx = s >= 0 ? static_cast<std::size_t>(s) : ns;  // unattributed water
      for (std::size_t k = 0; k < K; ++k) {
        const double ck = conc ? conc[k] : (comps_[k].kind == ComponentInfo::kAgeTracer ? 1.0 : 0.0);
        rate[k] += Q_[p] * ck;
        b_src_[bidx * K + k] += flow.dt * Q_[p] * ck;
      }
    }
    for (int j = spec_src_start_[i]; j < spec_src_start_[i + 1]; ++j) {
      const std::size_t src = static_cast<std::size_t>(spec_src_[j]);
      for (std::size_t k = 0; k < K; ++k) {
        rate[k] += sources_[src].load[k];
        b_src_[src * K + k] += flow.dt * sources_[src].load[k];
      }
    }
  }
  // Outflow per cell (for dry cells, which may give away at most what they hold), and
  // the limiter's rates (limiter.hpp; the diffusion part is the bound the step limit uses).
  for (int p = 0; p < no; ++p) {
    const double withdrawal = std::max(0.0, -Q_[p]);
    double out = withdrawal, wmax = 0, dsum = 0;
    for (int k = 0; k < 3; ++k) {
      const double w = std::max(0.0, cs_[3 * p + k] * F_[ce_[3 * p + k]]);
      out_rate_[3 * p + k] = w;
      out += w;
      wmax = std::max(wmax, w);
      if (cfg_.diffusivity > 0 && nb_[3 * p + k] >= 0) dsum += diffusion_bound(p, k);
    }
    outflow_[p] = out;
    step_rate_[p] = out + 2 * dsum;
    free_rate_[p] = 3 * wmax + withdrawal + 2 * dsum;
  }
  if (xch_) xch_->exchange_all(outflow_.data(), 1);
}

void TransportModel::advance(const FlowState& flow) {
  if (std::fabs(flow.t0 - time_) > 1e-9 * std::max(1.0, std::fabs(time_)))
    throw Failure("transport: flow interval starts at " + std::to_string(flow.t0) + " s but the model is at " +
                  std::to_string(time_) + " s");
  const int no = m_.n_owned, nl = m_.n_local;
  const std::size_t K = static_cast<std::size_t>(K_);
  const std::vector<double> cell_dt = cell_stable_steps(flow);
  assign_levels(cell_dt, flow.dt);
  renumber_by_level();
  load_flow(flow);
  build_level_lists();
  count_updates(cell_dt, flow.dt);
  t0_ = flow.t0;
  prepare_kinetics(flow);
  for (int p = 0; p < no; ++p)
    for (std::size_t k = 0; k < K; ++k) mi_[p * K + k] = mass_[perm_[p] * K + k];
  for (long s = 0; s < n0_; ++s) step_level(0, static_cast<double>(s) / static_cast<double>(n0_));
  substeps_ += n0_ << L_;
  for (int p = 0; p < no; ++p)
    for (std::size_t k = 0; k < K; ++k) mass_[perm_[p] * K + k] = mi_[p * K + k];
  volume_.assign(flow.volume1.begin(), flow.volume1.begin() + nl);
  time_ = flow.t0 + flow.dt;
  ++steps_;
  check_finite("transport");
}

void TransportModel::renumber_by_level() {
  // A stage of level l reads its cells' arrays in internal order; when those cells
  // are spread over many more cache lines than they would fill, renumber. The
  // measure: blocks of 8 cells holding a cell of level l, weighted by the level's
  // steps, against the fewest blocks the level's cells could fill. Renumbering
  // changes no result (each cell and edge computes the same numbers in any order),
  // only the order of the budget sums.
  const int no = m_.n_owned;
  std::vector<double> cells(static_cast<std::size_t>(L_) + 1, 0.0);
  double touched = 0, least = 0;
  for (int b = 0; b < no; b += 8) {
    unsigned seen = 0;
    for (int p = b; p < std::min(no, b + 8); ++p) {
      seen |= 1u << level_[p];
      cells[level_[p]] += 1;
    }
    for (int l = 0; l <= L_; ++l)
      if (seen >> l & 1u) touched += static_cast<double>(n0_ << l);
  }
  for (int l = 0; l <= L_; ++l) least += static_cast<double>(n0_ << l) * std::ceil(cells[l] / 8);
  double ratio = least > 0 ? touched / least : 1.0, worst = ratio;
  MPI_Allreduce(&ratio, &worst, 1, MPI_DOUBLE, MPI_MAX, m_.comm);
  locality_ = worst;
  if (worst <= kRenumberAbove) return;
  const double t_start = MPI_Wtime();
  // Finest level first, the base order within a level (a counting sort); the
  // levels move with their cells (ghosts keep their places).
  std::vector<int> start(static_cast<std::size_t>(L_) + 2, 0), order(no), cell_level(no);
  for (int c = 0; c < no; ++c) cell_level[c] = level_[iperm_[c]];
  for (int c = 0; c < no; ++c) ++start[L_ - cell_level[c] + 1];
  for (int l = 0; l <= L_; ++l) start[l + 1] += start[l];
  for (int c : base_order_) order[start[L_ - cell_level[c]]++] = c;
  apply_numbering(order);
  for (int c = 0; c < no; ++c) level_[iperm_[c]] = cell_level[c];
  ++renumberings_;
  renumber_seconds_ += MPI_Wtime() - t_start;
}

void TransportModel::assign_levels(const std::vector<double>& cell_dt, double interval) {
  const int no = m_.n_owned, nl = m_.n_local;
  // The finest step: the global minimum, so the plan does not depend on the partition.
  double dt_min = interval;
  for (double d : cell_dt) dt_min = std::min(dt_min, d);
  double g_min = dt_min;
  MPI_Allreduce(&dt_min, &g_min, 1, MPI_DOUBLE, MPI_MIN, m_.comm);
  const long nfine = std::max(1L, static_cast<long>(std::ceil(interval / g_min * (1 - 1e-12))));
  int L = 0;
  while (L + 1 < cfg_.time_levels && (1L << L) < nfine) ++L;
  const long n0 = (nfine + (1L << L) - 1) >> L;
  T_ = interval;
  dt_stable_ = g_min;
  L_ = L;
  n0_ = n0;
  dtl_.resize(L + 1);
  for (int l = 0; l <= L; ++l) dtl_[l] = interval / static_cast<double>(n0 << l);

  // Each cell on the coarsest level its own limit allows, then raised until
  // neighbours are at most one level apart (Jacobi sweeps: partition-independent).
  level_.assign(nl, 0);
  for (int p = 0; p < no; ++p) {
    const double d = cell_dt[perm_[p]];
    int l = 0;
    while (l < L && dtl_[l] > d) ++l;
    level_[p] = l;
  }
  std::vector<int> prev;
  for (int changed = 1; changed;) {
    if (xch_) xch_->exchange_all(level_.data());
    prev = level_;
    int local = 0;
    for (int p = 0; p < no; ++p)
      for (int f = 0; f < 3; ++f) {
        const int j = nb_[3 * p + f];
        if (j >= 0 && prev[j] - 1 > level_[p]) {
          level_[p] = prev[j] - 1;
          local = 1;
        }
      }
    MPI_Allreduce(&local, &changed, 1, MPI_INT, MPI_MAX, m_.comm);
  }
}

void TransportModel::build_level_lists() {
  const int no = m_.n_owned, nl = m_.n_local, ne = m_.n_edges(), L = L_;
  for (auto* v :
       {&lev_cells_, &lev_ghosts_, &lev_edges_, &lev_up_edges_, &lev_special_, &lev_ring_, &lev_ring_ghosts_}) {
    v->assign(L + 1, {});
  }
  for (int p = 0; p < no; ++p) lev_cells_[level_[p]].push_back(p);
  for (int p = no; p < nl; ++p) lev_ghosts_[level_[p]].push_back(p);
  // Cells of level l + 1 next to a cell of level l (owned or ghost; ghosts: next to
  // an owned one): what a stage of level l reads of the finer level.
  std::vector<char> ring(nl, 0);
  for (int p = 0; p < no; ++p)
    for (int f = 0; f < 3; ++f) {
      const int j = nb_[3 * p + f];
      if (j < 0) continue;
      if (level_[j] == level_[p] - 1) ring[p] = 1;
      if (j >= no && level_[j] == level_[p] + 1) ring[j] = 1;
    }
  for (int p = 0; p < nl; ++p)
    if (ring[p] && level_[p] > 0) (p < no ? lev_ring_ : lev_ring_ghosts_)[level_[p] - 1].push_back(p);
  if (xch_) xch_->plan(level_, L);
  edge_level_.assign(ne, 0);
  for (int q = 0; q < ne; ++q) {
    if (eb_[q] == -2) continue;  // land
    const int l = el_[q], r = er_[q];
    const int lv = r >= 0 ? std::max(level_[l], level_[r]) : level_[l];
    edge_level_[q] = lv;
    lev_edges_[lv].push_back(q);
    if (r >= 0 && level_[l] != level_[r]) lev_up_edges_[lv].push_back(q);
  }
  for (std::size_t i = 0; i < special_.size(); ++i) lev_special_[level_[special_[i]]].push_back(static_cast<int>(i));
  std::fill(acc_.begin(), acc_.end(), 0.0);
}

void TransportModel::count_updates(const std::vector<double>& cell_dt, double interval) {
  // Cell-updates this interval, and where the steps come from (debug log).
  const int no = m_.n_owned, L = L_;
  const long n0 = n0_;
  std::vector<long long> cnt(L + 1), gcnt(L + 1);
  for (int l = 0; l <= L; ++l) cnt[l] = static_cast<long long>(lev_cells_[l].size());
  MPI_Allreduce(cnt.data(), gcnt.data(), L + 1, MPI_LONG_LONG, MPI_SUM, m_.comm);
  // Balance: the busiest rank's updates of each level (they wait for each other at
  // every stage), summed over levels, against the mean; and the slowest rank's waits.
  std::vector<long long> cmax(L + 1);
  MPI_Allreduce(cnt.data(), cmax.data(), L + 1, MPI_LONG_LONG, MPI_MAX, m_.comm);
  double busiest = 0, total = 0;
  for (int l = 0; l <= L; ++l) {
    busiest += static_cast<double>(cmax[l] << l);
    total += static_cast<double>(gcnt[l] << l);
  }
  const double spent[2] = {xch_ ? xch_->waited() : 0.0, renumber_seconds_};
  double spent_max[2] = {0, 0};
  MPI_Allreduce(spent, spent_max, 2, MPI_DOUBLE, MPI_MAX, m_.comm);
  const int nranks = mpi_size(m_.comm);
  double ideal = 0, gideal = 0;  // every cell at its own stable step, no powers of two
  for (int p = 0; p < no; ++p) ideal += interval / std::min(interval, cell_dt[perm_[p]]);
  MPI_Allreduce(&ideal, &gideal, 1, MPI_DOUBLE, MPI_SUM, m_.comm);
  long long updates = 0;
  std::ostringstream os;
  for (int l = 0; l <= L; ++l) {
    updates += gcnt[l] * (n0 << l);
    cell_updates_ += gcnt[l] * (n0 << l);
    local_level_updates_[l] += cnt[l] * (n0 << l);
    os << (l ? " / " : "") << gcnt[l];
  }
  BLOG(debug) << "transport: " << n0 << " steps of " << dtl_[0] << " s over " << interval << " s, " << L + 1
              << " levels down to " << dtl_[L] << " s (smallest stable step " << dt_stable_
              << " s); cells per level: " << os.str() << "; " << updates << " cell-updates (" << gideal
              << " if every cell took its own stable step); cache lines per level " << locality_ << " x the fewest, "
              << renumberings_ << " renumberings by level so far (" << spent_max[1]
              << " s); busiest rank's updates per level " << (total > 0 ? busiest * nranks / total : 1.0)
              << " x the mean; exchanges waited up to " << spent_max[0] << " s on a rank so far";
}

void TransportModel::step_level(int l, double a0) {
  const double a1 = a0 + dtl_[l] / T_;
  const double amid = a0 + 0.5 * dtl_[l] / T_;
  auto with_k = [this](auto&& f) {
    switch (K_) {
      case 1:
        return f(std::integral_constant<int, 1>{});
      case 2:
        return f(std::integral_constant<int, 2>{});
      case 3:
        return f(std::integral_constant<int, 3>{});
      case 4:
        return f(std::integral_constant<int, 4>{});
      case 5:
        return f(std::integral_constant<int, 5>{});
      case 6:
        return f(std::integral_constant<int, 6>{});
      case 7:
        return f(std::integral_constant<int, 7>{});
      case 8:
        return f(std::integral_constant<int, 8>{});
      default:
        return f(std::integral_constant<int, 0>{});
    }
  };
  // Stage 1: forward Euler from V(a0) to V(a1); the finer level takes its first half step.
  with_k([&](auto kc) { fluxes_k<decltype(kc)::value>(l, mi_.data(), a0, a0); });
  if (l < L_) step_level(l + 1, a0);
  with_k([&](auto kc) { update_k<decltype(kc)::value>(l, 0, mi_.data(), m1_.data()); });
  // Stage 2 from the stage-1 state at the end volume (the finer level is half-way);
  // Heun's average of the two is a convex combination, so each stage's bounds carry over.
  with_k([&](auto kc) { fluxes_k<decltype(kc)::value>(l, m1_.data(), a1, amid); });
  if (l < L_) step_level(l + 1, amid);
  with_k([&](auto kc) { update_k<decltype(kc)::value>(l, 1, m1_.data(), mi_.data()); });
  kinetics(l, mi_.data());
}

template <int KC>
void TransportModel::fluxes_k(int l, const double* m_in, double a_cell, double a_fine) {
  using lanes::Vec;
  const std::size_t K = KC > 0 ? KC : static_cast<std::size_t>(K_);
  // The stage's cell arrays hold KP >= K components per cell (the padding stays 0),
  // gradients as KP x- then KP y-components, ranges as KP minima then KP maxima;
  // loops over components go a group of lanes at a time (lanes.hpp).
  const std::size_t KP = KC > 0 ? lanes::padded(KC) : static_cast<std::size_t>(KP_);
  const std::size_t NG = KP / lanes::kWidth;
  const double dts = dtl_[l];
  double* C = C_.data();
  double* G = grad_.data();
  double* MM = mm_.data();
  double* FQ = fq_.data();
  const int* nb = nb_.data();
  const int* lev = level_.data();
  double* vol = vstage_.data();

  // Stage state of this level's cells; the next finer level's cells are at a_fine
  // (their current state); coarser cells keep their frozen stage values.
  // Volume and wet flag at fraction a; the concentration too from `m` (owned cells;
  // ghosts, m = nullptr, get theirs from the exchange below).
  auto refresh = [&](const std::vector<int>& cells, const double* m, double a) {
    for (int p : cells) {
      const double v = (1 - a) * v0_[p] + a * v1_[p];
      vol[p] = v;
      wet_[p] = v > ivdry_[p];
      if (!m) continue;
      const double inv = v > 0 ? 1.0 / v : 0.0;
      for (std::size_t k = 0; k < K; ++k) C[p * KP + k] = m[p * K + k] * inv;
    }
  };
  refresh(lev_cells_[l], m_in, a_cell);
  refresh(lev_ghosts_[l], nullptr, a_cell);
  if (l < L_) {  // only those next to this level's cells are read
    refresh(lev_ring_[l], mi_.data(), a_fine);
    refresh(lev_ring_ghosts_[l], nullptr, a_fine);
  }
  if (xch_) xch_->exchange(C, static_cast<int>(KP), l, l < L_);
  // A dry cell gives away at most what it holds over its step: its outflow is scaled down.
  auto set_scale = [&](const std::vector<int>& cells) {
    for (int p : cells) {
      const double need = dts * outflow_[p];
      scale_[p] = (wet_[p] || need <= vol[p]) ? 1.0 : vol[p] / need;
    }
  };
  set_scale(lev_cells_[l]);
  set_scale(lev_ghosts_[l]);

  // Limited least-squares gradients (second order in smooth regions).
  const std::vector<int>& cells = lev_cells_[l];
  if (cfg_.second_order) {
    const Vec zero = lanes::splat(0.0);
    for (int p : cells) {
      double* mmc = MM + p * 2 * KP;
      double* gc = G + p * 2 * KP;
      const double* Cc = C + p * KP;
      int nbw[3], n = 0;  // the neighbours, when all are wet
      bool all_wet = wet_[p];
      for (int f = 0; f < 3 && all_wet; ++f) {
        const int j = nb[3 * p + f];
        if (j < 0) continue;
        if (!wet_[j]) all_wet = false;
        nbw[n++] = f;
      }
      if (!all_wet) n = 0;  // dry, or next to a dry cell: first order
      for (std::size_t g = 0; g < NG; ++g) {
        const std::size_t o = g * lanes::kWidth;
        const Vec cc = lanes::load(Cc + o);
        Vec gx = zero, gy = zero, lo = cc, hi = cc;
        for (int i = 0; i < n; ++i) {
          const int f = nbw[i];
          const Vec cj = lanes::load(C + static_cast<std::size_t>(nb[3 * p + f]) * KP + o);
          const Vec d = cj - cc;
          gx += lanes::splat(lsx_[3 * p + f]) * d;
          gy += lanes::splat(lsy_[3 * p + f]) * d;
          lo = lanes::min(lo, cj);
          hi = lanes::max(hi, cj);
        }
        lanes::store(gc + o, gx);
        lanes::store(gc + KP + o, gy);
        lanes::store(mmc + o, lo);
        lanes::store(mmc + KP + o, hi);
      }
    }
    if (xch_) xch_->exchange(MM, static_cast<int>(2 * KP), l, false);
    // Per face f the bounds are the hull of this cell's and the neighbour's one-ring
    // ranges (the neighbour's only when it is on this level, i.e. computed now);
    // phi is limiter::face_factor's value, with the division done only where the
    // face value would leave its bounds (l <= C <= h always holds, so the ratio is
    // >= 0 and phi = 1 otherwise). Where the step is longer than the one at which any
    // such phi keeps the bounds, phi is also limited by limiter::courant_factor, with
    // [m, M] the hull of the ranges of the wet neighbours on this or a coarser level
    // (the coarser ones frozen at their stage): what they send in lies in it, and what
    // a finer neighbour sends in lies in the finer cells' ranges, so the new value
    // stays within [m, M] widened by those (no new global extrema, no negatives).
    const Vec one = lanes::splat(1.0);
    for (int p : cells) {
      if (!wet_[p]) continue;
      double* gc = G + p * 2 * KP;
      const double* Cc = C + p * KP;
      const double* mmc = MM + p * 2 * KP;
      const double* mj[3];
      const double* ma[3];
      for (int f = 0; f < 3; ++f) {
        const int j = nb[3 * p + f];
        const bool known = j >= 0 && wet_[j] && lev[j] <= l;
        ma[f] = known ? MM + static_cast<std::size_t>(j) * 2 * KP : mmc;
        mj[f] = known && lev[j] == l ? ma[f] : mmc;
      }
      const bool courant = dts * free_rate_[p] > vol[p];
      const Vec slack = lanes::splat(std::max(0.0, vol[p] - dts * step_rate_[p]));
      const double* w = out_rate_.data() + 3 * static_cast<std::size_t>(p);
      for (std::size_t g = 0; g < NG; ++g) {
        const std::size_t o = g * lanes::kWidth;
        const Vec cc = lanes::load(Cc + o), gx = lanes::load(gc + o), gy = lanes::load(gc + KP + o);
        const Vec lo = lanes::load(mmc + o), hi = lanes::load(mmc + KP + o);
        Vec d[3];  // face offsets before phi
        for (int f = 0; f < 3; ++f) d[f] = gx * lanes::splat(rx_[3 * p + f]) + gy * lanes::splat(ry_[3 * p + f]);
        Vec phi = one;
        for (int f = 0; f < 3; ++f) {
          const Vec delta = d[f];
          const lanes::Mask up = delta > zero;
          const Vec room = lanes::select(up, lanes::max(hi, lanes::load(mj[f] + KP + o)) - cc,
                                         lanes::min(lo, lanes::load(mj[f] + o)) - cc);
          const Vec dp = delta * phi;
          const lanes::Mask bind = (up & (dp > room)) | ((delta < zero) & (dp < room));
          if (lanes::none(bind)) continue;
          phi = lanes::select(bind, lanes::min(phi, room / lanes::select(bind, delta, one)), phi);
        }
        if (courant) {
          Vec out = zero, m = lo, M = hi;
          for (int f = 0; f < 3; ++f) {
            out += lanes::splat(w[f]) * d[f];
            m = lanes::min(m, lanes::load(ma[f] + o));
            M = lanes::max(M, lanes::load(ma[f] + KP + o));
          }
          phi = limiter::courant_factor(phi, lanes::splat(dts) * out, slack, cc - m, M - cc);
        }
        lanes::store(gc + o, gx * phi);
        lanes::store(gc + KP + o, gy * phi);
      }
    }
    if (xch_) xch_->exchange(G, static_cast<int>(2 * KP), l, false);
  }

  // Net mass flux (g/s, left -> right; out of the domain on the boundary) of every
  // edge of this level, computed once; cells then take their three edges with the edge's sign.
  const double Kd = cfg_.diffusivity;
  const int nbnd = static_cast<int>(boundary_names_.size());
  if (nbnd > 0) boundary_values(t0_ + a_cell * T_);
  const Vec zero = lanes::splat(0.0);
  for (int q : lev_edges_[l]) {
    const int b = eb_[q];
    const double F = F_[q];
    const int le = el_[q];
    double* Fo = FQ + static_cast<std::size_t>(q) * K;
    if (b >= 0) {
      if (F > 0) {  // outflow: upwind from inside
        const double* Cl = C + static_cast<std::size_t>(le) * KP;
        const double* gl = G + static_cast<std::size_t>(le) * 2 * KP;
        const double rxl = erl_[2 * q], ryl = erl_[2 * q + 1];
        const double fs = F * scale_[le];
        for (std::size_t k = 0; k < K; ++k) {
          const double f = fs * (Cl[k] + gl[k] * rxl + gl[KP + k] * ryl);
          Fo[k] = f;
          b_bout_[b * K + k] += 0.5 * dts * f;
        }
      } else {  // inflow at the boundary's concentration
        for (std::size_t k = 0; k < K; ++k) {
          const double f = -F * bc_[b * K + k];
          Fo[k] = -f;
          b_bin_[b * K + k] += 0.5 * dts * f;
        }
      }
      continue;
    }
    const int r = er_[q];
    // Upwind cell's face value (zero flux when F = 0), minus the diffusive transfer.
    const bool left = F > 0;
    const int u = left ? le : r;
    const double* Cu = C + static_cast<std::size_t>(u) * KP;
    const double* gu = G + static_cast<std::size_t>(u) * 2 * KP;
    const Vec rxu = lanes::splat(left ? erl_[2 * q] : err_[2 * q]);
    const Vec ryu = lanes::splat(left ? erl_[2 * q + 1] : err_[2 * q + 1]);
    const Vec fs = lanes::splat(F * scale_[u]);
    const bool diffuse = Kd > 0 && wet_[le] && wet_[r];
    double D = 0, T = 0;
    if (diffuse) {
      const double he = 0.5 * (vol[le] / area_[le] + vol[r] / area_[r]);
      D = Kd * he * dcoef_[q];
      T = Kd * he * dlen_[q];
    }
    const Vec Dv = lanes::splat(D), hT = lanes::splat(0.5 * T), txe = lanes::splat(tx_[q]), tye = lanes::splat(ty_[q]);
    const double* Cl = C + static_cast<std::size_t>(le) * KP;
    const double* Cr = C + static_cast<std::size_t>(r) * KP;
    const double* gl = G + static_cast<std::size_t>(le) * 2 * KP;
    const double* gr = G + static_cast<std::size_t>(r) * 2 * KP;
    for (std::size_t g = 0; g < NG; ++g) {
      const std::size_t o = g * lanes::kWidth;
      Vec flux =
          F != 0 ? fs * (lanes::load(Cu + o) + lanes::load(gu + o) * rxu + lanes::load(gu + KP + o) * ryu) : zero;
      if (diffuse) {
        const Vec corr = hT * ((lanes::load(gl + o) + lanes::load(gr + o)) * txe +
                               (lanes::load(gl + KP + o) + lanes::load(gr + KP + o)) * tye);
        flux -= limiter::diffusive_flux(Dv * (lanes::load(Cr + o) - lanes::load(Cl + o)), corr);
      }
      if (o + lanes::kWidth <= K)
        lanes::store(Fo + o, flux);
      else
        lanes::store_n(Fo + o, flux, K - o);
    }
  }
  if (!sections_.empty()) accumulate_sections(l, 0.5, dts);
  // Edges to the next coarser level: the coarser cell receives their time integral,
  // half of it (the first fine step's) in its first stage, the rest in its second.
  for (int q : lev_up_edges_[l]) {
    const double* Fo = FQ + static_cast<std::size_t>(q) * K;
    double* ac = acc_.data() + static_cast<std::size_t>(q) * K;
    for (std::size_t k = 0; k < K; ++k) ac[k] += 0.5 * dts * Fo[k];
  }
}

double TransportModel::diffusion_bound(int p, int f) const {
  // The largest two-point coefficient edge f of cell p can have in this interval
  // (deepest water on either side); the clipped diffusive loss is at most twice it times C.
  const int j = nb_[3 * p + f];
  const double he = 0.5 * (std::max(v0_[p], v1_[p]) / area_[p] + std::max(v0_[j], v1_[j]) / area_[j]);
  return cfg_.diffusivity * he * dcoef_[ce_[3 * p + f]];
}

template <int KC>
void TransportModel::update_k(int l, int stage, const double* m_in, double* m_out) {
  const std::size_t K = KC > 0 ? KC : static_cast<std::size_t>(K_);
  const double dts = dtl_[l];
  double* FQ = fq_.data();
  // Edges to the next finer level: each stage takes the rate of what the finer cells
  // exchanged through them during one of the two fine steps (its time integral A_i,
  // as 2 A_i / dt), so the two stages together (each weighted 1/2) exchange exactly
  // what the finer side did, and each stage is a forward-Euler stage whose inflows
  // are (averages of) bounded face values (docs/transport.md, limiter.hpp).
  if (l < L_) {
    for (int q : lev_up_edges_[l + 1]) {
      double* Fo = FQ + static_cast<std::size_t>(q) * K;
      double* ac = acc_.data() + static_cast<std::size_t>(q) * K;
      for (std::size_t k = 0; k < K; ++k) {
        Fo[k] = 2 * ac[k] / dts;
        ac[k] = 0;
      }
    }
  }
  const double* avg = stage == 1 ? mi_.data() : nullptr;
  // Cells with point flows or sources first, into a side buffer (avg may alias
  // m_out, so they must read it before the main loop overwrites it).
  const int* ce = ce_.data();
  const double* cs = cs_.data();
  double r_buf[KC > 0 ? KC : 1];
  double* r = KC > 0 ? r_buf : scratch_.data();
  for (int i : lev_special_[l]) {
    const int p = special_[i];
    const double* F0 = FQ + static_cast<std::size_t>(ce[3 * p]) * K;
    const double* F1 = FQ + static_cast<std::size_t>(ce[3 * p + 1]) * K;
    const double* F2 = FQ + static_cast<std::size_t>(ce[3 * p + 2]) * K;
    const double s0 = cs[3 * p], s1 = cs[3 * p + 1], s2 = cs[3 * p + 2];
    for (std::size_t k = 0; k < K; ++k) r[k] = -s0 * F0[k] - s1 * F1[k] - s2 * F2[k];
    point_terms(static_cast<std::size_t>(i), C_.data(), 0.5, dts, r);
    const double* mi = m_in + p * K;
    double* so = spec_.data() + static_cast<std::size_t>(i) * K;
    for (std::size_t k = 0; k < K; ++k)
      so[k] = avg ? 0.5 * (avg[p * K + k] + (mi[k] + dts * r[k])) : mi[k] + dts * r[k];
  }
  // The forward-Euler update from the three edges (in LocalMesh::cell_edge order),
  // fused with Heun's average in the second stage.
  for (int p : lev_cells_[l]) {
    const double* F0 = FQ + static_cast<std::size_t>(ce[3 * p]) * K;
    const double* F1 = FQ + static_cast<std::size_t>(ce[3 * p + 1]) * K;
    const double* F2 = FQ + static_cast<std::size_t>(ce[3 * p + 2]) * K;
    const double s0 = cs[3 * p], s1 = cs[3 * p + 1], s2 = cs[3 * p + 2];
    const double* mi = m_in + p * K;
    double* mo = m_out + p * K;
    if (avg) {
      const double* ma = avg + p * K;
      for (std::size_t k = 0; k < K; ++k)
        mo[k] = 0.5 * (ma[k] + (mi[k] + dts * (-s0 * F0[k] - s1 * F1[k] - s2 * F2[k])));
    } else {
      for (std::size_t k = 0; k < K; ++k) mo[k] = mi[k] + dts * (-s0 * F0[k] - s1 * F1[k] - s2 * F2[k]);
    }
  }
  for (int i : lev_special_[l])
    std::copy(spec_.begin() + static_cast<std::ptrdiff_t>(i * K),
              spec_.begin() + static_cast<std::ptrdiff_t>((i + 1) * K), m_out + special_[i] * K);
}

void TransportModel::point_terms(std::size_t i, const double* C, double weight, double dts, double* r) {
  const std::size_t K = static_cast<std::size_t>(K_);
  const double* rate = spec_rate_.data() + i * K;
  for (std::size_t k = 0; k < K; ++k) r[k] += rate[k];
  const int p = special_[i];
  if (Q_[p] < 0) {  // a withdrawal takes the cell's concentration
    const double qs = -Q_[p] * scale_[p];
    for (std::size_t k = 0; k < K; ++k) {
      const double w = qs * C[p * KP_ + k];
      r[k] -= w;
      b_withdraw_[k] += weight * dts * w;
    }
  }
}

void TransportModel::accumulate_sections(int l, double weight, double dts) {
  const std::size_t K = static_cast<std::size_t>(K_);
  const double w = weight * dts;
  for (std::size_t s = 0; s < sections_.size(); ++s) {
    const Section& sec = sections_[s];
    double* pos = sec_pos_.data() + s * K;
    double* neg = sec_neg_.data() + s * K;
    for (std::size_t i = 0; i < sec.edge.size(); ++i) {
      if (edge_level_[sec.edge[i]] != l) continue;  // computed at another level's stages
      const double* f = fq_.data() + static_cast<std::size_t>(sec.edge[i]) * K;
      const double o = sec.orient[i];
      for (std::size_t k = 0; k < K; ++k) {
        const double x = w * (o * f[k]);
        if (x > 0)
          pos[k] += x;
        else
          neg[k] -= x;
      }
    }
  }
}

int TransportModel::add_flux_section(const std::string& name,
                                     const std::vector<std::pair<long, int>>& faces_and_edges) {
  for (const auto& s : sections_)
    if (s.name == name) throw Failure("transport: flux section '" + name + "' is registered twice");
  Section sec;
  sec.name = name;
  const int no = m_.n_owned;
  for (const auto& [face, j] : faces_and_edges) {
    if (face < 0 || face >= m_.n_global_cells || j < 0 || j > 2)
      throw Failure("transport: flux section '" + name + "': (face " + std::to_string(face) + ", edge " +
                    std::to_string(j) + ") is not on the mesh (" + std::to_string(m_.n_global_cells) +
                    " faces, edges 0..2)");
    // Owned cells are ordered by global id; the owner of the face counts the entry.
    const auto it = std::lower_bound(m_.cell_gid.begin(), m_.cell_gid.begin() + no, face);
    if (it == m_.cell_gid.begin() + no || *it != face) continue;
    const int c = static_cast<int>(it - m_.cell_gid.begin());
    const long ge = face_edge_[3 * static_cast<std::size_t>(c) + j];
    int e = -1;
    for (int k = 0; k < 3; ++k)
      if (m_.edge_gid[m_.cell_edge[3 * c + k]] == ge) e = m_.cell_edge[3 * c + k];
    if (e < 0) throw Failure("transport: flux section '" + name + "': edge not found on its face");
    int q = -1;
    for (int k = 0; k < 3; ++k)
      if (eperm_[ce_[3 * iperm_[c] + k]] == e) q = ce_[3 * iperm_[c] + k];
    sec.edge.push_back(q);
    sec.local_edge.push_back(e);
    sec.orient.push_back(m_.edge_left[e] == c ? 1.0 : -1.0);
  }
  sections_.push_back(std::move(sec));
  sec_pos_.resize(sections_.size() * K_, 0.0);
  sec_neg_.resize(sections_.size() * K_, 0.0);
  return static_cast<int>(sections_.size()) - 1;
}

std::vector<SectionFlux> TransportModel::section_fluxes() const {
  std::vector<double> local(sec_pos_), global(2 * sec_pos_.size(), 0.0);
  local.insert(local.end(), sec_neg_.begin(), sec_neg_.end());
  if (!local.empty())
    MPI_Allreduce(local.data(), global.data(), static_cast<int>(local.size()), MPI_DOUBLE, MPI_SUM, m_.comm);
  std::vector<SectionFlux> out;
  const std::size_t K = static_cast<std::size_t>(K_), n = sec_pos_.size();
  for (std::size_t s = 0; s < sections_.size(); ++s) {
    SectionFlux f;
    f.name = sections_[s].name;
    f.positive.assign(global.begin() + s * K, global.begin() + (s + 1) * K);
    f.negative.assign(global.begin() + n + s * K, global.begin() + n + (s + 1) * K);
    out.push_back(std::move(f));
  }
  return out;
}

void TransportModel::prepare_kinetics(const FlowState& flow) {
  // Rates are frozen over one flow interval (temperature and the interval's mean
  // depth), so the exponentials are taken once per interval (for each cell's own
  // step), not per step.
  const int no = m_.n_owned, K = K_;
  any_kinetics_ = false;
  for (const auto& c : comps_) any_kinetics_ = any_kinetics_ || c.k20_per_s > 0 || c.ws_m_per_s > 0;
  if (!any_kinetics_) return;
  fac_.assign(static_cast<std::size_t>(no) * K, 1.0);
  dshare_.assign(static_cast<std::size_t>(no) * K, 0.0);
  for (int p = 0; p < no; ++p) {  // internal numbering
    const int c = perm_[p];
    const double T = flow.temperature.empty() ? 20.0 : flow.temperature[c];
    // Settling depth never below the dry depth, so a drying cell keeps its mass.
    const double H = std::max(0.5 * (flow.volume0[c] + flow.volume1[c]) / m_.area[c], cfg_.dry_depth);
    for (int k = 0; k < K; ++k) {
      const auto& ci = comps_[k];
      if (ci.k20_per_s == 0 && ci.ws_m_per_s == 0) continue;
      const double kd = kinetics::decay_rate(ci.k20_per_s, ci.theta, T);
      const double ks = kinetics::settling_rate(ci.ws_m_per_s, H);
      fac_[static_cast<std::size_t>(p) * K + k] = kinetics::survival(kd + ks, dtl_[level_[p]]);
      dshare_[static_cast<std::size_t>(p) * K + k] = kd + ks > 0 ? kd / (kd + ks) : 0.0;
    }
  }
}

void TransportModel::kinetics(int l, double* m) {
  const std::size_t K = static_cast<std::size_t>(K_);
  const double dts = dtl_[l];
  if (any_kinetics_)
    for (int p : lev_cells_[l])
      for (std::size_t k = 0; k < K; ++k) {
        const std::size_t i = static_cast<std::size_t>(p) * K + k;
        const double f = fac_[i];
        if (f == 1.0) continue;
        const double lost = m[i] * (1 - f);
        m[i] -= lost;
        b_decay_[k] += lost * dshare_[i];
        b_settle_[k] += lost * (1 - dshare_[i]);
      }
  // Water age: d(alpha)/dt = C, i.e. the age-concentration mass grows by dts * tracer mass.
  int kt = -1, ka = -1;
  for (std::size_t k = 0; k < K; ++k) {
    if (comps_[k].kind == ComponentInfo::kAgeTracer) kt = static_cast<int>(k);
    if (comps_[k].kind == ComponentInfo::kAgeConcentration) ka = static_cast<int>(k);
  }
  if (kt >= 0 && ka >= 0)
    for (int c : lev_cells_[l]) {
      const double p = dts * m[static_cast<std::size_t>(c) * K + kt];
      m[static_cast<std::size_t>(c) * K + ka] += p;
      b_prod_[ka] += p;
    }
}

void TransportModel::check_finite(const char* where) const {
  int bad_c = -1, bad_k = -1;
  for (int c = 0; c < m_.n_owned && bad_c < 0; ++c)
    for (int k = 0; k < K_; ++k)
      if (!std::isfinite(mass_[static_cast<std::size_t>(c) * K_ + k])) {
        bad_c = c;
        bad_k = k;
        break;
      }
  int k = -1;
  const std::string cell = describe_flagged_cell(m_, bad_c, bad_k, k);
  if (cell.empty()) return;
  std::ostringstream os;
  os << where << ": non-finite state after step " << steps_ << " (t = " << time_ << " s) in " << cell
     << ", constituent '" << comps_[static_cast<std::size_t>(k)].name
     << "'; check the flow (hydrodynamics) and the loads of that area";
  throw Failure(os.str());
}

std::vector<double> TransportModel::budget_state() const {
  std::vector<double> local;
  for (const auto* v :
       {&b_src_, &b_bin_, &b_bout_, &b_decay_, &b_settle_, &b_withdraw_, &b_prod_, &sec_pos_, &sec_neg_})
    local.insert(local.end(), v->begin(), v->end());
  std::vector<double> global(local.size(), 0.0);
  MPI_Allreduce(local.data(), global.data(), static_cast<int>(local.size()), MPI_DOUBLE, MPI_SUM, m_.comm);
  global.insert(global.end(), b_initial_.begin(), b_initial_.end());
  global.push_back(t_start_);
  return global;
}

void TransportModel::restore(double t, long steps, const std::vector<double>& owned_mass,
                             const std::vector<double>& volume, const std::vector<double>& state) {
  if (owned_mass.size() != mass_.size() || static_cast<int>(volume.size()) < m_.n_local)
    throw Failure("transport restore: state sizes do not match this mesh");
  time_ = t;
  steps_ = steps;
  mass_ = owned_mass;
  volume_.assign(volume.begin(), volume.begin() + m_.n_local);
  const bool root = mpi_rank(m_.comm) == 0;
  std::size_t i = 0;
  for (auto* v : {&b_src_, &b_bin_, &b_bout_, &b_decay_, &b_settle_, &b_withdraw_, &b_prod_, &sec_pos_, &sec_neg_})
    for (auto& x : *v) {
      if (i >= state.size()) throw Failure("transport restore: budget state too short");
      x = root ? state[i] : 0.0;
      ++i;
    }
  if (state.size() != i + b_initial_.size() + 1)
    throw Failure("transport restore: budget state has the wrong size (were the same flux sections registered?)");
  for (auto& x : b_initial_) x = state[i++];
  t_start_ = state[i];
}

MassBudget TransportModel::budget() const {
  const std::vector<double> g = budget_state();
  MassBudget b;
  b.t_start = t_start_;
  b.t_end = time_;
  b.source_names = source_names_;
  b.boundary_names = boundary_names_;
  const std::size_t ns = source_names_.size(), nb = boundary_names_.size(), K = K_;
  const std::size_t o_bin = ns * K, o_bout = o_bin + nb * K, o_dec = o_bout + nb * K, o_set = o_dec + K,
                    o_wd = o_set + K, o_prod = o_wd + K, o_init = g.size() - K - 1;  // flux sections lie between
  for (std::size_t k = 0; k < K; ++k) {
    ComponentBudget c;
    c.name = comps_[k].name;
    c.initial = g[o_init + k];
    c.final = total_mass(static_cast<int>(k));
    for (std::size_t s = 0; s < ns; ++s) c.source_in.push_back(g[s * K + k]);
    for (std::size_t j = 0; j < nb; ++j) {
      c.boundary_in.push_back(g[o_bin + j * K + k]);
      c.boundary_out.push_back(g[o_bout + j * K + k]);
    }
    c.decay = g[o_dec + k];
    c.settling = g[o_set + k];
    c.withdrawal = g[o_wd + k];
    c.production = g[o_prod + k];
    b.components.push_back(c);
  }
  return b;
}

}  // namespace beibu
