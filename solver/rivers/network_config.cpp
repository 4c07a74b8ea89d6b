#include <filesystem>

#include "core/config.hpp"
#include "core/error.hpp"
#include "ingest/projection.hpp"
#include "network_spec.hpp"

namespace beibu::rivers {

namespace {

Origin origin_of(const Config& c, const std::string& kind, size_t i, const std::string& id) {
  return {c.file(), "line " + std::to_string(c.line()) + " (" + kind + "[" + std::to_string(i) + "] '" + id + "')"};
}

struct PointReader {
  const Projection& proj;
  bool wgs84;
  void operator()(const Config& c, double& x, double& y) const {
    const auto v = c.as_doubles();
    if (v.size() != 2) c.fail("expected a point [x, y] (lon, lat with crs: wgs84)");
    if (wgs84 && (v[0] < -180 || v[0] > 180 || v[1] < -90 || v[1] > 90))
      c.fail("not a lon/lat point; use crs: model for metres");
    x = v[0];
    y = v[1];
    if (wgs84) proj.forward(v[0], v[1], x, y);
  }
};

ConstituentSeries read_constituent_map(const Config& c, const std::vector<RiverConstituent>& cs,
                                       const std::string& wet_months) {
  ConstituentSeries out(cs.size(), Series::constant(0.0));
  if (!c.is_map()) c.fail("expected a mapping from constituent name to value");
  for (const auto& key : c.keys()) {
    const int k = find_constituent(cs, key);
    if (k < 0) c.at(key).fail("unknown constituent '" + key + "' (not in constituents)");
    out[k] = read_series(c.at(key), wet_months, true);
  }
  return out;
}

// Errors inside an item's values also name the item (its id and line).
template <class F>
auto in_item(const Origin& o, F f) {
  try {
    return f();
  } catch (const InputError& e) {
    throw InputError(e.file(), e.where() + " in " + o.where, e.problem());
  }
}

HydraulicGeometry read_geometry(const Config& c, HydraulicGeometry g) {
  c.check_keys({"a", "b", "c", "f", "width_m", "depth_m"});
  g.a = c.get("a", g.a);
  g.b = c.get("b", g.b);
  g.c = c.get("c", g.c);
  g.f = c.get("f", g.f);
  g.width_m = c.get("width_m", 0.0);
  g.depth_m = c.get("depth_m", 0.0);
  if (g.a <= 0 || g.c <= 0) c.fail("coefficients a and c must be > 0");
  if ((g.width_m > 0) != (g.depth_m > 0)) c.fail("a fixed section needs both width_m and depth_m > 0");
  return g;
}

std::string resolve(const Config& root, const std::string& key) {
  if (!root.has(key)) return {};
  std::filesystem::path p = root.at(key).as_string();
  if (p.is_relative()) p = std::filesystem::path(root.file()).parent_path() / p;
  return p.string();
}

// The blocks of a network file, each read into `s` (after the blocks before it).
void read_constituents(const Config& root, NetworkSpec& s) {
  for (const auto& c : root.at("constituents").items()) {
    c.check_keys({"name", "decay_k20", "theta", "settling_velocity"});
    RiverConstituent k;
    k.name = c.at("name").as_string();
    k.decay_k20 = c.get("decay_k20", 0.0);
    k.theta = c.get("theta", 1.0);
    k.settling_velocity = c.get("settling_velocity", 0.0);
    if (k.decay_k20 < 0 || k.settling_velocity < 0 || k.theta <= 0)
      c.fail("decay_k20 and settling_velocity must be >= 0 and theta > 0");
    if (find_constituent(s.constituents, k.name) >= 0) c.fail("constituent '" + k.name + "' given twice");
    s.constituents.push_back(k);
  }
}

void read_oxygen(const Config& o, NetworkSpec& s) {
  o.check_keys({"bod", "deficit", "reaeration", "theta_a"});
  s.oxygen.bod = find_constituent(s.constituents, o.at("bod").as_string());
  s.oxygen.deficit = find_constituent(s.constituents, o.at("deficit").as_string());
  if (s.oxygen.bod < 0 || s.oxygen.deficit < 0 || s.oxygen.bod == s.oxygen.deficit)
    o.fail("bod and deficit must name two different constituents");
  const auto& def = s.constituents[s.oxygen.deficit];
  if (def.decay_k20 != 0 || def.settling_velocity != 0)
    o.at("deficit").fail("the oxygen deficit is removed by reaeration only: give it no decay_k20 or settling_velocity");
  const Config ka = o.at("reaeration");
  if (ka.as_string() == "oconnor_dobbins") {
    s.oxygen.oconnor_dobbins = true;
  } else {
    s.oxygen.oconnor_dobbins = false;
    s.oxygen.ka20_per_day = ka.as_double();
    if (s.oxygen.ka20_per_day <= 0) ka.fail("reaeration must be 'oconnor_dobbins' or a rate > 0 (1/day)");
  }
  s.oxygen.theta_a = o.get("theta_a", 1.024);
}

void read_reaches(const Config& root, const PointReader& point, const HydraulicGeometry& geo, double seg_len,
                  NetworkSpec& s) {
  const auto reaches = root.at("reaches").items();
  for (size_t i = 0; i < reaches.size(); ++i) {
    const Config& c = reaches[i];
    c.check_keys({"id", "name", "points", "to", "jurisdiction", "hydraulic_geometry", "segment_length_m", "note"});
    ReachSpec r;
    r.id = c.at("id").as_string();
    r.origin = origin_of(c, "reaches", i, r.id);
    for (const auto& p : c.at("points").items()) {
      double x, y;
      point(p, x, y);
      r.x.push_back(x);
      r.y.push_back(y);
    }
    if (r.x.size() < 2) c.at("points").fail("a reach needs at least 2 points");
    const Config to = c.at("to");
    to.check_keys({"mouth", "reach", "at"});
    if (to.has("mouth") == to.has("reach")) to.fail("give exactly one of 'mouth' (a river mouth id) or 'reach'");
    if (to.has("mouth")) r.to_mouth = to.at("mouth").as_string();
    if (to.has("reach")) r.to_reach = to.at("reach").as_string();
    if (to.has("at")) {
      r.join_given = true;
      point(to.at("at"), r.join_x, r.join_y);
    }
    r.jurisdiction = c.get("jurisdiction", std::string());
    r.geometry = c.has("hydraulic_geometry") ? read_geometry(c.at("hydraulic_geometry"), geo) : geo;
    if (s.kinematic_wave && r.geometry.width_m > 0)
      c.at("hydraulic_geometry").fail("flow: kinematic needs power-law geometry (a, b, c, f), not a fixed section");
    r.segment_length_m = c.get("segment_length_m", seg_len);
    if (r.segment_length_m <= 0) c.at("segment_length_m").fail("must be > 0");
    for (const auto& o : s.reaches)
      if (o.id == r.id) c.fail("reach id '" + r.id + "' given twice");
    s.reaches.push_back(std::move(r));
  }
}

// Upstream stations and diffuse laterals: the same keys, a different place of entry.
template <class Inflow>
std::vector<Inflow> read_inflows(const Config& list, const char* block, const std::string& wet, const NetworkSpec& s) {
  std::vector<Inflow> out;
  const auto items = list.items();
  for (size_t i = 0; i < items.size(); ++i) {
    const Config& c = items[i];
    c.check_keys({"id", "reach", "discharge", "concentration", "note"});
    Inflow f;
    f.id = c.at("id").as_string();
    f.origin = origin_of(c, block, i, f.id);
    f.reach = c.at("reach").as_string();
    f.discharge = in_item(f.origin, [&] { return read_series(c.at("discharge"), wet, true); });
    f.concentration = in_item(f.origin, [&] {
      return c.has("concentration") ? read_constituent_map(c.at("concentration"), s.constituents, wet)
                                    : ConstituentSeries(s.constituents.size(), Series::constant(0.0));
    });
    out.push_back(std::move(f));
  }
  return out;
}

void read_point_sources(const Config& list, const PointReader& point, const std::string& wet, NetworkSpec& s) {
  const auto items = list.items();
  for (size_t i = 0; i < items.size(); ++i) {
    const Config& c = items[i];
    c.check_keys(
        {"id", "reach", "at", "jurisdiction", "sector", "load_kg_d", "load_g_s", "flow_m3s", "concentration", "note"});
    RiverPointSource p;
    p.id = c.at("id").as_string();
    p.origin = origin_of(c, "point_sources", i, p.id);
    p.reach = c.at("reach").as_string();
    point(c.at("at"), p.x, p.y);
    p.jurisdiction = c.at("jurisdiction").as_string();
    p.sector = c.at("sector").as_string();
    p.note = c.get("note", std::string());
    p.flow = in_item(
        p.origin, [&] { return c.has("flow_m3s") ? read_series(c.at("flow_m3s"), wet, true) : Series::constant(0.0); });
    const int forms = c.has("load_kg_d") + c.has("load_g_s") + c.has("concentration");
    if (forms != 1) c.fail("give exactly one of load_kg_d, load_g_s or concentration (with flow_m3s)");
    if (c.has("concentration")) {
      if (!c.has("flow_m3s")) c.fail("concentration needs flow_m3s");
      p.by_concentration = true;
      p.value = in_item(p.origin, [&] { return read_constituent_map(c.at("concentration"), s.constituents, wet); });
    } else if (c.has("load_g_s")) {
      p.value = in_item(p.origin, [&] { return read_constituent_map(c.at("load_g_s"), s.constituents, wet); });
    } else {
      // Loads are given in kg/d at the edge and carried in g/s inside (SI).
      p.value = in_item(p.origin, [&] { return read_constituent_map(c.at("load_kg_d"), s.constituents, wet); });
      for (auto& v : p.value) v = v.scaled(1000.0 / kSecondsPerDay);
    }
    s.sources.push_back(std::move(p));
  }
}

void read_sections(const Config& list, const PointReader& point, NetworkSpec& s) {
  const auto items = list.items();
  for (size_t i = 0; i < items.size(); ++i) {
    const Config& c = items[i];
    c.check_keys({"id", "reach", "at", "upstream_jurisdiction", "downstream_jurisdiction", "note"});
    SectionSpec sec;
    sec.id = c.at("id").as_string();
    sec.origin = origin_of(c, "sections", i, sec.id);
    sec.reach = c.at("reach").as_string();
    point(c.at("at"), sec.x, sec.y);
    sec.upstream_jurisdiction = c.get("upstream_jurisdiction", std::string());
    sec.downstream_jurisdiction = c.get("downstream_jurisdiction", std::string());
    s.sections.push_back(std::move(sec));
  }
}

}  // namespace

NetworkSpec read_network_spec(const Config& root, const Projection& proj) {
  root.check_keys({"crs", "rivers_file", "jurisdictions_file", "segment_length_m", "wet_months", "temperature_c",
                   "dispersion", "cfl", "snap_m", "hydraulic_geometry", "constituents", "reaches", "inflows",
                   "laterals", "point_sources", "sections", "description", "streeter_phelps", "flow"});
  NetworkSpec s;
  s.file = root.file();
  const std::string crs = root.get("crs", std::string("wgs84"));
  if (crs != "wgs84" && crs != "model") root.at("crs").fail("crs must be 'wgs84' (lon/lat) or 'model' (metres)");
  const PointReader point{proj, crs == "wgs84"};
  const std::string wet = root.get("wet_months", std::string("4-9"));
  s.rivers_file = resolve(root, "rivers_file");
  s.jurisdictions_file = resolve(root, "jurisdictions_file");
  const double seg_len = root.get("segment_length_m", 1000.0);
  if (seg_len <= 0) root.at("segment_length_m").fail("must be > 0");
  if (root.has("temperature_c")) s.temperature = read_series(root.at("temperature_c"), wet, false);
  if (root.has("dispersion")) {
    const Config d = root.at("dispersion");
    if (d.as_string() == "fischer") {
      s.fischer_dispersion = true;
    } else {
      s.fischer_dispersion = false;
      s.dispersion_m2s = d.as_double();
      if (s.dispersion_m2s < 0) d.fail("dispersion must be 'fischer' or a coefficient >= 0 (m2/s)");
    }
  }
  const std::string flow = root.get("flow", std::string("steady"));
  if (flow != "steady" && flow != "kinematic")
    root.at("flow").fail("flow must be 'steady' (per time block) or 'kinematic' (kinematic-wave routing)");
  s.kinematic_wave = flow == "kinematic";
  s.cfl = root.get("cfl", 0.9);
  if (s.cfl <= 0 || s.cfl > 1) root.at("cfl").fail("cfl must lie in (0, 1] to keep concentrations positive");
  s.snap_m = root.get("snap_m", 2000.0);
  HydraulicGeometry geo;
  if (root.has("hydraulic_geometry")) geo = read_geometry(root.at("hydraulic_geometry"), geo);

  read_constituents(root, s);
  if (root.has("streeter_phelps")) read_oxygen(root.at("streeter_phelps"), s);
  read_reaches(root, point, geo, seg_len, s);
  if (root.has("inflows")) s.inflows = read_inflows<InflowSpec>(root.at("inflows"), "inflows", wet, s);
  if (root.has("laterals")) s.laterals = read_inflows<LateralSpec>(root.at("laterals"), "laterals", wet, s);
  if (root.has("point_sources")) read_point_sources(root.at("point_sources"), point, wet, s);
  if (root.has("sections")) read_sections(root.at("sections"), point, s);
  return s;
}

}  // namespace beibu::rivers
