#include "river_model.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

#include "core/error.hpp"
#include "streeter_phelps.hpp"

namespace beibu::rivers {

double RiverBudget::relative_residual(size_t c) const {
  const double scale = std::max({std::abs(initial[c]), inflow[c] + point_sources[c] + produced[c], decay[c],
                                 settling[c], outflow[c], std::abs(final_mass[c])});
  return scale > 0 ? std::abs(residual(c)) / scale : 0.0;
}

RiverModel::RiverModel(RiverNetwork net) : net_(std::move(net)) {
  ns_ = net_.segments();
  nc_ = net_.spec.constituents.size();
  q_.assign(ns_, 0);
  w_ = d_ = u_ = volume_ = disp_ = qin_ext_ = q_;
  mass_.assign(ns_ * nc_, 0);
  load_.assign(ns_ * nc_, 0);
  kdec_.assign(nc_, 0);
  kset_.assign(ns_ * nc_, 0);
  const size_t nm = net_.mouths.size();
  in_rate_.assign(nm * nc_, 0);
  src_rate_.assign(nm * nc_, 0);
  water_rate_.assign(nm, 0);
  mouth_out_.assign(nm, FaceTotal{0, 0, 0, std::vector<double>(nc_, 0)});
  source_factor_.assign(net_.spec.sources.size(), 1.0);
  inflow_factor_.assign(net_.spec.inflows.size(), 1.0);
  section_of_seg_.assign(ns_, -1);
  next_section_.assign(net_.sections.size(), -1);
  for (size_t i = 0; i < net_.sections.size(); ++i) {
    SectionSeries s;
    s.section = net_.sections[i];
    s.total.mass_g.assign(nc_, 0);
    sections_.push_back(s);
    const int seg = net_.sections[i].seg;
    next_section_[i] = section_of_seg_[seg];
    section_of_seg_[seg] = static_cast<int>(i);
  }
  budgets_.resize(nm);
  for (size_t m = 0; m < nm; ++m) {
    auto& b = budgets_[m];
    b.river = net_.mouths[m];
    b.initial = b.inflow = b.point_sources = b.decay = b.settling = b.outflow = b.final_mass = b.produced =
        std::vector<double>(nc_, 0);
  }
}

// Steady flow for one block: external water and loads per segment, then
// discharge accumulated downstream in one pass, then the section geometry.
// Mass is kept, so a change of volume between blocks changes concentration,
// never mass.
void RiverModel::set_flow(double t) {
  const auto& s = net_.spec;
  std::fill(qin_ext_.begin(), qin_ext_.end(), 0.0);
  std::fill(load_.begin(), load_.end(), 0.0);
  std::fill(in_rate_.begin(), in_rate_.end(), 0.0);
  std::fill(src_rate_.begin(), src_rate_.end(), 0.0);
  std::fill(water_rate_.begin(), water_rate_.end(), 0.0);
  for (size_t i = 0; i < s.inflows.size(); ++i) {
    const auto& f = s.inflows[i];
    const int seg = net_.inflow_seg[i];
    const double q = external_ ? inputs_.inflow_q[i] : f.discharge.at(t);
    if (q < 0) throw InputError(f.origin.file, f.origin.where, "negative discharge");
    qin_ext_[seg] += q;
    water_rate_[net_.system[seg]] += q;
    for (size_t c = 0; c < nc_; ++c) {
      const double l = external_ ? inputs_.inflow_load[i * nc_ + c] : inflow_factor_[i] * q * f.concentration[c].at(t);
      load_[seg * nc_ + c] += l;
      in_rate_[net_.system[seg] * nc_ + c] += l;
    }
  }
  for (const auto& l : s.laterals) {
    int r = 0;
    while (s.reaches[r].id != l.reach) ++r;
    const double q = l.discharge.at(t);
    const int a = net_.reach_first[r], m = net_.reach_count[r];
    for (int k = 0; k < m; ++k) {
      const double share = 1.0 / m;  // segments of a reach have equal length
      qin_ext_[a + k] += q * share;
      water_rate_[net_.system[a + k]] += q * share;
      for (size_t c = 0; c < nc_; ++c) {
        const double ld = q * share * l.concentration[c].at(t);
        load_[(a + k) * nc_ + c] += ld;
        in_rate_[net_.system[a + k] * nc_ + c] += ld;
      }
    }
  }
  for (size_t i = 0; i < s.sources.size(); ++i) {
    const auto& p = s.sources[i];
    const int seg = net_.source_seg[i];
    // Water is not scaled: flows stay identical between scenarios.
    const double q = external_ ? inputs_.source_q[i] : p.flow.at(t);
    qin_ext_[seg] += q;
    water_rate_[net_.system[seg]] += q;
    for (size_t c = 0; c < nc_; ++c) {
      const double ld = external_ ? inputs_.source_load[i * nc_ + c]
                                  : source_factor_[i] * (p.by_concentration ? q * p.value[c].at(t) : p.value[c].at(t));
      load_[seg * nc_ + c] += ld;
      src_rate_[net_.system[seg] * nc_ + c] += ld;
    }
  }
  const double temp = s.temperature.at(t);
  temperature_ = temp;
  for (size_t c = 0; c < nc_; ++c) kdec_[c] = decay_rate(s.constituents[c], temp);
  // Kinematic routing keeps its own water between blocks; steady flow (and the
  // kinematic start) takes the discharge accumulated down the network.
  if (!s.kinematic_wave || !flow_set_) {
    steady_discharge(t);
    for (size_t i = 0; i < ns_; ++i)
      volume_[i] = cross_section_area(s.reaches[net_.reach[i]].geometry, q_[i]) * net_.length[i];
  }
  set_hydraulics();
  flow_set_ = true;
}

void RiverModel::steady_discharge(double t) {
  const auto& s = net_.spec;
  std::vector<double> qup(ns_, 0.0);
  for (size_t i = 0; i < ns_; ++i) {
    q_[i] = qup[i] + qin_ext_[i];
    if (!(q_[i] > 0)) {
      const auto& r = s.reaches[net_.reach[i]];
      throw InputError(r.origin.file, r.origin.where,
                       "no water in segment " + std::to_string(i - net_.reach_first[net_.reach[i]]) + " of reach '" +
                           r.id + "' at model time " + std::to_string(t) + " s (give it an inflow)");
    }
    if (net_.down[i] >= 0) qup[net_.down[i]] += q_[i];
  }
}

// Section geometry and rates from the discharge; with kinematic routing the
// discharge itself follows from the water each segment holds, Q = Q(V / dx).
void RiverModel::set_hydraulics() {
  const auto& s = net_.spec;
  for (size_t i = 0; i < ns_; ++i) {
    const auto& g = s.reaches[net_.reach[i]].geometry;
    if (s.kinematic_wave) q_[i] = discharge_for_area(g, volume_[i] / net_.length[i]);
    w_[i] = section_width(g, q_[i]);
    d_[i] = section_depth(g, q_[i]);
    u_[i] = q_[i] / (w_[i] * d_[i]);
    for (size_t c = 0; c < nc_; ++c) kset_[i * nc_ + c] = settling_rate(s.constituents[c], d_[i]);
  }
  if (s.oxygen.bod >= 0) {
    ka_.resize(ns_);
    const double corr = std::pow(s.oxygen.theta_a, temperature_ - 20.0);
    for (size_t i = 0; i < ns_; ++i)
      ka_[i] =
          corr / kSecondsPerDay * (s.oxygen.oconnor_dobbins ? oconnor_dobbins(u_[i], d_[i]) : s.oxygen.ka20_per_day);
  }
  // Dispersion across each internal face, as D A / dx (m3/s), from the mean of the two sides.
  for (size_t i = 0; i < ns_; ++i) {
    const int j = net_.down[i];
    if (j < 0) {
      disp_[i] = 0;  // at the mouth only advection leaves, so the gulf gets exactly Q C
      continue;
    }
    const double dx = 0.5 * (net_.length[i] + net_.length[j]);
    const double u = 0.5 * (u_[i] + u_[j]);
    const double D = s.fischer_dispersion
                         ? 0.5 * (fischer_dispersion(u_[i], w_[i], d_[i]) + fischer_dispersion(u_[j], w_[j], d_[j]))
                         : s.dispersion_m2s;
    const double area = 0.5 * (w_[i] * d_[i] + w_[j] * d_[j]);
    disp_[i] = dispersion_after_numerical(D, u, dx) * area / dx;
  }
}

// Largest sub-step that keeps every new mass a convex combination of old
// ones: h (Q_i + sum of the D A / dx of its faces) <= cfl * V_i.
double RiverModel::stable_step() const {
  std::vector<double> out(q_);
  // A kinematic wave travels at c = dQ/dA = u / (b + f), faster than the water
  // when b + f < 1: the explicit routing needs c h <= dx as well.
  if (net_.spec.kinematic_wave)
    for (size_t i = 0; i < ns_; ++i) {
      const auto& g = net_.spec.reaches[net_.reach[i]].geometry;
      out[i] = q_[i] / std::min(1.0, g.b + g.f);
    }
  for (size_t i = 0; i < ns_; ++i) {
    out[i] += disp_[i];
    if (net_.down[i] >= 0) out[net_.down[i]] += disp_[i];
  }
  double h = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < ns_; ++i) h = std::min(h, net_.spec.cfl * volume_[i] / out[i]);
  return h;
}

