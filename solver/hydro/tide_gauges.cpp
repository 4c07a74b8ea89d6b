#include "tide_gauges.hpp"

#include <cmath>
#include <set>

#include "core/config.hpp"
#include "core/error.hpp"
#include "tide_constituents.hpp"

namespace beibu::hydro {

namespace {

double finite(const Config& c, const std::string& what) {
  const double v = c.as_double();
  if (!std::isfinite(v)) c.fail(what + " must be a finite number");
  return v;
}

bool valid_id(const std::string& id) {
  if (id.empty()) return false;
  for (char ch : id)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
  return true;
}

}  // namespace

TideGaugeFile read_tide_gauges(const Config& cfg) {
  TideGaugeFile out;
  out.file = cfg.file();
  cfg.check_keys({"source", "phase_convention", "gauges", "notes"});
  if (cfg.at("source").as_string().empty()) cfg.at("source").fail("source must name where the constants come from");
  const Config pc = cfg.at("phase_convention");
  if (pc.as_string() != "greenwich")
    pc.fail("unknown phase_convention '" + pc.as_string() +
            "' (expected greenwich: phase lags relative to Greenwich, UTC)");
  const Config gs = cfg.at("gauges");
  if (!gs.is_sequence()) gs.fail("expected a list of gauges");
  std::set<std::string> ids;
  for (const Config& g : gs.items()) {
    if (!g.is_map()) g.fail("expected a gauge: a mapping with id, name, lon, lat, use and constituents");
    g.check_keys({"id", "name", "lon", "lat", "use", "source_id", "epoch", "datum", "notes", "constituents"});
    TideGauge tg;
    tg.line = g.line();
    tg.id = g.at("id").as_string();
    if (!valid_id(tg.id)) g.at("id").fail("gauge id '" + tg.id + "' must be made of a-z, 0-9 and _");
    if (!ids.insert(tg.id).second) g.at("id").fail("gauge id '" + tg.id + "' is given twice");
    tg.name = g.at("name").as_string();
    if (tg.name.empty()) g.at("name").fail("name must not be empty");
    tg.lon = finite(g.at("lon"), "lon");
    tg.lat = finite(g.at("lat"), "lat");
    if (tg.lon < -180 || tg.lon > 360) g.at("lon").fail("lon must be in degrees east (-180 to 360)");
    if (tg.lat < -90 || tg.lat > 90) g.at("lat").fail("lat must be in degrees north (-90 to 90)");
    const std::string use = g.at("use").as_string();
    if (use != "fit" && use != "validate") g.at("use").fail("use must be fit or validate, not '" + use + "'");
    tg.validate = use == "validate";
    for (const char* k : {"source_id", "epoch", "notes"})
      if (g.has(k)) g.at(k).as_string();
    if (g.has("datum")) {
      const Config d = g.at("datum");
      if (!d.is_map()) d.fail("expected a mapping of tidal datums (metres above the chart datum `reference`)");
      d.check_keys({"reference", "hat_m", "mhhw_m", "mhw_m", "mhws_m", "mhwn_m", "msl_m", "mtl_m", "dtl_m", "mlwn_m",
                    "mlws_m", "mlw_m", "mllw_m", "lat_m", "tlt_m"});
      for (const std::string& k : d.keys())
        if (k == "reference")
          d.at(k).as_string();
        else
          finite(d.at(k), "datum " + k);
    }
    const Config cs = g.at("constituents");
    if (!cs.is_map() || cs.keys().empty()) cs.fail("expected a mapping from constituent name to {amplitude, phase}");
    std::set<std::string> canonical;
    for (const std::string& name : cs.keys()) {
      const Config c = cs.at(name);
      const Constituent* k = lookup_constituent(name);
      if (!k && !is_unpredicted_constituent(name)) {
        std::string known;
        for (const auto& t : tidal_constituents()) known += (known.empty() ? "" : " ") + t.name;
        c.fail("unknown tidal constituent '" + name + "' (known: " + known + "; also T3 R3 3L2 3N2, not predicted)");
      }
      if (!canonical.insert(k ? k->name : name).second)
        c.fail("constituent '" + name + "' is given twice (under another spelling)");
      if (!c.is_map()) c.fail("expected {amplitude: metres, phase: degrees}");
      c.check_keys({"amplitude", "phase"});
      HarmonicConstant h;
      h.name = k ? k->name : name;
      h.amplitude = finite(c.at("amplitude"), "amplitude");
      h.phase = finite(c.at("phase"), "phase");
      if (h.amplitude < 0) c.at("amplitude").fail("amplitude must be >= 0 (metres)");
      if (h.amplitude > 20) c.at("amplitude").fail("amplitude above 20 m: not metres?");
      tg.constituents.push_back(h);
    }
    out.gauges.push_back(std::move(tg));
  }
  if (out.gauges.empty()) gs.fail("the gauge list is empty");
  return out;
}

TideGaugeFile load_tide_gauges(const std::string& path) {
  return read_tide_gauges(Config::load_file(path));
}

}  // namespace beibu::hydro
