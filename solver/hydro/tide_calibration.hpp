#pragma once
// Calibration of the open-boundary tidal constants against tide-gauge harmonic
// constants (docs/hydrodynamics.md, "Calibrating the open boundaries").
//
// The tide inside the gulf is close to linear in the boundary forcing, so the
// model's complex constants Z_g,c (A e^{-ig}) at gauge g for constituent c respond
// to the boundary constants p_j,c at point j through a Jacobian J_g,c;j that finite
// differences give: one base run plus, per boundary point, one run with all its fitted
// constituents raised by delta (and, unless complex_jacobian, one with them raised by
// i delta); the constituents are separated afterwards by the harmonic analysis. The new
// constants minimise the regularised weighted least squares
//   sum_fit gauges, c |Z_g,c(p) - Z_obs,g,c|^2 / s_obs^2 + sum_j,c |p_j,c - p0_j,c|^2 / s_j,c^2
// (s_j,c = prior_rel |p0_j,c| + prior_abs: the prior's stated uncertainty), solved
// by Gauss-Newton; each iteration starts from a fresh base run, which carries the
// nonlinearity (friction, shallow water). Minor constituents follow their parents
// with the ratio the prior gives them at each point (P1, K2 and the like).
#include <complex>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tidal_boundary.hpp"
#include "tide_gauges.hpp"