void RiverModel::substep(double h) {
  std::vector<double> dm(load_);  // g/s, then scaled by h
  for (size_t i = 0; i < ns_; ++i) {
    const int j = net_.down[i];
    const int mouth = net_.mouth[i];
    for (size_t c = 0; c < nc_; ++c) {
      const double ci = mass_[i * nc_ + c] / volume_[i];
      const double adv = q_[i] * ci;
      const double dsp = j >= 0 ? disp_[i] * (ci - mass_[j * nc_ + c] / volume_[j]) : 0.0;
      const double flux = adv + dsp;  // g/s through the downstream face
      dm[i * nc_ + c] -= flux;
      if (j >= 0)
        dm[j * nc_ + c] += flux;
      else
        mouth_out_[mouth].mass_g[c] += h * flux;
      for (int k = section_of_seg_[i]; k >= 0; k = next_section_[k]) sections_[k].records.back().mass_g[c] += h * flux;
    }
    if (j < 0) mouth_out_[mouth].volume_m3 += h * q_[i];
    for (int k = section_of_seg_[i]; k >= 0; k = next_section_[k]) sections_[k].records.back().volume_m3 += h * q_[i];
  }
  if (net_.spec.kinematic_wave) {
    // Continuity with the same face discharges the constituents used, so a
    // uniform concentration stays uniform and water balances exactly.
    std::vector<double> dv(qin_ext_);
    for (size_t i = 0; i < ns_; ++i) {
      dv[i] -= q_[i];
      if (net_.down[i] >= 0) dv[net_.down[i]] += q_[i];
    }
    for (size_t i = 0; i < ns_; ++i) volume_[i] += h * dv[i];
  }
  for (size_t m = 0; m < budgets_.size(); ++m) {
    budgets_[m].water_in_m3 += h * water_rate_[m];
    for (size_t c = 0; c < nc_; ++c) {
      budgets_[m].inflow[c] += h * in_rate_[m * nc_ + c];
      budgets_[m].point_sources[c] += h * src_rate_[m * nc_ + c];
    }
  }
  // Transport, then first-order losses integrated exactly over the sub-step
  // (a factor in (0, 1], so never negative) and split between decay and settling.
  // With an oxygen balance the deficit gains exactly the BOD that decayed.
  const int bod = net_.spec.oxygen.bod, def = net_.spec.oxygen.deficit;
  std::vector<double> m0(nc_);
  for (size_t i = 0; i < ns_; ++i) {
    auto& b = budgets_[net_.system[i]];
    for (size_t c = 0; c < nc_; ++c) {
      const size_t k = i * nc_ + c;
      const double raw = mass_[k] + h * dm[k];
      m0[c] = std::max(0.0, raw);  // >= 0 by the step limit; max() only clips round-off
      // Any clipped round-off is counted as a (tiny) source so the budget stays exact.
      b.point_sources[c] += m0[c] - raw;
    }
    double bod_decayed = 0;
    for (size_t c = 0; c < nc_; ++c) {
      if (static_cast<int>(c) == def) continue;
      const size_t k = i * nc_ + c;
      const double kd = kdec_[c], ks = kset_[k];
      const double m1 = m0[c] * std::exp(-(kd + ks) * h);
      const double lost = m0[c] - m1;
      if (lost > 0) {
        const double fd = kd / (kd + ks);
        b.decay[c] += fd * lost;
        b.settling[c] += lost - fd * lost;
        if (static_cast<int>(c) == bod) bod_decayed = fd * lost;
      }
      mass_[k] = m1;
    }
    if (def >= 0) {
      const size_t k = i * nc_ + def;
      const double m1 = deficit_after(m0[bod], m0[def], kdec_[bod], kdec_[bod] + kset_[i * nc_ + bod], ka_[i], h);
      b.produced[def] += bod_decayed;
      b.decay[def] += m0[def] + bod_decayed - m1;  // reaeration
      mass_[k] = m1;
    }
  }
  if (net_.spec.kinematic_wave) set_hydraulics();
}

