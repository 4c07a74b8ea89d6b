// The model's mass budget: accumulators, flux sections and their checkpoint state.
#include <algorithm>

#include "core/error.hpp"
#include "core/petsc_env.hpp"
#include "mesh/local_mesh.hpp"
#include "transport_model.hpp"

namespace beibu {

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
