#include "scenarios/run/scenario_loads.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "ingest/projection.hpp"
#include "mesh/face_locator.hpp"
#include "mesh/inflow_footprint.hpp"
#include "mesh/mesh.hpp"
#include "solver/hydro/shallow_water.hpp"
#include "solver/transport/transport_model.hpp"

namespace beibu {

namespace {

// A source that brings water straight to the sea (not through the river network).
bool brings_water_to_sea(const ScenarioSource& src) {
  return src.flow_m3s && src.reach.empty();
}

// Where one load component enters: one or more cells (diffuse sources spread by area,
// one point source per cell), or the footprint of a source that brings water (one
// point source over its cells).
struct SourceCells {
  int component;
  std::vector<std::pair<long, double>> cells;  // global face, fraction of the load
  bool footprint = false;
};

// The cells of every source that brings water to the sea (empty for the others): the
// footprint holding an hour of its largest flow, water and mass shared alike.
std::vector<std::vector<std::pair<long, double>>> water_footprints(const Scenario& s, const Mesh& mesh,
                                                                   const FaceLocator& loc) {
  Projection proj;
  std::vector<std::vector<std::pair<long, double>>> out(s.sources.size());
  for (std::size_t i = 0; i < s.sources.size(); ++i) {
    const ScenarioSource& src = s.sources[i];
    if (!brings_water_to_sea(src)) continue;
    double x, y;
    proj.forward(src.lon, src.lat, x, y);
    out[i] = inflow_cells(mesh, loc, x, y, src.flow_m3s->max_value());
    if (out[i].empty())
      throw InputError(s.file, "line " + std::to_string(src.line),
                       "source '" + src.id + "' lies more than 3 km outside the mesh");
  }
  return out;
}

std::vector<SourceCells> cells_of_components(const Scenario& s, const Mesh& mesh, const FaceLocator& loc,
                                             const std::vector<LoadComponent>& comps,
                                             const std::vector<std::vector<std::pair<long, double>>>& footprints) {
  Projection proj;
  std::vector<SourceCells> out;
  for (std::size_t i = 0; i < comps.size(); ++i) {
    const std::size_t si = static_cast<std::size_t>(comps[i].source);
    const ScenarioSource& src = s.sources[si];
    if (!src.reach.empty()) continue;  // enters the river network, which delivers it at a mouth
    double x, y;
    proj.forward(src.lon, src.lat, x, y);
    SourceCells sc{static_cast<int>(i), {}};
    if (!footprints[si].empty()) {
      sc.cells = footprints[si];
      sc.footprint = true;
    } else if (src.kind == SourceKind::diffuse) {
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
                             const TransportConfig& tc, TagBy tag_by)
    : s_(s), names_(constituents), comps_(load_components(s)), tc_(tc) {
  for (const auto& n : names_) constituents_.push_back(constituent_handle(tc_, n));
  tag_groups(tag_by);
  place_components(mesh, tag_by);
  if (!s.river_network) {
    check_reaches_need_network();
    return;
  }
  std::vector<int> comp_group(comps_.size(), -1);
  if (tag_by != TagBy::none)
    for (std::size_t i = 0; i < comps_.size(); ++i)
      comp_group[i] =
          static_cast<int>(std::find(groups_.begin(), groups_.end(), tag_of(s, comps_[i], tag_by)) - groups_.begin());
  river_ = std::make_unique<RiverCoupling>(s, mesh, names_, comps_, tc, tag_by != TagBy::none, groups_, comp_group,
                                           [this](PointSourceSpec ps) { return add_source(std::move(ps)); });
  for (const auto& src : s.sources) first_mouth_ += brings_water_to_sea(src) ? 1 : 0;
}

ScenarioLoads::~ScenarioLoads() = default;

SourceHandle ScenarioLoads::add_source(PointSourceSpec ps) {
  return add_point_source(tc_, std::move(ps));
}

// The tag groups in order of first appearance, and a tagged copy per group of every
// non-conservative constituent.
void ScenarioLoads::tag_groups(TagBy tag_by) {
  if (tag_by == TagBy::none) return;
  for (const auto& c : comps_) {
    const std::string g = tag_of(s_, c, tag_by);
    if (std::find(groups_.begin(), groups_.end(), g) == groups_.end()) groups_.push_back(g);
  }
  for (auto& cs : tc_.constituents)
    if (!cs.conservative)
      for (const auto& g : groups_)
        if (std::find(cs.tags.begin(), cs.tags.end(), g) == cs.tags.end()) cs.tags.push_back(g);
}

// One point source per (component, cell) for the components that enter the sea, or
// one over the footprint of a source that brings water.
void ScenarioLoads::place_components(const Mesh& mesh, TagBy tag_by) {
  const FaceLocator loc(mesh);
  footprints_ = water_footprints(s_, mesh, loc);
  for (const auto& pc : cells_of_components(s_, mesh, loc, comps_, footprints_)) {
    const LoadComponent& lc = comps_[static_cast<std::size_t>(pc.component)];
    const ScenarioSource& src = s_.sources[static_cast<std::size_t>(lc.source)];
    auto spec = [&](const std::string& suffix) {
      PointSourceSpec ps;
      ps.name = src.id + "/" + lc.sector + suffix;
      ps.tag = tag_of(s_, lc, tag_by == TagBy::none ? TagBy::sector : tag_by);
      for (const auto& n : names_) ps.load.emplace_back(n, 0.0);
      return ps;
    };
    if (pc.footprint) {
      PointSourceSpec ps = spec("");
      ps.cells = pc.cells;
      feeds_.push_back({pc.component, 1.0, add_source(std::move(ps))});
      continue;
    }
    for (const auto& [face, frac] : pc.cells) {
      PointSourceSpec ps = spec(pc.cells.size() > 1 ? "#" + std::to_string(face) : "");
      ps.by_cell = true;
      ps.cell = face;
      feeds_.push_back({pc.component, frac, add_source(std::move(ps))});
    }
  }
}

void ScenarioLoads::check_reaches_need_network() const {
  for (const auto& src : s_.sources)
    if (!src.reach.empty())
      throw InputError(s_.file, "line " + std::to_string(src.line),
                       "source '" + src.id + "' names a reach but the scenario has no river_network");
}

std::vector<hydro::RiverSpec> ScenarioLoads::discharges(double t_epoch, double T) const {
  Projection proj;
  std::vector<hydro::RiverSpec> rivers;
  for (std::size_t i = 0; i < s_.sources.size(); ++i) {
    const ScenarioSource& src = s_.sources[i];
    if (!brings_water_to_sea(src)) continue;
    hydro::RiverSpec r;
    r.name = src.id;
    r.cells = footprints_[i];
    proj.forward(src.lon, src.lat, r.x, r.y);
    // Daily samples of the (monthly or tabulated) flow over the run.
    for (double t = 0; t <= T + 86400.0; t += 86400.0) {
      r.discharge.t.push_back(t);
      r.discharge.q.push_back(src.flow_m3s->at(t_epoch + t));
    }
    rivers.push_back(r);
  }
  if (river_)
    for (auto& r : river_->mouth_inflows()) rivers.push_back(std::move(r));
  return rivers;
}

void ScenarioLoads::apply(TransportModel& model, hydro::ShallowWaterModel* water, double t_abs, double dt) {
  const double t_mid = t_abs + 0.5 * dt;
  for (const Feed& f : feeds_) {
    const LoadComponent& lc = comps_[static_cast<std::size_t>(f.component)];
    for (std::size_t c = 0; c < names_.size(); ++c)
      model.set_source_load(f.source, constituents_[c], f.fraction * controlled_load(s_, lc, names_[c], t_mid));
  }
  if (!river_) return;
  river_->apply(model, t_abs, dt);
  if (water)
    for (std::size_t m = 0; m < river_->mouth_discharge().size(); ++m)
      water->set_river_discharge(first_mouth_ + m, river_->mouth_discharge()[m]);
}

std::vector<std::string> ScenarioLoads::describe_inflows() const {
  std::vector<std::string> out;
  auto line = [&](const std::string& name, double q, const std::vector<std::pair<long, double>>& cells) {
    std::ostringstream os;
    os << "inflow " << name << " enters " << cells.size() << " cell(s), which hold an hour of its largest discharge ("
       << q << " m3/s) at mean sea level";
    out.push_back(os.str());
  };
  for (std::size_t i = 0; i < s_.sources.size(); ++i)
    if (!footprints_[i].empty()) line(s_.sources[i].id, s_.sources[i].flow_m3s->max_value(), footprints_[i]);
  if (river_)
    for (std::size_t m = 0; m < river_->mouths().size(); ++m)
      line("river:" + river_->mouths()[m], river_->mouth_largest_discharge()[m], river_->mouth_cells()[m]);
  return out;
}

std::vector<double> ScenarioLoads::state() const {
  return river_ ? river_->state() : std::vector<double>{};
}

void ScenarioLoads::restore(const std::vector<double>& state) {
  if (river_)
    river_->restore(state);
  else if (!state.empty())
    throw Failure("checkpoint holds source state this scenario does not have");
}

std::vector<ReportInput::Section> ScenarioLoads::report_sections(const std::string& lang) const {
  return river_ ? river_->report_sections(lang) : std::vector<ReportInput::Section>{};
}

void ScenarioLoads::write_outputs(const std::string& run_dir) const {
  if (river_) river_->write_outputs(run_dir);
}

}  // namespace beibu
