// `beibu tides`: least-squares harmonic analysis of a saved hydrodynamic run
// (UGRID file of bench_hydro --out or beibu run --save-hydro): co-tidal maps, current
// ellipses, form factor and residual currents over the mesh (tides.nc), a table at the
// stations (tide_stations.csv) and, with --gauges, the comparison with tide gauges'
// harmonic constants (gauge_comparison.csv, gauge_summary.csv, gauge_series.nc).
#include <functional>
#include <memory>
#include <sstream>

#include "command.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "numeric_option.hpp"
#include "solver/hydro/gauge_comparison.hpp"
#include "solver/hydro/tidal_maps.hpp"

namespace beibu::cli {

namespace {

struct TidesArgs {
  std::string input;
  std::string out = "out/tides";
  std::string constituents;
  std::string stations = std::string(BEIBU_DATA_DIR) + "/beibu/stations.geojson";
  std::string gauges;
  double skip_days = 2.0;
};

void run_tides(const TidesArgs& a) {
  hydro::TidalMapOptions opt;
  opt.skip_days = a.skip_days;
  opt.stations = a.stations;
  std::stringstream ss(a.constituents);
  for (std::string c; std::getline(ss, c, ',');)
    if (!c.empty()) opt.constituents.push_back(c);
  // The analysis is serial and cheap next to the run that made the file: rank 0 does it.
  // The gauge file and the comparison come first, so that bad input writes nothing.
  int ok = 1, bad_input = 0;
  std::string err, err_file, err_where;
  std::unique_ptr<hydro::GaugeComparison> cmp;
  auto on_root = [&](const std::function<void()>& f) {
    if (mpi_rank() == 0 && ok) {
      try {
        f();
      } catch (const InputError& e) {
        ok = 0;
        bad_input = 1;
        err = e.problem();
        err_file = e.file();
        err_where = e.where();
      } catch (const std::exception& e) {
        ok = 0;
        err = e.what();
      }
    }
    int flags[2] = {ok, bad_input};
    MPI_Bcast(flags, 2, MPI_INT, 0, PETSC_COMM_WORLD);
    if (!flags[0]) {
      if (flags[1])
        throw InputError(mpi_rank() == 0 ? err_file : a.input, err_where, mpi_rank() == 0 ? err : "see rank 0");
      throw Failure(mpi_rank() == 0 ? err : "tidal analysis failed on rank 0");
    }
  };
  // Everything is read and analysed before the output directory is touched.
  hydro::TidalAnalysis analysis;
  on_root([&] {
    check_output_dir(a.out, {a.input, a.stations, a.gauges},
                     {"tides.nc", "tide_stations.csv", "gauge_comparison.csv", "gauge_summary.csv", "gauge_series.nc"});
    if (!a.gauges.empty()) {
      const hydro::TideGaugeFile g = hydro::load_tide_gauges(a.gauges);
      hydro::GaugeComparisonOptions go;
      go.skip_days = a.skip_days;
      cmp = std::make_unique<hydro::GaugeComparison>(hydro::compare_with_gauges(a.input, g, go));
    }
    analysis = hydro::analyse_tides(a.input, opt);
  });
  open_output_dir(a.out);
  on_root([&] {
    hydro::write_tidal_analysis(analysis, a.out);
    const hydro::TidalMapSummary& s = analysis.summary;
    std::string list;
    for (const auto& c : s.constituents) list += " " + c;
    BLOG(info) << "tides: analysed " << s.records << " records over " << s.days << " days for" << list << "; wrote "
               << a.out << "/tides.nc" << (s.station_lines.empty() ? "" : " and tide_stations.csv");
    for (const auto& l : s.station_lines) BLOG(info) << "  " << l;
    if (cmp) {
      hydro::write_gauge_comparison(*cmp, a.out);
      std::istringstream table(hydro::format_gauge_comparison(*cmp));
      for (std::string l; std::getline(table, l);) BLOG(info) << l;
      BLOG(info) << "tides: wrote " << a.out << "/gauge_comparison.csv, gauge_summary.csv and gauge_series.nc";
    }
  });
}

}  // namespace

Command add_tides_command(CLI::App& parent) {
  auto args = std::make_shared<TidesArgs>();
  Command c;
  c.app = parent.add_subcommand(
      "tides",
      "Harmonic analysis of a saved hydrodynamic run: co-tidal maps, ellipses, form factor, residual currents, "
      "comparison with tide gauges");
  c.app->add_option("input", args->input, "Hydrodynamics NetCDF (UGRID with time and eta; u and v for ellipses)")
      ->required();
  c.app->add_option("-o,--output", args->out, "Output directory")->capture_default_str();
  c.app->add_option("--constituents", args->constituents,
                    "Comma-separated list for the maps (default: all of K1,O1,M2,S2,M4,MS4,N2,Q1,K2,P1 the record "
                    "resolves)");
  add_number(c.app, "--skip-days", args->skip_days, "Spin-up days left out of the analysis", Range::non_negative(3660))
      ->capture_default_str();
  c.app->add_option("--stations", args->stations, "Station points (GeoJSON with id, name); empty for none")
      ->capture_default_str();
  c.app->add_option("--gauges", args->gauges,
                    "Tide-gauge harmonic constants to compare the run with (e.g. data/beibu/tide_gauges.yaml)");
  c.run = [args] { run_tides(*args); };
  return c;
}

}  // namespace beibu::cli
