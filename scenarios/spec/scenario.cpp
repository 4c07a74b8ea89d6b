#include "scenarios/spec/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "core/error.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/projection.hpp"
#include "ingest/vector_layer.hpp"

namespace beibu {

namespace fs = std::filesystem;

const std::vector<std::string>& known_sectors() {
  static const std::vector<std::string> s{"industry", "municipal", "agriculture", "aquaculture", "port", "natural"};
  return s;
}

const std::vector<std::string>& known_jurisdictions() {
  static const std::vector<std::string> j{"CN.GX", "CN.GD", "CN.HI", "VN"};
  return j;
}

double load_to_gs(double v, const std::string& u) {
  if (u == "g/s") return v;
  if (u == "kg/d") return v * 1000.0 / 86400.0;
  if (u == "t/d") return v * 1e6 / 86400.0;
  if (u == "t/yr" || u == "t/a") return v * 1e6 / kSecondsPerYear;
  throw std::invalid_argument("unknown load unit '" + u + "' (expected g/s, kg/d, t/d or t/yr)");
}

std::string sanitise_name(const std::string& name) {
  std::string out;
  for (char c : name)
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  if (out.empty() || out[0] == '.') out = "_" + out;
  return out;
}

namespace {

std::string resolve(const Config& c, const std::string& base) {
  fs::path p(c.as_string());
  return (p.is_absolute() ? p : fs::path(base) / p).lexically_normal().string();
}

double parse_time(const Config& c) {
  try {
    return parse_iso8601(c.as_string(), 0.0);  // dates without an offset are UTC
  } catch (const std::invalid_argument& e) {
    c.fail(std::string("expected an ISO 8601 date or time: ") + e.what());
  }
}

template <class T>
bool contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string list(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

Period parse_period(const Config& c) {
  c.check_keys({"season", "year", "start", "end", "spinup_days"});
  Period p;
  if (c.has("season")) {
    p.season = c.at("season").as_string();
    if (p.season != "wet" && p.season != "dry")
      c.at("season").fail("expected 'wet' (SW monsoon, May-Oct) or 'dry' (NE monsoon, Nov-Apr)");
    if (c.has("start") || c.has("end")) c.fail("give either a season and year, or start and end dates");
    const long year = c.at("year").as_int(Range::whole(1900, 2200));
    DateTime a, b;
    if (p.season == "wet") {
      a = {year, 5, 1, 0, 0, 0};
      b = {year, 11, 1, 0, 0, 0};
    } else {  // the dry season that starts in November of `year`
      a = {year, 11, 1, 0, 0, 0};
      b = {year + 1, 5, 1, 0, 0, 0};
    }
    p.start = to_model_time(a, Calendar::standard);
    p.end = to_model_time(b, Calendar::standard);
  } else {
    p.start = parse_time(c.at("start"));
    p.end = parse_time(c.at("end"));
    if (p.end <= p.start) c.at("end").fail("must be after start");
  }
  if (p.end - p.start > 2 * 366 * 86400.0) c.fail("periods longer than two years are not supported in one run");
  const double spin = c.get("spinup_days", 0.0, Range::non_negative(365));
  p.spinup_s = spin * 86400.0;
  return p;
}

ScenarioSource parse_source(const Config& c, const std::map<std::string, PointFeature>& mouths,
                            const std::string& mouths_file) {
  c.check_keys({"id", "name", "name_zh", "kind", "river", "reach", "lon", "lat", "radius_km", "jurisdiction", "sector",
                "sectors", "flow_m3s", "concentration", "load"});
  ScenarioSource s;
  s.line = c.line();
  s.id = c.at("id").as_string();
  if (s.id.empty() || sanitise_name(s.id) != s.id) c.at("id").fail("use letters, digits, '-', '_' or '.' only");
  s.name = c.get("name", s.id);
  s.name_zh = c.get("name_zh", s.name);
  const std::string kind = c.at("kind").as_string();
  if (kind == "river")
    s.kind = SourceKind::river;
  else if (kind == "outfall")
    s.kind = SourceKind::outfall;
  else if (kind == "diffuse")
    s.kind = SourceKind::diffuse;
  else
    c.at("kind").fail("expected river, outfall or diffuse");

  if (c.has("reach")) {
    // Enters the river network: a river at the head of its reach, an outfall along it.
    s.reach = c.at("reach").as_string();
    if (s.kind == SourceKind::diffuse) c.at("reach").fail("a diffuse source cannot enter a river reach");
    if (c.has("river")) c.fail("give either 'reach' (the source enters the river network) or 'river' (a mouth)");
    if (s.kind == SourceKind::river && (c.has("lon") || c.has("lat")))
      c.fail("a river source on a reach enters at the reach head: give no lon/lat");
  }
  if (!s.reach.empty() && s.kind == SourceKind::river) {
    // Placed at the head of its reach by the network.
  } else if (c.has("river")) {
    const std::string r = c.at("river").as_string();
    auto it = mouths.find(r);
    if (it == mouths.end()) {
      std::vector<std::string> ids;
      for (const auto& m : mouths) ids.push_back(m.first);
      c.at("river").fail("unknown river mouth '" + r + "' in " + mouths_file + " (known: " + list(ids) + ")");
    }
    s.lon = it->second.lon;
    s.lat = it->second.lat;
    if (c.has("lon") || c.has("lat")) c.fail("give either 'river' or 'lon'/'lat', not both");
  } else {
    read_lon_lat(c, s.lon, s.lat);
  }
  if (s.kind == SourceKind::diffuse) {
    s.radius_m = c.at("radius_km").as_double(Range::positive(200)) * 1000.0;
  } else if (c.has("radius_km")) {
    c.at("radius_km").fail("only diffuse sources have a radius");
  }

  s.jurisdiction = c.at("jurisdiction").as_string();
  if (!contains(known_jurisdictions(), s.jurisdiction))
    c.at("jurisdiction")
        .fail("unknown jurisdiction '" + s.jurisdiction + "' (expected one of " + list(known_jurisdictions()) + ")");
  if (c.has("sector") == c.has("sectors")) c.fail("give exactly one of 'sector' or 'sectors' (shares summing to 1)");
  if (c.has("sector")) {
    const std::string sec = c.at("sector").as_string();
    if (!contains(known_sectors(), sec))
      c.at("sector").fail("unknown sector '" + sec + "' (expected one of " + list(known_sectors()) + ")");
    s.sector_share[sec] = 1.0;
  } else {
    const Config sh = c.at("sectors");
    double sum = 0;
    for (const std::string& sec : sh.keys()) {
      if (!contains(known_sectors(), sec))
        sh.at(sec).fail("unknown sector '" + sec + "' (expected one of " + list(known_sectors()) + ")");
      const double v = sh.at(sec).as_double(Range::positive(1));
      s.sector_share[sec] = v;
      sum += v;
    }
    if (std::fabs(sum - 1) > 1e-6) sh.fail("shares must sum to 1 (they sum to " + std::to_string(sum) + ")");
  }

  if (c.has("flow_m3s")) s.flow_m3s = parse_series(c.at("flow_m3s"));
  if (s.kind == SourceKind::river && !s.flow_m3s) c.fail("a river source needs flow_m3s");
  if (c.has("concentration")) {
    if (!s.flow_m3s) c.at("concentration").fail("concentrations need flow_m3s (or give loads instead)");
    const Config cc = c.at("concentration");
    for (const std::string& k : cc.keys()) s.concentration[k] = parse_series(cc.at(k));
  }
  if (c.has("load")) {
    const Config ll = c.at("load");
    for (const std::string& k : ll.keys()) {
      const Config one = ll.at(k);
      one.check_keys({"value", "units"});
      if (s.concentration.count(k)) one.fail("constituent '" + k + "' has both a concentration and a load");
      const std::string units = one.at("units").as_string();
      double f;
      try {
        f = load_to_gs(1.0, units);
      } catch (const std::invalid_argument& e) {
        one.at("units").fail(e.what());
      }
      s.load_gs[k] = parse_series(one.at("value")).scaled(f);
    }
  }
  if (s.concentration.empty() && s.load_gs.empty() && !s.flow_m3s)
    c.fail("a source needs a flow, concentrations or loads");
  return s;
}

Control parse_control(const Config& c, const std::vector<ScenarioSource>& sources) {
  c.check_keys({"name", "jurisdiction", "sector", "source", "constituent", "reduce_percent", "cap", "from"});
  Control k;
  k.line = c.line();
  k.name = c.get("name", std::string("control at line ") + std::to_string(k.line));
  k.jurisdiction = c.get("jurisdiction", std::string());
  k.source = c.get("source", std::string());
  k.constituent = c.get("constituent", std::string());
  if (!k.jurisdiction.empty() && !contains(known_jurisdictions(), k.jurisdiction))
    c.at("jurisdiction")
        .fail("unknown jurisdiction '" + k.jurisdiction + "' (expected one of " + list(known_jurisdictions()) + ")");
  if (c.has("sector")) {
    const Config sc = c.at("sector");
    if (sc.is_sequence())
      for (const Config& x : sc.items()) k.sectors.push_back(x.as_string());
    else
      k.sectors.push_back(sc.as_string());
    for (const auto& sec : k.sectors)
      if (!contains(known_sectors(), sec))
        sc.fail("unknown sector '" + sec + "' (expected one of " + list(known_sectors()) + ")");
  }
  if (c.has("reduce_percent") == c.has("cap")) c.fail("give exactly one of reduce_percent or cap");
  if (c.has("reduce_percent")) {
    const double r = c.at("reduce_percent").as_double(Range::closed(0, 100));
    k.reduce_fraction = r / 100.0;
  } else {
    const Config cap = c.at("cap");
    cap.check_keys({"value", "units"});
    const double v = cap.at("value").as_double(Range::non_negative());
    try {
      k.cap_gs = load_to_gs(v, cap.at("units").as_string());
    } catch (const std::invalid_argument& e) {
      cap.at("units").fail(e.what());
    }
  }
  if (c.has("from")) k.from = parse_time(c.at("from"));
  // A control that matches nothing is almost always a typo.
  bool any = false;
  for (const auto& s : sources) {
    if (!k.source.empty() && s.id != k.source) continue;
    if (!k.jurisdiction.empty() && s.jurisdiction != k.jurisdiction) continue;
    bool sector_ok = k.sectors.empty();
    for (const auto& sec : k.sectors) sector_ok = sector_ok || s.sector_share.count(sec) > 0;
    if (!sector_ok) continue;
    any = true;
  }
  if (!any) c.fail("control '" + k.name + "' matches no source (check source, jurisdiction and sector)");
  return k;
}

Scenario parse(const Config& root, const std::string& path, int depth);

// `water_temperature: 25` (degC) or `{file: F, variable: V, vertical: surface|depth_average}`.
WaterTemperature parse_water_temperature(const Config& c, const std::string& base) {
  WaterTemperature w;
  w.given = true;
  w.key_file = c.file();
  w.line = c.line();
  if (!c.is_map()) {
    w.constant_c = c.as_double(Range::closed(kWaterTemperatureMin, kWaterTemperatureMax));
    return w;
  }
  w.field = parse_field_source(c, base, Vertical::surface);
  return w;
}

Scenario parse(const Config& root, const std::string& path, int depth) {
  root.check_keys({"name", "title", "title_zh", "description", "extends", "period", "mesh", "hydrodynamics",
                   "transport", "water_temperature", "river_mouths", "river_network", "sources", "controls",
                   "outputs"});
  const std::string base = fs::path(path).parent_path().string();
  Scenario s;
  std::optional<Scenario> parent;
  if (root.has("extends")) {
    if (depth > 8) root.at("extends").fail("extends nests too deeply (a cycle?)");
    const std::string pf = resolve(root.at("extends"), base);
    parent = parse(Config::load_file(pf), pf, depth + 1);
    s = *parent;
  }
  s.file = path;
  if (!parent || root.has("name")) s.name = root.at("name").as_string();
  if (sanitise_name(s.name) != s.name) root.at("name").fail("use letters, digits, '-', '_' or '.' only");
  s.title = root.get("title", parent && !root.has("name") ? s.title : s.name);
  s.title_zh = root.get("title_zh", s.title);
  s.description = root.get("description", parent ? s.description : std::string());
  if (root.has("period"))
    s.period = parse_period(root.at("period"));
  else if (!parent)
    root.at("period");  // missing: error naming the key
  if (root.has("mesh")) {
    const Config m = root.at("mesh");
    m.check_keys({"config", "file"});
    if (m.has("config") == m.has("file")) m.fail("give exactly one of 'config' (mesh YAML) or 'file' (UGRID mesh)");
    s.mesh_config = m.has("config") ? resolve(m.at("config"), base) : "";
    s.mesh_file = m.has("file") ? resolve(m.at("file"), base) : "";
  } else if (!parent) {
    root.at("mesh");
  }
  if (root.has("hydrodynamics")) {
    s.hydrodynamics = root.at("hydrodynamics");
    s.hydrodynamics_dir = base;
  }
  if (root.has("transport")) s.transport = root.at("transport");
  if (root.has("water_temperature")) s.water_temperature = parse_water_temperature(root.at("water_temperature"), base);

  if (root.has("river_network") && !root.at("river_network").is_map()) {
    // `river_network: none` drops a parent's network (its rivers then need mouth sources).
    if (root.at("river_network").as_string() != "none")
      root.at("river_network").fail("expected {file: network.yaml[, assess: {...}]} or 'none'");
    s.river_network.reset();
  } else if (root.has("river_network")) {
    const Config rn = root.at("river_network");
    rn.check_keys({"file", "assess"});
    RiverNetworkUse u;
    u.line = rn.line();
    u.file = resolve(rn.at("file"), base);
    if (!fs::exists(u.file)) rn.at("file").fail("no such file: " + u.file);
    if (rn.has("assess")) {
      const Config a = rn.at("assess");
      for (const std::string& k : a.keys()) u.assess.emplace_back(k, a.at(k).as_string());
    }
    s.river_network = u;
  }
  if (root.has("sources")) {
    std::map<std::string, PointFeature> mouths;
    std::string mouths_file;
    if (root.has("river_mouths")) {
      mouths_file = resolve(root.at("river_mouths"), base);
      Projection proj;
      for (const auto& p : read_vector(mouths_file, proj).points)
        mouths[p.props.count("id") ? p.props.at("id") : ""] = p;
    }
    s.sources.clear();
    for (const Config& c : root.at("sources").items()) {
      if (c.has("river") && mouths_file.empty())
        c.at("river").fail("naming a river mouth needs 'river_mouths' (a GeoJSON of mouths)");
      ScenarioSource src = parse_source(c, mouths, mouths_file);
      if (!src.reach.empty() && !s.river_network)
        c.at("reach").fail("a source on a river reach needs 'river_network' (the network file) in the scenario");
      for (const auto& other : s.sources)
        if (other.id == src.id) c.at("id").fail("duplicate source id '" + src.id + "'");
      s.sources.push_back(std::move(src));
    }
    if (s.sources.size() > 100000) root.at("sources").fail("more than 100 000 sources");
  }
  if (root.has("controls")) {
    s.controls.clear();
    for (const Config& c : root.at("controls").items()) s.controls.push_back(parse_control(c, s.sources));
  }
  if (root.has("outputs")) {
    const Config o = root.at("outputs");
    o.check_keys(
        {"map_interval_hours", "station_interval_hours", "stations", "zones", "sea_standard", "river_standard"});
    s.map_interval_s = o.get("map_interval_hours", s.map_interval_s / 3600) * 3600;
    s.station_interval_s = o.get("station_interval_hours", s.station_interval_s / 3600) * 3600;
    if (!(s.map_interval_s > 0)) o.at("map_interval_hours").fail("must be positive");
    if (!(s.station_interval_s > 0)) o.at("station_interval_hours").fail("must be positive");
    if (o.has("stations")) s.stations_file = resolve(o.at("stations"), base);
    if (o.has("zones")) s.zones_file = resolve(o.at("zones"), base);
    if (o.has("sea_standard")) s.sea_standard_file = resolve(o.at("sea_standard"), base);
    if (o.has("river_standard")) s.river_standard_file = resolve(o.at("river_standard"), base);
  }
  return s;
}

}  // namespace

Scenario load_scenario(const std::string& path) {
  return parse(Config::load_file(path), path, 0);
}

void use_mesh_config(Scenario& s, const std::string& mesh_yaml) {
  if (!std::filesystem::is_regular_file(mesh_yaml))
    throw InputError(mesh_yaml, "--mesh", "no such mesh configuration file");
  s.mesh_config = std::filesystem::absolute(mesh_yaml).string();
  s.mesh_file.clear();
}

void check_constituents(const Scenario& s, const std::vector<std::string>& transported) {
  auto check = [&](const std::string& name, int line, const std::string& what) {
    if (!contains(transported, name))
      throw InputError(s.file, "line " + std::to_string(line),
                       what + " names constituent '" + name +
                           "', which is not transported (transported: " + list(transported) + ")");
  };
  for (const auto& src : s.sources) {
    for (const auto& [k, v] : src.concentration) check(k, src.line, "source '" + src.id + "'");
    for (const auto& [k, v] : src.load_gs) check(k, src.line, "source '" + src.id + "'");
  }
  for (const auto& c : s.controls)
    if (!c.constituent.empty()) check(c.constituent, c.line, "control '" + c.name + "'");
  if (s.river_network)
    for (const auto& [k, param] : s.river_network->assess) check(k, s.river_network->line, "river_network.assess");
}

}  // namespace beibu
