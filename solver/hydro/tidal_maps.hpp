#pragma once
// Harmonic analysis of a saved hydrodynamic run (see hydro_output.hpp) over the whole
// mesh and at stations: co-tidal maps (amplitude and Greenwich phase of the elevation
// per constituent), tidal current ellipses, the form factor F = (K1+O1)/(M2+S2), and
// the residual (tidally averaged) current.
#include <string>
#include <vector>

#include "harmonic_analysis.hpp"
#include "ingest/vector_layer.hpp"
#include "mesh/mesh.hpp"

namespace beibu::hydro {

// The surface record of a saved hydrodynamic run (bench_hydro --out, beibu run
// --save-hydro): its mesh, time origin, times (s since start_utc) and elevations
// (time-major). InputError naming the file and variable for a file that is not one,
// time units that are not CF '<unit> since <date>' in a real calendar, a wrong size,
// fill values or times that do not increase.
struct HydroRecord {
  Mesh mesh;
  std::string start_utc;
  std::vector<double> t, eta;  // seconds since start_utc; m, (time, face)
  std::vector<double> u, v;    // m/s, (time, face); empty unless asked for and in the file
};
// Time (real calendars only), eta and optionally u and v through NcVar: by dimension
// name, units converted, fill values refused.
HydroRecord read_hydro_record(const std::string& path, bool with_currents = false);

struct TidalMapOptions {
  // Empty: the longest list from K1 O1 M2 S2 M4 MS4 N2 Q1 K2 P1 (in that order) that the record resolves.
  std::vector<std::string> constituents;
  double skip_days = 2.0;  // spin-up left out of the analysis
  std::string stations;    // GeoJSON of points with "id" and "name" (empty: none)
};

struct TidalEllipse {
  double major = 0, minor = 0, inclination = 0;  // m/s, m/s (> 0: counter-clockwise), degrees from east
};

// Ellipse from the amplitudes/phases (deg) of the u and v components.
TidalEllipse tidal_ellipse(double au, double gu_deg, double av, double gv_deg);

// Picks constituents resolvable by a record of `seconds` (Rayleigh criterion).
std::vector<std::string> resolvable_constituents(double seconds);

struct TidalMapSummary {
  std::vector<std::string> constituents;
  long records = 0;
  double days = 0;
  std::vector<std::string> station_lines;  // CSV rows (header first)
};

// The analysis of a record, all inputs read (the stations first), nothing written.
struct TidalAnalysis {
  std::string source, start_utc;
  Mesh mesh;
  bool currents = false;
  double t0 = 0, t1 = 0;  // analysed span, s since start_utc
  std::vector<PointFeature> stations;
  std::vector<std::vector<double>> amp, pha, maj, mnr, inc;  // per constituent, per face
  std::vector<double> F, mean_eta, res_u, res_v;
  TidalMapSummary summary;
};
TidalAnalysis analyse_tides(const std::string& hydro_nc, const TidalMapOptions& opt);
void station_table(TidalAnalysis& a);  // summary.station_lines from the stations
// tides.nc and, with stations, tide_stations.csv in `out_dir`.
void write_tidal_analysis(const TidalAnalysis& a, const std::string& out_dir);

// Reads `hydro_nc` (bench_hydro --out: time, eta, u, v; beibu run --save-hydro: time,
// eta, so no ellipses nor residual currents), writes `out_dir`/tides.nc (UGRID) and,
// with stations, `out_dir`/tide_stations.csv. InputError for a file that is not a
// beibu hydro output.
TidalMapSummary write_tidal_maps(const std::string& hydro_nc, const std::string& out_dir, const TidalMapOptions& opt);

}  // namespace beibu::hydro
