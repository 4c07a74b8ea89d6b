// `beibu export`: the subset of a run a researcher asks for, as UGRID NetCDF,
// GeoTIFF (any resolution and CRS) or GeoPackage.
#include <filesystem>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "command.hpp"
#include "core/atomic_file.hpp"
#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "ingest/cf_time.hpp"
#include "numeric_option.hpp"
#include "scenarios/products/export.hpp"
#include "scenarios/run/manifest.hpp"

namespace beibu::cli {

namespace {
struct ExportArgs {
  std::string run, maps, vars, from, to, bbox, zone, stat = "mean", format = "netcdf", crs = "EPSG:4326", out;
  double resolution = 0.01;
};

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

double when(const std::string& s, const char* opt) {
  try {
    return parse_iso8601(s, 0.0);
  } catch (const std::invalid_argument& e) {
    throw InputError("", opt, std::string("expected an ISO 8601 time: ") + e.what());
  }
}

void run(const ExportArgs& a) {
  if (a.run.empty() == a.maps.empty())
    throw InputError("", "beibu export", "give exactly one of --run DIR or --maps FILE");
  ExportRequest r;
  r.maps = a.maps.empty() ? a.run + "/maps.nc" : a.maps;
  r.variables = split(a.vars);
  if (!a.from.empty()) r.t_from = when(a.from, "--from");
  if (!a.to.empty()) r.t_to = when(a.to, "--to");
  if (!a.from.empty() && !a.to.empty() && r.t_from > r.t_to)
    throw InputError("", "--from", a.from + " is after --to " + a.to + ": the window would be empty");
  if (!a.bbox.empty()) {
    const auto p = split(a.bbox);
    if (p.size() != 4) throw InputError("", "--bbox", "expected LON0,LAT0,LON1,LAT1 in degrees");
    r.lon0 = parse_number_arg(p[0], "--bbox", "LON0", Range::longitude());
    r.lat0 = parse_number_arg(p[1], "--bbox", "LAT0", Range::latitude());
    r.lon1 = parse_number_arg(p[2], "--bbox", "LON1", Range::longitude());
    r.lat1 = parse_number_arg(p[3], "--bbox", "LAT1", Range::latitude());
    if (!(r.lon0 < r.lon1 && r.lat0 < r.lat1)) throw InputError("", "--bbox", "expected LON0 < LON1 and LAT0 < LAT1");
    r.has_bbox = true;
  }
  r.zone = a.zone;
  r.stat = a.stat;
  r.format = a.format;
  r.crs = a.crs;
  r.resolution = a.resolution;
  r.out = a.out;
  // Only finished runs are published: their manifest must say complete: true.
  std::string run_dir = a.run.empty() ? std::filesystem::path(a.maps).parent_path().string() : a.run;
  if (run_dir.empty()) run_dir = ".";
  require_complete_manifest(run_dir);
  // The output is checked before any work: never the map file nor a file the run's
  // manifest vouches for, never a directory, and its directory must exist. The log
  // goes next to it, named after it (a run's own beibu.log is left alone).
  std::vector<std::string> inputs = run_files(run_dir);
  inputs.push_back(r.maps);
  check_output_file(a.out, inputs);
  const std::filesystem::path dir = std::filesystem::path(a.out).parent_path();
  open_output_dir(dir.empty() ? "." : dir.string(), a.out + ".log");
  run_on_root(PETSC_COMM_WORLD, [&] {
    const ExportSummary s = export_subset(r);
    BLOG(info) << "export: " << s.faces << " faces, " << s.records << " records, " << s.variables.size()
               << " variable(s) (" << r.stat << ") -> " << r.out;
  });
}
}  // namespace

Command add_export_command(CLI::App& parent) {
  auto args = std::make_shared<ExportArgs>();
  Command c;
  c.app = parent.add_subcommand("export", "Export a subset of a run as UGRID NetCDF, GeoTIFF or GeoPackage");
  c.app->add_option("--run", args->run, "A run's output directory (reads its maps.nc)");
  c.app->add_option("--maps", args->maps, "A UGRID map file");
  c.app->add_option("--vars", args->vars, "Variables, comma-separated (default: all face variables)");
  c.app->add_option(
      "--from", args->from,
      "Start of the time window (ISO 8601; default: the run's assessment period, from its in-run statistics)");
  c.app->add_option("--to", args->to,
                    "End of the time window (ISO 8601; with --from or --to the snapshot records are used)");
  c.app->add_option("--bbox", args->bbox, "LON0,LAT0,LON1,LAT1: faces whose centroid is inside");
  c.app->add_option("--zone", args->zone, "A functional zone id: its faces");
  c.app->add_option("--stat", args->stat, "Statistic over time: mean, p90, max, min")->capture_default_str();
  c.app->add_option("--format", args->format, "netcdf, geotiff or gpkg")->capture_default_str();
  c.app->add_option("--crs", args->crs, "GeoTIFF CRS (EPSG code or PROJ string; 'model' = the model projection)")
      ->capture_default_str();
  add_number(c.app, "--resolution", args->resolution, "GeoTIFF pixel size in CRS units", Range::positive(1e7))
      ->capture_default_str();
  c.app->add_option("-o,--output", args->out, "The file to write")->required();
  c.run = [args] { run(*args); };
  return c;
}

}  // namespace beibu::cli
