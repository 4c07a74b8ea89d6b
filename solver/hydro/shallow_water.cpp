#include "shallow_water.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "free_surface_system.hpp"
#include "mesh/local_mesh.hpp"
#include "physics.hpp"

namespace beibu::hydro {

namespace {
double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

ShallowWaterModel::ShallowWaterModel(const LocalMesh& m, const std::vector<std::string>& names, HydroOptions opt)
    : m_(m), open_names_(names), opt_(std::move(opt)) {
  if (!(opt_.dt > 0)) throw InputError("", "hydro option dt", "the time step must be > 0 s");
  if (!(opt_.theta >= 0.5 && opt_.theta <= 1.0))
    throw InputError("", "hydro option theta", "theta must lie in [0.5, 1] (the scheme is unstable below 0.5)");
  if (!(opt_.h_dry > 0)) throw InputError("", "hydro option h_dry", "the drying depth must be > 0 m");
  const int nl = m.n_local, ne = m.n_edges();
  delta_.resize(ne);
  bed_.resize(ne);
  for (int e = 0; e < ne; ++e) {
    const int L = m.edge_left[e], R = m.edge_right[e];
    if (R >= 0) {
      // Centroid distance projected on the normal: the two-point gradient is then
      // consistent for the normal component on skewed triangles.
      delta_[e] = std::fabs((m.cx[R] - m.cx[L]) * m.nx[e] + (m.cy[R] - m.cy[L]) * m.ny[e]);
      delta_[e] = std::max(delta_[e], 0.1 * std::hypot(m.cx[R] - m.cx[L], m.cy[R] - m.cy[L]));
      bed_[e] = std::min(m.depth[L], m.depth[R]);
    } else {
      // A mirror cell outside the boundary.
      delta_[e] = 2.0 * std::fabs((m.mx[e] - m.cx[L]) * m.nx[e] + (m.my[e] - m.cy[L]) * m.ny[e]);
      bed_[e] = m.depth[L];
    }
  }
  f_.resize(nl);
  for (int c = 0; c < nl; ++c) f_[c] = std::isnan(opt_.coriolis_f) ? coriolis(m.lat[c]) : opt_.coriolis_f;
  manning_.assign(nl, opt_.manning);
  eta_.assign(nl, opt_.eta0);
  vol_.assign(nl, 0.0);
  for (int c = 0; c < nl; ++c) {
    eta_[c] = std::max(eta_[c], -m.depth[c]);
    vol_[c] = m.area[c] * (eta_[c] + m.depth[c]);
  }
  u_.assign(ne, 0.0);
  flux_.assign(ne, 0.0);
  uc_.assign(nl, 0.0);
  vc_.assign(nl, 0.0);
  q_.assign(nl, 0.0);
  sys_ = std::make_unique<FreeSurfaceSystem>(m, opt_.ksp_prefix);
}

ShallowWaterModel::~ShallowWaterModel() = default;

void ShallowWaterModel::set_tides(const TideSpec& spec) {
  for (const auto& b : spec.boundaries)
    if (b.has_transport && b.type != OpenBoundaryType::flather)
      throw InputError(spec.file, "boundary '" + b.name + "'", "net_transport_m3s needs type flather");
  tides_ = TidalBoundary(spec, m_, open_names_, opt_.start_utc);
  has_tides_ = true;
}

void ShallowWaterModel::set_rivers(std::vector<RiverSpec> rivers) {
  rivers_ = RiverSources(std::move(rivers), m_);
}

void ShallowWaterModel::set_manning(std::vector<double> n) {
  if (n.empty()) {
    manning_.assign(m_.n_local, opt_.manning);
    return;
  }
  if (static_cast<int>(n.size()) != m_.n_local) throw Failure("set_manning: one value per local cell expected");
  for (double v : n)
    if (!(v >= 0) || !std::isfinite(v)) throw InputError("", "Manning n", "values must be finite and >= 0");
  manning_ = std::move(n);
}

void ShallowWaterModel::set_initial_eta(const std::vector<double>& eta) {
  if (static_cast<int>(eta.size()) != m_.n_local) throw Failure("set_initial_eta: one value per local cell expected");
  for (int c = 0; c < m_.n_local; ++c) {
    eta_[c] = std::max(eta[c], -m_.depth[c]);
    vol_[c] = m_.area[c] * (eta_[c] + m_.depth[c]);
  }
}

void ShallowWaterModel::set_initial_edge_velocity(const std::vector<double>& u) {
  if (static_cast<int>(u.size()) != m_.n_edges()) throw Failure("set_initial_edge_velocity: one value per local edge");
  for (int e = 0; e < m_.n_edges(); ++e) u_[e] = m_.edge_tag[e] == kLandEdge ? 0.0 : u[e];
  reconstruct_cell_velocity(u_, uc_, vc_);
}

void ShallowWaterModel::restore_state(double t, long steps, const std::vector<double>& eta,
                                      const std::vector<double>& volume, const std::vector<double>& edge_u,
                                      const std::vector<double>& edge_flux) {
  if (static_cast<int>(eta.size()) != m_.n_local || static_cast<int>(volume.size()) != m_.n_local ||
      static_cast<int>(edge_u.size()) != m_.n_edges() || static_cast<int>(edge_flux.size()) != m_.n_edges())
    throw Failure("restore_state: one value per local cell and per local edge expected");
  t_ = t;
  steps_ = steps;
  eta_ = eta;
  vol_ = volume;
  u_ = edge_u;
  flux_ = edge_flux;
  reconstruct_cell_velocity(u_, uc_, vc_);
  sys_->set_solve_count(steps);
}

void ShallowWaterModel::halo(std::vector<double>& v) const {
  if (m_.halo && !m_.halo->empty()) m_.halo->update(v.data(), 1);
}

void ShallowWaterModel::reconstruct_cell_velocity(const std::vector<double>& u, std::vector<double>& uc,
                                                  std::vector<double>& vc) {
  // Perot (2000): U_c = (1/A) sum_e len_e (m_e - c) (U . n_out,e), exact for uniform flow.
  for (int c = 0; c < m_.n_owned; ++c) {
    double su = 0, sv = 0;
    for (int k = 0; k < 3; ++k) {
      const int e = m_.cell_edge[3 * c + k];
      const double un = m_.cell_edge_sign[3 * c + k] * u[e] * m_.len[e];
      su += (m_.mx[e] - m_.cx[c]) * un;
      sv += (m_.my[e] - m_.cy[c]) * un;
    }
    uc[c] = su / m_.area[c];
    vc[c] = sv / m_.area[c];
  }
  halo(uc);
  halo(vc);
}

int ShallowWaterModel::pc_rebuild_every() const {
  return sys_->rebuild_every();
}

int ShallowWaterModel::last_ksp_iterations() const {
  return sys_->last_iterations();
}
long ShallowWaterModel::total_ksp_iterations() const {
  return sys_->total_iterations();
}
long ShallowWaterModel::preconditioner_setups() const {
  return sys_->rebuilds();
}

double ShallowWaterModel::total_volume() const {
  return m_.global_sum(vol_);
}

double ShallowWaterModel::max_speed() const {
  double mx = 0, g = 0;
  for (double v : u_) mx = std::max(mx, std::fabs(v));
  for (int c = 0; c < m_.n_owned; ++c) mx = std::max(mx, std::hypot(uc_[c], vc_[c]));
  MPI_Allreduce(&mx, &g, 1, MPI_DOUBLE, MPI_MAX, m_.comm);
  return g;
}

void ShallowWaterModel::check_state(double t1) const {
  // Non-finite or absurd surface (|eta| > 100 m) or edge speed (> 50 m/s): the run is lost.
  int bad = -1, what = 0;
  for (int c = 0; c < m_.n_owned && bad < 0; ++c)
    if (!std::isfinite(eta_[c]) || std::fabs(eta_[c]) > 100.0) bad = c;
  if (bad < 0)
    for (int c = 0; c < m_.n_owned && bad < 0; ++c)
      for (int k = 0; k < 3; ++k) {
        const double u = u_new_[m_.cell_edge[3 * c + k]];
        if (!std::isfinite(u) || std::fabs(u) > 50.0) {
          bad = c;
          what = 1;
          break;
        }
      }
  int w = 0;
  const std::string cell = describe_flagged_cell(m_, bad, what, w);
  if (cell.empty()) return;
  std::ostringstream os;
  os << "hydrodynamics: " << (w == 0 ? "surface elevation" : "velocity") << " non-finite or out of range after step "
     << steps_ + 1 << " (t = " << t1 << " s) in " << cell
     << "; try a smaller time_step_s, a larger dry_depth_m, or check the bathymetry there";
  throw Failure(os.str());
}

void ShallowWaterModel::step_forcing(StepFrame& st) {
  const int nl = m_.n_local, ne = m_.n_edges(), no = m_.n_owned;
  // --- forcing
  eta_ext0_.assign(ne, 0.0);
  eta_ext_.assign(ne, 0.0);
  if (has_tides_) {
    tides_.elevation(st.t0, eta_ext0_, !parent_);
    tides_.elevation(st.t1, eta_ext_, !parent_);
  }
  if (parent_) {
    parent_->level(st.t0, parent_eta_);
    for (int e = 0; e < ne; ++e) eta_ext0_[e] += parent_eta_[e];
    parent_->level(st.t1, parent_eta_);
    for (int e = 0; e < ne; ++e) eta_ext_[e] += parent_eta_[e];
    if (parent_->has_velocity()) parent_->velocity(st.t1, un_ext_);
  }
  if (has_tides_ || parent_)
    for (int e = 0; e < ne; ++e) eta_ext0_[e] *= st.ramp0, eta_ext_[e] *= st.ramp1;
  q_.assign(nl, 0.0);
  rivers_.add(st.t0 + 0.5 * st.h, q_);
  st.wind = static_cast<bool>(atm_);
  st.pressure = st.wind && atm_->has_pressure();
  if (st.wind) {
    atm_->sample(st.t0 + 0.5 * st.h, m_, u10_, v10_, pa_);
    if (static_cast<int>(u10_.size()) != nl || static_cast<int>(v10_.size()) != nl ||
        (st.pressure && static_cast<int>(pa_.size()) != nl))
      throw Failure("atmospheric forcing returned the wrong number of values");
    // Wind stress per cell once (the edge loop averages its two cells).
    taux_.resize(nl);
    tauy_.resize(nl);
    for (int c = 0; c < nl; ++c) {
      taux_[c] = wind_stress(u10_[c], v10_[c], u10_[c]);
      tauy_[c] = wind_stress(u10_[c], v10_[c], v10_[c]);
    }
  }
  // Prescribed transports: outward velocity u_ext = -Q / (sum len H) over each boundary.
  const std::size_t nb = has_tides_ ? tides_.spec().boundaries.size() : 0;
  std::vector<double> bsec(nb, 0.0);
  st.section.assign(nb, 0.0);
  for (int e = 0; e < ne; ++e) {
    const int b = has_tides_ ? tides_.boundary_index(e) : -1;
    if (b < 0 || m_.edge_left[e] >= no) continue;
    bsec[b] += m_.len[e] * std::max(0.0, eta_[m_.edge_left[e]] + m_.depth[m_.edge_left[e]]);
  }
  if (nb) MPI_Allreduce(bsec.data(), st.section.data(), static_cast<int>(nb), MPI_DOUBLE, MPI_SUM, m_.comm);
}

double ShallowWaterModel::outward_velocity(int e, int bi, const OpenBoundarySpec* ob, const StepFrame& st) const {
  if (!un_ext_.empty()) return st.ramp1 * un_ext_[e];
  return (ob && ob->has_transport && st.section[bi] > 0) ? -st.ramp1 * ob->transport / st.section[bi] : 0.0;
}

void ShallowWaterModel::step_edge_depths() {
  const int ne = m_.n_edges();
  // --- edge depths from the old state (upwind, see physics.hpp)
  hedge_.assign(ne, 0.0);
  for (int e = 0; e < ne; ++e) {
    const int L = m_.edge_left[e], R = m_.edge_right[e];
    if (R >= 0)
      hedge_[e] = upwind_edge_depth(u_[e], eta_[L], eta_[R], m_.depth[L], m_.depth[R]);
    else
      hedge_[e] = std::max(0.0, eta_[L] + m_.depth[L]);
  }
}

void ShallowWaterModel::step_velocity_transport(const StepFrame& st) {
  const int nl = m_.n_local, no = m_.n_owned;
  const double h = st.h;
  // --- advection and viscosity of the cell velocity, point-implicit: the new value is
  // a convex combination of the old one and the upwind/neighbour values, so it is
  // stable and creates no new extrema at any Courant number.
  ua_.assign(nl, 0.0);
  va_.assign(nl, 0.0);
  for (int c = 0; c < no; ++c) {
    double num_u = vol_[c] * uc_[c], num_v = vol_[c] * vc_[c], den = vol_[c];
    for (int k = 0; k < 3; ++k) {
      const int e = m_.cell_edge[3 * c + k];
      const int nbr = m_.neighbour(c, k);
      if (nbr < 0 || hedge_[e] < opt_.h_dry) continue;
      double w = 0;
      if (opt_.advection) w += std::max(0.0, -m_.cell_edge_sign[3 * c + k] * flux_[e]);
      w += opt_.viscosity * hedge_[e] * m_.len[e] / delta_[e];
      num_u += h * w * uc_[nbr];
      num_v += h * w * vc_[nbr];
      den += h * w;
    }
    ua_[c] = den > 0 ? num_u / den : uc_[c];
    va_[c] = den > 0 ? num_v / den : vc_[c];
  }
  halo(ua_);
  halo(va_);
}

void ShallowWaterModel::step_momentum(const StepFrame& st) {
  const int ne = m_.n_edges();
  const double h = st.h, th = st.theta, g = kGravity;
  // --- momentum: u^{n+1} = fs - G (eta_R^{n+1} - eta_L^{n+1}) on each open edge
  fs_.assign(ne, 0.0);
  gcoef_.assign(ne, 0.0);
  kcoup_.assign(ne, 0.0);
  {
    // Flat loop over local copies of the array pointers: the libm calls inside (sqrt,
    // cbrt) would otherwise force the compiler to reload every member pointer.
    const int *el = m_.edge_left.data(), *er = m_.edge_right.data(), *tag = m_.edge_tag.data();
    const double *enx = m_.nx.data(), *eny = m_.ny.data(), *len = m_.len.data(), *dl = delta_.data();
    const double *hed = hedge_.data(), *uo = u_.data(), *et = eta_.data(), *ex0 = eta_ext0_.data();
    const double *ua = ua_.data(), *va = va_.data(), *uc = uc_.data(), *vc = vc_.data(), *fc = f_.data();
    const double *mn = manning_.data(), *tx_c = taux_.data(), *ty_c = tauy_.data(), *pa = pa_.data();
    double *fs = fs_.data(), *gc = gcoef_.data(), *kc = kcoup_.data();
    const double h_dry = opt_.h_dry;
    for (int e = 0; e < ne; ++e) {
      const int L = el[e], R = er[e];
      const double H = hed[e];
      if (H < h_dry) continue;  // closed
      if (R < 0) {              // land, or Flather (handled in assembly): only clamped edges go on
        const OpenBoundarySpec* ob = has_tides_ ? tides_.boundary_of(e) : nullptr;
        if (!(tag[e] >= kOpenEdgeBase && ob && ob->type == OpenBoundaryType::clamped)) continue;
      }
      const int Rc = R >= 0 ? R : L;  // clamped: the mirror cell carries L's velocity and forcing
      const double nx = enx[e], ny = eny[e];
      const double etaR0 = R >= 0 ? et[R] : ex0[e];
      const double dadv = nx * (0.5 * (ua[L] + ua[Rc]) - 0.5 * (uc[L] + uc[Rc])) +
                          ny * (0.5 * (va[L] + va[Rc]) - 0.5 * (vc[L] + vc[Rc]));
      const double ue = 0.5 * (uc[L] + uc[Rc]), ve = 0.5 * (vc[L] + vc[Rc]);
      const double vt = tangential(nx, ny, ue, ve);
      double accel = 0.5 * (fc[L] + fc[Rc]) * vt;
      if (st.wind) {
        const double tx = 0.5 * (tx_c[L] + tx_c[Rc]);
        const double ty = 0.5 * (ty_c[L] + ty_c[Rc]);
        accel += st.ramp_mid * (nx * tx + ny * ty) / (kRhoWater * std::max(H, h_dry));
        if (st.pressure && R >= 0) accel -= (pa[R] - pa[L]) / (kRhoWater * dl[e]);
      }
      const double ustar = uo[e] + dadv + h * accel - g * h * (1.0 - th) * (etaR0 - et[L]) / dl[e];
      const double speed = std::sqrt(uo[e] * uo[e] + vt * vt);
      const double gam = manning_gamma(0.5 * (mn[L] + mn[Rc]), speed, H, h_dry);
      const double den = 1.0 + h * gam;
      fs[e] = ustar / den;
      gc[e] = g * h * th / (dl[e] * den);
      kc[e] = th * len[e] * H * gc[e];
    }
  }
}

void ShallowWaterModel::step_continuity(const StepFrame& st) {
  const int no = m_.n_owned;
  const double h = st.h, th = st.theta, g = kGravity;
  // --- continuity -> one SPD system for eta^{n+1}
  diag_.assign(no, 0.0);
  rhs_.assign(no, 0.0);
  for (int c = 0; c < no; ++c) {
    double d = m_.area[c] / h, b = m_.area[c] / h * eta_[c] + q_[c];
    for (int k = 0; k < 3; ++k) {
      const int e = m_.cell_edge[3 * c + k];
      const double s = m_.cell_edge_sign[3 * c + k];
      const double H = hedge_[e];
      if (m_.edge_right[e] >= 0) {
        d += kcoup_[e];
        b -= s * m_.len[e] * H * ((1.0 - th) * u_[e] + th * fs_[e]);
      } else if (m_.edge_tag[e] >= kOpenEdgeBase && H >= opt_.h_dry) {
        const OpenBoundarySpec* ob = has_tides_ ? tides_.boundary_of(e) : nullptr;
        if (ob && ob->type == OpenBoundaryType::clamped) {
          d += kcoup_[e];
          b += kcoup_[e] * eta_ext_[e] - m_.len[e] * H * ((1.0 - th) * u_[e] + th * fs_[e]);
        } else {
          // Flather, implicit in eta: F = len (H u_ext + sqrt(g H) (eta^{n+1} - eta_ext)).
          const double c0 = m_.len[e] * std::sqrt(g * H);
          const double uext = outward_velocity(e, ob ? tides_.boundary_index(e) : -1, ob, st);
          d += c0;
          b += c0 * eta_ext_[e] - m_.len[e] * H * uext;
        }
      }
    }
    diag_[c] = d;
    rhs_[c] = b;
  }
}

void ShallowWaterModel::step_new_velocities(const StepFrame& st) {
  const int ne = m_.n_edges();
  const double th = st.theta, g = kGravity;
  // --- new velocities and the fluxes continuity used
  u_new_.assign(ne, 0.0);
  for (int e = 0; e < ne; ++e) {
    const int L = m_.edge_left[e], R = m_.edge_right[e];
    const double H = hedge_[e];
    flux_[e] = 0.0;
    if (H < opt_.h_dry) continue;
    if (R >= 0) {
      u_new_[e] = fs_[e] - gcoef_[e] * (eta_new_[R] - eta_new_[L]);
    } else if (m_.edge_tag[e] >= kOpenEdgeBase) {
      const OpenBoundarySpec* ob = has_tides_ ? tides_.boundary_of(e) : nullptr;
      if (ob && ob->type == OpenBoundaryType::clamped) {
        u_new_[e] = fs_[e] - gcoef_[e] * (eta_ext_[e] - eta_new_[L]);
      } else {
        const double uext = outward_velocity(e, ob ? tides_.boundary_index(e) : -1, ob, st);
        flux_[e] = m_.len[e] * (H * uext + std::sqrt(g * H) * (eta_new_[L] - eta_ext_[e]));
        u_new_[e] = flux_[e] / (m_.len[e] * H);
        continue;
      }
    } else {
      continue;  // land
    }
    flux_[e] = m_.len[e] * H * (th * u_new_[e] + (1.0 - th) * u_[e]);
  }
}

void ShallowWaterModel::step_positivity(const StepFrame& st) {
  const int nl = m_.n_local, ne = m_.n_edges(), no = m_.n_owned;
  const double h = st.h;
  // --- positivity: no cell may lose more than it holds. A cell that would go dry
  // below zero has all its outflows scaled so that it empties exactly (inflows are
  // ignored, so the fix is final whatever its neighbours do); repeated until none
  // is left. Volumes then follow the fluxes, so continuity is exact.
  factor_.assign(nl, 1.0);
  for (int pass = 0; pass < 100; ++pass) {
    int bad = 0;
    for (int c = 0; c < no; ++c) {
      double div = 0, out = 0;
      for (int k = 0; k < 3; ++k) {
        const double sf = m_.cell_edge_sign[3 * c + k] * flux_[m_.cell_edge[3 * c + k]];
        div += sf;
        out += std::max(sf, 0.0);
      }
      const double have = vol_[c] + h * q_[c];
      const double v1 = have - h * div;
      if (v1 < -1e-13 * (have + h * out)) {
        factor_[c] = out > 0 ? std::max(0.0, have / (h * out)) : 1.0;
        ++bad;
      }
    }
    int bad_g = 0;
    MPI_Allreduce(&bad, &bad_g, 1, MPI_INT, MPI_SUM, m_.comm);
    if (bad_g == 0) break;
    halo(factor_);
    for (int e = 0; e < ne; ++e) {
      const int donor = flux_[e] > 0 ? m_.edge_left[e] : m_.edge_right[e];
      if (donor < 0 || factor_[donor] >= 1.0) continue;
      flux_[e] *= factor_[donor];
      u_new_[e] *= factor_[donor];
    }
    std::fill(factor_.begin(), factor_.end(), 1.0);
  }
}

void ShallowWaterModel::step_volumes(const StepFrame& st) {
  const int nl = m_.n_local, no = m_.n_owned;
  const double h = st.h;
  for (int c = 0; c < no; ++c) {
    double div = 0;
    for (int k = 0; k < 3; ++k) div += m_.cell_edge_sign[3 * c + k] * flux_[m_.cell_edge[3 * c + k]];
    vol_[c] = vol_[c] + h * (q_[c] - div);
  }
  halo(vol_);
  for (int c = 0; c < nl; ++c) eta_[c] = std::max(vol_[c], 0.0) / m_.area[c] - m_.depth[c];
}

// One semi-implicit step (docs/hydrodynamics.md): forcing at the step's ends, upwind
// edge depths, the cell velocities' transport, the momentum predictor u = fs - G d(eta),
// continuity as one SPD system for the new surface, the new velocities and the fluxes
// continuity used, positivity of every cell's volume, and the volumes that follow.
void ShallowWaterModel::step(double dt_in) {
  StepFrame st;
  st.h = dt_in > 0 ? dt_in : opt_.dt;
  st.theta = opt_.theta;
  st.t0 = t_;
  st.t1 = t_ + st.h;
  st.ramp0 = ramp(st.t0, opt_.ramp_time);
  st.ramp1 = ramp(st.t1, opt_.ramp_time);
  st.ramp_mid = ramp(st.t0 + 0.5 * st.h, opt_.ramp_time);
  double tic = now();
  step_forcing(st);
  step_edge_depths();
  step_velocity_transport(st);
  step_momentum(st);
  double toc = now();
  timers_.momentum += toc - tic;
  tic = toc;

  step_continuity(st);
  sys_->assemble(diag_, kcoup_, rhs_);
  toc = now();
  timers_.assembly += toc - tic;
  tic = toc;
  eta_new_ = eta_;
  const double setup0 = sys_->setup_seconds();
  sys_->solve(eta_new_);
  halo(eta_new_);
  toc = now();
  timers_.setup += sys_->setup_seconds() - setup0;
  timers_.solve += toc - tic - (sys_->setup_seconds() - setup0);
  tic = toc;

  step_new_velocities(st);
  step_positivity(st);
  step_volumes(st);
  check_state(st.t1);
  u_.swap(u_new_);
  reconstruct_cell_velocity(u_, uc_, vc_);
  t_ = st.t1;
  last_dt_ = st.h;
  ++steps_;
  timers_.update += now() - tic;
  if (observer_) observer_(*this);
}

void ShallowWaterModel::advance(double t0, double dt, FlowState& s) {
  if (std::fabs(t0 - t_) > 1e-6 * std::max(1.0, dt))
    throw Failure("hydrodynamics is at t = " + std::to_string(t_) + " s but was asked to advance from " +
                  std::to_string(t0) + " s");
  if (!(dt > 0)) throw Failure("hydrodynamics: the interval must be > 0 s");
  const long n = std::max(1L, static_cast<long>(std::ceil(dt / opt_.dt - 1e-9)));
  const double h = dt / static_cast<double>(n);
  if (static_cast<int>(s.volume0.size()) != m_.n_local || static_cast<int>(s.edge_flux.size()) != m_.n_edges())
    s.resize(m_);
  s.t0 = t0;
  s.dt = dt;
  s.volume0 = vol_;
  std::vector<double> fsum(m_.n_edges(), 0.0), qsum(m_.n_local, 0.0);
  for (long i = 0; i < n; ++i) {
    step(h);
    for (int e = 0; e < m_.n_edges(); ++e) fsum[e] += flux_[e] * h;
    for (int c = 0; c < m_.n_local; ++c) qsum[c] += q_[c] * h;
  }
  for (int e = 0; e < m_.n_edges(); ++e) s.edge_flux[e] = fsum[e] / dt;
  for (int c = 0; c < m_.n_local; ++c) s.source_flow[c] = qsum[c] / dt;
  s.volume1 = vol_;
}

}  // namespace beibu::hydro
