#include "scenarios/spec/hydro_spec.hpp"

#include <cmath>
#include <filesystem>

#include "core/config.hpp"
#include "core/error.hpp"
#include "solver/hydro/tidal_boundary.hpp"

namespace beibu {

namespace fs = std::filesystem;

namespace {
// Manning's n of the run (see HydroSetup::manning_source); `h.opt.manning` already holds the
// scenario's value or the model's default.
void set_manning(const Config& c, HydroSetup& h) {
  using S = HydroSetup::ManningSource;
  const double cal = fs::is_regular_file(h.tides_file) ? hydro::tide_calibrated_manning(h.tides_file) : std::nan("");
  h.manning_calibrated = cal;
  if (!std::isfinite(cal)) {
    h.manning_source = c.has("manning") ? S::scenario : S::model_default;
  } else if (!c.has("manning")) {
    h.opt.manning = cal;
    h.manning_source = S::calibrated;
  } else {
    h.manning_source = std::fabs(h.opt.manning - cal) > 1e-9 ? S::scenario_differs : S::scenario_same;
  }
}
}  // namespace

HydroSetup parse_hydro(const Scenario& s) {
  if (!s.hydrodynamics) throw InputError(s.file, "", "missing required key 'hydrodynamics'");
  const Config& c = *s.hydrodynamics;
  const std::string& base = s.hydrodynamics_dir;
  auto path_of = [&](const Config& v) {
    fs::path p(v.as_string());
    return (p.is_absolute() ? p : fs::path(base) / p).lexically_normal().string();
  };
  HydroSetup h;
  if (c.has("stored")) {
    // Reuse a saved run: nothing else describes the water.
    c.check_keys({"stored"});
    const Config st = c.at("stored");
    st.check_keys({"file", "periodic"});
    h.stored_file = path_of(st.at("file"));
    h.periodic = st.get_bool("periodic", false);
    if (!fs::exists(h.stored_file)) st.at("file").fail("no such file: " + h.stored_file);
    return h;
  }
  c.check_keys({"time_step_s", "theta", "manning", "viscosity", "dry_depth_m", "ramp_hours", "tides", "tide_gauges",
                "wind", "parent_model", "coupling_interval_s"});
  // Ranges of what a shallow-water model of a shelf sea can mean (Manning n of any sea
  // bed, eddy viscosity of a coastal model); outside them the solver would fail later
  // with a message about the time step.
  h.opt.dt = c.get("time_step_s", h.opt.dt, Range{0, 3600, true, false});
  h.opt.theta = c.get("theta", h.opt.theta, Range::closed(0.5, 1));
  h.opt.manning = c.get("manning", h.opt.manning, Range::non_negative(0.2));
  h.opt.viscosity = c.get("viscosity", h.opt.viscosity, Range::non_negative(1e4));
  h.opt.h_dry = c.get("dry_depth_m", h.opt.h_dry, Range::positive(10));
  h.opt.ramp_time = c.get("ramp_hours", h.opt.ramp_time / 3600, Range::non_negative(24 * 366)) * 3600;
  h.coupling_s = c.get("coupling_interval_s", h.coupling_s, Range::positive(86400));
  if (!(h.coupling_s >= h.opt.dt)) c.at("coupling_interval_s").fail("must be at least the time step");
  if (c.has("tides")) h.tides_file = path_of(c.at("tides"));
  set_manning(c, h);
  // The tide-gauge comparison: the named file, none, or by default the tide_gauges.yaml
  // beside the tides file (data/beibu/ has one), if there is one.
  if (c.has("tide_gauges") && c.at("tide_gauges").as_string() != "none") {
    if (h.tides_file.empty())
      c.at("tide_gauges").fail("the comparison with tide gauges needs the tide: give 'tides' too, or remove the key");
    h.tide_gauges_file = path_of(c.at("tide_gauges"));
    if (!fs::is_regular_file(h.tide_gauges_file)) c.at("tide_gauges").fail("no such file: " + h.tide_gauges_file);
  } else if (!c.has("tide_gauges") && !h.tides_file.empty()) {
    const fs::path beside = fs::path(h.tides_file).parent_path() / "tide_gauges.yaml";
    if (fs::is_regular_file(beside)) h.tide_gauges_file = beside.lexically_normal().string();
  }
  if (c.has("parent_model")) {
    const Config pm = c.at("parent_model");
    pm.check_keys({"file", "sea_level", "u", "v", "datum"});
    h.parent.file = path_of(pm.at("file"));
    if (!fs::is_regular_file(h.parent.file)) pm.at("file").fail("no such file: " + h.parent.file);
    h.parent.sea_level = pm.get("sea_level", h.parent.sea_level);
    h.parent.u = pm.get("u", h.parent.u);
    h.parent.v = pm.get("v", h.parent.v);
    const std::string datum = pm.get("datum", std::string("boundary_mean"));
    if (datum != "boundary_mean" && datum != "parent")
      pm.at("datum").fail("unknown datum '" + datum + "' (expected boundary_mean or parent)");
    h.parent.subtract_mean = datum == "boundary_mean";
  }
  if (c.has("wind")) {
    const Config w = c.at("wind");
    w.check_keys({"file", "u", "v", "uniform_m_s"});
    if (w.has("file")) {
      h.wind_file = path_of(w.at("file"));
      h.wind_u = w.get("u", h.wind_u);
      h.wind_v = w.get("v", h.wind_v);
    } else {
      const auto uv = w.at("uniform_m_s").as_doubles(Range::closed(-100, 100));  // m/s: beyond any typhoon
      if (uv.size() != 2) w.at("uniform_m_s").fail("expected [u, v] in m/s");
      h.uniform_u = uv[0];
      h.uniform_v = uv[1];
    }
  }
  return h;
}

}  // namespace beibu
