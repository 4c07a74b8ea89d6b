#include "scenarios/run/river_coupling.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "ingest/projection.hpp"
#include "ingest/vector_layer.hpp"
#include "mesh/face_locator.hpp"
#include "mesh/inflow_footprint.hpp"
#include "mesh/mesh.hpp"
#include "scenarios/compliance/compliance.hpp"
#include "solver/transport/transport_model.hpp"

namespace beibu {

RiverCoupling::RiverCoupling(const Scenario& s, const Mesh& mesh, const std::vector<std::string>& constituents,
                             const std::vector<LoadComponent>& comps, const TransportConfig& tc, bool tagged,
                             const std::vector<std::string>& groups, const std::vector<int>& comp_group,
                             const AddSource& add_source)
    : s_(s),
      names_(constituents),
      comps_(comps),
      comp_group_(comp_group),
      where_net_("line " + std::to_string(s.river_network->line) + " (river_network)") {
  load_network(tc);
  locate_mouths();
  check_no_coastal_duplicate();
  // Tagged copies: one river model per group, each fed only by its group's inputs.
  if (tagged) {
    groups_per_mouth_ = groups.size();
    for (std::size_t g = 0; g < groups.size(); ++g) by_group_.push_back(std::make_unique<rivers::RiverModel>(*river_));
  }
  place_mouths(mesh, groups, add_source);
  set_up_assessment();
}

RiverCoupling::~RiverCoupling() = default;

// The network file with the scenario's inputs: the gulf's constituents and kinetics,
// the scenario's sources on reaches in place of the file's stations and point sources.
void RiverCoupling::load_network(const TransportConfig& tc) {
  const Scenario& s = s_;
  // The river carries the gulf's constituents with the gulf's kinetics.
  const std::size_t nc = names_.size();
  std::vector<rivers::RiverConstituent> rc;
  for (const auto& n : names_) {
    constituents_.push_back(constituent_handle(tc, n));
    const ConstituentSpec* cs = &tc.constituents[constituents_.back().index];
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
    throw InputError(s.file, where_net_,
                     e.problem() + " in " + e.file() +
                         ": give that reach a source of kind river with its `reach`, or set river_network: none");
  }
}

// Mouth cells: the mouth point of the network's rivers file (as coastal river
// sources use), else the downstream end of the river.
void RiverCoupling::locate_mouths() {
  const rivers::RiverNetwork& net = river_->network();
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
}

// A scenario that still names one of these mouths as a coastal river source would count that river twice.
void RiverCoupling::check_no_coastal_duplicate() const {
  const Scenario& s = s_;
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
}

// The largest discharge each mouth can deliver: the sum over the inputs upstream of it
// of the largest flow each takes (what sizes the mouth's footprint).
std::vector<double> RiverCoupling::largest_mouth_discharge() const {
  const rivers::RiverNetwork& net = river_->network();
  std::vector<double> q(mouths_.size(), 0.0);
  auto add = [&](const std::vector<int>& srcs, const std::vector<int>& seg) {
    for (std::size_t i = 0; i < srcs.size(); ++i) {
      const ScenarioSource& src = s_.sources[static_cast<std::size_t>(srcs[i])];
      const int m = net.system[static_cast<std::size_t>(seg[i])];
      if (src.flow_m3s && m >= 0) q[static_cast<std::size_t>(m)] += std::max(0.0, src.flow_m3s->max_value());
    }
  };
  add(inflow_src_, net.inflow_seg);
  add(point_src_, net.source_seg);
  return q;
}

// Each mouth enters the gulf over its footprint (mesh/inflow_footprint.hpp): the
// cells that hold an hour of its largest discharge, its water and mass shared alike.
void RiverCoupling::place_mouths(const Mesh& mesh, const std::vector<std::string>& groups,
                                 const AddSource& add_source) {
  const FaceLocator loc(mesh);
  q_max_ = largest_mouth_discharge();
  mouth_cells_.assign(mouths_.size(), {});
  for (std::size_t m = 0; m < mouths_.size(); ++m) {
    mouth_cells_[m] = inflow_cells(mesh, loc, mouth_x_[m], mouth_y_[m], q_max_[m]);
    if (mouth_cells_[m].empty())
      throw InputError(s_.river_network->file, "mouth '" + mouths_[m] + "'",
                       "the river mouth lies more than 3 km outside the mesh");
    for (std::size_t g = 0; g < groups_per_mouth_; ++g) {
      PointSourceSpec ps;
      ps.name = "river:" + mouths_[m] + (by_group_.empty() ? "" : "@" + groups[g]);
      ps.tag = by_group_.empty() ? "" : groups[g];
      ps.cells = mouth_cells_[m];
      for (const auto& n : names_) ps.load.emplace_back(n, 0.0);
      mouth_sources_.push_back(add_source(std::move(ps)));
    }
  }
  delivered_g_.assign(mouths_.size() * names_.size(), 0.0);
  delivered_w_.assign(mouths_.size(), 0.0);
  discharge_.assign(mouths_.size(), 0.0);
}

// GB 3838 assessment at river sections: the scenario's `assess` map, else
// every constituent that has the name of a parameter of the river standard.
void RiverCoupling::set_up_assessment() {
  const Scenario& s = s_;
  const std::size_t nc = names_.size();
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
          throw InputError(s.file, where_net_,
                           "assess: '" + param + "' is not a parameter of " + s.river_standard_file);
        if (it != names_.end()) assess_[static_cast<std::size_t>(it - names_.begin())] = p;
      }
    }
  } else if (!s.river_network->assess.empty()) {
    throw InputError(s.file, where_net_, "river_network.assess needs outputs.river_standard");
  }
}