namespace beibu::hydro {

using Complex = std::complex<double>;

// A tide gauge as the calibration uses it: position in the model projection, whether
// it is fitted, and its observed constants as complex amplitudes A e^{-ig} (constituents
// the model does not know, such as Sa or MU2 of a full harbour list, left out).
struct CalibrationGauge {
  std::string id, name;
  double lon = 0, lat = 0;
  double x = 0, y = 0;  // model projection (m)
  bool fit = true;      // false: use: validate, never fitted
  std::map<std::string, Complex> z;
};

// From a gauge file (tide_gauges.hpp; data/beibu/tide_gauges.yaml).
std::vector<CalibrationGauge> calibration_gauges(const TideGaugeFile& file);

// Harmonic fit of a gauge's elevation record with minor constituents inferred from
// their parents: the K1 column carries rho * P1 etc. `tied[c]` lists (minor, rho), rho
// = Z_minor / Z_c. Returns the complex constant of each of `constituents`.
std::map<std::string, Complex> fit_gauge_record(
    const std::vector<double>& t, const std::vector<double>& eta, const std::vector<std::string>& constituents,
    const std::map<std::string, std::vector<std::pair<std::string, Complex>>>& tied, const std::string& start_utc,
    bool nodal);

// The inference ties a gauge's analysis uses: P1 to K1 and K2 to S2 (when the record
// cannot separate them) with the gauge's own observed ratio, else the equilibrium ratio.
std::map<std::string, std::vector<std::pair<std::string, Complex>>> gauge_inference(const CalibrationGauge& g,
                                                                                    double record_s);

// Constituents a record of `record_s` seconds separates, in the order
// K1 O1 M2 S2 N2 Q1 M4 MS4, then the minor diurnals 2Q1 J1 OO1 M1 together
// (with_minor_diurnals; 30 days separate them all; P1 and K2 need half a year and
// are inferred).
std::vector<std::string> analysis_constituents(double record_s);

// Runs the model with the given boundary spec and its Manning n times `manning_factor`
// (1: as configured) and returns, per gauge, the elevation record over the analysis
// window (times in seconds since the model start). The same on every rank.
using GaugeRunner = std::function<void(const TideSpec& spec, double manning_factor, std::vector<double>& t,
                                       std::vector<std::vector<double>>& eta)>;

struct CalibrationOptions {
  std::vector<std::string> constituents = {"K1", "O1", "M2", "S2"};  // fitted at the boundary
  std::vector<std::string> boundaries;  // names of the boundaries to calibrate; empty = all with points
  int iterations = 2;
  // true: one run per boundary point (real perturbation; the response to an imaginary one
  // taken as i times it, exact for a linear model); false: two runs per point.
  bool complex_jacobian = true;
  double delta = 0.05;      // m, finite-difference step of the Jacobian
  double obs_sigma = 0.05;  // m, weight of a gauge constant's misfit (the model's skill, not the gauge's)
  double prior_rel = 0.3, prior_abs = 0.02;  // prior sigma = prior_rel |p0| + prior_abs (m)
  double max_step = 1.0;                     // largest change of a constant per iteration, in prior sigmas
  std::string start_utc;                     // model start (for V0 + u in the analysis)
  bool nodal = true;
  // The one physical parameter: Manning's n fitted with the constants as a factor on it,
  // x = ln(factor), prior 0 +- manning_sigma; its Jacobian column from one more run per
  // iteration with x + manning_delta. Friction moves every constituent at every gauge.
  bool fit_manning = false;
  double manning_sigma = 0.2;  // prior sigma of ln(factor): 0.2 is about 20 %
  double manning_delta = 0.1;  // finite-difference step of ln(factor)
};

// Complex constants at the gauges of one run, per gauge then constituent.
using GaugeConstants = std::vector<std::map<std::string, Complex>>;

struct CalibrationIteration {
  double misfit_fit = 0;       // RMS vector misfit over fit gauges and constituents (m)
  double misfit_validate = 0;  // the same over validation gauges (NaN if none)
  double manning_factor = 1;   // of this iteration's base run
  GaugeConstants model;        // model constants at every gauge for this iteration's base run
};

struct CalibrationResult {
  TideSpec spec;                              // calibrated
  double manning_factor = 1;                  // fitted (1 unless opt.fit_manning)
  std::vector<CalibrationIteration> history;  // [0] = prior, last = final verification run
  int runs = 0;
};

// RMS of |Z_model - Z_obs| over the gauges selected by `fit` and the constituents.
double rms_vector_misfit(const std::vector<CalibrationGauge>& gauges, const GaugeConstants& model,
                         const std::vector<std::string>& constituents, bool fit);

// Analyses every gauge record of one run (see gauge_inference).
GaugeConstants analyse_gauges(const std::vector<CalibrationGauge>& gauges, const std::vector<double>& t,
                              const std::vector<std::vector<double>>& eta, const std::string& start_utc, bool nodal);

CalibrationResult calibrate_tides(const TideSpec& prior, const std::vector<CalibrationGauge>& gauges,
                                  const GaugeRunner& run, const CalibrationOptions& opt,
                                  const std::function<void(const std::string&)>& log = {});

// The `uncertainty:` text of a calibrated tides file (one paragraph, for run reports):
// effective values; the boundaries fitted and the fit gauges with their final misfit; the
// boundaries with points this fit left at the prior's constants (no gauge of it constrains
// them); the validation gauges' misfit, or that there is none. `lang` "zh": the same in
// Chinese (the file's `uncertainty_zh:`, for Chinese reports).
std::string calibration_uncertainty(const TideSpec& spec, const std::vector<CalibrationGauge>& gauges,
                                    const CalibrationOptions& opt, const CalibrationResult& res,
                                    const std::string& lang = "en");

}  // namespace beibu::hydro

namespace beibu {
struct LocalMesh;
}

namespace beibu::hydro {

struct HydroOptions;

// A GaugeRunner over the shallow-water model on `m` (any number of ranks): each run
// starts from rest at opt.start_utc, spins up for `spinup_s` and records the surface
// of the cell nearest each gauge every `sample_s` over `record_s`. `manning` per local
// cell (empty: opt.manning), times the run's factor. The mesh, names and options must
// outlive the runner.
GaugeRunner model_gauge_runner(const LocalMesh& m, const std::vector<std::string>& open_boundary_names,
                               const HydroOptions& opt, const std::vector<double>& manning,
                               const std::vector<CalibrationGauge>& gauges, double spinup_s, double record_s,
                               double sample_s);

// The cell nearest each gauge: lon, lat, depth (m) and distance (m), the same on every rank.
struct GaugeCell {
  double lon = 0, lat = 0, depth = 0, distance = 0;
};
std::vector<GaugeCell> gauge_cells(const LocalMesh& m, const std::vector<CalibrationGauge>& gauges);

}  // namespace beibu::hydro
