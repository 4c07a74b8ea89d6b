// `beibu skill`: model against observations at monitoring stations. Reads the
// model's station output (CF timeSeries NetCDF) and the observations (long CSV
// or CF timeSeries), quality-controls the observations, and writes
//   skill.csv        bias, RMSE, r, Willmott's d, NSE per station and parameter
//   skill_pairs.csv  every observation with the model value at its time
//   qc_report.csv    every observation QC dropped, and why
//   skill.png        model against observed (scripts/plot_skill.py, matplotlib)
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "command.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/qc.hpp"
#include "ingest/skill.hpp"
#include "ingest/stations.hpp"
#include "numeric_option.hpp"

namespace beibu::cli {

namespace {

struct SkillArgs {
  std::string model, obs;
  std::string stations = std::string(BEIBU_DATA_DIR) + "/beibu/stations.geojson";
  std::string utc_offset;
  double max_gap_h = 24;
  bool no_plot = false;
  std::string out = "out/skill";
};

std::string shell_quote(const std::string& s) {
  std::string o = "'";
  for (char c : s) o += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return o + "'";
}

// The plot is made by matplotlib; without it the tables still stand.
void make_plot(const std::string& pairs, const std::string& skill, const std::string& png) {
  const char* env = std::getenv("BEIBU_PLOT_SKILL");
  const std::string script = env ? env : std::string(BEIBU_DATA_DIR) + "/../scripts/plot_skill.py";
  if (!std::filesystem::exists(script) || !std::filesystem::exists("/usr/bin/python3")) {
    BLOG(warning) << "no plot: " << script << " or /usr/bin/python3 is missing";
    return;
  }
  AtomicOutput out(png);
  const std::string cmd = "/usr/bin/python3 " + shell_quote(script) + " " + shell_quote(pairs) + " " +
                          shell_quote(skill) + " " + shell_quote(out.temp_path().string()) + " 2>&1";
  if (std::system(cmd.c_str()) != 0 || !std::filesystem::exists(out.temp_path())) {
    BLOG(warning) << "no plot: " << script << " failed (is python3-matplotlib installed?)";
    return;
  }
  out.commit();
}

void run_skill(const SkillArgs& a) {
  ObservationOptions opt;
  if (!a.utc_offset.empty()) {
    try {
      opt.default_utc_offset_s = parse_utc_offset(a.utc_offset);
    } catch (const std::invalid_argument& e) {
      throw InputError("", "--utc-offset", e.what());
    }
  }
  if (!(a.max_gap_h > 0)) throw InputError("", "--max-gap", "must be positive");
  // Read everything before creating any output: bad input leaves nothing behind.
  const std::vector<Station> stations = read_stations(a.stations);
  opt.stations = &stations;
  const std::vector<Observation> obs = read_observations(a.obs, opt);
  TimeSeriesData model = read_timeseries_nc(a.model);
  const QcResult qc = quality_control(obs);
  const std::vector<SkillPair> pairs = pair_model_obs(qc.kept, model.values, a.max_gap_h * 3600.0);
  const std::vector<SkillRow> rows = skill_table(pairs);

  open_output_dir(a.out);
  BLOG(info) << qc_summary(qc);
  BLOG(info) << pairs.size() << " model/observation pairs at " << model.stations.size() << " model stations";
  if (mpi_rank() != 0) return;
  write_qc_report(a.out + "/qc_report.csv", qc);
  write_pairs_csv(a.out + "/skill_pairs.csv", pairs);
  write_skill_csv(a.out + "/skill.csv", rows);
  for (const auto& r : rows)
    if (r.station == "ALL")
      BLOG(info) << parameter_name(r.parameter) << ": n " << r.stats.n << ", bias " << r.stats.bias << ", RMSE "
                 << r.stats.rmse << ", r " << r.stats.r << ", d " << r.stats.willmott_d << ", NSE " << r.stats.nse;
  if (!a.no_plot) make_plot(a.out + "/skill_pairs.csv", a.out + "/skill.csv", a.out + "/skill.png");
}

}  // namespace

Command add_skill_command(CLI::App& parent) {
  auto args = std::make_shared<SkillArgs>();
  Command c;
  c.app = parent.add_subcommand("skill", "Model skill against station observations (bias, RMSE, r, Willmott d, NSE)");
  c.app->add_option("-m,--model", args->model, "Model station output: CF timeSeries NetCDF")->required();
  c.app
      ->add_option("--obs", args->obs,
                   "Observations: long CSV (station_id,time,parameter,value,unit[,qc_flag]) "
                   "or CF timeSeries NetCDF")
      ->required();
  c.app->add_option("-s,--stations", args->stations, "Station metadata (GeoJSON, GeoPackage, Shapefile or CSV)")
      ->capture_default_str();
  c.app->add_option("--utc-offset", args->utc_offset,
                    "UTC offset of observation times written without one, e.g. +08:00 (otherwise they are an error)");
  add_number(c.app, "--max-gap", args->max_gap_h, "Longest model output interval to interpolate across (hours)",
             Range::positive(24 * 3660))
      ->capture_default_str();
  c.app->add_flag("--no-plot", args->no_plot, "Do not draw skill.png");
  c.app->add_option("-o,--output", args->out, "Output directory")->capture_default_str();
  c.run = [args] { run_skill(*args); };
  return c;
}

}  // namespace beibu::cli
