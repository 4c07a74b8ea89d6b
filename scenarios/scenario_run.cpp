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
#include "hydro_setup.hpp"
#include "ingest/cf_time.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/mesh_files.hpp"
#include "mesh/ugrid_io.hpp"
#include "run_products.hpp"
#include "scenario_loads.hpp"
#include "solver/flow.hpp"
#include "solver/transport/cell_gather.hpp"
#include "solver/transport/map_output.hpp"
#include "solver/transport/transport_config.hpp"
#include "solver/transport/transport_model.hpp"

namespace beibu {

namespace fs = std::filesystem;

namespace {

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
  ScenarioLoads loads(s, mesh, names, tc, o.tag_by);
  TransportModel model(mesh, lm, tc);

  // Hydrodynamics: model time 0 is the start of the spin-up.
  const double t_epoch = s.period.start - s.period.spinup_s;
  double t_stop = s.period.end;
  if (o.max_days > 0) t_stop = std::min(t_stop, s.period.start + o.max_days * 86400.0);
  const double T = t_stop - t_epoch;
  const auto hydro = make_hydro(hs, lm, mesh.open_boundary_names, t_epoch, loads.discharges(t_epoch, T));

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

  FlowState flow;
  flow.resize(lm);
  model.initialise(0.0, hydro->volume());
  Progress progress("run " + s.name, T / 86400.0, "days");
  const double map_dt = s.map_interval_s, station_dt = s.station_interval_s;
  maps.write(model);  // the initial state
  station_out.sample(model);
  double t = 0, next_map = map_dt, next_station = station_dt;
  while (t < T - 1e-6) {
    const double dt = std::min(hs.coupling_s, T - t);
    loads.apply(model, t_epoch + t, dt);
    hydro->advance(t, dt, flow);
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
                                     std::to_string(hydro->last_ksp_iterations()));
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
    RunProductsInput in;
    in.scenario = &s;
    in.mesh = &mesh;
    in.standard = &standard;
    in.assessment = &a;
    in.budget = &budget;
    in.lang = o.lang;
    in.period =
        period_text(s.period) + (t_stop < s.period.end ? " (stopped after " + format_iso8601(t_stop) + ")" : "");
    write_run_products(o.out_dir, in);
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
