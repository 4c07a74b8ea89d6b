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

  dry_volume_.resize(nl);
  for (int c = 0; c < nl; ++c) dry_volume_[c] = cfg_.dry_depth * m_.area[c];
  face_edge_.resize(3 * static_cast<std::size_t>(no));
  for (int c = 0; c < no; ++c)
    for (int k = 0; k < 3; ++k) face_edge_[3 * c + k] = global.face_edge[3 * m_.cell_gid[c] + k];

  setup_inputs(global);
  const int nb = static_cast<int>(inputs_.boundary_names.size());

  build_numbering();  // after the open boundaries are named
  mass_.assign(static_cast<std::size_t>(no) * K_, 0.0);
  volume_.assign(nl, 0.0);
  KP_ = static_cast<int>(lanes::padded(static_cast<std::size_t>(K_)));
  stage_.conc.assign(static_cast<std::size_t>(nl) * KP_, 0.0);
  stage_.grad.assign(static_cast<std::size_t>(nl) * 2 * KP_, 0.0);
  stage_.range.assign(static_cast<std::size_t>(nl) * 2 * KP_, 0.0);
  stage_.edge_flux.assign(static_cast<std::size_t>(m_.n_edges()) * K_, 0.0);
  stage_.fine_exchange.assign(stage_.edge_flux.size(), 0.0);
  stage_.mass.assign(mass_.size(), 0.0);
  stage_.mass1.assign(mass_.size(), 0.0);
  stage_.scratch.assign(static_cast<std::size_t>(K_), 0.0);
  local_level_updates_.assign(static_cast<std::size_t>(cfg_.time_levels), 0);
  flow_.edge_flux.assign(m_.n_edges(), 0.0);
  flow_.volume0.assign(nl, 0.0);
  flow_.volume1.assign(nl, 0.0);
  flow_.point_flow.assign(no, 0.0);
  stage_.volume.assign(nl, 0.0);
  flow_.outflow.assign(nl, 0.0);
  flow_.out_rate.assign(3 * static_cast<std::size_t>(no), 0.0);
  flow_.step_rate.assign(no, 0.0);
  flow_.free_rate.assign(no, 0.0);
  stage_.dry_scale.assign(nl, 1.0);
  stage_.wet.assign(nl, 0);
  budget_.initial.assign(K_, 0.0);
  budget_.source_in.assign(inputs_.source_names.size() * K_, 0.0);
  budget_.boundary_in.assign(static_cast<std::size_t>(nb) * K_, 0.0);
  budget_.boundary_out.assign(static_cast<std::size_t>(nb) * K_, 0.0);
  budget_.decay.assign(K_, 0.0);
  budget_.settling.assign(K_, 0.0);
  budget_.withdrawal.assign(K_, 0.0);
  budget_.production.assign(K_, 0.0);
}

void TransportModel::initialise(double t0, const std::vector<double>& volume) {
  initialise(t0, volume, [this](int k, double, double) { return comps_[k].initial; });
}

void TransportModel::initialise(double t0, const std::vector<double>& volume,
                                const std::function<double(int, double, double)>& f) {
  std::vector<double> conc(static_cast<std::size_t>(m_.n_owned) * K_);
  for (int c = 0; c < m_.n_owned; ++c)
    for (int k = 0; k < K_; ++k) conc[static_cast<std::size_t>(c) * K_ + k] = f(k, m_.cx[c], m_.cy[c]);
  initialise(t0, volume, conc);
}

void TransportModel::initialise(double t0, const std::vector<double>& volume, const std::vector<double>& conc) {
  if (static_cast<int>(volume.size()) < m_.n_local) throw Failure("transport: initial volume has the wrong size");
  if (conc.size() != static_cast<std::size_t>(m_.n_owned) * K_)
    throw Failure("transport: initial concentrations have the wrong size");
  time_ = t_start_ = t0;
  steps_ = substeps_ = 0;
  volume_.assign(volume.begin(), volume.begin() + m_.n_local);
  for (int c = 0; c < m_.n_owned; ++c)
    for (int k = 0; k < K_; ++k) {
      const double v = conc[static_cast<std::size_t>(c) * K_ + k];
      if (!(v >= 0) || !std::isfinite(v))
        throw InputError(cfg_.file, "initial concentration of '" + comps_[k].name + "'",
                         "must be finite and >= 0, got " + std::to_string(v));
      mass_[static_cast<std::size_t>(c) * K_ + k] = v * volume_[c];
    }
  for (auto* v : {&budget_.source_in, &budget_.boundary_in, &budget_.boundary_out, &budget_.decay, &budget_.settling,
                  &budget_.withdrawal, &budget_.production, &budget_.section_pos, &budget_.section_neg})
    std::fill(v->begin(), v->end(), 0.0);
  for (int k = 0; k < K_; ++k) budget_.initial[k] = total_mass(k);
}

bool TransportModel::is_wet(int c) const {
  return volume_[c] > dry_volume_[c];
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
  plan_.t0 = flow.t0;
  prepare_kinetics(flow);
  for (int p = 0; p < no; ++p)
    for (std::size_t k = 0; k < K; ++k) stage_.mass[p * K + k] = mass_[num_.local_cell[p] * K + k];
  for (long s = 0; s < plan_.n0; ++s) step_level(0, static_cast<double>(s) / static_cast<double>(plan_.n0));
  substeps_ += plan_.n0 << plan_.finest;
  for (int p = 0; p < no; ++p)
    for (std::size_t k = 0; k < K; ++k) mass_[num_.local_cell[p] * K + k] = stage_.mass[p * K + k];
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