void RiverModel::advance(double t0, double dt) {
  if (!(dt > 0)) throw Failure("RiverModel::advance needs dt > 0");
  set_flow(t0 + 0.5 * dt);
  for (auto& m : mouth_out_) {
    m.t0 = t0;
    m.dt = dt;
    m.volume_m3 = 0;
    std::fill(m.mass_g.begin(), m.mass_g.end(), 0.0);
  }
  for (auto& s : sections_) s.records.push_back(FaceTotal{t0, dt, 0, std::vector<double>(nc_, 0)});
  // Kinematic routing changes the flow inside the block, so its step is
  // re-chosen as it goes; steady flow keeps one step for the whole block.
  double done = 0;
  while (done < dt) {
    const double left = dt - done;
    const long n = std::max(1L, static_cast<long>(std::ceil(left / stable_step())));
    const long run = net_.spec.kinematic_wave ? 1 : n;
    const double h = left / n;
    for (long k = 0; k < run; ++k) substep(h);
    done = run == n ? dt : done + run * h;
  }
  for (size_t m = 0; m < budgets_.size(); ++m) {
    budgets_[m].water_out_m3 += mouth_out_[m].volume_m3;
    for (size_t c = 0; c < nc_; ++c) budgets_[m].outflow[c] += mouth_out_[m].mass_g[c];
  }
  for (auto& s : sections_) {
    const auto& r = s.records.back();
    if (s.total.dt == 0) s.total.t0 = t0;
    s.total.dt += dt;
    s.total.volume_m3 += r.volume_m3;
    for (size_t c = 0; c < nc_; ++c) s.total.mass_g[c] += r.mass_g[c];
  }
}

