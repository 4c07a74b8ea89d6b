// The set-up stages of a run (scenario_run.cpp runs them in order): the inputs
// checked before anything is written, the mesh, the inputs' provenance and the run's
// identity, and the output directory (fresh or resumed).
#include "scenarios/run/run_setup.hpp"

#include <filesystem>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "core/provenance.hpp"
#include "core/sha256.hpp"
#include "mesh/mesh_files.hpp"
#include "mesh/ugrid_io.hpp"
#include "scenarios/run/constituent_fields.hpp"
#include "scenarios/run/hydro_provenance.hpp"
#include "scenarios/run/run_checkpoint.hpp"
#include "scenarios/run/run_gauges.hpp"
#include "scenarios/run/scenario_flow.hpp"
#include "solver/transport/providers/stored_flow.hpp"

namespace beibu {

namespace fs = std::filesystem;

namespace {

// Leftovers of a killed run: hidden ".NAME.partPID.EXT" files of AtomicOutput.
void remove_partial_files(const std::string& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string n = e.path().filename().string();
    if (n.size() > 1 && n[0] == '.' && n.find(".part") != std::string::npos && e.is_regular_file())
      fs::remove(e.path(), ec);
  }
}

}  // namespace

RunInputs check_inputs(const Scenario& s, const RunOptions& o) {
  RunInputs in;
  if (!s.transport) throw InputError(s.file, "", "missing required key 'transport'");
  in.tc = parse_transport_config(*s.transport);
  for (const auto& c : in.tc.constituents) in.names.push_back(c.name);
  check_constituents(s, in.names);
  in.hs = parse_hydro(s);
  if (!o.stored_hydro.empty()) {  // reuse a stored run instead of the scenario's own hydrodynamics
    if (!std::filesystem::exists(o.stored_hydro)) throw InputError(o.stored_hydro, "", "no such file");
    in.hs.stored_file = o.stored_hydro;
    in.hs.periodic = false;
  }
  in.gauges = run_gauge_file(in.hs);
  if (in.hs.stored_file.empty()) {
    if (in.hs.manning_differs())
      BLOG(warning) << manning_note(in.hs, "en");
    else
      BLOG(info) << manning_note(in.hs, "en");
  }
  if (o.save_hydro && !in.hs.stored_file.empty())
    throw InputError(s.file, "hydrodynamics", "--save-hydro needs the online model; this run reuses a stored one");
  if (o.save_hydro && o.resume)
    throw InputError(s.file, "", "--save-hydro cannot be resumed; run it again from the start");
  if (s.sea_standard_file.empty()) throw InputError(s.file, "outputs", "missing required key 'sea_standard'");
  in.standard = load_standard(s.sea_standard_file);
  in.t_epoch = s.period.start - s.period.spinup_s;
  in.t_stop = s.period.end;
  if (o.max_days > 0) in.t_stop = std::min(in.t_stop, s.period.start + o.max_days * 86400.0);
  // The run period (before the mesh is generated: that takes a while on the default case).
  if (in.t_stop - s.period.start < s.map_interval_s - 1e-6) {
    std::ostringstream os;
    os << "the assessed period after the spin-up (" << (in.t_stop - s.period.start) / 3600.0
       << " h) is shorter than one map interval (" << s.map_interval_s / 3600.0
       << " h), so nothing would be assessed: run longer or shorten outputs.map_interval_hours";
    throw InputError(s.file, o.max_days > 0 ? "--days" : "period", os.str());
  }
  // A stored run is checked whole (variables, units, calendar, fill values, continuity
  // on its own mesh) before the mesh is made; that it is this mesh's comes later.
  if (!in.hs.stored_file.empty()) check_stored_flow_file(in.hs.stored_file);
  // Wind, parent model and water temperature: variables, units and the time they cover.
  check_forcing_files(in.hs, s.water_temperature, in.t_epoch, in.t_stop);
  // Gridded initial and boundary concentrations: the same checks.
  check_constituent_fields(in.tc, in.t_epoch, in.t_stop);
  return in;
}

// The scenario's mesh file, or a mesh generated into OUT/mesh (collective).
Mesh make_mesh(const Scenario& s, const RunOptions& o, const MeshConfig& mesh_cfg, SetupGuard& guard, MPI_Comm comm) {
  if (!s.mesh_file.empty()) return read_ugrid(s.mesh_file);
  if (!fs::exists(o.out_dir + "/mesh")) guard.created.push_back(o.out_dir + "/mesh");
  run_on_root(comm, [&] { prepare_output_dir(o.out_dir + "/mesh"); });
  return generate_mesh_files(mesh_cfg, o.out_dir + "/mesh", comm);
}

