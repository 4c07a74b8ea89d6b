// `beibu apportion SCENARIO.yaml`: one run with tagged copies of every
// non-conservative constituent per source group, then the source-receptor matrix
// (DIR/matrix.nc) and the apportionment tables and share maps.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

#include "cli/build_info.hpp"
#include "command.hpp"
#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "core/sha256.hpp"
#include "ingest/cf_time.hpp"
#include "mesh/ugrid_io.hpp"
#include "numeric_option.hpp"
#include "scenarios/apportion/apportion.hpp"
#include "scenarios/apportion/apportion_report.hpp"
#include "scenarios/compliance/assessment.hpp"
#include "scenarios/run/hydro_provenance.hpp"
#include "scenarios/run/scenario_run.hpp"
#include "scenarios/spec/hydro_spec.hpp"
#include "scenarios/spec/loads.hpp"
#include "scenarios/spec/scenario.hpp"
#include "solver/transport/transport_config.hpp"

namespace beibu::cli {

namespace {
struct ApportionArgs {
  std::string scenario, out, lang = "en", by = "sector", mesh, hydro;
  double days = 0;
  bool cells = false;
};

void run(const ApportionArgs& a) {
  namespace fs = std::filesystem;
  Scenario s = load_scenario(a.scenario);
  if (!a.mesh.empty()) use_mesh_config(s, a.mesh);
  const TagBy by = parse_tag_by(a.by);
  if (s.zones_file.empty() && s.stations_file.empty())
    throw InputError(s.file, "outputs", "apportionment needs receptors: give 'zones' and/or 'stations'");
  const std::string out = a.out.empty() ? "out/" + s.name + "-apportion" : a.out;
  if (!a.hydro.empty() && !fs::is_regular_file(a.hydro)) throw InputError(a.hydro, "--hydro", "no such file");
  open_output_dir(out);
  RunOptions o;
  o.out_dir = out + "/run";
  o.lang = a.lang;
  o.max_days = a.days;
  o.report = false;
  o.tag_by = by;
  o.sea_fluxes = true;
  if (!a.hydro.empty()) o.stored_hydro = fs::absolute(a.hydro).string();
  BLOG(info) << "apportionment of " << s.name << " by " << a.by << " on " << mpi_size() << " rank(s), output in "
             << out;
  run_scenario(s, o, PETSC_COMM_WORLD);

  // The run's loads, as it applied them: the same intervals, the same groups in the same order.
  const HydroSetup hs = parse_hydro(s);
  const double t_epoch = s.period.start - s.period.spinup_s;
  double t_stop = s.period.end;
  if (a.days > 0) t_stop = std::min(t_stop, s.period.start + a.days * 86400.0);
  const double T = t_stop - t_epoch;
  std::vector<std::string> groups;
  for (const auto& c : load_components(s)) {
    const std::string g = tag_of(s, c, by);
    if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
  }
  std::vector<std::string> constituents;
  for (const auto& c : parse_transport_config(*s.transport).constituents)
    if (!c.conservative) constituents.push_back(c.name);
  // The loads that entered the gulf (river mouths included) from the run's budget; the
  // natural (uncuttable) part in the proportion the scenario's sector shares give.
  std::vector<double> planned, natural;
  group_mean_loads(s, by, groups, constituents, t_epoch, T, hs.coupling_s, planned, natural);
  std::vector<double> mean, floor(planned.size(), 0.0);
  run_on_root(PETSC_COMM_WORLD,
              [&] { mean = group_loads_from_budget(o.out_dir + "/mass_budget.csv", groups, constituents, T); });
  mean.resize(planned.size());
  MPI_Bcast(mean.data(), static_cast<int>(mean.size()), MPI_DOUBLE, 0, PETSC_COMM_WORLD);
  double worst = 0;
  for (std::size_t i = 0; i < mean.size(); ++i) {
    floor[i] = planned[i] > 0 ? mean[i] * natural[i] / planned[i] : 0.0;
    if (planned[i] > 0) worst = std::max(worst, std::abs(mean[i] - planned[i]) / planned[i]);
  }
  BLOG(info) << "group loads: the run's budget and the scenario's loads differ by at most " << worst
             << " relative (river transit and decay when a river network is coupled)";

  run_on_root(PETSC_COMM_WORLD, [&] {
    const std::string maps = o.out_dir + "/maps.nc";
    const Mesh mesh = read_ugrid(maps);
    std::vector<ZoneInfo> zones;
    std::vector<StationInfo> stations;
    if (!s.zones_file.empty()) zones = load_zones(mesh, s.zones_file);
    if (!s.stations_file.empty()) stations = load_stations(mesh, s.stations_file, zones);
    const auto receptors = make_receptors(mesh, zones, stations, a.cells);
    std::map<std::string, std::map<std::string, std::vector<double>>> face_means;
    SourceReceptorMatrix m =
        build_matrix(maps, receptors, groups, constituents, mean, floor, s.period.spinup_s, &face_means);
    for (const auto& g : groups) {
      std::string j, sec;
      split_group(g, by, s, j, sec);
      m.group_jurisdiction.push_back(j);
      m.group_sector.push_back(sec);
    }
    m.attributes["scenario_file"] = fs::absolute(s.file).lexically_normal().string();
    m.attributes["scenario_sha256"] = sha256_file(s.file);
    m.attributes["scenario_name"] = s.name;
    // How the water was made (the stored file's record where the run reused one) and how
    // far to trust its tide: the allocation made from this matrix quotes both.
    HydroSetup water = hs;
    if (!o.stored_hydro.empty()) water.stored_file = o.stored_hydro;
    const StoredFlowProvenance wp = water_provenance(s, water);
    m.attributes["hydrodynamics"] =
        wp.hydrodynamics + (water.stored_file.empty() && !hs.wind_file.empty() ? " Wind: " + hs.wind_file + "." : "") +
        (water.stored_file.empty() && !hs.parent.empty() ? " Parent model: " + hs.parent.file + "." : "") +
        " Coupling interval " + std::to_string(static_cast<long>(hs.coupling_s)) + " s.";
    if (!wp.tides_uncertainty.empty()) m.attributes["tides_uncertainty"] = wp.tides_uncertainty;
    if (!wp.tides_uncertainty_zh.empty()) m.attributes["tides_uncertainty_zh"] = wp.tides_uncertainty_zh;
    m.attributes["period"] = format_iso8601(s.period.start) + " to " + format_iso8601(t_stop) +
                             " (assessment; spin-up from " + format_iso8601(t_epoch) + ")";
    m.attributes["loads_period"] = format_iso8601(t_epoch) + " to " + format_iso8601(t_stop);
    m.attributes["tag_by"] = a.by;
    m.attributes["run_maps"] = fs::absolute(maps).lexically_normal().string();
    m.attributes["created_by"] = std::string("beibu ") + kBeibuVersion + " apportion";
    write_matrix(out + "/matrix.nc", m);
    write_apportion_report(out, m, mesh, face_means, tr("apportion_title", a.lang, {s.name}), a.lang);
    BLOG(info) << "matrix " << m.nr() << " receptors x " << m.ng() << " groups x " << m.constituents.size()
               << " constituents in " << out << "/matrix.nc; tables in " << out << "/apportionment.html";
  });
}
}  // namespace

Command add_apportion_command(CLI::App& parent) {
  auto args = std::make_shared<ApportionArgs>();
  Command c;
  c.app = parent.add_subcommand("apportion",
                                "Source apportionment: one run with tagged copies, the source-receptor matrix and "
                                "each jurisdiction's and sector's share of every zone and station");
  c.app->add_option("scenario", args->scenario, "Scenario YAML (see docs/scenarios.md)")->required();
  c.app->add_option("-o,--output", args->out, "Output directory (default out/<scenario name>-apportion)");
  c.app->add_option("--by", args->by, "Group sources by source, jurisdiction or sector (jurisdiction.sector)")
      ->check(CLI::IsMember({"source", "jurisdiction", "sector"}))
      ->capture_default_str();
  add_number(c.app, "--days", args->days,
             "Stop after this many days of the period (quick looks; at least one map interval)", kDaysRange);
  c.app->add_flag("--cells", args->cells, "Also make every mesh cell a receptor (large matrix)");
  c.app->add_option("--lang", args->lang, "Report language")->check(CLI::IsMember({"en", "zh"}));
  c.app->add_option("--mesh", args->mesh,
                    "Run on this mesh configuration instead of the scenario's (e.g. data/beibu/mesh-coarse.yaml)");
  c.app->add_option("--hydro", args->hydro,
                    "Reuse stored hydrodynamics (a hydro.nc from beibu run --save-hydro on the same mesh)");
  c.run = [args] { run(*args); };
  return c;
}

}  // namespace beibu::cli
