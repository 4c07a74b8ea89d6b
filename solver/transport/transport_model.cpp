#include "transport_model.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <unordered_map>

#include "core/error.hpp"
#include "core/petsc_env.hpp"
#include "kinetics.hpp"
#include "limiter.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/mesh.hpp"
#include "solver/flow.hpp"

namespace beibu {

namespace {

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
  const int no = m_.n_owned, nl = m_.n_local, ne = m_.n_edges();

  // Least-squares gradient weights: g = sum_k w_k (C_k - C_c) is exact for linear data,
  // which is what makes the reconstruction (and the scheme) second order.
  nb_.assign(3 * no, -1);
  rx_.resize(3 * no);
  ry_.resize(3 * no);
  lsx_.assign(3 * no, 0.0);
  lsy_.assign(3 * no, 0.0);
  for (int c = 0; c < no; ++c) {
    double a11 = 0, a12 = 0, a22 = 0;
    for (int k = 0; k < 3; ++k) {
      const int e = m_.cell_edge[3 * c + k];
      const int j = m_.edge_left[e] == c ? m_.edge_right[e] : m_.edge_left[e];
      nb_[3 * c + k] = j;
      rx_[3 * c + k] = m_.mx[e] - m_.cx[c];
      ry_[3 * c + k] = m_.my[e] - m_.cy[c];
      if (j < 0) continue;
      const double dx = m_.cx[j] - m_.cx[c], dy = m_.cy[j] - m_.cy[c];
      a11 += dx * dx;
      a12 += dx * dy;
      a22 += dy * dy;
    }
    const double det = a11 * a22 - a12 * a12;
    if (!(det > 1e-12 * (a11 + a22) * (a11 + a22))) continue;  // fewer than two independent directions: first order
    for (int k = 0; k < 3; ++k) {
      const int j = nb_[3 * c + k];
      if (j < 0) continue;
      const double dx = m_.cx[j] - m_.cx[c], dy = m_.cy[j] - m_.cy[c];
      lsx_[3 * c + k] = (a22 * dx - a12 * dy) / det;
      lsy_[3 * c + k] = (-a12 * dx + a11 * dy) / det;
    }
  }
  // Diffusion: flux.n = (C_r - C_l) / (d.n) + g.(n - d / (d.n)); the first (two-point)
  // part is monotone, the second corrects for non-orthogonal cells.
  dcoef_.assign(ne, 0.0);
  tx_.assign(ne, 0.0);
  ty_.assign(ne, 0.0);
  for (int e = 0; e < ne; ++e) {
    const int l = m_.edge_left[e], r = m_.edge_right[e];
    if (r < 0) continue;
    const double dx = m_.cx[r] - m_.cx[l], dy = m_.cy[r] - m_.cy[l];
    const double dn = dx * m_.nx[e] + dy * m_.ny[e];
    dcoef_[e] = m_.len[e] / dn;
    tx_[e] = m_.nx[e] - dx / dn;
    ty_[e] = m_.ny[e] - dy / dn;
  }
  vdry_.resize(nl);
  for (int c = 0; c < nl; ++c) vdry_[c] = cfg_.dry_depth * m_.area[c];

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