// Provenance (root): every input file with its SHA-256 for the manifest, and the
// identity a checkpoint must match (the inputs and the options that change results).
void hash_run_inputs(const Scenario& s, const RunOptions& o, const MeshConfig& mesh_cfg, const RunInputs& in,
                     Manifest& manifest, std::string& identity) {
  const HydroSetup& hs = in.hs;
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& f : scenario_chain(s.file)) files.emplace_back("scenario", f);
  files.emplace_back("mesh", s.mesh_file);
  if (s.mesh_file.empty()) {
    files.emplace_back("mesh_config", s.mesh_config);
    files.emplace_back("domain", mesh_cfg.domain);
    files.emplace_back("open_boundaries", mesh_cfg.open_boundaries);
    files.emplace_back("bathymetry", mesh_cfg.bathymetry);
    files.emplace_back("sea_areas", mesh_cfg.sea_areas);
    files.emplace_back("mesh_zones", mesh_cfg.zones);
  }
  files.emplace_back("tides", hs.tides_file);
  files.emplace_back("tide_gauges", in.gauges.file);
  files.emplace_back("stored_hydrodynamics", hs.stored_file);
  if (s.river_network) files.emplace_back("river_network", s.river_network->file);
  files.emplace_back("wind", hs.wind_file);
  files.emplace_back("parent_model", hs.parent.file);
  files.emplace_back("water_temperature", s.water_temperature.field.file);
  for (const auto& c : in.tc.constituents) {
    files.emplace_back("initial_" + c.name, c.initial_field.file);
    files.emplace_back("boundary_" + c.name, c.boundary_field.file);
  }
  files.emplace_back("stations", s.stations_file);
  files.emplace_back("zones", s.zones_file);
  files.emplace_back("sea_standard", s.sea_standard_file);
  files.emplace_back("river_standard", s.river_standard_file);
  std::vector<std::pair<std::string, std::string>> present;
  for (const auto& f : files)
    if (!f.second.empty() && fs::is_regular_file(f.second)) present.push_back(f);
  manifest.inputs = hash_inputs(present);
  std::ostringstream opts;
  opts.precision(17);
  opts << "days=" << o.max_days << " tag_by=" << static_cast<int>(o.tag_by);
  identity = sha256_hex(inputs_identity(manifest.inputs) + opts.str());
}

// The output directory (collective): a resumed run finds its newest checkpoint (which
// must belong to the same inputs), a fresh one drops old checkpoints; the manifest of
// the run so far. Returns the checkpoint to resume from, "" for none, on every rank.
std::string open_run_directory(const Scenario& s, const RunOptions& o, const std::string& identity, Manifest& manifest,
                               SetupGuard& guard, MPI_Comm comm) {
  std::string ckpt;
  run_on_root(comm, [&] {
    prepare_output_dir(o.out_dir);
    remove_partial_files(o.out_dir);
    std::error_code ec;
    if (o.resume) {
      ckpt = latest_checkpoint(o.out_dir);
      if (ckpt.empty()) {
        BLOG(warning) << "no checkpoint in " << o.out_dir << "/checkpoints: starting from the beginning";
      } else {
        const RunState st = read_run_state(ckpt + "/state.bin");
        if (st.scenario_hash != identity)
          throw InputError(ckpt + "/state.bin", "scenario_hash",
                           "the checkpoint belongs to other input files or options (--days, --tag-by) than this "
                           "run; resume with the same inputs, or remove " +
                               o.out_dir + "/checkpoints to start afresh");
      }
    } else {
      fs::remove_all(fs::path(o.out_dir) / "checkpoints", ec);
    }
    fs::remove(fs::path(o.out_dir) / "run_complete.yaml", ec);
    manifest.scenario = s.name;
    manifest.scenario_file = s.file;
    manifest.version_text = program_version_text();
    manifest.command_line = program_command_line();
    manifest.petsc_options = petsc_options_text();
    manifest.ranks = mpi_size(comm);
    manifest.start_utc = utc_now();
    if (o.resume) manifest.resumed_from = manifest_resumed_from(o.out_dir);
    if (!ckpt.empty()) manifest.resumed_from.push_back(ckpt);
    if (!o.resume) guard.created.push_back(fs::path(o.out_dir) / "manifest.yaml");
    write_manifest(o.out_dir, manifest);
  });
  int len = static_cast<int>(ckpt.size());
  MPI_Bcast(&len, 1, MPI_INT, 0, comm);
  ckpt.resize(static_cast<std::size_t>(len));
  MPI_Bcast(ckpt.data(), len, MPI_CHAR, 0, comm);
  return ckpt;
}

SetupGuard::~SetupGuard() {
  if (done || !root || std::uncaught_exceptions() == 0) return;
  std::error_code ec;
  for (const auto& p : created) fs::remove_all(p, ec);
}

}  // namespace beibu