void RiverModel::reset_records() {
  for (auto& s : sections_) {
    s.records.clear();
    s.total = FaceTotal{0, 0, 0, std::vector<double>(nc_, 0)};
  }
  for (auto& b : budgets_) {
    std::fill(b.inflow.begin(), b.inflow.end(), 0.0);
    b.point_sources = b.decay = b.settling = b.outflow = b.produced = b.inflow;
    b.water_in_m3 = b.water_out_m3 = 0;
  }
  for (auto& b : budgets_) std::fill(b.initial.begin(), b.initial.end(), 0.0);
  for (size_t i = 0; i < ns_; ++i)
    for (size_t c = 0; c < nc_; ++c) budgets_[net_.system[i]].initial[c] += mass_[i * nc_ + c];
}

double RiverModel::spin_up(double t, double duration) {
  set_flow(t);
  if (duration <= 0) duration = 3 * max_travel_time();
  // Hold the flows of time t: advance in blocks whose middle is t.
  const double block = std::min(duration, 3600.0);
  for (double done = 0; done < duration; done += block) advance(t - 0.5 * block, block);
  reset_records();
  return duration;
}

namespace {
template <class Items>
size_t index_of(const Items& items, const std::string& id, const std::string& file, const char* what) {
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].id == id) return i;
  throw InputError(file, "", std::string("no ") + what + " '" + id + "' in the river network");
}
void check_factor(double f, const std::string& file, const std::string& id) {
  if (!(f >= 0) || !std::isfinite(f)) throw InputError(file, id, "a load factor must be finite and >= 0");
}
}  // namespace

