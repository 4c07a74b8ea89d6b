// The model's mass budget: accumulators, flux sections and their checkpoint state.
#include <algorithm>

#include "core/error.hpp"
#include "core/petsc_env.hpp"
#include "mesh/local_mesh.hpp"
#include "transport_model.hpp"

namespace beibu {

void TransportModel::book_boundary_fluxes(int l, double dts) {
  // What each open edge of level l carried in this stage, split by direction: out
  // (the inner cell's face value) or in (the boundary's concentration).
  const std::size_t K = static_cast<std::size_t>(K_);
  for (int q : plan_.open_edges[l]) {
    const std::size_t b = static_cast<std::size_t>(edge_.boundary[q]);
    const double* f = stage_.edge_flux.data() + static_cast<std::size_t>(q) * K;
    if (flow_.edge_flux[q] > 0)
      for (std::size_t k = 0; k < K; ++k) budget_.boundary_out[b * K + k] += 0.5 * dts * f[k];
    else
      for (std::size_t k = 0; k < K; ++k) budget_.boundary_in[b * K + k] += 0.5 * dts * -f[k];
  }
}

void TransportModel::accumulate_sections(int l, double weight, double dts) {
  const std::size_t K = static_cast<std::size_t>(K_);
  const double w = weight * dts;
  for (std::size_t s = 0; s < budget_.sections.size(); ++s) {
    const Section& sec = budget_.sections[s];
    double* pos = budget_.section_pos.data() + s * K;
    double* neg = budget_.section_neg.data() + s * K;
    for (std::size_t i = 0; i < sec.edge.size(); ++i) {
      if (plan_.edge_level[sec.edge[i]] != l) continue;  // computed at another level's stages
      const double* f = stage_.edge_flux.data() + static_cast<std::size_t>(sec.edge[i]) * K;
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
  for (const auto& s : budget_.sections)
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
      if (num_.local_edge[cell_.edge[3 * num_.internal_cell[c] + k]] == e)
        q = cell_.edge[3 * num_.internal_cell[c] + k];
    sec.edge.push_back(q);
    sec.local_edge.push_back(e);
    sec.orient.push_back(m_.edge_left[e] == c ? 1.0 : -1.0);
  }
  budget_.sections.push_back(std::move(sec));
  budget_.section_pos.resize(budget_.sections.size() * K_, 0.0);
  budget_.section_neg.resize(budget_.sections.size() * K_, 0.0);
  return static_cast<int>(budget_.sections.size()) - 1;
}

std::vector<SectionFlux> TransportModel::section_fluxes() const {
  std::vector<double> local(budget_.section_pos), global(2 * budget_.section_pos.size(), 0.0);
  local.insert(local.end(), budget_.section_neg.begin(), budget_.section_neg.end());
  if (!local.empty())
    MPI_Allreduce(local.data(), global.data(), static_cast<int>(local.size()), MPI_DOUBLE, MPI_SUM, m_.comm);
  std::vector<SectionFlux> out;
  const std::size_t K = static_cast<std::size_t>(K_), n = budget_.section_pos.size();
  for (std::size_t s = 0; s < budget_.sections.size(); ++s) {
    SectionFlux f;
    f.name = budget_.sections[s].name;
    f.positive.assign(global.begin() + s * K, global.begin() + (s + 1) * K);
    f.negative.assign(global.begin() + n + s * K, global.begin() + n + (s + 1) * K);
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<double> TransportModel::budget_state() const {
  std::vector<double> local;
  for (const auto* v :
       {&budget_.source_in, &budget_.boundary_in, &budget_.boundary_out, &budget_.decay, &budget_.settling,
        &budget_.withdrawal, &budget_.production, &budget_.section_pos, &budget_.section_neg})
    local.insert(local.end(), v->begin(), v->end());
  std::vector<double> global(local.size(), 0.0);
  MPI_Allreduce(local.data(), global.data(), static_cast<int>(local.size()), MPI_DOUBLE, MPI_SUM, m_.comm);
  global.insert(global.end(), budget_.initial.begin(), budget_.initial.end());
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
  for (auto* v : {&budget_.source_in, &budget_.boundary_in, &budget_.boundary_out, &budget_.decay, &budget_.settling,
                  &budget_.withdrawal, &budget_.production, &budget_.section_pos, &budget_.section_neg})
    for (auto& x : *v) {
      if (i >= state.size()) throw Failure("transport restore: budget state too short");
      x = root ? state[i] : 0.0;
      ++i;
    }
  if (state.size() != i + budget_.initial.size() + 1)
    throw Failure("transport restore: budget state has the wrong size (were the same flux sections registered?)");
  for (auto& x : budget_.initial) x = state[i++];
  t_start_ = state[i];
}

MassBudget TransportModel::budget() const {
  const std::vector<double> g = budget_state();
  MassBudget b;
  b.t_start = t_start_;
  b.t_end = time_;
  b.source_names = inputs_.source_names;
  b.boundary_names = inputs_.boundary_names;
  const std::size_t ns = inputs_.source_names.size(), nb = inputs_.boundary_names.size(), K = K_;
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
    c.scale(comps_[k].budget_grams);
    b.components.push_back(c);
  }
  return b;
}

}  // namespace beibu
