#include "hydro_setup.hpp"

#include <filesystem>

#include "core/error.hpp"
#include "ingest/cf_grid.hpp"
#include "ingest/cf_time.hpp"
#include "mesh/local_mesh.hpp"
#include "solver/hydro/tidal_boundary.hpp"

namespace beibu {

namespace fs = std::filesystem;

HydroSetup parse_hydro(const Scenario& s) {
  if (!s.hydrodynamics) throw InputError(s.file, "", "missing required key 'hydrodynamics'");
  const Config& c = *s.hydrodynamics;
  c.check_keys({"time_step_s", "theta", "manning", "viscosity", "dry_depth_m", "ramp_hours", "tides", "wind",
                "coupling_interval_s"});
  const std::string& base = s.hydrodynamics_dir;
  auto path_of = [&](const Config& v) {
    fs::path p(v.as_string());
    return (p.is_absolute() ? p : fs::path(base) / p).lexically_normal().string();
  };
  HydroSetup h;
  h.opt.dt = c.get("time_step_s", h.opt.dt);
  h.opt.theta = c.get("theta", h.opt.theta);
  h.opt.manning = c.get("manning", h.opt.manning);
  h.opt.viscosity = c.get("viscosity", h.opt.viscosity);
  h.opt.h_dry = c.get("dry_depth_m", h.opt.h_dry);
  h.opt.ramp_time = c.get("ramp_hours", h.opt.ramp_time / 3600) * 3600;
  h.coupling_s = c.get("coupling_interval_s", h.coupling_s);
  if (!(h.opt.dt > 0 && h.opt.dt <= 3600)) c.at("time_step_s").fail("expected 0 < time step <= 3600 s");
  if (!(h.opt.theta >= 0.5 && h.opt.theta <= 1)) c.at("theta").fail("expected 0.5 <= theta <= 1");
  if (!(h.coupling_s >= h.opt.dt)) c.at("coupling_interval_s").fail("must be at least the time step");
  if (c.has("tides")) h.tides_file = path_of(c.at("tides"));
  if (c.has("wind")) {
    const Config w = c.at("wind");
    w.check_keys({"file", "u", "v", "uniform_m_s"});
    if (w.has("file")) {
      h.wind_file = path_of(w.at("file"));
      h.wind_u = w.get("u", h.wind_u);
      h.wind_v = w.get("v", h.wind_v);
    } else {
      const auto uv = w.at("uniform_m_s").as_doubles();
      if (uv.size() != 2) w.at("uniform_m_s").fail("expected [u, v] in m/s");
      h.uniform_u = uv[0];
      h.uniform_v = uv[1];
    }
  }
  return h;
}

std::unique_ptr<hydro::ShallowWaterModel> make_hydro(HydroSetup h, const LocalMesh& lm,
                                                     const std::vector<std::string>& open_boundaries, double t_epoch,
                                                     const std::vector<hydro::RiverSpec>& rivers) {
  h.opt.start_utc = format_iso8601(t_epoch);
  auto hydro = std::make_unique<hydro::ShallowWaterModel>(lm, open_boundaries, h.opt);
  if (!h.tides_file.empty()) hydro->set_tides(hydro::load_tide_spec(h.tides_file, open_boundaries));
  hydro->set_rivers(rivers);
  if (!h.wind_file.empty()) {
    auto u = std::make_shared<GriddedField>(h.wind_file, h.wind_u);
    auto v = std::make_shared<GriddedField>(h.wind_file, h.wind_v);
    auto stencil = std::make_shared<Stencil>(u->locate(lm.lon, lm.lat));
    hydro->set_atmosphere(std::make_shared<hydro::CallbackAtmosphere>(
        [u, v, stencil, t_epoch](double t, const LocalMesh&, std::vector<double>& u10, std::vector<double>& v10,
                                 std::vector<double>&) {
          u->sample(*stencil, t_epoch + t, u10);
          v->sample(*stencil, t_epoch + t, v10);
        },
        false));
  } else if (h.uniform_u != 0 || h.uniform_v != 0) {
    hydro->set_atmosphere(std::make_shared<hydro::UniformWind>(h.uniform_u, h.uniform_v));
  }
  return hydro;
}

}  // namespace beibu
