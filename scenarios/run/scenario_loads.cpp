#include "scenarios/run/scenario_loads.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "ingest/projection.hpp"
#include "ingest/vector_layer.hpp"
#include "mesh/face_locator.hpp"
#include "mesh/mesh.hpp"
#include "scenarios/compliance/compliance.hpp"
#include "solver/transport/transport_model.hpp"

namespace beibu {

namespace {

// Where one load component enters: one or more cells (diffuse sources spread by area).
struct SourceCells {
  int component;
  std::vector<std::pair<long, double>> cells;  // global face, fraction of the load
};

std::vector<SourceCells> place_components(const Scenario& s, const Mesh& mesh,
                                          const std::vector<LoadComponent>& comps) {
  Projection proj;
  const FaceLocator loc(mesh);
  std::vector<SourceCells> out;
  for (std::size_t i = 0; i < comps.size(); ++i) {
    const ScenarioSource& src = s.sources[static_cast<std::size_t>(comps[i].source)];
    if (!src.reach.empty()) continue;  // enters the river network, which delivers it at a mouth
    double x, y;
    proj.forward(src.lon, src.lat, x, y);
    SourceCells sc{static_cast<int>(i), {}};
    if (src.kind == SourceKind::diffuse) {
      double total = 0;
      for (std::size_t f = 0; f < mesh.n_faces(); ++f) {
        double cx, cy;
        mesh.face_centroid(f, cx, cy);
        if (std::hypot(cx - x, cy - y) <= src.radius_m) {
          sc.cells.emplace_back(static_cast<long>(f), mesh.face_area(f));
          total += mesh.face_area(f);
        }
      }
      if (total <= 0)
        throw InputError(s.file, "line " + std::to_string(src.line), "diffuse source '" + src.id + "' covers no water");
      for (auto& c : sc.cells) c.second /= total;
    } else {
      // Mouths and outfalls may sit a little outside the resampled coast.
      const long f = loc.find_or_nearest(x, y, 3000.0);
      if (f < 0)
        throw InputError(s.file, "line " + std::to_string(src.line),
                         "source '" + src.id + "' lies more than 3 km outside the mesh");
      sc.cells.emplace_back(f, 1.0);
    }
    out.push_back(std::move(sc));
  }
  return out;
}

}  // namespace

TagBy parse_tag_by(const std::string& word) {
  if (word == "source") return TagBy::source;
  if (word == "jurisdiction") return TagBy::jurisdiction;
  if (word == "sector") return TagBy::sector;
  throw Failure("unknown source grouping '" + word + "' (expected source, jurisdiction or sector)");
}

std::string tag_of(const Scenario& s, const LoadComponent& c, TagBy by) {
  const ScenarioSource& src = s.sources[static_cast<std::size_t>(c.source)];
  switch (by) {
    case TagBy::source:
      return src.id;
    case TagBy::jurisdiction:
      return src.jurisdiction;
    case TagBy::sector:
    case TagBy::none:
      break;
  }
  return src.jurisdiction + "." + c.sector;
}

ScenarioLoads::ScenarioLoads(const Scenario& s, const Mesh& mesh, const std::vector<std::string>& constituents,
                             TransportConfig& tc, TagBy tag_by, double coupling_s)
    : s_(s), names_(constituents), comps_(load_components(s)), first_feed_(tc.sources.size()), coupling_s_(coupling_s) {
  if (tag_by != TagBy::none) {
    for (const auto& c : comps_) {
      const std::string g = tag_of(s, c, tag_by);
      if (std::find(groups_.begin(), groups_.end(), g) == groups_.end()) groups_.push_back(g);
    }
    for (auto& cs : tc.constituents)
      if (!cs.conservative)
        for (const auto& g : groups_)
          if (std::find(cs.tags.begin(), cs.tags.end(), g) == cs.tags.end()) cs.tags.push_back(g);
  }
  for (const auto& pc : place_components(s, mesh, comps_))
    for (const auto& [face, frac] : pc.cells) {
      const LoadComponent& lc = comps_[static_cast<std::size_t>(pc.component)];
      const ScenarioSource& src = s.sources[static_cast<std::size_t>(lc.source)];
      PointSourceSpec ps;
      ps.name = src.id + "/" + lc.sector + (pc.cells.size() > 1 ? "#" + std::to_string(face) : "");
      ps.tag = tag_of(s, lc, tag_by == TagBy::none ? TagBy::sector : tag_by);
      ps.by_cell = true;
      ps.cell = face;
      for (const auto& n : names_) ps.load.emplace_back(n, 0.0);
      tc.sources.push_back(ps);
      feeds_.push_back({pc.component, frac});
    }
  first_mouth_feed_ = tc.sources.size();
  if (!s.river_network) {
    for (const auto& src : s.sources)
      if (!src.reach.empty())
        throw InputError(s.file, "line " + std::to_string(src.line),
                         "source '" + src.id + "' names a reach but the scenario has no river_network");
    return;
  }
  if (!(coupling_s_ > 0)) throw Failure("ScenarioLoads: the coupling interval must be positive");

  // The river carries the gulf's constituents with the gulf's kinetics.
  const std::size_t nc = names_.size();
  std::vector<rivers::RiverConstituent> rc;
  for (const auto& n : names_) {
    const ConstituentSpec* cs = nullptr;
    for (const auto& c : tc.constituents)
      if (c.name == n) cs = &c;
    if (!cs) throw Failure("ScenarioLoads: constituent '" + n + "' is not in the transport configuration");
    rivers::RiverConstituent r;
    r.name = n;
    r.decay_k20 = cs->conservative ? 0.0 : cs->decay_k20;
    r.theta = cs->theta;
    r.settling_velocity = cs->conservative ? 0.0 : cs->settling_velocity;
    rc.push_back(r);
  }
  comps_of_src_.assign(s.sources.size(), {});
  for (std::size_t i = 0; i < comps_.size(); ++i)
    comps_of_src_[static_cast<std::size_t>(comps_[i].source)].push_back(static_cast<int>(i));
  const std::string where_net = "line " + std::to_string(s.river_network->line) + " (river_network)";
  auto edit = [&](rivers::NetworkSpec& spec) {
    // Streeter-Phelps only when the gulf carries both of its constituents by name.
    int bod = -1, def = -1;
    if (spec.oxygen.bod >= 0) {
      bod = rivers::find_constituent(rc, spec.constituents[static_cast<std::size_t>(spec.oxygen.bod)].name);
      def = rivers::find_constituent(rc, spec.constituents[static_cast<std::size_t>(spec.oxygen.deficit)].name);
    }
    if (bod < 0 || def < 0) bod = def = -1;
    spec.oxygen.bod = bod;
    spec.oxygen.deficit = def;
    // Diffuse lateral inflows keep their water; their concentrations follow by name.
    for (auto& l : spec.laterals) {
      rivers::ConstituentSeries cs(nc);
      for (std::size_t c = 0; c < nc; ++c) {
        const int old = rivers::find_constituent(spec.constituents, names_[c]);
        cs[c] = old >= 0 ? l.concentration[static_cast<std::size_t>(old)] : Series::constant(0.0);
      }
      l.concentration = cs;
    }
    spec.constituents = rc;
    // The network file's own stations and point sources give way to the scenario's.
    spec.inflows.clear();
    spec.sources.clear();
    const Projection proj;
    for (std::size_t i = 0; i < s.sources.size(); ++i) {
      const ScenarioSource& src = s.sources[i];
      if (src.reach.empty()) continue;
      const rivers::Origin origin{s.file, "line " + std::to_string(src.line) + " (source '" + src.id + "')"};
      if (src.kind == SourceKind::river) {
        rivers::InflowSpec f;
        f.id = src.id;
        f.reach = src.reach;
        f.discharge = Series::constant(0.0);
        f.concentration.assign(nc, Series::constant(0.0));
        f.origin = origin;
        spec.inflows.push_back(f);
        inflow_src_.push_back(static_cast<int>(i));
      } else {
        rivers::RiverPointSource p;
        p.id = src.id;
        p.reach = src.reach;
        p.jurisdiction = src.jurisdiction;
        p.sector = src.sector_share.begin()->first;
        proj.forward(src.lon, src.lat, p.x, p.y);
        p.flow = Series::constant(0.0);
        p.value.assign(nc, Series::constant(0.0));
        p.origin = origin;
        spec.sources.push_back(p);
        point_src_.push_back(static_cast<int>(i));
      }
    }
  };
  try {
    river_ = std::make_unique<rivers::RiverModel>(rivers::load_river_network(s.river_network->file, edit));
  } catch (const InputError& e) {
    // A child scenario that replaces `sources` may leave a river without water.
    if (e.problem().find("has no inflow station") == std::string::npos) throw;
    throw InputError(s.file, where_net,
                     e.problem() + " in " + e.file() +
                         ": give that reach a source of kind river with its `reach`, or set river_network: none");
  }
  const rivers::RiverNetwork& net = river_->network();

  // Mouth cells: the mouth point of the network's rivers file (as coastal river
  // sources use), else the downstream end of the river.
  mouths_ = net.mouths;
  mouth_x_.assign(mouths_.size(), 0);
  mouth_y_.assign(mouths_.size(), 0);
  for (std::size_t i = 0; i < net.segments(); ++i)
    if (net.down[i] < 0) {
      mouth_x_[static_cast<std::size_t>(net.mouth[i])] = net.xend[i];
      mouth_y_[static_cast<std::size_t>(net.mouth[i])] = net.yend[i];
    }
  if (!net.spec.rivers_file.empty()) {
    const Projection proj;
    for (const auto& p : read_vector(net.spec.rivers_file, proj).points) {
      auto it = p.props.find("id");
      if (it == p.props.end()) continue;
      const int m = net.mouth_index(it->second);
      if (m < 0) continue;
      mouth_x_[static_cast<std::size_t>(m)] = p.x;
      mouth_y_[static_cast<std::size_t>(m)] = p.y;
    }
  }
  // A scenario that still names one of these mouths as a coastal river source would count that river twice.
  for (const auto& src : s.sources)
    if (src.reach.empty() && src.kind == SourceKind::river)
      for (std::size_t m = 0; m < mouths_.size(); ++m) {
        double x, y;
        const Projection proj;
        proj.forward(src.lon, src.lat, x, y);
        if (std::hypot(x - mouth_x_[m], y - mouth_y_[m]) < 1.0)
          throw InputError(s.file, "line " + std::to_string(src.line),
                           "river source '" + src.id + "' enters at mouth '" + mouths_[m] +
                               "', which the river network already delivers (give it a 'reach' instead)");
      }

  // Tagged copies: one river model per group, each fed only by its group's inputs.
  comp_group_.assign(comps_.size(), -1);
  if (tag_by != TagBy::none) {
    for (std::size_t i = 0; i < comps_.size(); ++i) {
      const std::string g = tag_of(s, comps_[i], tag_by);
      comp_group_[i] = static_cast<int>(std::find(groups_.begin(), groups_.end(), g) - groups_.begin());
    }
    groups_river_ = groups_.size();
    for (std::size_t g = 0; g < groups_.size(); ++g) by_group_.push_back(std::make_unique<rivers::RiverModel>(*river_));
  }
  const FaceLocator loc(mesh);
  for (std::size_t m = 0; m < mouths_.size(); ++m) {
    const long f = loc.find_or_nearest(mouth_x_[m], mouth_y_[m], 3000.0);
    if (f < 0)
      throw InputError(s.river_network->file, "mouth '" + mouths_[m] + "'",
                       "the river mouth lies more than 3 km outside the mesh");
    for (std::size_t g = 0; g < groups_river_; ++g) {
      PointSourceSpec ps;
      ps.name = "river:" + mouths_[m] + (by_group_.empty() ? "" : "@" + groups_[g]);
      ps.tag = by_group_.empty() ? "" : groups_[g];
      ps.by_cell = true;
      ps.cell = f;
      for (const auto& n : names_) ps.load.emplace_back(n, 0.0);
      tc.sources.push_back(ps);
    }
  }
  delivered_g_.assign(mouths_.size() * nc, 0.0);
  delivered_w_.assign(mouths_.size(), 0.0);

  // GB 3838 assessment at river sections: the scenario's `assess` map, else
  // every constituent that has the name of a parameter of the river standard.
  assess_.assign(nc, -1);
  if (!s.river_standard_file.empty()) {
    river_standard_ = load_standard(s.river_standard_file);
    auto param_index = [&](const std::string& id) {
      for (std::size_t p = 0; p < river_standard_->parameters.size(); ++p)
        if (river_standard_->parameters[p].id == id) return static_cast<int>(p);
      return -1;
    };
    if (s.river_network->assess.empty()) {
      for (std::size_t c = 0; c < nc; ++c) assess_[c] = param_index(names_[c]);
    } else {
      for (const auto& [k, param] : s.river_network->assess) {
        const auto it = std::find(names_.begin(), names_.end(), k);
        const int p = param_index(param);
        if (p < 0)
          throw InputError(s.file, where_net, "assess: '" + param + "' is not a parameter of " + s.river_standard_file);
        if (it != names_.end()) assess_[static_cast<std::size_t>(it - names_.begin())] = p;
      }
    }
  } else if (!s.river_network->assess.empty()) {
    throw InputError(s.file, where_net, "river_network.assess needs outputs.river_standard");
  }
}

rivers::RiverModel::Inputs ScenarioLoads::river_inputs(double t, int group) const {
  const std::size_t nc = names_.size();
  rivers::RiverModel::Inputs in;
  auto fill = [&](const std::vector<int>& srcs, std::vector<double>& q, std::vector<double>& load) {
    q.assign(srcs.size(), 0.0);
    load.assign(srcs.size() * nc, 0.0);
    for (std::size_t i = 0; i < srcs.size(); ++i) {
      const ScenarioSource& src = s_.sources[static_cast<std::size_t>(srcs[i])];
      q[i] = src.flow_m3s ? src.flow_m3s->at(t) : 0.0;  // water is never controlled
      for (const int k : comps_of_src_[static_cast<std::size_t>(srcs[i])]) {
        if (group >= 0 && comp_group_[static_cast<std::size_t>(k)] != group) continue;
        const LoadComponent& lc = comps_[static_cast<std::size_t>(k)];
        for (std::size_t c = 0; c < nc; ++c) load[i * nc + c] += controlled_load(s_, lc, names_[c], t);
      }
    }
  };
  fill(inflow_src_, in.inflow_q, in.inflow_load);
  fill(point_src_, in.source_q, in.source_load);
  return in;
}

ScenarioLoads::~ScenarioLoads() = default;

std::vector<hydro::RiverSpec> ScenarioLoads::discharges(double t_epoch, double T) const {
  Projection proj;
  std::vector<hydro::RiverSpec> rivers;
  for (const auto& src : s_.sources) {
    if (!src.flow_m3s || !src.reach.empty()) continue;
    hydro::RiverSpec r;
    r.name = src.id;
    proj.forward(src.lon, src.lat, r.x, r.y);
    // Daily samples of the (monthly or tabulated) flow over the run.
    for (double t = 0; t <= T + 86400.0; t += 86400.0) {
      r.discharge.t.push_back(t);
      r.discharge.q.push_back(src.flow_m3s->at(t_epoch + t));
    }
    rivers.push_back(r);
  }
  if (!river_) return rivers;
  // The river's water does not depend on loads or controls: a copy run over the
  // coupling intervals apply() will see gives each mouth's outflow per interval,
  // given to the hydrodynamics as a constant discharge over that interval.
  rivers::RiverModel copy(*river_);
  copy.set_inputs(river_inputs(t_epoch, -1));
  copy.spin_up(t_epoch);
  const std::size_t nm = mouths_.size();
  std::vector<hydro::RiverSpec> out(nm);
  for (std::size_t m = 0; m < nm; ++m) {
    out[m].name = "river:" + mouths_[m];
    out[m].x = mouth_x_[m];
    out[m].y = mouth_y_[m];
  }
  std::vector<double> last(nm, -1.0);
  double t = 0;
  while (t < T - 1e-6) {
    const double dt = std::min(coupling_s_, T - t);
    copy.set_inputs(river_inputs(t_epoch + t + 0.5 * dt, -1));
    copy.advance(t_epoch + t, dt);
    for (std::size_t m = 0; m < nm; ++m) {
      const double q = copy.mouth_outflow(mouths_[m]).volume_m3 / dt;
      auto& d = out[m].discharge;
      // A step: the previous value held until just before this interval.
      if (!d.t.empty() && q != last[m]) {
        const double eps = std::min(1.0, 1e-3 * dt);
        if (t - eps > d.t.back()) {
          d.t.push_back(t - eps);
          d.q.push_back(last[m]);
        }
      }
      if (d.t.empty() || q != last[m] || t - d.t.back() >= 86400.0) {
        d.t.push_back(t);
        d.q.push_back(q);
      }
      last[m] = q;
    }
    t += dt;
  }
  for (std::size_t m = 0; m < nm; ++m) {
    auto& d = out[m].discharge;
    if (d.t.empty()) {  // a run of zero length
      d.t.push_back(0.0);
      d.q.push_back(0.0);
    }
    // Covers the end of the run (and daily steps for the hydrodynamics' gap check).
    for (double te = d.t.back() + 86400.0; te < T + 86400.0; te += 86400.0) {
      d.t.push_back(te);
      d.q.push_back(d.q.back());
    }
    d.t.push_back(T + 86400.0);
    d.q.push_back(d.q.back());
    rivers.push_back(out[m]);
  }
  return rivers;
}

void ScenarioLoads::apply(TransportModel& model, double t_abs, double dt) {
  const double t_mid = t_abs + 0.5 * dt;
  for (std::size_t i = 0; i < feeds_.size(); ++i) {
    const LoadComponent& lc = comps_[static_cast<std::size_t>(feeds_[i].component)];
    for (const auto& n : names_)
      model.set_source_load(first_feed_ + i, n, feeds_[i].fraction * controlled_load(s_, lc, n, t_mid));
  }
  if (!river_) return;
  const std::size_t nc = names_.size();
  if (!spun_) {
    // A near-steady river at the start instead of an empty one.
    river_->set_inputs(river_inputs(t_abs, -1));
    river_->spin_up(t_abs);
    for (std::size_t g = 0; g < by_group_.size(); ++g) {
      by_group_[g]->set_inputs(river_inputs(t_abs, static_cast<int>(g)));
      by_group_[g]->spin_up(t_abs);
    }
    spun_ = true;
  }
  river_->set_inputs(river_inputs(t_mid, -1));
  river_->advance(t_abs, dt);
  for (std::size_t g = 0; g < by_group_.size(); ++g) {
    by_group_[g]->set_inputs(river_inputs(t_mid, static_cast<int>(g)));
    by_group_[g]->advance(t_abs, dt);
  }
  // What left the river in this interval enters the gulf in the same interval:
  // load = mass / dt, so the gulf receives exactly that mass.
  for (std::size_t m = 0; m < mouths_.size(); ++m) {
    delivered_w_[m] += river_->mouth_outflow(mouths_[m]).volume_m3;
    for (std::size_t g = 0; g < groups_river_; ++g) {
      const rivers::FaceTotal& o = (by_group_.empty() ? *river_ : *by_group_[g]).mouth_outflow(mouths_[m]);
      for (std::size_t c = 0; c < nc; ++c) {
        model.set_source_load(first_mouth_feed_ + m * groups_river_ + g, names_[c], o.mass_g[c] / dt);
        delivered_g_[m * nc + c] += o.mass_g[c];
      }
    }
  }
}

std::vector<double> ScenarioLoads::state() const {
  if (!river_) return {};
  std::vector<double> out{1.0, spun_ ? 1.0 : 0.0, static_cast<double>(1 + by_group_.size())};
  auto put = [&](const std::vector<double>& v) {
    out.push_back(static_cast<double>(v.size()));
    out.insert(out.end(), v.begin(), v.end());
  };
  put(river_->state());
  for (const auto& r : by_group_) put(r->state());
  put(delivered_g_);
  put(delivered_w_);
  return out;
}

void ScenarioLoads::restore(const std::vector<double>& state) {
  if (!river_) {
    if (!state.empty()) throw Failure("checkpoint holds source state this scenario does not have");
    return;
  }
  std::size_t pos = 0;
  auto next = [&]() {
    if (pos >= state.size()) throw Failure("checkpoint: river coupling state is truncated");
    return state[pos++];
  };
  auto get = [&](std::size_t expected) {
    const double n = next();
    if (!(n >= 0) || n > static_cast<double>(state.size() - pos) ||
        (expected != std::size_t(-1) && n != static_cast<double>(expected)))
      throw Failure("checkpoint: river coupling state does not fit this scenario");
    std::vector<double> v(state.begin() + static_cast<long>(pos), state.begin() + static_cast<long>(pos + n));
    pos += static_cast<std::size_t>(n);
    return v;
  };
  if (next() != 1.0) throw Failure("checkpoint: unknown river coupling state version");
  const bool spun = next() != 0;
  if (next() != static_cast<double>(1 + by_group_.size()))
    throw Failure("checkpoint: river coupling state has another number of tagged river models");
  river_->restore(get(std::size_t(-1)));
  for (auto& r : by_group_) r->restore(get(std::size_t(-1)));
  std::vector<double> g = get(delivered_g_.size()), w = get(delivered_w_.size());
  if (pos != state.size()) throw Failure("checkpoint: river coupling state has trailing data");
  delivered_g_ = g;
  delivered_w_ = w;
  spun_ = spun;
}

std::vector<ScenarioLoads::SectionStat> ScenarioLoads::section_stats() const {
  std::vector<SectionStat> out;
  if (!river_) return out;
  const std::size_t nc = names_.size();
  for (const auto& ss : river_->sections()) {
    SectionStat st;
    st.id = ss.section.id;
    st.river = ss.section.river;
    st.from = ss.section.upstream_jurisdiction;
    st.to = ss.section.downstream_jurisdiction;
    st.border = ss.section.border;
    st.mean.assign(nc, std::nan(""));
    st.p90 = st.mean;
    st.flux_g.assign(nc, 0.0);
    st.cls.assign(nc, -1);
    // Statistics over the assessed period (after the scenario's spin-up), as in the sea assessment.
    std::vector<const rivers::FaceTotal*> recs;
    for (const auto& r : ss.records)
      if (r.t0 >= s_.period.start - 1e-6 && r.dt > 0 && r.volume_m3 > 0) recs.push_back(&r);
    if (!recs.empty()) {
      for (std::size_t c = 0; c < nc; ++c) {
        double sum = 0, dur = 0;
        std::vector<double> v;
        for (const auto* r : recs) {
          const double conc = r->mass_g[c] / r->volume_m3;
          sum += conc * r->dt;
          dur += r->dt;
          st.flux_g[c] += r->mass_g[c];
          v.push_back(conc);
        }
        st.mean[c] = sum / dur;
        st.p90[c] = quantile(std::move(v), 0.9);
        if (assess_[c] >= 0) {
          st.cls[c] = classify(river_standard_->parameters[static_cast<std::size_t>(assess_[c])], st.mean[c]);
          st.worst = std::max(st.worst, st.cls[c]);
        }
      }
    }
    out.push_back(st);
  }
  return out;
}

namespace {

// The sections table's columns: in English the CSV column names of rivers/sections.csv.
std::vector<std::string> sections_header(const std::string& lang) {
  std::vector<std::string> h;
  for (const char* k : {"section", "river", "from", "to", "constituent", "mean_mg_L", "p90_mg_L", "flux_t", "class"})
    h.push_back(tr(std::string("col.") + k, lang));
  return h;
}

}  // namespace

std::vector<ReportInput::Section> ScenarioLoads::report_sections(const std::string& lang) const {
  std::vector<ReportInput::Section> out;
  if (!river_) return out;
  const std::size_t nc = names_.size();
  const auto stats = section_stats();
  auto cls_name = [&](int c) {
    return c < 0 || !river_standard_ ? std::string() : river_standard_->class_name(c, lang);
  };

  ReportInput::Section sec;
  sec.title = tr("river_sections", lang);
  sec.csv_name = "river_sections";
  std::string assessed, not_assessed;
  for (std::size_t c = 0; c < nc; ++c) {
    if (assess_[c] >= 0) {
      const std::string& pid = river_standard_->parameters[static_cast<std::size_t>(assess_[c])].id;
      assessed += (assessed.empty() ? "" : ", ") + names_[c] +
                  (pid == names_[c] ? "" : " (" + tr("river_assessed_against", lang, {pid}) + ")");
    } else {
      not_assessed += (not_assessed.empty() ? "" : ", ") + names_[c];
    }
  }
  sec.text = tr("river_sections_text", lang) + tr("river_assessed", lang,
                                                  {assessed.empty() ? tr("none", lang) : assessed,
                                                   not_assessed.empty() ? tr("none", lang) : not_assessed});
  std::vector<std::vector<std::string>> rows;
  for (int pass = 0; pass < 2; ++pass)  // border sections first
    for (const auto& st : stats) {
      if (st.border != (pass == 0)) continue;
      for (std::size_t c = 0; c < nc; ++c)
        rows.push_back({st.id, st.river, st.from, st.to, names_[c],
                        std::isnan(st.mean[c]) ? "" : format_significant(st.mean[c]),
                        std::isnan(st.p90[c]) ? "" : format_significant(st.p90[c]),
                        format_significant(st.flux_g[c] / 1e6), cls_name(st.cls[c])});
      rows.push_back({st.id, st.river, st.from, st.to, "all", "", "", "", cls_name(st.worst)});
    }
  sec.table.header = sections_header(lang);
  sec.table.rows = rows;
  out.push_back(sec);

  ReportInput::Section mouths;
  mouths.title = tr("river_mouths", lang);
  mouths.csv_name = "river_mouths";
  mouths.text = tr("river_mouths_text", lang);
  for (const char* k : {"col.mouth", "col.constituent", "col.load_t", "col.water_m3"})
    mouths.table.header.push_back(tr(k, lang));
  for (std::size_t m = 0; m < mouths_.size(); ++m)
    for (std::size_t c = 0; c < nc; ++c)
      mouths.table.rows.push_back({mouths_[m], names_[c], format_significant(delivered_g_[m * nc + c] / 1e6, 6),
                                   format_significant(delivered_w_[m], 6)});
  out.push_back(mouths);
  return out;
}

void ScenarioLoads::write_outputs(const std::string& run_dir) const {
  if (!river_) return;
  const std::string dir = run_dir + "/rivers";
  prepare_output_dir(dir);
  const std::size_t nc = names_.size();
  auto cls_name = [&](int c) {
    return c < 0 || !river_standard_ ? std::string() : river_standard_->class_name(c, "en");
  };
  auto num = [](double v) {
    std::ostringstream o;
    o.precision(10);
    if (!std::isnan(v)) o << v;
    return o.str();
  };
  std::vector<std::vector<std::string>> rows;
  for (const auto& st : section_stats()) {
    for (std::size_t c = 0; c < nc; ++c)
      rows.push_back({st.id, st.river, st.from, st.to, names_[c], num(st.mean[c]), num(st.p90[c]),
                      num(st.flux_g[c] / 1e6), cls_name(st.cls[c])});
    rows.push_back({st.id, st.river, st.from, st.to, "all", "", "", "", cls_name(st.worst)});
  }
  write_csv(dir + "/sections.csv", Table{sections_header("en"), rows});
  Table mt;
  mt.header = {"mouth", "constituent", "load_t", "water_m3"};
  for (std::size_t m = 0; m < mouths_.size(); ++m)
    for (std::size_t c = 0; c < nc; ++c) {
      std::ostringstream l, w;
      l.precision(17);
      w.precision(17);
      l << delivered_g_[m * nc + c] / 1e6;
      w << delivered_w_[m];
      mt.rows.push_back({mouths_[m], names_[c], l.str(), w.str()});
    }
  write_csv(dir + "/mouths.csv", mt);
}

}  // namespace beibu
