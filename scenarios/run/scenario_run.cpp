#include "scenarios/run/scenario_run.hpp"

#include <chrono>
#include <cmath>
#include <exception>
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
#include "core/provenance.hpp"
#include "core/sha256.hpp"
#include "ingest/cf_time.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/mesh_files.hpp"
#include "mesh/ugrid_io.hpp"
#include "scenarios/compliance/statistics_file.hpp"
#include "scenarios/compliance/time_statistics.hpp"
#include "scenarios/products/gauge_report.hpp"
#include "scenarios/products/map_layers.hpp"
#include "scenarios/products/run_products.hpp"
#include "scenarios/run/constituent_fields.hpp"
#include "scenarios/run/hydro_provenance.hpp"
#include "scenarios/run/manifest.hpp"
#include "scenarios/run/run_checkpoint.hpp"
#include "scenarios/run/run_gauges.hpp"
#include "scenarios/run/run_setup.hpp"
#include "scenarios/run/scenario_flow.hpp"
#include "scenarios/run/scenario_loads.hpp"
#include "scenarios/run/sea_boundaries.hpp"
#include "scenarios/spec/hydro_spec.hpp"
#include "solver/flow.hpp"
#include "solver/transport/cell_gather.hpp"
#include "solver/transport/map_output.hpp"
#include "solver/transport/providers/stored_flow.hpp"
#include "solver/transport/transport_config.hpp"
#include "solver/transport/transport_model.hpp"