void RiverModel::set_source_factor(const std::string& source_id, double factor) {
  check_factor(factor, net_.spec.file, source_id);
  source_factor_[index_of(net_.spec.sources, source_id, net_.spec.file, "point source")] = factor;
}

void RiverModel::set_inflow_factor(const std::string& inflow_id, double factor) {
  check_factor(factor, net_.spec.file, inflow_id);
  inflow_factor_[index_of(net_.spec.inflows, inflow_id, net_.spec.file, "inflow station")] = factor;
}

void RiverModel::set_inputs(Inputs in) {
  const size_t ni = net_.spec.inflows.size(), np = net_.spec.sources.size();
  if (in.inflow_q.size() != ni || in.source_q.size() != np || in.inflow_load.size() != ni * nc_ ||
      in.source_load.size() != np * nc_)
    throw Failure("RiverModel::set_inputs: sizes do not match the network");
  for (const auto* v : {&in.inflow_q, &in.inflow_load, &in.source_q, &in.source_load})
    for (double x : *v)
      if (!(x >= 0) || !std::isfinite(x))
        throw InputError(net_.spec.file, "", "river input rates must be finite and >= 0");
  inputs_ = std::move(in);
  external_ = true;
}

namespace {
// Flat serialisation: each vector as its size then its values, so a state from
// another network fails loudly instead of being misread.
void put(std::vector<double>& out, const std::vector<double>& v) {
  out.push_back(static_cast<double>(v.size()));
  out.insert(out.end(), v.begin(), v.end());
}
void put(std::vector<double>& out, const FaceTotal& f) {
  out.push_back(f.t0);
  out.push_back(f.dt);
  out.push_back(f.volume_m3);
  put(out, f.mass_g);
}
struct Reader {
  const std::vector<double>& in;
  size_t pos = 0;
  double next() {
    if (pos >= in.size()) throw Failure("river state is truncated");
    return in[pos++];
  }
  void get(std::vector<double>& v, size_t expected) {
    const double n = next();
    if (n != static_cast<double>(expected)) throw Failure("river state does not fit this river network");
    for (auto& x : v) x = next();
  }
  void get(FaceTotal& f, size_t nc) {
    f.t0 = next();
    f.dt = next();
    f.volume_m3 = next();
    f.mass_g.assign(nc, 0);
    get(f.mass_g, nc);
  }
};
}  // namespace

std::vector<double> RiverModel::state() const {
  std::vector<double> out;
  out.push_back(static_cast<double>(ns_));
  out.push_back(static_cast<double>(nc_));
  out.push_back(flow_set_ ? 1 : 0);
  put(out, mass_);
  put(out, volume_);
  put(out, q_);
  for (const auto& b : budgets_) {
    for (const auto* v : {&b.initial, &b.inflow, &b.point_sources, &b.decay, &b.settling, &b.outflow, &b.produced})
      put(out, *v);
    out.push_back(b.water_in_m3);
    out.push_back(b.water_out_m3);
  }
  for (const auto& m : mouth_out_) put(out, m);
  for (const auto& s : sections_) {
    put(out, s.total);
    out.push_back(static_cast<double>(s.records.size()));
    for (const auto& r : s.records) put(out, r);
  }
  return out;
}

void RiverModel::restore(const std::vector<double>& state) {
  Reader r{state};
  if (r.next() != static_cast<double>(ns_) || r.next() != static_cast<double>(nc_))
    throw Failure("river state does not fit this river network");
  const bool flow_set = r.next() != 0;
  r.get(mass_, ns_ * nc_);
  r.get(volume_, ns_);
  r.get(q_, ns_);
  for (auto& b : budgets_) {
    for (auto* v : {&b.initial, &b.inflow, &b.point_sources, &b.decay, &b.settling, &b.outflow, &b.produced})
      r.get(*v, nc_);
    b.water_in_m3 = r.next();
    b.water_out_m3 = r.next();
  }
  for (auto& m : mouth_out_) r.get(m, nc_);
  for (auto& s : sections_) {
    r.get(s.total, nc_);
    const double n = r.next();
    if (!(n >= 0) || n > static_cast<double>(state.size())) throw Failure("river state is corrupt");
    s.records.resize(static_cast<size_t>(n));
    for (auto& rec : s.records) r.get(rec, nc_);
  }
  if (r.pos != state.size()) throw Failure("river state has trailing data");
  flow_set_ = flow_set;
  // Kinematic routing carries its discharge in the water it holds; derive the
  // rest of the hydraulics (width, depth, dispersion) from it as advance() does.
  if (flow_set_) set_hydraulics();
}

