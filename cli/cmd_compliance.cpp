// `beibu compliance`: water-quality compliance of any run's output (its map
// file) or of observed station data alone, against a standard, with a report.
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>

#include "command.hpp"
#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/qc.hpp"
#include "ingest/stations.hpp"
#include "mesh/ugrid_io.hpp"
#include "numeric_option.hpp"
#include "scenarios/compliance/map_assessment.hpp"
#include "scenarios/compliance/observed_assessment.hpp"
#include "scenarios/products/report.hpp"
#include "scenarios/run/manifest.hpp"

namespace beibu::cli {

namespace {
const std::string kData = BEIBU_DATA_DIR;

struct ComplianceArgs {
  std::string run, maps, observations, out, lang = "en", from, to;
  std::string zones = kData + "/beibu/zones.geojson";
  std::string stations = kData + "/beibu/stations.geojson";
  std::string standard = kData + "/standards/gb3097-1997.yaml";
  int target_class = 2;
};

double parse_when(const std::string& s, const char* opt) {
  try {
    return parse_iso8601(s, 0.0);
  } catch (const std::invalid_argument& e) {
    throw InputError("", opt, std::string("expected an ISO 8601 time: ") + e.what());
  }
}

Table station_table(const std::vector<StationResult>& st, const Standard& s, const std::string& lang) {
  Table t{{"id", tr("station", lang), tr("class", lang), tr("target", lang), tr("worst", lang), tr("exceeding", lang),
           "class_code", "target_code"},
          {}};
  for (const auto& r : st) {
    std::string ex;
    for (const auto& [p, m] : r.exceeding) ex += (ex.empty() ? "" : "; ") + p + " " + std::to_string(m).substr(0, 5);
    t.rows.push_back({r.info.id, localized(r.info.name, r.info.name_zh, lang), s.code_name(class_code(r.overall), lang),
                      s.class_name(r.info.target_class, lang), r.worst_parameter, ex.empty() ? tr("none", lang) : ex,
                      std::to_string(class_code(r.overall)), std::to_string(class_code(r.info.target_class))});
  }
  t.shown = 6;
  return t;
}

void run(const ComplianceArgs& a) {
  const int sources = !a.run.empty() + !a.maps.empty() + !a.observations.empty();
  if (sources == 0) throw InputError("", "beibu compliance", "give --run DIR, --maps FILE or --observations FILE");
  if (sources > 1)
    throw InputError("", "beibu compliance",
                     "give only one of --run DIR, --maps FILE or --observations FILE (each is assessed on its own)");
  const double from = a.from.empty() ? -INFINITY : parse_when(a.from, "--from");
  const double to = a.to.empty() ? INFINITY : parse_when(a.to, "--to");
  if (from > to) throw InputError("", "--from", a.from + " is after --to " + a.to + ": the period would be empty");
  const Standard standard = load_standard(a.standard);

  if (!a.observations.empty()) {
    // Observed data alone: QC, period means, bulletin-style station table.
    const auto stations = read_stations(a.stations);
    ObservationOptions oo;
    oo.stations = &stations;
    auto obs = read_observations(a.observations, oo);
    add_din_from_species(obs);
    const QcResult qc = quality_control(obs);
    std::vector<Observation> window;
    for (const auto& o : qc.kept)
      if (o.time >= from && o.time <= to) window.push_back(o);
    const auto results = assess_observations(window, stations, standard, a.target_class - 1);
    const std::string out = a.out.empty() ? "out/compliance" : a.out;
    open_output_dir(out);
    run_on_root(PETSC_COMM_WORLD, [&] {
      write_qc_report(out + "/qc_report.csv", qc);
      write_csv(out + "/stations.csv", station_table(results, standard, a.lang));
      BLOG(info) << qc_summary(qc);
      BLOG(info) << "assessed " << results.size() << " stations against " << standard.id << "; table in " << out
                 << "/stations.csv";
    });
    return;
  }

  const std::string maps = a.maps.empty() ? a.run + "/maps.nc" : a.maps;
  const Mesh mesh = read_ugrid(maps);
  const auto zones = load_zones(mesh, a.zones);
  const auto stations = load_stations(mesh, a.stations, zones);
  const std::string out = a.out.empty() ? (a.run.empty() ? "out/compliance" : a.run + "/compliance") : a.out;
  // The map file is read and assessed before the output directory is touched. By default
  // the run's own statistics (its assessment period, every coupling interval); a window of
  // one's own, or a map file without them, uses the snapshots.
  Assessment as;
  bool stats = false;
  run_on_root(PETSC_COMM_WORLD, [&] {
    std::optional<Assessment> st;
    if (a.from.empty() && a.to.empty()) st = assess_map_statistics(maps, mesh, standard, zones, stations);
    stats = st.has_value();
    as = st ? *st : assess_map_records(maps, mesh, standard, zones, stations, from, to);
    // Said once the records are assessed: bad input gives one error line, no warning.
    if (!st)
      BLOG(warning) << (a.from.empty() && a.to.empty()
                            ? maps +
                                  " holds no time statistics (written before beibu kept them): assessing its "
                                  "snapshot records, whose daily sampling aliases the tide"
                            : "--from/--to: assessing the snapshot records of " + maps +
                                  " in this window, not the run's statistics of every coupling interval");
  });
  // The run's own notes (tides, friction, ocean data, loads), in the report's language.
  const std::vector<std::string> notes =
      a.run.empty() ? std::vector<std::string>{} : manifest_notes(a.run + "/manifest.yaml", a.lang);
  open_output_dir(out);
  run_on_root(PETSC_COMM_WORLD, [&] {
    ReportInput in;
    in.scenario = maps;
    in.title = tr("compliance_of", a.lang, {std::filesystem::path(maps).parent_path().filename().string()});
    in.period = tr(
        stats ? "period_statistics" : "period_snapshots", a.lang,
        {format_iso8601(as.t_from), format_iso8601(as.t_to), std::to_string(static_cast<long>(std::lround(as.hours)))});
    in.lang = a.lang;
    in.mesh = &mesh;
    in.assessment = &as;
    in.standard = &standard;
    in.zones_file = a.zones;
    if (!a.run.empty()) in.stations_file = a.run + "/stations.nc";
    in.notes = notes;
    write_report(out, in);
    BLOG(info) << "coastal water in Class I+II: " << 100 * as.share_area_good << " % by area, "
               << 100 * as.share_stations_good << " % of stations; report in " << out << "/report.html";
  });
}
}  // namespace

Command add_compliance_command(CLI::App& parent) {
  auto args = std::make_shared<ComplianceArgs>();
  Command c;
  c.app = parent.add_subcommand("compliance", "Assess a run's output or observed station data against a standard");
  c.app->add_option("--run", args->run, "A run's output directory (reads its maps.nc)");
  c.app->add_option("--maps", args->maps, "A UGRID map file of concentrations");
  c.app->add_option("--observations", args->observations, "Observations (long CSV or CF timeSeries NetCDF)");
  c.app->add_option("--zones", args->zones, "Functional zones (polygons with id, target_class)")->capture_default_str();
  c.app->add_option("--stations", args->stations, "Monitoring stations (points with id)")->capture_default_str();
  c.app->add_option("--standard", args->standard, "Standard (data/standards/*.yaml)")->capture_default_str();
  add_number(c.app, "--target-class", args->target_class, "Target class for observed stations (1 = Class I)",
             Range::whole(1, 6))
      ->capture_default_str();
  c.app->add_option(
      "--from", args->from,
      "Start of the assessed period (ISO 8601; default: the run's assessment period, from its in-run statistics)");
  c.app->add_option("--to", args->to,
                    "End of the assessed period (ISO 8601; with --from or --to the snapshot records are assessed)");
  c.app->add_option("-o,--output", args->out, "Output directory");
  c.app->add_option("--lang", args->lang, "Report language")->check(CLI::IsMember({"en", "zh"}));
  c.run = [args] { run(*args); };
  return c;
}

}  // namespace beibu::cli