namespace beibu {

namespace fs = std::filesystem;

namespace {

std::string period_text(const Period& p, const std::string& lang) {
  std::string season = p.season.empty() ? "" : " (" + p.season + ")";  // a season without a label
  for (const auto& k : label_keys())
    if (k == "season." + p.season) season = tr(k, lang);
  return tr("period_range", lang, {format_iso8601(p.start), format_iso8601(p.end)}) + season;
}

// One log line: the time loop's wall time by part, the busiest rank's figure for each
// (the ranks wait for each other inside the parts, so the columns need not add up).
void log_time_split(const double (&part_s)[4], MPI_Comm comm) {
  double mx[4];
  MPI_Allreduce(part_s, mx, 4, MPI_DOUBLE, MPI_MAX, comm);
  BLOG(info) << "time loop by part (s, busiest rank): loads and rivers " << mx[0] << ", hydrodynamics " << mx[1]
             << ", transport " << mx[2] << ", outputs and assessment " << mx[3];
}

// The models and writers of one run, and where its time loop stands.
struct RunStages {
  const Scenario& s;
  const RunOptions& o;
  const RunInputs& in;
  const Mesh& mesh;
  const LocalMesh& lm;
  ScenarioLoads& loads;
  TransportModel& model;
  ScenarioFlow& water;
  ConstituentFields& fields;
  MapWriter& maps;
  StationWriter& stations;
  TimeStatisticsBuilder* stats;  // rank 0 only
  const std::vector<ZoneInfo>& zones;
  const std::vector<StationInfo>& station_info;
  const std::string& identity;
  MPI_Comm comm;
  RunGauges* gauges = nullptr;  // null without a comparison with tide gauges
  double T = 0;                 // run length (s) from model time 0
  double t = 0, next_map = 0, next_station = 0;
  long interval = 0;
};

// The state of the time statistics at the model's time: every assessed constituent's
// concentration and the wet flags on the whole mesh, gathered on rank 0 (collective).
void add_statistics_state(RunStages& r) {
  const auto global = gather_cells(r.lm, r.model.concentration(), r.model.ncomp());
  std::vector<double> wet_local(r.lm.n_owned);
  for (int c = 0; c < r.lm.n_owned; ++c) wet_local[c] = r.model.is_wet(c) ? 1.0 : 0.0;
  const auto wet_global = gather_cells(r.lm, wet_local, 1);
  if (mpi_rank(r.comm) != 0) return;
  std::map<std::string, std::vector<double>> fv;
  for (const auto& n : r.stats->parameters()) {
    const int k = find_component(r.model.components(), n);
    auto& v = fv[n];
    v.resize(r.mesh.n_faces());
    for (std::size_t f = 0; f < v.size(); ++f) v[f] = global[f * r.model.ncomp() + k];
  }
  std::vector<char> wet(r.mesh.n_faces());
  for (std::size_t f = 0; f < wet.size(); ++f) wet[f] = wet_global[f] > 0 ? 1 : 0;
  r.stats->add_state(r.t, fv, wet);
}

// The time loop: each coupling interval sets the loads (and advances the river network
// once, for its mouths' water and mass), advances the water and then the constituents,
// writes the outputs that fall due and a checkpoint when one is due.
void run_time_loop(RunStages& r, const RunParts& parts) {
  hydro::ShallowWaterModel* online = r.water.online();
  // Checkpoints fall on the solver's preconditioner schedule, so a resumed run rebuilds
  // it on the same steps as an uninterrupted one.
  const long pc_every = online ? std::max(1, online->pc_rebuild_every()) : 1;
  const double map_dt = r.s.map_interval_s, station_dt = r.s.station_interval_s;
  const double t_epoch = r.in.t_epoch, T = r.T;
  const double ckpt_dt = r.o.checkpoint_hours * 3600.0;
  double next_ckpt = r.t + ckpt_dt;
  FlowState flow;
  flow.resize(r.lm);
  Progress progress("run " + r.s.name, T / 86400.0, "days");
  // Wall time of the loop's parts on this rank: loads (with the river network),
  // hydrodynamics, transport, and the rest (outputs, assessment, checkpoints).
  double part_s[4] = {0, 0, 0, 0};
  auto lap = std::chrono::steady_clock::now();
  auto tick = [&](int part) {
    const auto now = std::chrono::steady_clock::now();
    part_s[part] += std::chrono::duration<double>(now - lap).count();
    lap = now;
  };
  while (r.t < T - 1e-6) {
    const double dt = std::min(r.water.interval(), T - r.t);
    tick(3);
    r.loads.apply(r.model, online, t_epoch + r.t, dt);
    tick(0);
    r.water.advance(r.t, dt, flow);
    tick(1);
    r.fields.apply(r.model, r.t, dt);
    r.model.advance(flow);
    tick(2);
    r.t += dt;
    add_statistics_state(r);
    if (r.t + 1e-6 >= r.next_station) {
      r.stations.sample(r.model);
      r.next_station += station_dt;
    }
    if (r.t + 1e-6 >= r.next_map) {
      r.maps.write(r.model);
      r.next_map += map_dt;
    }
    ++r.interval;
    // A checkpoint after the outputs of this time, on a preconditioner rebuild step.
    if (ckpt_dt > 0 && r.t + 1e-6 >= next_ckpt && r.t < T - 1e-6 && (!online || online->steps() % pc_every == 0)) {
      RunState st;
      st.scenario_hash = r.identity;
      st.ranks = mpi_size(r.comm);
      st.interval = r.interval;
      st.t = r.t;
      st.next_map = r.next_map;
      st.next_station = r.next_station;
      const std::string dir = save_run_checkpoint(r.o.out_dir, parts, st);
      BLOG(debug) << "checkpoint " << dir << " at model time " << format_iso8601(t_epoch + r.t);
      next_ckpt = r.t + ckpt_dt;
    }
    progress.update(r.t / 86400.0, "model time " + format_iso8601(t_epoch + r.t) + ", " + r.water.status());
  }
  tick(3);
  progress.finish();
  log_time_split(part_s, r.comm);
}

// The mass budget in the log (one line per component) and its worst relative residual.
double log_budget(const MassBudget& budget) {
  double worst = 0;
  for (const auto& c : budget.components) {
    worst = std::max(worst, c.relative_residual());
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
  return worst;
}

// Root: the comparison with tide gauges (DIR/gauges/) and its report sections.
std::vector<ReportInput::Section> write_gauge_products(const RunStages& r) {
  if (!r.gauges) return {};
  if (r.gauges->recorder->times().size() < 3) {
    BLOG(warning) << "tide gauges: fewer than 3 records after the spin-up, no comparison";
    return {};
  }
  const hydro::GaugeComparison c = write_run_gauges(*r.gauges, r.o.out_dir, format_iso8601(r.in.t_epoch));
  return gauge_report_sections(c, r.in.hs.tides_file, r.o.lang);
}

// Root: the budget and river tables, the comparison with tide gauges, the assessment
// into the summary, and the report and GIS layers (unless --no-report or nothing was
// assessed).
void write_products(const RunStages& r, const PeriodStatistics& ps, const MassBudget& budget, RunSummary& sum) {
  budget.write_csv(r.o.out_dir + "/mass_budget.csv");
  r.loads.write_outputs(r.o.out_dir);
  const std::vector<ReportInput::Section> gauge_sections = write_gauge_products(r);
  const Assessment a = assess_period(ps, r.mesh, r.in.standard, r.zones, r.station_info);
  sum.share_area_good = a.share_area_good;
  sum.share_by_jurisdiction = a.share_area_good_by_jurisdiction;
  sum.share_stations_good = a.share_stations_good;
  sum.zones_total = static_cast<int>(a.zones.size());
  for (const auto& z : a.zones) sum.zones_passing += z.pass_mean;
  if (!r.o.report || a.intervals == 0) return;
  RunProductsInput pi;
  pi.scenario = &r.s;
  pi.mesh = &r.mesh;
  pi.standard = &r.in.standard;
  pi.assessment = &a;
  pi.budget = &budget;
  pi.lang = r.o.lang;
  pi.sections = r.loads.report_sections(r.o.lang);
  pi.sections.insert(pi.sections.end(), gauge_sections.begin(), gauge_sections.end());
  for (const std::string& n : hydro_notes(r.in.hs, r.o.lang)) pi.notes.push_back(n);
  pi.period = period_text(r.s.period, r.o.lang) +
              (r.in.t_stop < r.s.period.end ? tr("period_stopped", r.o.lang, {format_iso8601(r.in.t_stop)}) : "");
  write_run_products(r.o.out_dir, pi);
}

// Root, after a failure during the work (exit 1): the run's own result files and the
// mesh it generated are removed, and the manifest says complete: false with the error,
// so that nothing in the directory passes for a result. Checkpoints stay (for
// --resume) and so does the log. Best effort: the directory may not be writable.
void mark_failed(const RunOptions& o, Manifest& manifest, std::size_t first_output,
                 const std::vector<fs::path>& created, const std::string& why) noexcept {
  try {
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(o.out_dir, ec);
    const auto& committed = committed_outputs();
    for (std::size_t i = first_output; i < committed.size(); ++i) {
      const fs::path rel = fs::weakly_canonical(committed[i], ec).lexically_relative(root);
      if (rel.empty() || *rel.begin() == ".." || *rel.begin() == "checkpoints" || rel == "manifest.yaml") continue;
      fs::remove(root / rel, ec);
    }
    for (const auto& p : created)
      if (p.filename() != "manifest.yaml") fs::remove_all(p, ec);
    manifest.complete = false;
    manifest.end_utc = utc_now();
    manifest.failure = why;
    write_manifest(o.out_dir, manifest);
  } catch (const std::exception& e) {
    BLOG(info) << "could not mark " << o.out_dir << " as failed: " << e.what();
  }
}

// Root, last and atomically: the completed manifest and DIR/run_complete.yaml, whose
// presence means every other output is complete; then the checkpoints go.
void mark_complete(const RunStages& r, const MassBudget& budget, const RunSummary& sum, Manifest& manifest,
                   std::size_t first_output) {
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
  y << "scenario: " << r.s.name << "\nfile: \"" << r.s.file << "\"\nranks: " << mpi_size(r.comm)
    << "\nshare_area_good: " << num(sum.share_area_good) << "\nshare_stations_good: " << num(sum.share_stations_good)
    << "\nzones_passing: " << sum.zones_passing << "\nzones_total: " << sum.zones_total
    << "\nmax_budget_residual: " << num(sum.max_budget_residual) << "\nwall_seconds: " << sum.wall_seconds
    << "\nshare_by_jurisdiction:\n";
  for (const auto& [j, v] : sum.share_by_jurisdiction) y << "  " << j << ": " << num(v) << "\n";
  manifest.complete = true;
  manifest.end_utc = utc_now();
  manifest.max_budget_residual = sum.max_budget_residual;
  for (const auto& c : budget.components) manifest.budget_residuals.emplace_back(c.name, c.relative_residual());
  manifest.outputs = hash_outputs(r.o.out_dir, first_output);
  for (const char* lang : {"en", "zh"})
    manifest.notes.emplace_back(lang, run_notes(r.s, r.mesh, lang, hydro_notes(r.in.hs, lang)));
  write_manifest(r.o.out_dir, manifest);
  AtomicOutput out(r.o.out_dir + "/run_complete.yaml");
  {
    std::ofstream f(out.temp_path());
    f << y.str();
    f.flush();
    if (!f) throw Failure("cannot write " + out.temp_path().string() + " (disk full or not writable?)");
  }
  out.commit();
  // The run is complete: its checkpoints are no longer needed.
  std::error_code ec;
  fs::remove_all(fs::path(r.o.out_dir) / "checkpoints", ec);
}

}  // namespace

// The stages of a run, in order: check the inputs; make the mesh and record the
// inputs' provenance; place the sources and build the models (loads, transport,
// water); open the output directory (or resume); create the writers; run the time
// loop; write the products; mark the run complete.
RunSummary run_scenario(const Scenario& s, const RunOptions& o, MPI_Comm comm) {
  const auto wall0 = std::chrono::steady_clock::now();
  const std::size_t first_output = committed_outputs().size();  // the manifest lists this run's outputs
  const int rank = mpi_rank(comm);

  // Everything that can be wrong with the input is checked before anything is written.
  const RunInputs in = check_inputs(s, o);
  const MeshConfig mesh_cfg = s.mesh_file.empty() ? read_mesh_config(s.mesh_config) : MeshConfig{};
  SetupGuard guard;
  guard.root = rank == 0;
  const Mesh mesh = make_mesh(s, o, mesh_cfg, guard, comm);
  Manifest manifest;
  std::string identity;
  run_on_root(comm, [&] { hash_run_inputs(s, o, mesh_cfg, in, manifest, identity); });

  // The models: sources placed on the mesh (and the river coupled), transport, water.
  const LocalMesh lm = distribute_mesh(mesh, comm);
  ScenarioLoads loads(s, mesh, in.names, in.tc, o.tag_by);
  TransportModel model(mesh, lm, loads.transport_config());
  // Cross-border sea fluxes (beibu apportion): sections registered before initialise or restore.
  const std::vector<SeaSection> sea_sections = o.sea_fluxes ? sea_boundary_sections(mesh) : std::vector<SeaSection>{};
  add_sea_sections(model, sea_sections);
  // Gridded initial and boundary concentrations at this rank's cells (checked here:
  // a cell without a value is refused before anything is written).
  ConstituentFields fields(in.tc, model, lm, in.t_epoch);
  if (rank == 0) {
    for (const auto& line : fields.describe()) BLOG(info) << line;
    for (const auto& line : loads.describe_inflows()) BLOG(info) << line;
  }
  // Hydrodynamics: model time 0 is the start of the spin-up.
  const double t_epoch = in.t_epoch, T = in.t_stop - t_epoch;
  ScenarioFlow water(in.hs, mesh, lm, t_epoch, T,
                     in.hs.stored_file.empty() ? loads.discharges(t_epoch, T) : std::vector<hydro::RiverSpec>{},
                     s.water_temperature);
  // The surface at tide gauges after the spin-up, every hydrodynamic step.
  const std::unique_ptr<RunGauges> gauges = make_run_gauges(in.gauges, mesh, lm, s.period.start - t_epoch);
  if (gauges) gauges->recorder->attach(*water.online());

  // Outputs. A resumed run continues from the newest checkpoint; a fresh one drops old checkpoints.
  const std::string ckpt = open_run_directory(s, o, identity, manifest, guard, comm);
  RunState resume_state;
  if (!ckpt.empty()) resume_state = read_run_state(ckpt + "/state.bin");
  const std::string time_units = "seconds since " + format_iso8601(t_epoch);
  std::vector<MapField> extra_maps = water_temperature_maps(s.water_temperature, water);
  for (const auto& f : fields.maps(model)) extra_maps.push_back(f);
  MapWriter maps(o.out_dir + "/maps.nc", mesh, model, time_units, ckpt.empty() ? "" : ckpt + "/maps.nc",
                 static_cast<std::size_t>(resume_state.map_records), extra_maps);
  std::vector<Station> station_list;
  std::vector<ZoneInfo> zones;
  std::vector<StationInfo> stations;
  if (!s.stations_file.empty()) station_list = read_stations(s.stations_file);
  StationWriter station_out(o.out_dir + "/stations.nc", mesh, model, station_list, time_units, s.stations_file);
  if (!s.zones_file.empty()) zones = load_zones(mesh, s.zones_file);
  if (!s.stations_file.empty()) stations = load_stations(mesh, s.stations_file, zones);
  // The report's map views and layers are drawn at the end; a bad views file is refused now.
  if (o.report) load_map_layers(map_views_file(s.zones_file), s.zones_file, LonLatBox{});
  // The time statistics of the assessment period: after the spin-up to the end of the run.
  std::unique_ptr<TimeStatisticsBuilder> stats;
  if (rank == 0)
    stats = std::make_unique<TimeStatisticsBuilder>(mesh, in.standard, in.names, s.period.start - t_epoch, T);
  guard.done = true;

  try {
    // The initial state, or the checkpoint's.
    if (fields.any_initial())
      model.initialise(0.0, water.initial_volume(), fields.initial(model));
    else
      model.initialise(0.0, water.initial_volume());
    if (o.save_hydro) water.record_to(o.out_dir + "/hydro.nc", hydro_provenance(s, in.hs));
    RunStages r{s,      o,    in,          mesh,        lm,    loads,    model,    water,
                fields, maps, station_out, stats.get(), zones, stations, identity, comm};
    r.T = T;
    r.gauges = gauges.get();
    r.next_map = s.map_interval_s;
    r.next_station = s.station_interval_s;
    const RunParts parts{&mesh, water.online(), &model,      &loads,
                         &maps, &station_out,   stats.get(), gauges ? gauges->recorder.get() : nullptr,
                         comm};
    if (ckpt.empty()) {
      maps.write(model);
      station_out.sample(model);
      add_statistics_state(r);
    } else {
      restore_run_checkpoint(ckpt, parts, resume_state);
      r.t = resume_state.t;
      r.next_map = resume_state.next_map;
      r.next_station = resume_state.next_station;
      r.interval = resume_state.interval;
      BLOG(info) << "resumed from " << ckpt << " at model time " << format_iso8601(t_epoch + r.t);
    }
    run_time_loop(r, parts);
    if (fields.samples() > 0)
      BLOG(info) << "boundary concentration fields: " << fields.samples() << " samplings in " << fields.seconds()
                 << " s (this rank)";
    if (s.water_temperature.given)
      BLOG(info) << "water temperature: " << water.temperature_samples() << " samples at " << lm.n_local << " cells in "
                 << water.temperature_seconds() << " s (this rank)";
    if (const auto* p = water.parent())
      BLOG(info) << "parent model: " << p->samples() << " samples at " << p->points() << " open-boundary edges in "
                 << p->sample_seconds() << " s, every frame read once in " << p->setup_seconds() << " s (this rank)";

    water.finish();
    PeriodStatistics ps;
    if (rank == 0) ps = stats->finish();
    std::ostringstream method;
    method << "in-run: the state at the end of every transport coupling interval (" << in.hs.coupling_s
           << " s), linear in time between them, over the assessment period (after the spin-up to the end of the run)";
    maps.close([&](const std::string& path) {
      write_period_statistics(path, ps, mesh, in.standard, time_units, method.str());
    });
    station_out.close();
    const MassBudget budget = model.budget();
    RunSummary sum;
    sum.max_budget_residual = log_budget(budget);
    run_on_root(comm, [&] { write_products(r, ps, budget, sum); });
    if (o.sea_fluxes)
      write_sea_fluxes(
          o.out_dir + "/sea_fluxes.csv", model, sea_sections,
          format_iso8601(t_epoch) + " to " + format_iso8601(t_epoch + model.time()) + " (spin-up included)");
    sum.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    sum.scenario = s.name;
    run_on_root(comm, [&] { mark_complete(r, budget, sum, manifest, first_output); });
    return sum;
  } catch (const std::exception& e) {
    if (rank == 0) mark_failed(o, manifest, first_output, guard.created, e.what());
    throw;
  }
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
