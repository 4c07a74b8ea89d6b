#pragma once
// Comparison of a saved hydrodynamic run with tide gauges (tide_gauges.hpp): for each
// gauge, the model cell (the wet cell containing the gauge, else the nearest one), a
// harmonic analysis of its elevation after the spin-up, and per constituent the
// amplitude ratio, phase difference and vector error against the gauge's constants;
// in the time domain, the RMS difference between the model elevation and the
// astronomical tide predicted from the gauge's constants (tide_prediction.hpp) for the
// same instants, both about their mean over the period.
// Constituents a record cannot separate (Rayleigh criterion, e.g. P1 from K1 and K2 from
// S2 in less than 183 days) are inferred from their neighbour with the equilibrium-tide
// ratio and the same phase lag; their rows say so. A record shorter than the 13.7 days
// that separate K1 from O1 has a K1 standing for the whole diurnal band
// (separates_diurnal says which); the time-domain comparison does not depend on it.
// `beibu tides --gauges` compares a saved run (the whole-mesh overload); `beibu run`
// records the cells near each gauge as it goes (GaugeRecorder), chooses among them with
// locate_gauge and compares the record: both end in compare_gauge_records.
#include <string>
#include <vector>

#include "mesh/mesh.hpp"
#include "tide_gauges.hpp"

namespace beibu::hydro {

struct GaugeComparisonOptions {
  double skip_days = 2.0;                 // spin-up left out
  double max_distance_km = 5.0;           // a gauge farther than this from the mesh is an input error
  double min_depth_m = 0.1;               // a cell is wet if depth + eta stays above this over the period
  std::vector<std::string> constituents;  // empty: the resolvable ones of gauge_analysis_candidates()
};

// K1 O1 M2 S2 N2 Q1 M4 MS4 MN4, then P1 and K2 (inferred when not resolvable); the
// comparison adds the minor diurnals 2Q1 J1 OO1 M1 when the record separates them
// (with_minor_diurnals).
const std::vector<std::string>& gauge_analysis_candidates();

struct ConstituentRow {
  std::string gauge, constituent;
  double obs_amplitude = 0, obs_phase = 0;      // m, degrees (Greenwich)
  double model_amplitude = 0, model_phase = 0;  // m, degrees
  double amplitude_ratio = 0;                   // model / observed
  double phase_difference = 0;                  // model - observed, in (-180, 180]
  double vector_error = 0;                      // |A_m e^{i g_m} - A_o e^{i g_o}|, m
  std::string resolution;                       // "resolved" or "inferred from K1 (ratio 0.331)"
};

struct GaugeRow {
  std::string id, name;
  bool validate = false;
  double lon = 0, lat = 0;
  long face = -1;                             // model cell used
  bool inside = false;                        // the gauge lies in that cell
  double distance_km = 0;                     // gauge to the cell's centroid
  double rms_error = 0;                       // m: model - predicted, both about their means
  double observed_rms = 0;                    // m: predicted tide about its mean
  double model_rms = 0;                       // m: model elevation about its mean
  std::vector<HarmonicConstant> unpredicted;  // gauge constants the predictor lacks
  std::vector<double> model, predicted;       // the series compared (m, about their means)
};

struct GaugeComparison {
  std::string run, gauge_file, start_utc;  // start_utc: the run's time origin
  std::vector<double> t;                   // analysed instants, s since start_utc
  std::vector<std::string> fitted;         // constituents the record separates
  std::vector<std::string> constituents;   // analysed (inferred ones included)
  std::vector<GaugeRow> gauges;
  std::vector<ConstituentRow> rows;
};

// The model cell of a gauge: the cell containing it if `wet` (per mesh face; empty: all
// wet), else the nearest wet cell by centroid (face -1 if none is). InputError naming
// `gauge_file` and the gauge's line when the gauge is more than opt.max_distance_km
// outside the mesh.
struct GaugeLocation {
  long face = -1;
  bool inside = false;     // the gauge lies in that cell
  double distance_km = 0;  // gauge to the cell's centroid
};
GaugeLocation locate_gauge(const Mesh& mesh, const TideGauge& g, const std::string& gauge_file,
                           const std::vector<char>& wet, const GaugeComparisonOptions& opt);

// The comparison from each gauge's own record: series[g][i] the elevation (m) at
// locations[g] at t[i] (seconds since start_utc), spin-up already left out
// (opt.skip_days and opt.min_depth_m are not used here).
GaugeComparison compare_gauge_records(const std::vector<double>& t, const std::vector<std::vector<double>>& series,
                                      const std::vector<GaugeLocation>& locations, const std::string& start_utc,
                                      const TideGaugeFile& gauges, const GaugeComparisonOptions& opt);

// The record length (days) that separates K1 from O1 (Rayleigh criterion, 13.7 days), and
// whether a comparison's record did.
double diurnal_record_days();
bool separates_diurnal(const GaugeComparison& c);

// From data in memory: `eta` is time-major (t.size() x mesh.n_faces()), `t` in seconds since
// `start_utc`. Throws InputError naming `gauges.file` and the gauge's line for a gauge
// outside the mesh, Failure when no cell near a gauge stays wet.
GaugeComparison compare_with_gauges(const Mesh& mesh, const std::vector<double>& t, const std::vector<double>& eta,
                                    const std::string& start_utc, const TideGaugeFile& gauges,
                                    const GaugeComparisonOptions& opt);
// Reads a hydro output (bench_hydro --out, beibu run --save-hydro: UGRID with time, eta).
GaugeComparison compare_with_gauges(const std::string& hydro_nc, const TideGaugeFile& gauges,
                                    const GaugeComparisonOptions& opt);

// Writes out_dir/gauge_comparison.csv, gauge_summary.csv and gauge_series.nc.
void write_gauge_comparison(const GaugeComparison& c, const std::string& out_dir);
// The printed table (one line per gauge and constituent, then the summaries).
std::string format_gauge_comparison(const GaugeComparison& c);

}  // namespace beibu::hydro
