#include "scenario_loads.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "ingest/projection.hpp"
#include "mesh/face_locator.hpp"
#include "mesh/mesh.hpp"
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
    const Source& src = s.sources[static_cast<std::size_t>(comps[i].source)];
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
  const Source& src = s.sources[static_cast<std::size_t>(c.source)];
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
                             TransportConfig& tc, TagBy tag_by)
    : s_(s), names_(constituents), comps_(load_components(s)), first_feed_(tc.sources.size()) {
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
      const Source& src = s.sources[static_cast<std::size_t>(lc.source)];
      PointSourceSpec ps;
      ps.name = src.id + "/" + lc.sector + (pc.cells.size() > 1 ? "#" + std::to_string(face) : "");
      ps.tag = tag_of(s, lc, tag_by == TagBy::none ? TagBy::sector : tag_by);
      ps.by_cell = true;
      ps.cell = face;
      for (const auto& n : names_) ps.load.emplace_back(n, 0.0);
      tc.sources.push_back(ps);
      feeds_.push_back({pc.component, frac});
    }
}

std::vector<hydro::RiverSpec> ScenarioLoads::discharges(double t_epoch, double T) const {
  Projection proj;
  std::vector<hydro::RiverSpec> rivers;
  for (const auto& src : s_.sources) {
    if (!src.flow_m3s) continue;
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
  return rivers;
}

void ScenarioLoads::apply(TransportModel& model, double t_abs, double dt) {
  const double t_mid = t_abs + 0.5 * dt;
  for (std::size_t i = 0; i < feeds_.size(); ++i) {
    const LoadComponent& lc = comps_[static_cast<std::size_t>(feeds_[i].component)];
    for (const auto& n : names_)
      model.set_source_load(first_feed_ + i, n, feeds_[i].fraction * controlled_load(s_, lc, n, t_mid));
  }
}

std::vector<double> ScenarioLoads::state() const { return {}; }

void ScenarioLoads::restore(const std::vector<double>& state) {
  if (!state.empty()) throw Failure("checkpoint holds source state this scenario does not have");
}

}  // namespace beibu