rivers::RiverModel::Inputs RiverCoupling::river_inputs(double t, int group) const {
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

std::vector<hydro::RiverSpec> RiverCoupling::mouth_inflows() const {
  std::vector<hydro::RiverSpec> out(mouths_.size());
  for (std::size_t m = 0; m < mouths_.size(); ++m) {
    out[m].name = "river:" + mouths_[m];
    out[m].x = mouth_x_[m];
    out[m].y = mouth_y_[m];
    out[m].discharge = hydro::DischargeSeries{{0.0}, {0.0}};  // until the first apply()
    out[m].cells = mouth_cells_[m];
  }
  return out;
}

void RiverCoupling::apply(TransportModel& model, double t_abs, double dt) {
  const double t_mid = t_abs + 0.5 * dt;
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
  // load = mass / dt and discharge = water / dt, so the gulf receives exactly both.
  for (std::size_t m = 0; m < mouths_.size(); ++m) {
    const double water = river_->mouth_outflow(mouths_[m]).volume_m3;
    delivered_w_[m] += water;
    discharge_[m] = water / dt;
    for (std::size_t g = 0; g < groups_per_mouth_; ++g) {
      const rivers::FaceTotal& o = (by_group_.empty() ? *river_ : *by_group_[g]).mouth_outflow(mouths_[m]);
      for (std::size_t c = 0; c < nc; ++c) {
        model.set_source_load(mouth_source(m, g), constituents_[c], o.mass_g[c] / dt);
        delivered_g_[m * nc + c] += o.mass_g[c];
      }
    }
  }
}

std::vector<double> RiverCoupling::state() const {
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

void RiverCoupling::restore(const std::vector<double>& state) {
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

std::vector<RiverCoupling::SectionStat> RiverCoupling::section_stats() const {
  std::vector<SectionStat> out;
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

std::vector<ReportInput::Section> RiverCoupling::report_sections(const std::string& lang) const {
  std::vector<ReportInput::Section> out;
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

void RiverCoupling::write_outputs(const std::string& run_dir) const {
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
  // The class as its name and as the one class coding of every product (class_code).
  auto code = [&](int c) { return river_standard_ ? std::to_string(class_code(c)) : std::string(); };
  std::vector<std::vector<std::string>> rows;
  for (const auto& st : section_stats()) {
    for (std::size_t c = 0; c < nc; ++c)
      rows.push_back({st.id, st.river, st.from, st.to, names_[c], num(st.mean[c]), num(st.p90[c]),
                      num(st.flux_g[c] / 1e6), cls_name(st.cls[c]), code(st.cls[c])});
    rows.push_back({st.id, st.river, st.from, st.to, "all", "", "", "", cls_name(st.worst), code(st.worst)});
  }
  std::vector<std::string> header = sections_header("en");
  header.push_back("class_code");
  write_csv(dir + "/sections.csv", Table{header, rows});
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