  mass_.assign(static_cast<std::size_t>(no) * K_, 0.0);
  volume_.assign(nl, 0.0);
  C_.assign(static_cast<std::size_t>(nl) * K_, 0.0);
  grad_.assign(static_cast<std::size_t>(nl) * 2 * K_, 0.0);
  mm_.assign(static_cast<std::size_t>(nl) * 2 * K_, 0.0);
  rhs_.assign(static_cast<std::size_t>(nl) * K_, 0.0);
  m1_.assign(mass_.size(), 0.0);
  m2_.assign(mass_.size(), 0.0);
  vstage_.assign(nl, 0.0);
  outflow_.assign(nl, 0.0);
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
  for (auto* v : {&b_src_, &b_bin_, &b_bout_, &b_decay_, &b_settle_, &b_withdraw_, &b_prod_})
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

double TransportModel::stable_substep(const FlowState& flow) const {
  // Positivity limit (see limiter.hpp): for every wet cell and each of its edges,
  //   dts * (3 F_k^+ + 2 sum_j D_j + Q_out) <= V,
  // with V the smallest volume the cell has in the interval while wet.
  const double Kd = cfg_.diffusivity;
  double dt_min = flow.dt;
  for (int c = 0; c < m_.n_owned; ++c) {
    const double vmin = std::min(flow.volume0[c], flow.volume1[c]);
    const double vmax = std::max(flow.volume0[c], flow.volume1[c]);
    if (vmax <= vdry_[c]) continue;  // dry all interval: handled by the outflow scaling
    const double v = std::max(vmin, vdry_[c]);
    double fmax = 0, dsum = 0;
    for (int k = 0; k < 3; ++k) {
      const int e = m_.cell_edge[3 * c + k];
      const double f = m_.cell_edge_sign[3 * c + k] * flow.edge_flux[e];
      fmax = std::max(fmax, f);
      const int j = nb_[3 * c + k];
      if (Kd > 0 && j >= 0) {
        const double hj = std::max(flow.volume0[j], flow.volume1[j]) / m_.area[j];
        dsum += Kd * 0.5 * (vmax / m_.area[c] + hj) * dcoef_[e];
      }
    }
    const double rate = 3 * fmax + 2 * dsum + std::max(0.0, -flow.source_flow[c]);
    if (rate > 0) dt_min = std::min(dt_min, cfg_.cfl * v / rate);
  }
  double g = dt_min;
  MPI_Allreduce(&dt_min, &g, 1, MPI_DOUBLE, MPI_MIN, m_.comm);
  return g;
}

void TransportModel::boundary_values(double t) {
  for (std::size_t b = 0; b < bseries_.size(); ++b)
    for (int k = 0; k < K_; ++k) bc_[b * K_ + k] = interpolate(bseries_[b].times, bseries_[b].values[k], t);
}

void TransportModel::advance(const FlowState& flow) {
  if (std::fabs(flow.t0 - time_) > 1e-9 * std::max(1.0, std::fabs(time_)))
    throw Failure("transport: flow interval starts at " + std::to_string(flow.t0) + " s but the model is at " +
                  std::to_string(time_) + " s");
  const int no = m_.n_owned, nl = m_.n_local;
  // Same number of sub-steps on every rank (the limit is a global minimum), so
  // results do not depend on the partition.
  const double dts_max = stable_substep(flow);
  const long nsub = std::max(1L, static_cast<long>(std::ceil(flow.dt / dts_max * (1 - 1e-12))));
  const double dts = flow.dt / static_cast<double>(nsub);

  // Outflow per cell (for dry cells, which may give away at most what they hold).
  for (int c = 0; c < no; ++c) {
    double out = std::max(0.0, -flow.source_flow[c]);
    for (int k = 0; k < 3; ++k)
      out += std::max(0.0, m_.cell_edge_sign[3 * c + k] * flow.edge_flux[m_.cell_edge[3 * c + k]]);
    outflow_[c] = out;
  }
  if (m_.halo) m_.halo->update(outflow_.data(), 1);
  prepare_kinetics(flow, dts);

  for (long s = 0; s < nsub; ++s) {
    const double a0 = static_cast<double>(s) / nsub, a1 = static_cast<double>(s + 1) / nsub;
    const double ts = flow.t0 + a0 * flow.dt;
    // Stage 1: forward Euler from V(ts) to V(ts + dts). Volumes are linear in time
    // within the interval, which continuity makes exact.
    for (int c = 0; c < nl; ++c) vstage_[c] = (1 - a0) * flow.volume0[c] + a0 * flow.volume1[c];
    stage(flow, mass_.data(), vstage_.data(), ts, dts, 0.5, m1_.data());
    // Stage 2 from the stage-1 state at the end volume; Heun's average of the two
    // is a convex combination, so each stage's bounds carry over.
    for (int c = 0; c < nl; ++c) vstage_[c] = (1 - a1) * flow.volume0[c] + a1 * flow.volume1[c];
    stage(flow, m1_.data(), vstage_.data(), ts + dts, dts, 0.5, m2_.data());
    for (std::size_t i = 0; i < mass_.size(); ++i) mass_[i] = 0.5 * (mass_[i] + m2_[i]);
    for (int c = 0; c < nl; ++c) volume_[c] = vstage_[c];
    kinetics(dts, mass_.data());
    ++substeps_;
  }
  volume_.assign(flow.volume1.begin(), flow.volume1.begin() + nl);
  time_ = flow.t0 + flow.dt;
  ++steps_;
  check_finite("transport");
}

void TransportModel::stage(const FlowState& flow, const double* m_in, const double* vol, double t_stage, double dts,
                           double weight, double* m_out) {
  switch (K_) {
    case 1:
      return stage_k<1>(flow, m_in, vol, t_stage, dts, weight, m_out);
    case 2:
      return stage_k<2>(flow, m_in, vol, t_stage, dts, weight, m_out);
    case 3:
      return stage_k<3>(flow, m_in, vol, t_stage, dts, weight, m_out);
    case 4:
      return stage_k<4>(flow, m_in, vol, t_stage, dts, weight, m_out);
    case 5:
      return stage_k<5>(flow, m_in, vol, t_stage, dts, weight, m_out);
    case 6:
      return stage_k<6>(flow, m_in, vol, t_stage, dts, weight, m_out);
    case 8:
      return stage_k<8>(flow, m_in, vol, t_stage, dts, weight, m_out);
    default:
      return stage_k<0>(flow, m_in, vol, t_stage, dts, weight, m_out);
  }
}

template <int KC>
void TransportModel::stage_k(const FlowState& flow, const double* m_in, const double* vol, double t_stage, double dts,
                             double weight, double* m_out) {
  const int no = m_.n_owned, nl = m_.n_local, ne = m_.n_edges(), K = KC > 0 ? KC : K_;
  double* C = C_.data();
  double* G = grad_.data();
  double* MM = mm_.data();
  double* R = rhs_.data();

  // Concentrations of owned cells; ghosts come from their owners.
  for (int c = 0; c < no; ++c) {
    const double v = vol[c];
    const double inv = v > 0 ? 1.0 / v : 0.0;
    for (int k = 0; k < K; ++k) C[c * K + k] = m_in[c * K + k] * inv;
  }
  if (m_.halo) m_.halo->update(C, K);
  for (int c = 0; c < nl; ++c) {
    wet_[c] = vol[c] > vdry_[c];
    // A dry cell gives away at most what it holds: its outflow is scaled down.
    const double need = dts * outflow_[c];
    scale_[c] = (wet_[c] || need <= vol[c]) ? 1.0 : vol[c] / need;
  }

  // Limited least-squares gradients (second order in smooth regions).
  std::fill(G, G + static_cast<std::size_t>(nl) * 2 * K, 0.0);
  if (cfg_.second_order) {
    for (int c = 0; c < no; ++c) {
      double* mmc = MM + static_cast<std::size_t>(c) * 2 * K;
      const double* Cc = C + static_cast<std::size_t>(c) * K;
      for (int k = 0; k < K; ++k) mmc[2 * k] = mmc[2 * k + 1] = Cc[k];
      if (!wet_[c]) continue;
      bool all_wet = true;
      for (int f = 0; f < 3; ++f) {
        const int j = nb_[3 * c + f];
        if (j >= 0 && !wet_[j]) all_wet = false;
      }
      if (!all_wet) continue;  // next to a dry cell: first order
      double* gc = G + static_cast<std::size_t>(c) * 2 * K;
      for (int f = 0; f < 3; ++f) {
        const int j = nb_[3 * c + f];
        if (j < 0) continue;
        const double wx = lsx_[3 * c + f], wy = lsy_[3 * c + f];
        const double* Cj = C + static_cast<std::size_t>(j) * K;
        for (int k = 0; k < K; ++k) {
          const double d = Cj[k] - Cc[k];
          gc[2 * k] += wx * d;
          gc[2 * k + 1] += wy * d;
          mmc[2 * k] = std::min(mmc[2 * k], Cj[k]);
          mmc[2 * k + 1] = std::max(mmc[2 * k + 1], Cj[k]);
        }
      }
    }
    if (m_.halo) m_.halo->update(MM, 2 * K);
    for (int c = 0; c < no; ++c) {
      if (!wet_[c]) continue;
      double* gc = G + static_cast<std::size_t>(c) * 2 * K;
      const double* Cc = C + static_cast<std::size_t>(c) * K;
      const double* mmc = MM + static_cast<std::size_t>(c) * 2 * K;
      for (int k = 0; k < K; ++k) {
        double phi = 1.0;
        for (int f = 0; f < 3; ++f) {
          const int j = nb_[3 * c + f];
          double lo = mmc[2 * k], hi = mmc[2 * k + 1];
          if (j >= 0 && wet_[j]) {
            lo = std::min(lo, MM[static_cast<std::size_t>(j) * 2 * K + 2 * k]);
            hi = std::max(hi, MM[static_cast<std::size_t>(j) * 2 * K + 2 * k + 1]);
          }
          const double delta = gc[2 * k] * rx_[3 * c + f] + gc[2 * k + 1] * ry_[3 * c + f];
          phi = std::min(phi, limiter::face_factor(Cc[k], delta, lo, hi));
        }
        gc[2 * k] *= phi;
        gc[2 * k + 1] *= phi;
      }
    }
    if (m_.halo) m_.halo->update(G, 2 * K);
  }

  // Fluxes, once per edge, scattered in global edge order (the same on every rank).
  std::fill(R, R + static_cast<std::size_t>(nl) * K, 0.0);
  const double Kd = cfg_.diffusivity;
  const int nbnd = static_cast<int>(boundary_names_.size());
  if (nbnd > 0) boundary_values(t_stage);
  for (int e = 0; e < ne; ++e) {
    const double F = flow.edge_flux[e];
    const int l = m_.edge_left[e], r = m_.edge_right[e];
    double* Rl = R + static_cast<std::size_t>(l) * K;
    if (r < 0) {
      const int tag = m_.edge_tag[e];
      if (tag < kOpenEdgeBase || F == 0) continue;  // land: no flux
      const int b = tag - kOpenEdgeBase;
      if (b >= nbnd) continue;
      if (F > 0) {  // outflow: upwind from inside
        const double* Cl = C + static_cast<std::size_t>(l) * K;
        const double* gl = G + static_cast<std::size_t>(l) * 2 * K;
        const double rxl = m_.mx[e] - m_.cx[l], ryl = m_.my[e] - m_.cy[l];
        const double fs = F * scale_[l];
        for (int k = 0; k < K; ++k) {
          const double q = fs * (Cl[k] + gl[2 * k] * rxl + gl[2 * k + 1] * ryl);
          Rl[k] -= q;
          b_bout_[b * K + k] += weight * dts * q;
        }
      } else {  // inflow at the boundary's concentration
        for (int k = 0; k < K; ++k) {
          const double q = -F * bc_[b * K + k];
          Rl[k] += q;
          b_bin_[b * K + k] += weight * dts * q;
        }
      }
      continue;
    }
    double* Rr = R + static_cast<std::size_t>(r) * K;
    if (F != 0) {
      const int u = F > 0 ? l : r;
      const double* Cu = C + static_cast<std::size_t>(u) * K;
      const double* gu = G + static_cast<std::size_t>(u) * 2 * K;
      const double rxu = m_.mx[e] - m_.cx[u], ryu = m_.my[e] - m_.cy[u];
      const double fs = F * scale_[u];
      for (int k = 0; k < K; ++k) {
        const double q = fs * (Cu[k] + gu[2 * k] * rxu + gu[2 * k + 1] * ryu);
        Rl[k] -= q;
        Rr[k] += q;
      }
    }
    if (Kd > 0 && wet_[l] && wet_[r]) {
      const double he = 0.5 * (vol[l] / m_.area[l] + vol[r] / m_.area[r]);
      const double D = Kd * he * dcoef_[e];
      const double T = Kd * he * m_.len[e];
      const double* Cl = C + static_cast<std::size_t>(l) * K;
      const double* Cr = C + static_cast<std::size_t>(r) * K;
      const double* gl = G + static_cast<std::size_t>(l) * 2 * K;
      const double* gr = G + static_cast<std::size_t>(r) * 2 * K;
      for (int k = 0; k < K; ++k) {
        const double corr = 0.5 * T * ((gl[2 * k] + gr[2 * k]) * tx_[e] + (gl[2 * k + 1] + gr[2 * k + 1]) * ty_[e]);
        const double q = limiter::diffusive_flux(D * (Cr[k] - Cl[k]), corr);
        Rl[k] += q;
        Rr[k] -= q;
      }
    }
  }

  // Point sources and withdrawals, then the forward-Euler update.
  const double* Q = flow.source_flow.data();
  const int ns = static_cast<int>(sources_.size());
  for (int c = 0; c < no; ++c) {
    const double q = Q[c];
    if (q == 0) continue;
    double* Rc = R + static_cast<std::size_t>(c) * K;
    if (q < 0) {
      const double qs = -q * scale_[c];
      for (int k = 0; k < K; ++k) {
        const double w = qs * C[static_cast<std::size_t>(c) * K + k];
        Rc[k] -= w;
        b_withdraw_[k] += weight * dts * w;
      }
    } else {
      const int s = conc_source_of_cell_[c];
      const double* conc = s >= 0 ? sources_[s].conc.data() : nullptr;
      const int bidx = s >= 0 ? s : ns;  // unattributed water
      for (int k = 0; k < K; ++k) {
        const double ck = conc ? conc[k] : (comps_[k].kind == ComponentInfo::kAgeTracer ? 1.0 : 0.0);
        const double w = q * ck;
        Rc[k] += w;
        b_src_[static_cast<std::size_t>(bidx) * K + k] += weight * dts * w;
      }
    }
  }
  for (int s = 0; s < ns; ++s) {
    const int c = sources_[s].cell;
    if (c < 0) continue;
    for (int k = 0; k < K; ++k) {
      R[static_cast<std::size_t>(c) * K + k] += sources_[s].load[k];
      b_src_[static_cast<std::size_t>(s) * K + k] += weight * dts * sources_[s].load[k];
    }
  }
  const std::size_t n = static_cast<std::size_t>(no) * K;
  for (std::size_t i = 0; i < n; ++i) m_out[i] = m_in[i] + dts * R[i];
}

void TransportModel::prepare_kinetics(const FlowState& flow, double dts) {
  // Rates are frozen over one flow interval (temperature and the interval's mean
  // depth), so the exponentials are taken once per interval, not per sub-step.
  const int no = m_.n_owned, K = K_;
  any_kinetics_ = false;
  for (const auto& c : comps_) any_kinetics_ = any_kinetics_ || c.k20_per_s > 0 || c.ws_m_per_s > 0;
  if (!any_kinetics_) return;
  fac_.assign(static_cast<std::size_t>(no) * K, 1.0);
  dshare_.assign(static_cast<std::size_t>(no) * K, 0.0);
  for (int c = 0; c < no; ++c) {
    const double T = flow.temperature.empty() ? 20.0 : flow.temperature[c];
    // Settling depth never below the dry depth, so a drying cell keeps its mass.
    const double H = std::max(0.5 * (flow.volume0[c] + flow.volume1[c]) / m_.area[c], cfg_.dry_depth);
    for (int k = 0; k < K; ++k) {
      const auto& ci = comps_[k];
      if (ci.k20_per_s == 0 && ci.ws_m_per_s == 0) continue;
      const double kd = kinetics::decay_rate(ci.k20_per_s, ci.theta, T);
      const double ks = kinetics::settling_rate(ci.ws_m_per_s, H);
      fac_[static_cast<std::size_t>(c) * K + k] = kinetics::survival(kd + ks, dts);
      dshare_[static_cast<std::size_t>(c) * K + k] = kd + ks > 0 ? kd / (kd + ks) : 0.0;
    }
  }
}

void TransportModel::kinetics(double dts, double* m) {
  const int no = m_.n_owned, K = K_;
  if (any_kinetics_) {
    const std::size_t n = static_cast<std::size_t>(no) * K;
    for (std::size_t i = 0; i < n; ++i) {
      const double f = fac_[i];
      if (f == 1.0) continue;
      const double lost = m[i] * (1 - f);
      m[i] -= lost;
      const std::size_t k = i % K;
      b_decay_[k] += lost * dshare_[i];
      b_settle_[k] += lost * (1 - dshare_[i]);
    }
  }
  // Water age: d(alpha)/dt = C, i.e. the age-concentration mass grows by dts * tracer mass.
  int kt = -1, ka = -1;
  for (int k = 0; k < K; ++k) {
    if (comps_[k].kind == ComponentInfo::kAgeTracer) kt = k;
    if (comps_[k].kind == ComponentInfo::kAgeConcentration) ka = k;
  }
  if (kt >= 0 && ka >= 0)
    for (int c = 0; c < no; ++c) {
      const double p = dts * m[static_cast<std::size_t>(c) * K + kt];
      m[static_cast<std::size_t>(c) * K + ka] += p;
      b_prod_[ka] += p;
    }
}

void TransportModel::check_finite(const char* where) const {
  long bad = -1;
  int bad_k = -1, bad_c = -1;
  for (int c = 0; c < m_.n_owned && bad < 0; ++c)
    for (int k = 0; k < K_; ++k)
      if (!std::isfinite(mass_[static_cast<std::size_t>(c) * K_ + k])) {
        bad = m_.cell_gid[c];
        bad_k = k;
        bad_c = c;
        break;
      }
  long any = bad;
  MPI_Allreduce(&bad, &any, 1, MPI_LONG, MPI_MAX, m_.comm);
  if (any < 0) return;
  std::ostringstream os;
  os << where << ": non-finite state after step " << steps_ << " (t = " << time_ << " s)";
  if (bad >= 0)
    os << " in cell " << bad << " at lon " << m_.lon[bad_c] << ", lat " << m_.lat[bad_c] << ", constituent '"
       << comps_[bad_k].name << "'";
  else
    os << " on another rank";
  throw Failure(os.str());
}

std::vector<double> TransportModel::budget_state() const {
  std::vector<double> local;
  for (const auto* v : {&b_src_, &b_bin_, &b_bout_, &b_decay_, &b_settle_, &b_withdraw_, &b_prod_})
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
  for (auto* v : {&b_src_, &b_bin_, &b_bout_, &b_decay_, &b_settle_, &b_withdraw_, &b_prod_})
    for (auto& x : *v) {
      if (i >= state.size()) throw Failure("transport restore: budget state too short");
      x = root ? state[i] : 0.0;
      ++i;
    }
  if (state.size() != i + b_initial_.size() + 1) throw Failure("transport restore: budget state has the wrong size");
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
                    o_wd = o_set + K, o_prod = o_wd + K, o_init = o_prod + K;
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