const FaceTotal& RiverModel::mouth_outflow(const std::string& mouth_id) const {
  const int m = net_.mouth_index(mouth_id);
  if (m < 0) throw InputError(net_.spec.file, "", "no river reaches mouth '" + mouth_id + "'");
  return mouth_out_[m];
}

const SectionSeries& RiverModel::section(const std::string& id) const {
  for (const auto& s : sections_)
    if (s.section.id == id) return s;
  throw InputError(net_.spec.file, "", "no monitoring section '" + id + "'");
}

const std::vector<RiverBudget>& RiverModel::budgets() const {
  for (auto& b : budgets_) std::fill(b.final_mass.begin(), b.final_mass.end(), 0.0);
  for (size_t i = 0; i < ns_; ++i)
    for (size_t c = 0; c < nc_; ++c) budgets_[net_.system[i]].final_mass[c] += mass_[i * nc_ + c];
  return budgets_;
}

double RiverModel::dissolved_oxygen(size_t seg) const {
  const int def = net_.spec.oxygen.deficit;
  if (def < 0) throw InputError(net_.spec.file, "", "dissolved oxygen needs a streeter_phelps section");
  return do_saturation(temperature_) - concentration(seg, def);
}

double RiverModel::max_travel_time() const {
  std::vector<double> t(ns_, 0.0);  // time from the segment's downstream face to the sea
  double worst = 0;
  for (size_t i = ns_; i-- > 0;) {
    const double own = u_[i] > 0 ? net_.length[i] / u_[i] : 0;
    t[i] = own + (net_.down[i] >= 0 ? t[net_.down[i]] : 0.0);
    worst = std::max(worst, t[i]);
  }
  return worst;
}

std::string RiverModel::report() const {
  std::ostringstream o;
  o << std::setprecision(4);
  const auto& cs = net_.spec.constituents;
  o << "River mass budgets (t): initial + inflow + point sources [+ produced] - decay - settling - outflow - final"
       " = residual (for an oxygen deficit, decay is reaeration)\n";
  for (const auto& b : budgets()) {
    o << "  " << b.river << "  water in " << b.water_in_m3 << " m3, out to sea " << b.water_out_m3 << " m3\n";
    for (size_t c = 0; c < nc_; ++c)
      o << "    " << std::left << std::setw(8) << cs[c].name << std::right << " initial " << b.initial[c] / 1e6
        << "  inflow " << b.inflow[c] / 1e6 << "  sources " << b.point_sources[c] / 1e6 << "  decay "
        << b.decay[c] / 1e6 << "  settling " << b.settling[c] / 1e6 << "  outflow " << b.outflow[c] / 1e6
        << (b.produced[c] != 0 ? "  produced by BOD decay " + std::to_string(b.produced[c] / 1e6) : std::string())
        << "  final " << b.final_mass[c] / 1e6 << "  residual " << b.residual(c) / 1e6 << " (rel "
        << b.relative_residual(c) << ")\n";
  }
  o << "Monitoring sections (means over the recorded period; mass in t):\n";
  for (const auto& s : sections_) {
    o << "  " << s.section.id << (s.section.border ? " [border " : " [") << s.section.upstream_jurisdiction << " -> "
      << s.section.downstream_jurisdiction << "]  Q " << s.total.discharge_m3s() << " m3/s";
    for (size_t c = 0; c < nc_; ++c)
      o << "  " << cs[c].name << " " << s.total.concentration(c) << " mg/L, " << s.total.mass_g[c] / 1e6 << " t";
    o << "\n";
  }
  return o.str();
}

}  // namespace beibu::rivers
