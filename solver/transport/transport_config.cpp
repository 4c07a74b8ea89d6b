#include "transport_config.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/config.hpp"
#include "core/error.hpp"
#include "kinetics.hpp"

namespace beibu {

namespace {

double non_negative(const Config& c, const std::string& what) {
  const double v = c.as_double();
  if (!(v >= 0) || !std::isfinite(v)) c.fail(what + " must be a finite number >= 0, got " + std::to_string(v));
  return v;
}

std::vector<std::pair<std::string, double>> per_constituent(const Config& c, const std::string& what) {
  std::vector<std::pair<std::string, double>> out;
  if (!c.is_map()) c.fail(what + " must be a map constituent: value");
  for (const auto& k : c.keys()) out.emplace_back(k, non_negative(c.at(k), what + " of '" + k + "'"));
  return out;
}

ConstituentSpec parse_constituent(const Config& c) {
  c.check_keys({"name", "units", "standard_name", "long_name", "decay_k20", "theta", "settling_velocity", "initial",
                "boundary_default", "conservative", "tags"});
  ConstituentSpec s;
  s.name = c.at("name").as_string();
  if (s.name.empty() || s.name.find('@') != std::string::npos)
    c.at("name").fail("a constituent name must be non-empty and without '@'");
  s.standard_name = c.get("standard_name", std::string());
  // Salinity (by name or standard name) is practical salinity; everything else a mass concentration.
  const bool salinity =
      s.name == "salinity" || s.standard_name == kPracticalSalinityName || s.standard_name == "sea_water_salinity";
  if (salinity && s.standard_name == "sea_water_salinity")
    c.at("standard_name")
        .fail("salinity is transported as practical salinity (PSS-78): use standard_name " +
              std::string(kPracticalSalinityName) + " (units \"1\"); sea_water_salinity means units of 1e-3");
  if (salinity) s.standard_name = kPracticalSalinityName;
  const std::string units = c.get("units", std::string(salinity ? kPracticalSalinityUnits : kMassConcentrationUnits));
  if (salinity) {
    if (units != "1" && units != "PSU" && units != "psu" && units != "PSS-78")
      c.at("units").fail("salinity is practical salinity (PSS-78): units \"1\" (or PSU), got '" + units + "'");
    s.units = kPracticalSalinityUnits;
  } else {
    if (units != "g/m3" && units != "mg/L" && units != "g m-3")
      c.at("units").fail("concentrations are g/m3 (= mg/L) inside the model; got '" + units + "'");
    s.units = kMassConcentrationUnits;
  }
  s.long_name = c.get("long_name", s.name);
  if (c.has("decay_k20")) s.decay_k20 = non_negative(c.at("decay_k20"), "decay_k20 (1/day)");
  if (c.has("theta")) {
    s.theta = c.at("theta").as_double();
    if (!(s.theta > 0.5 && s.theta < 2.0)) c.at("theta").fail("theta must lie in (0.5, 2), typically 1.02-1.08");
  }
  if (c.has("settling_velocity"))
    s.settling_velocity = non_negative(c.at("settling_velocity"), "settling_velocity (m/day)");
  // A number, or a gridded field (files relative to the YAML file that names them).
  const std::string dir = std::filesystem::path(c.file()).parent_path().string();
  if (c.has("initial")) {
    if (c.at("initial").is_map())
      s.initial_field = parse_field_source(c.at("initial"), dir, Vertical::depth_average);
    else
      s.initial = non_negative(c.at("initial"), "initial concentration");
  }
  if (c.has("boundary_default")) {
    if (c.at("boundary_default").is_map())
      s.boundary_field = parse_field_source(c.at("boundary_default"), dir, Vertical::depth_average);
    else
      s.boundary_default = non_negative(c.at("boundary_default"), "boundary_default");
  }
  s.conservative = c.get_bool("conservative", false);
  if (s.conservative && (s.decay_k20 > 0 || s.settling_velocity > 0))
    c.fail("constituent '" + s.name + "' is conservative but has decay_k20 or settling_velocity");
  if (c.has("tags"))
    for (const auto& t : c.at("tags").items()) s.tags.push_back(t.as_string());
  return s;
}

}  // namespace

TransportConfig parse_transport_config(const Config& c) {
  c.check_keys({"constituents", "water_age", "cfl", "diffusivity", "dry_depth", "second_order", "time_levels",
                "sources", "boundaries"});
  TransportConfig t;
  t.file = c.file();
  for (const auto& item : c.at("constituents").items()) t.constituents.push_back(parse_constituent(item));
  auto known = [&](const Config& where, const std::string& name) {
    const bool ok = std::any_of(t.constituents.begin(), t.constituents.end(),
                                [&](const ConstituentSpec& s) { return s.name == name; });
    if (!ok) where.fail("unknown constituent '" + name + "'");
  };
  for (std::size_t i = 0; i < t.constituents.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (t.constituents[i].name == t.constituents[j].name)
        c.at("constituents").fail("constituent '" + t.constituents[i].name + "' is defined twice");
  if (c.has("water_age")) {
    const Config w = c.at("water_age");
    w.check_keys({"name"});
    t.water_age = true;
    t.water_age_name = w.get("name", t.water_age_name);
  }
  if (c.has("cfl")) {
    t.cfl = c.at("cfl").as_double();
    if (!(t.cfl > 0 && t.cfl <= 1)) c.at("cfl").fail("cfl must lie in (0, 1]");
  }
  if (c.has("diffusivity")) t.diffusivity = non_negative(c.at("diffusivity"), "diffusivity (m2/s)");
  if (c.has("dry_depth")) t.dry_depth = non_negative(c.at("dry_depth"), "dry_depth (m)");
  t.second_order = c.get_bool("second_order", true);
  if (c.has("time_levels")) {
    const long n = c.at("time_levels").as_int();
    if (n < 1 || n > 12) c.at("time_levels").fail("time_levels must be an integer from 1 to 12");
    t.time_levels = static_cast<int>(n);
  }
  if (c.has("sources"))
    for (const auto& s : c.at("sources").items()) {
      s.check_keys({"name", "tag", "cell", "x", "y", "load", "concentration"});
      PointSourceSpec p;
      p.name = s.at("name").as_string();
      p.tag = s.get("tag", std::string());
      if (s.has("cell")) {
        p.by_cell = true;
        p.cell = s.at("cell").as_int();
      } else {
        p.x = s.at("x").as_double();
        p.y = s.at("y").as_double();
      }
      if (s.has("load")) p.load = per_constituent(s.at("load"), "load (g/s)");
      if (s.has("concentration")) p.concentration = per_constituent(s.at("concentration"), "concentration (g/m3)");
      for (const auto& [n, v] : p.load) known(s.at("load"), n);
      for (const auto& [n, v] : p.concentration) known(s.at("concentration"), n);
      t.sources.push_back(p);
    }
  if (c.has("boundaries"))
    for (const auto& b : c.at("boundaries").items()) {
      b.check_keys({"name", "tag", "times", "concentration"});
      BoundarySpec s;
      s.name = b.at("name").as_string();
      s.tag = b.get("tag", std::string());
      if (b.has("times")) {
        s.times = b.at("times").as_doubles();
        for (std::size_t i = 1; i < s.times.size(); ++i)
          if (!(s.times[i] > s.times[i - 1])) b.at("times").fail("times must increase strictly");
      }
      const Config conc = b.at("concentration");
      for (const auto& n : conc.keys()) {
        known(conc, n);
        std::vector<double> v;
        if (conc.at(n).is_sequence()) {
          for (const auto& x : conc.at(n).items()) v.push_back(non_negative(x, "boundary concentration"));
          if (v.size() != s.times.size())
            conc.at(n).fail("needs one value per entry of times (" + std::to_string(s.times.size()) + ")");
        } else {
          v.push_back(non_negative(conc.at(n), "boundary concentration"));
          if (!s.times.empty()) v.assign(s.times.size(), v[0]);
        }
        s.concentration.emplace_back(n, v);
      }
      t.boundaries.push_back(s);
    }
  return t;
}

std::vector<ComponentInfo> expand_components(const TransportConfig& cfg) {
  std::vector<ComponentInfo> out;
  for (std::size_t i = 0; i < cfg.constituents.size(); ++i) {
    const auto& s = cfg.constituents[i];
    ComponentInfo c;
    c.name = s.name;
    c.units = s.units;
    c.budget_grams = s.units == kPracticalSalinityUnits ? kSaltGramsPerSalinityCubicMetre : 1.0;
    c.standard_name = s.standard_name;
    c.long_name = s.long_name;
    c.base = static_cast<int>(i);
    c.k20_per_s = s.conservative ? 0 : s.decay_k20 / kinetics::kSecondsPerDay;
    c.theta = s.theta;
    c.ws_m_per_s = s.conservative ? 0 : s.settling_velocity / kinetics::kSecondsPerDay;
    c.initial = s.initial;
    c.boundary_default = s.boundary_default;
    out.push_back(c);
    for (const auto& tag : s.tags) {
      ComponentInfo t = c;
      t.name = s.name + "@" + tag;
      t.tag = tag;
      t.long_name = s.long_name + " from " + tag;
      t.standard_name.clear();
      t.initial = 0;  // a tagged copy holds only what its tagged inputs brought in
      t.boundary_default = 0;
      out.push_back(t);
    }
  }
  if (cfg.water_age) {
    // Age-concentration method (Delhez et al. 1999): tracer C enters at 1 from every
    // source and open boundary; alpha obeys the same transport with d(alpha)/dt = C;
    // the mean age is alpha / C.
    ComponentInfo c;
    c.name = cfg.water_age_name + "_tracer";
    c.units = "1";
    c.long_name = "water age tracer (fraction of water that entered through sources or boundaries)";
    c.kind = ComponentInfo::kAgeTracer;
    c.boundary_default = 1.0;
    out.push_back(c);
    c.name = cfg.water_age_name + "_concentration";
    c.units = "s";
    c.long_name = "water age concentration (age times tracer)";
    c.kind = ComponentInfo::kAgeConcentration;
    c.boundary_default = 0.0;
    out.push_back(c);
  }
  return out;
}

SourceHandle add_point_source(TransportConfig& cfg, PointSourceSpec ps) {
  cfg.sources.push_back(std::move(ps));
  return SourceHandle{cfg.sources.size() - 1};
}

ConstituentHandle constituent_handle(const TransportConfig& cfg, const std::string& name) {
  for (std::size_t i = 0; i < cfg.constituents.size(); ++i)
    if (cfg.constituents[i].name == name) return ConstituentHandle{i};
  throw Failure("transport: unknown constituent '" + name + "'");
}

int find_component(const std::vector<ComponentInfo>& comps, const std::string& name) {
  for (std::size_t i = 0; i < comps.size(); ++i)
    if (comps[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace beibu
