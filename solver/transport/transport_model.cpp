#include "transport_model.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "core/petsc_env.hpp"
#include "lanes.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/mesh.hpp"
#include "mesh/partition.hpp"
#include "solver/flow.hpp"

namespace beibu {

TransportModel::TransportModel(const Mesh& global, const LocalMesh& local, const TransportConfig& cfg)
    : m_(local), cfg_(cfg), comps_(expand_components(cfg)), K_(static_cast<int>(comps_.size())) {
  if (K_ == 0) throw InputError(cfg.file, "transport.constituents", "no constituents to transport");
  const int no = m_.n_owned, nl = m_.n_local;

  vdry_.resize(nl);
  for (int c = 0; c < nl; ++c) vdry_[c] = cfg_.dry_depth * m_.area[c];
  face_edge_.resize(3 * static_cast<std::size_t>(no));
  for (int c = 0; c < no; ++c)
    for (int k = 0; k < 3; ++k) face_edge_[3 * c + k] = global.face_edge[3 * m_.cell_gid[c] + k];

  setup_inputs(global);
  const int nb = static_cast<int>(boundary_names_.size());

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

}  // namespace beibu
