#include "scenario_run.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "core/progress.hpp"
#include "gis_export.hpp"
#include "ingest/cf_grid.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/projection.hpp"
#include "ingest/vector_layer.hpp"
#include "loads.hpp"
#include "mesh/face_locator.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/mesh_files.hpp"
#include "mesh/ugrid_io.hpp"
#include "report.hpp"
#include "solver/flow.hpp"
#include "solver/hydro/forcing.hpp"
#include "solver/hydro/shallow_water.hpp"
#include "solver/hydro/tidal_boundary.hpp"
#include "solver/transport/cell_gather.hpp"
#include "solver/transport/map_output.hpp"
#include "solver/transport/transport_config.hpp"
#include "solver/transport/transport_model.hpp"

namespace beibu {

namespace fs = std::filesystem;

namespace {

// The hydrodynamics block of a scenario.
struct HydroSetup {
  hydro::HydroOptions opt;
  std::string tides_file;
  std::string wind_file;  // CF file with eastward/northward 10 m wind (e.g. COADS climatology)
  std::string wind_u = "UWND", wind_v = "VWND";
  double uniform_u = 0, uniform_v = 0;
  double coupling_s = 3600;
};

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

// Where each load component enters: one or more cells (diffuse sources spread by area).
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

std::string period_text(const Period& p) {
  return format_iso8601(p.start) + " to " + format_iso8601(p.end) +
         (p.season.empty() ? "" : " (" + p.season + " season)");
}

}  // namespace

RunSummary run_scenario(const Scenario& s, const RunOptions& o, MPI_Comm comm) {
  const auto wall0 = std::chrono::steady_clock::now();
  const int rank = mpi_rank(comm);

  // Everything that can be wrong with the input is checked before anything is written.
  if (!s.transport) throw InputError(s.file, "", "missing required key 'transport'");
  TransportConfig tc = parse_transport_config(*s.transport);
  std::vector<std::string> names;
  for (const auto& c : tc.constituents) names.push_back(c.name);
  check_constituents(s, names);
  HydroSetup hs = parse_hydro(s);
  if (s.sea_standard_file.empty()) throw InputError(s.file, "outputs", "missing required key 'sea_standard'");
  const Standard standard = load_standard(s.sea_standard_file);
  Mesh mesh;
  if (!s.mesh_file.empty()) mesh = read_ugrid(s.mesh_file);
  const MeshConfig mesh_cfg = s.mesh_file.empty() ? read_mesh_config(s.mesh_config) : MeshConfig{};

  if (s.mesh_file.empty()) {
    run_on_root(comm, [&] { prepare_output_dir(o.out_dir + "/mesh"); });
    mesh = generate_mesh_files(mesh_cfg, o.out_dir + "/mesh", comm);
  }
  const LocalMesh lm = distribute_mesh(mesh, comm);
  const auto comps = load_components(s);
  const auto placed = place_components(s, mesh, comps);

  // One transport point source per (component, cell); loads are set every interval.
  struct Feed {
    int component;
    double fraction;
  };
  std::vector<Feed> feeds;
  const std::size_t first_feed = tc.sources.size();  // after any sources of the transport block itself
  for (const auto& pc : placed)
    for (const auto& [face, frac] : pc.cells) {
      const LoadComponent& lc = comps[static_cast<std::size_t>(pc.component)];
      const Source& src = s.sources[static_cast<std::size_t>(lc.source)];
      PointSourceSpec ps;
      ps.name = src.id + "/" + lc.sector + (pc.cells.size() > 1 ? "#" + std::to_string(face) : "");
      ps.tag = src.jurisdiction + "." + lc.sector;
      ps.by_cell = true;
      ps.cell = face;
      for (const auto& n : names) ps.load.emplace_back(n, 0.0);
      tc.sources.push_back(ps);
      feeds.push_back({pc.component, frac});
    }
  TransportModel model(mesh, lm, tc);

  // Hydrodynamics: model time 0 is the start of the spin-up.
  const double t_epoch = s.period.start - s.period.spinup_s;
  double t_stop = s.period.end;
  if (o.max_days > 0) t_stop = std::min(t_stop, s.period.start + o.max_days * 86400.0);
  const double T = t_stop - t_epoch;
  hs.opt.start_utc = format_iso8601(t_epoch);
  hydro::ShallowWaterModel hydro(lm, mesh.open_boundary_names, hs.opt);
  if (!hs.tides_file.empty()) hydro.set_tides(hydro::load_tide_spec(hs.tides_file, mesh.open_boundary_names));
  {
    Projection proj;
    std::vector<hydro::RiverSpec> rivers;
    for (const auto& src : s.sources) {
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
    hydro.set_rivers(rivers);
  }
  if (!hs.wind_file.empty()) {
    auto u = std::make_shared<GriddedField>(hs.wind_file, hs.wind_u);
    auto v = std::make_shared<GriddedField>(hs.wind_file, hs.wind_v);
    auto stencil = std::make_shared<Stencil>(u->locate(lm.lon, lm.lat));
    hydro.set_atmosphere(std::make_shared<hydro::CallbackAtmosphere>(
        [u, v, stencil, t_epoch](double t, const LocalMesh&, std::vector<double>& u10, std::vector<double>& v10,
                                 std::vector<double>&) {
          u->sample(*stencil, t_epoch + t, u10);
          v->sample(*stencil, t_epoch + t, v10);
        },
        false));
  } else if (hs.uniform_u != 0 || hs.uniform_v != 0) {
    hydro.set_atmosphere(std::make_shared<hydro::UniformWind>(hs.uniform_u, hs.uniform_v));
  }

  // Outputs.
  run_on_root(comm, [&] { prepare_output_dir(o.out_dir); });
  const std::string time_units = "seconds since " + format_iso8601(t_epoch);
  MapWriter maps(o.out_dir + "/maps.nc", mesh, model, time_units);
  std::vector<Station> station_list;
  std::vector<ZoneInfo> zones;
  std::vector<StationInfo> stations;
  if (!s.stations_file.empty()) station_list = read_stations(s.stations_file);
  StationWriter station_out(o.out_dir + "/stations.nc", mesh, model, station_list, time_units, s.stations_file);
  if (!s.zones_file.empty()) zones = load_zones(mesh, s.zones_file);
  if (!s.stations_file.empty()) stations = load_stations(mesh, s.stations_file, zones);
  std::unique_ptr<AssessmentBuilder> assess;
  if (rank == 0) assess = std::make_unique<AssessmentBuilder>(mesh, standard, names, zones, stations);

  auto set_loads = [&](double t_abs) {
    for (std::size_t i = 0; i < feeds.size(); ++i) {
      const LoadComponent& lc = comps[static_cast<std::size_t>(feeds[i].component)];
      for (const auto& n : names)
        model.set_source_load(first_feed + i, n, feeds[i].fraction * controlled_load(s, lc, n, t_abs));
    }
  };

  FlowState flow;
  flow.resize(lm);
  model.initialise(0.0, hydro.volume());
  Progress progress("run " + s.name, T / 86400.0, "days");
  const double map_dt = s.map_interval_s, station_dt = s.station_interval_s;
  maps.write(model);  // the initial state
  station_out.sample(model);
  double t = 0, next_map = map_dt, next_station = station_dt;
  while (t < T - 1e-6) {
    const double dt = std::min(hs.coupling_s, T - t);
    set_loads(t_epoch + t + 0.5 * dt);
    hydro.advance(t, dt, flow);
    model.advance(flow);
    t += dt;
    if (t + 1e-6 >= next_station) {
      station_out.sample(model);
      next_station += station_dt;
    }
    if (t + 1e-6 >= next_map) {
      maps.write(model);
      next_map += map_dt;
      if (t_epoch + t > s.period.start + 1e-6) {
        // One assessment sample per map interval after the spin-up.
        const auto conc = model.concentration();
        const auto global = gather_cells(lm, conc, model.ncomp());
        if (rank == 0) {
          std::map<std::string, std::vector<double>> fv;
          for (const auto& n : names) {
            const int k = find_component(model.components(), n);
            auto& v = fv[n];
            v.resize(mesh.n_faces());
            for (std::size_t f = 0; f < v.size(); ++f) v[f] = global[f * model.ncomp() + k];
          }
          assess->add_sample(map_dt / 3600.0, fv);
        }
      }
    }
    progress.update(t / 86400.0, "model time " + format_iso8601(t_epoch + t) + ", KSP its " +
                                     std::to_string(hydro.last_ksp_iterations()));
  }
  progress.finish();
  maps.close();
  station_out.close();
  const MassBudget budget = model.budget();
  RunSummary sum;
  for (const auto& c : budget.components) {
    sum.max_budget_residual = std::max(sum.max_budget_residual, c.relative_residual());
    double src = 0, bin = 0, bout = 0;
    for (double v : c.source_in) src += v;
    for (double v : c.boundary_in) bin += v;
    for (double v : c.boundary_out) bout += v;
    // The full per-source budget is in mass_budget.csv; the log gets one line per component.
    BLOG(info) << "mass budget " << c.name << " (t): initial " << c.initial / 1e6 << ", sources +" << src / 1e6
               << ", boundaries +" << bin / 1e6 << " -" << bout / 1e6 << ", decay and settling -"
               << (c.decay + c.settling) / 1e6 << ", final " << c.final / 1e6 << ", relative residual "
               << c.relative_residual();
  }

  run_on_root(comm, [&] {
    budget.write_csv(o.out_dir + "/mass_budget.csv");
    const Assessment a = assess->finish();
    sum.share_area_good = a.share_area_good;
    sum.share_by_jurisdiction = a.share_area_good_by_jurisdiction;
    sum.share_stations_good = a.share_stations_good;
    sum.zones_total = static_cast<int>(a.zones.size());
    for (const auto& z : a.zones) sum.zones_passing += z.pass_mean;
    if (!o.report || a.samples == 0) return;
    ReportInput in;
    in.scenario = s.name;
    in.title = o.lang == "zh" ? s.title_zh : s.title;
    in.period =
        period_text(s.period) + (t_stop < s.period.end ? " (stopped after " + format_iso8601(t_stop) + ")" : "");
    in.lang = o.lang;
    in.mesh = &mesh;
    in.assessment = &a;
    in.standard = &standard;
    in.budget.header = {"component",        "initial (t)",        "sources in (t)", "boundary in (t)",
                        "boundary out (t)", "decay+settling (t)", "final (t)",      "relative residual"};
    for (const auto& c : budget.components) {
      double src = 0, bin = 0, bout = 0;
      for (double v : c.source_in) src += v;
      for (double v : c.boundary_in) bin += v;
      for (double v : c.boundary_out) bout += v;
      std::ostringstream r;
      r.precision(3);
      r << c.relative_residual();
      auto t6 = [](double g) {
        std::ostringstream os;
        os.precision(5);
        os << g / 1e6;
        return os.str();
      };
      in.budget.rows.push_back(
          {c.name, t6(c.initial), t6(src), t6(bin), t6(bout), t6(c.decay + c.settling), t6(c.final), r.str()});
    }
    in.notes = {
        "Loads are illustrative estimates (see docs/scenarios.md); replace them with the agencies' inventories.",
        "Bathymetry is ETOPO5 (5 arc-minutes) with a coastal taper; nearshore depths are uncertain.",
        "The seasonal class uses the mean of daily samples; the 90 % value is over cells and days in each zone."};
    write_report(o.out_dir + "/report", in);
    // GIS layers.
    std::vector<RasterBand> bands;
    for (const auto& p : a.parameters) bands.push_back({p + "_mean", "mg/L", a.mean.at(p), {}});
    std::vector<double> cls(a.face_class.begin(), a.face_class.end());
    for (double& c : cls)
      if (c < 0) c = NAN;
    std::vector<std::string> cats;
    for (int k = 0; k <= static_cast<int>(standard.classes.size()); ++k) cats.push_back(standard.class_name(k));
    bands.push_back({"class", "", cls, cats});
    write_geotiff(o.out_dir + "/seasonal_mean.tif", mesh, bands, grid_covering(mesh, "EPSG:4326", 0.01));
    GisLayer zl{"zones", true, {}}, sl{"stations", false, {}};
    Projection proj;
    if (!s.zones_file.empty()) {
      const VectorData zv = read_vector(s.zones_file, proj);
      for (const auto& z : a.zones)
        for (const auto& poly : zv.polygons) {
          if (!poly.props.count("id") || poly.props.at("id") != z.info.id) continue;
          GisFeature f;
          for (const auto& ring : poly.rings) {
            std::vector<std::pair<double, double>> rr;
            for (std::size_t i = 0; i < ring.x.size(); ++i) {
              double lon, lat;
              proj.inverse(ring.x[i], ring.y[i], lon, lat);
              rr.emplace_back(lon, lat);
            }
            f.rings.push_back(rr);
          }
          f.attrs = {{"id", z.info.id},
                     {"name", z.info.name},
                     {"name_zh", z.info.name_zh},
                     {"target_class", static_cast<long>(z.info.target_class + 1)},
                     {"class_mean", static_cast<long>(z.class_mean + 1)},
                     {"class_p90", static_cast<long>(z.class_p90 + 1)},
                     {"pass_mean", static_cast<long>(z.pass_mean)},
                     {"pass_p90", static_cast<long>(z.pass_p90)},
                     {"exceed_hours", z.exceed_hours},
                     {"worst_parameter", z.worst_parameter}};
          for (const auto& [p, st] : z.stats) f.attrs[p + "_mean"] = st.mean;
          zl.features.push_back(f);
        }
    }
    for (const auto& st : a.stations) {
      GisFeature f;
      f.rings = {{{st.info.lon, st.info.lat}}};
      f.attrs = {{"id", st.info.id},
                 {"name", st.info.name},
                 {"name_zh", st.info.name_zh},
                 {"class", static_cast<long>(st.overall + 1)},
                 {"target_class", static_cast<long>(st.info.target_class + 1)},
                 {"worst_parameter", st.worst_parameter}};
      for (const auto& [p, v] : st.mean) f.attrs[p + "_mean"] = v;
      sl.features.push_back(f);
    }
    write_geopackage(o.out_dir + "/compliance.gpkg", {zl, sl});
  });
  sum.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  sum.scenario = s.name;
  run_on_root(comm, [&] {
    // Written last and atomically: its presence means every other output is complete.
    std::ostringstream y;
    y.precision(17);
    auto num = [](double v) {  // YAML spells not-a-number .nan
      std::ostringstream os;
      os.precision(17);
      if (std::isnan(v))
        os << ".nan";
      else
        os << v;
      return os.str();
    };
    y << "scenario: " << s.name << "\nfile: \"" << s.file << "\"\nranks: " << mpi_size(comm)
      << "\nshare_area_good: " << num(sum.share_area_good) << "\nshare_stations_good: " << num(sum.share_stations_good)
      << "\nzones_passing: " << sum.zones_passing << "\nzones_total: " << sum.zones_total
      << "\nmax_budget_residual: " << num(sum.max_budget_residual) << "\nwall_seconds: " << sum.wall_seconds
      << "\nshare_by_jurisdiction:\n";
    for (const auto& [j, v] : sum.share_by_jurisdiction) y << "  " << j << ": " << num(v) << "\n";
    AtomicOutput out(o.out_dir + "/run_complete.yaml");
    std::ofstream(out.temp_path()) << y.str();
    out.commit();
  });
  return sum;
}

bool read_run_summary(const std::string& dir, RunSummary& r) {
  const std::string path = dir + "/run_complete.yaml";
  if (!fs::exists(path)) return false;
  const Config c = Config::load_file(path);
  r.scenario = c.at("scenario").as_string();
  r.share_area_good = c.at("share_area_good").as_double();
  r.share_stations_good = c.at("share_stations_good").as_double();
  r.zones_passing = static_cast<int>(c.at("zones_passing").as_int());
  r.zones_total = static_cast<int>(c.at("zones_total").as_int());
  r.max_budget_residual = c.at("max_budget_residual").as_double();
  r.wall_seconds = c.at("wall_seconds").as_double();
  if (c.has("share_by_jurisdiction")) {
    const Config j = c.at("share_by_jurisdiction");
    for (const auto& k : j.keys()) r.share_by_jurisdiction[k] = j.at(k).as_double();
  }
  return true;
}

}  // namespace beibu
