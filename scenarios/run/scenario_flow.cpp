#include "scenarios/run/scenario_flow.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "ingest/cf_grid.hpp"
#include "ingest/cf_time.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/mesh.hpp"
#include "solver/flow.hpp"
#include "solver/hydro/tidal_boundary.hpp"
#include "solver/transport/cell_gather.hpp"
#include "solver/transport/providers/stored_flow.hpp"

namespace beibu {

namespace {

std::shared_ptr<GriddedField> wind_field(const HydroSetup& h, const std::string& name, Field kind) {
  const std::string var = source_variable(FieldSource{h.wind_file, name}, {kind});
  return std::make_shared<GriddedField>(h.wind_file, var, GridOptions{Quantity::velocity});
}

std::unique_ptr<PointField> temperature_field(const WaterTemperature& w, const std::vector<double>& lon,
                                              const std::vector<double>& lat, const std::vector<double>& depth) {
  if (w.field.file.empty()) return nullptr;
  return std::make_unique<PointField>(w.field,
                                      std::vector<Field>{Field::sea_surface_temperature, Field::sea_water_temperature},
                                      lon, lat, kWaterTemperatureMin, kWaterTemperatureMax, 3, depth);
}

// A Flather boundary (one the tides file names so, or does not name) takes the parent's velocity.
std::shared_ptr<hydro::ParentBoundary> parent_boundary(const hydro::ParentModelSpec& p, const hydro::TideSpec& tides,
                                                       const Mesh& mesh, const LocalMesh& lm, double t_epoch,
                                                       double T) {
  std::vector<std::string> flather;
  for (const auto& name : mesh.open_boundary_names) {
    bool clamped = false;
    for (const auto& b : tides.boundaries)
      clamped = clamped || (b.name == name && b.type == hydro::OpenBoundaryType::clamped);
    if (!clamped) flather.push_back(name);
  }
  auto pb = std::make_shared<hydro::ParentBoundary>(p, mesh, lm, t_epoch, T, !flather.empty());
  std::ostringstream os;
  os << "parent model " << p.file << ": sea level '" << pb->sea_level().variable() << "' at " << pb->points()
     << " open-boundary edges (in place of the tides' mean_level), datum " << pb->datum() << " m subtracted (mean of "
     << pb->frame_times().size() << " frames); velocity "
     << (pb->has_velocity() ? "as the Flather u_ext" : "not read (every open boundary is clamped)");
  for (const auto& n : flather) os << (n == flather.front() ? " on " : ", ") << n;
  BLOG(info) << os.str();
  return pb;
}

}  // namespace

void check_forcing_files(const HydroSetup& h, const WaterTemperature& temperature, double t0, double t1) {
  if (h.stored_file.empty() && !h.wind_file.empty()) {
    check_time_coverage(*wind_field(h, h.wind_u, Field::eastward_wind), t0, t1);
    check_time_coverage(*wind_field(h, h.wind_v, Field::northward_wind), t0, t1);
  }
  if (h.stored_file.empty()) hydro::check_parent_model(h.parent, t0, t1);
  if (const auto f = temperature_field(temperature, {}, {}, {})) f->check_covers(t0, t1);
}

std::unique_ptr<hydro::ShallowWaterModel> make_hydro(HydroSetup h, const Mesh& mesh, const LocalMesh& lm,
                                                     double t_epoch, double T,
                                                     const std::vector<hydro::RiverSpec>& rivers,
                                                     std::shared_ptr<hydro::ParentBoundary>* parent) {
  const std::vector<std::string>& open_boundaries = mesh.open_boundary_names;
  h.opt.start_utc = format_iso8601(t_epoch);
  auto hydro = std::make_unique<hydro::ShallowWaterModel>(lm, open_boundaries, h.opt);
  hydro::TideSpec tides;
  if (!h.tides_file.empty()) {
    tides = hydro::load_tide_spec(h.tides_file, open_boundaries);
    hydro->set_tides(tides);
  }
  if (!h.parent.empty()) {
    auto pb = parent_boundary(h.parent, tides, mesh, lm, t_epoch, T);
    hydro->set_boundary_forcing(pb);
    if (parent) *parent = pb;
  }
  hydro->set_rivers(rivers);
  if (!h.wind_file.empty()) {
    auto u = wind_field(h, h.wind_u, Field::eastward_wind);
    auto v = wind_field(h, h.wind_v, Field::northward_wind);
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

ScenarioFlow::ScenarioFlow(const HydroSetup& h, const Mesh& mesh, const LocalMesh& lm, double t_epoch, double T,
                           const std::vector<hydro::RiverSpec>& rivers, const WaterTemperature& temperature)
    : mesh_(mesh), lm_(lm), t_epoch_(t_epoch), temp_spec_(temperature) {
  temp_field_ = temperature_field(temperature, lm.lon, lm.lat, lm.depth);
  set_temperature(0.0);
  if (h.stored_file.empty()) {
    online_ = make_hydro(h, mesh, lm, t_epoch, T, rivers, &parent_);
    interval_ = h.coupling_s;
    v_init_ = online_->volume();
    return;
  }
  StoredFlowOptions so;
  so.periodic = h.periodic;
  stored_ = std::make_unique<StoredFlow>(h.stored_file, mesh, lm, so);
  const std::string& u = stored_->time_units();
  const double file_epoch = parse_iso8601(u.substr(std::string("seconds since ").size()));
  offset_ = t_epoch - file_epoch;
  const auto& ts = stored_->times();
  interval_ = ts[1] - ts[0];  // the scenario steps in the stored intervals
  const std::string where = "variable 'time'";
  if (!h.periodic && (offset_ < ts.front() - 1e-6 || offset_ + T > ts.back() + 1e-6))
    throw InputError(h.stored_file, where,
                     "the stored run covers " + format_iso8601(file_epoch + ts.front()) + " to " +
                         format_iso8601(file_epoch + ts.back()) + ", the scenario needs " + format_iso8601(t_epoch) +
                         " to " + format_iso8601(t_epoch + T) + " (set stored: {periodic: true} to cycle it)");
  double start = offset_;
  if (h.periodic) {
    start = ts.front() + std::fmod(offset_ - ts.front(), stored_->period());
    if (start < ts.front()) start += stored_->period();
  }
  bool aligned = false;
  for (double tn : ts) aligned = aligned || std::fabs(tn - start) <= 1e-6;
  if (!aligned)
    throw InputError(h.stored_file, where,
                     "the scenario starts (" + format_iso8601(t_epoch) +
                         ") between two stored records; start it at a "
                         "stored time");
  FlowState f0;
  stored_->advance(offset_, interval_, f0);
  v_init_ = f0.volume0;
}

ScenarioFlow::~ScenarioFlow() = default;

void ScenarioFlow::record_to(const std::string& path, const StoredFlowProvenance& provenance) {
  if (!online_) throw Failure("recording a run that already reuses stored hydrodynamics would only copy it");
  recording_ = true;
  run_on_root(lm_.comm, [&] {
    writer_ = std::make_unique<StoredFlowWriter>(path, mesh_, "seconds since " + format_iso8601(t_epoch_), provenance);
  });
  // Record 0: the initial state (no fluxes yet).
  const auto v = gather_cells(lm_, online_->volume(), 1);
  const auto eta = gather_cells(lm_, online_->eta(), 1);
  if (writer_)
    writer_->append(0.0, v, std::vector<double>(mesh_.n_edges(), 0.0), std::vector<double>(mesh_.n_faces(), 0.0), eta);
}

void ScenarioFlow::set_temperature(double t) {
  const auto t0 = std::chrono::steady_clock::now();
  if (temp_field_)
    run_on_all(lm_.comm, [&] { temp_field_->sample(t_epoch_ + t, temperature_); });
  else if (temp_spec_.given)
    temperature_.assign(lm_.n_local, temp_spec_.constant_c);
  temp_s_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ++temp_n_;
}

void ScenarioFlow::advance(double t, double dt, FlowState& flow) {
  if (online_)
    online_->advance(t, dt, flow);
  else
    stored_->advance(t + offset_, dt, flow);
  if (temp_spec_.given) {
    set_temperature(t + 0.5 * dt);
    flow.temperature = temperature_;
  }
  if (!recording_) return;
  // Exactly what transport receives, so a reuse reproduces this run.
  const auto v = gather_cells(lm_, flow.volume1, 1);
  const auto q = gather_cells(lm_, flow.source_flow, 1);
  const auto eta = gather_cells(lm_, online_->eta(), 1);
  const auto f = gather_edges(lm_, flow.edge_flux, static_cast<long>(mesh_.n_edges()));
  run_on_root(lm_.comm, [&] { writer_->append(t + dt, v, f, q, eta); });
}

std::string ScenarioFlow::status() const {
  return online_ ? "KSP its " + std::to_string(online_->last_ksp_iterations()) : "stored hydrodynamics";
}

void ScenarioFlow::finish() {
  if (!recording_) return;
  recording_ = false;
  // Every rank returns once the file exists under its name (or all throw).
  run_on_root(lm_.comm, [&] {
    writer_->close();
    writer_.reset();
  });
}

// The water temperature the decay used, for maps.nc (none without a scenario water temperature).
std::vector<MapField> water_temperature_maps(const WaterTemperature& w, const ScenarioFlow& water) {
  if (!w.given) return {};
  MapField f;
  f.name = "water_temperature";
  f.units = "degree_Celsius";
  f.standard_name = w.field.vertical == Vertical::surface ? "sea_surface_temperature" : "sea_water_temperature";
  f.long_name = "water temperature of the decay rates k20 theta^(T - 20)";
  std::ostringstream os;
  if (w.field.file.empty())
    os << "constant " << w.constant_c << " degC (" << w.key_file << ", water_temperature)";
  else
    os << "variable " << source_variable(w.field, {Field::sea_surface_temperature, Field::sea_water_temperature})
       << " of " << w.field.file << (w.field.vertical == Vertical::surface ? " (surface)" : " (depth average)")
       << ", interpolated to each face (nearest water where the grid has land) at the middle of the coupling "
          "interval ending at the record's time (record 0: at the start)";
  f.comment = os.str();
  f.values = &water.temperature();
  return {f};
}

}  // namespace beibu
