// `beibu calibrate-tides`: fits the open-boundary tidal constants of a tides YAML file
// to the harmonic constants of tide gauges (use: fit) by regularised Gauss-Newton least
// squares over model runs (solver/hydro/tide_calibration.hpp), reports the gauges kept
// for validation, and writes the calibrated file with its provenance.
#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <memory>
#include <sstream>

#include "command.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "ingest/projection.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/ugrid_io.hpp"
#include "numeric_option.hpp"
#include "solver/hydro/physics.hpp"
#include "solver/hydro/shallow_water.hpp"
#include "solver/hydro/tide_calibration.hpp"
#include "solver/hydro/tide_constituents.hpp"

namespace beibu::cli {

namespace {

struct CalArgs {
  std::string mesh = "out/mesh/mesh.nc";
  std::string gauges = std::string(BEIBU_DATA_DIR) + "/beibu/tide_gauges.yaml";
  std::string prior = std::string(BEIBU_DATA_DIR) + "/beibu/tides.yaml";
  std::string out = "out/calibrate-tides";
  std::string start = "2024-01-01 00:00:00";
  std::string boundaries;
  double spinup_days = 2, days = 30, dt = 1200, theta = 0.6, manning = NAN, sample_s = 3600;
  int iterations = 2;
  bool real_jacobian = false, fit_manning = false;
  double manning_sigma = 0.2;
  double obs_sigma = 0.05, prior_rel = 0.3, prior_abs = 0.02, delta = 0.05, max_step = 1.0;
  std::string constituents = "K1,O1,M2,S2";
  std::string command_line;
};

std::string fmt(double v, int prec) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(prec) << v;
  return os.str();
}

// Amplitude and Greenwich phase (deg, [0, 360)) of A e^{-ig}.
void amp_phase(hydro::Complex z, double& a, double& g) {
  a = std::abs(z);
  g = std::fmod(-std::arg(z) * 180.0 / hydro::kPi + 720.0, 360.0);
}

std::string table(const std::vector<hydro::CalibrationGauge>& gauges, const hydro::GaugeConstants& before,
                  const hydro::GaugeConstants& after, const std::vector<std::string>& cons) {
  std::ostringstream os;
  os << "| gauge | use | constituent | observed A / g | prior model A ratio / phase diff / vector error | "
        "calibrated A ratio / phase diff / vector error |\n|---|---|---|---|---|---|\n";
  for (std::size_t g = 0; g < gauges.size(); ++g)
    for (const auto& c : cons) {
      auto io = gauges[g].z.find(c);
      if (io == gauges[g].z.end()) continue;
      double ao, go;
      amp_phase(io->second, ao, go);
      os << "| " << gauges[g].name << " | " << (gauges[g].fit ? "fit" : "validate") << " | " << c << " | " << fmt(ao, 3)
         << " m / " << fmt(go, 1) << "° |";
      for (const auto* m : {&before, &after}) {
        double am, gm;
        amp_phase((*m)[g].at(c), am, gm);
        const double dg = std::remainder(gm - go, 360.0);
        os << " " << fmt(ao > 0 ? am / ao : NAN, 2) << " / " << (dg >= 0 ? "+" : "") << fmt(dg, 0) << "° / "
           << fmt(std::abs((*m)[g].at(c) - io->second), 3) << " m |";
      }
      os << "\n";
    }
  return os.str();
}

void write_tides_yaml(const std::string& path, const hydro::TideSpec& spec, const std::string& provenance,
                      const std::string& uncertainty, const std::string& uncertainty_zh) {
  AtomicOutput out(path);
  std::ofstream f(out.temp_path());
  f << "# Tidal forcing on the open boundaries, CALIBRATED by `beibu calibrate-tides` (see\n"
       "# docs/hydrodynamics.md, \"Calibrating the open boundaries\"). Amplitude m, Greenwich phase\n"
       "# lag deg (UTC): eta = sum f A cos(V0 + u + omega t - g).\n";
  f << "source: >-\n" << provenance << "\n";
  f << "uncertainty: >-\n  " << uncertainty << "\n";
  f << "uncertainty_zh: >-\n  " << uncertainty_zh << "\n";
  f << "nodal_corrections: " << (spec.nodal ? "true" : "false") << "\n";
  if (std::isfinite(spec.manning))
    f << "# The Manning n these constants were calibrated with: runs that use them take it unless\n"
         "# their scenario sets its own (beibu warns then).\n"
      << "manning: " << fmt(spec.manning, 5) << "\n";
  if (spec.infer_minor) f << "infer_minor: true\n";
  f << "boundaries:\n";
  Projection proj;
  for (const auto& b : spec.boundaries) {
    f << "  " << b.name << ":\n";
    f << "    type: " << (b.type == hydro::OpenBoundaryType::clamped ? "clamped" : "flather") << "\n";
    if (b.has_transport) f << "    net_transport_m3s: " << b.transport << "\n";
    if (b.mean_level != 0) f << "    mean_level: " << b.mean_level << "\n";
    if (b.points.empty()) continue;
    f << "    points:\n";
    for (const auto& p : b.points) {
      double lon, lat;
      proj.inverse(p.x, p.y, lon, lat);
      f << "      - lon: " << fmt(lon, 6) << "\n        lat: " << fmt(lat, 6) << "\n        constituents:\n";
      for (const auto& c : hydro::tidal_constituents()) {
        auto it = p.z.find(c.name);
        if (it == p.z.end()) continue;
        double a, g;
        amp_phase(it->second, a, g);
        f << "          " << c.name << ": {amplitude: " << fmt(a, 4) << ", phase: " << fmt(g, 1) << "}\n";
      }
    }
  }
  f.close();
  out.commit();
}

// The constituents of --constituents: known ones that a record of --days separates.
std::vector<std::string> fitted_constituents(const CalArgs& a) {
  std::vector<std::string> out;
  std::stringstream cs(a.constituents);
  for (std::string c; std::getline(cs, c, ',');)
    if (!c.empty()) out.push_back(c);
  const std::vector<std::string> separable = hydro::analysis_constituents(a.days * 86400.0);
  std::string listed;
  for (const auto& c : separable) listed += (listed.empty() ? "" : ",") + c;
  for (const auto& c : out) {
    if (!hydro::find_constituent(c)) throw InputError("", "--constituents", "unknown tidal constituent '" + c + "'");
    if (std::find(separable.begin(), separable.end(), c) == separable.end())
      throw InputError("", "--constituents",
                       c + " cannot be separated from its neighbours in a record of " + fmt(a.days, 1) +
                           " days (--days); those it separates: " + listed);
  }
  return out;
}

void run_calibrate(CalArgs a) {
  const std::vector<std::string> constituents = fitted_constituents(a);
  open_output_dir(a.out);
  const Mesh mesh = read_ugrid(a.mesh);
  const LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_WORLD);
  const std::vector<hydro::CalibrationGauge> gauges = hydro::calibration_gauges(hydro::load_tide_gauges(a.gauges));
  const hydro::TideSpec prior = hydro::load_tide_spec(a.prior, mesh.open_boundary_names);
  hydro::HydroOptions opt;
  opt.dt = a.dt;
  opt.theta = a.theta;
  // Without --manning: the n the prior was calibrated with, else the model's default.
  if (!std::isfinite(a.manning)) a.manning = std::isfinite(prior.manning) ? prior.manning : opt.manning;
  opt.manning = a.manning;
  opt.start_utc = a.start;
  const std::vector<hydro::GaugeCell> cells = hydro::gauge_cells(lm, gauges);
  for (std::size_t g = 0; g < gauges.size(); ++g)
    BLOG(info) << "gauge " << gauges[g].name << " (" << (gauges[g].fit ? "fit" : "validate") << "): model cell at "
               << fmt(cells[g].lon, 3) << "E " << fmt(cells[g].lat, 3) << "N, " << fmt(cells[g].distance / 1000, 1)
               << " km away, " << fmt(cells[g].depth, 1) << " m deep";
  const hydro::GaugeRunner runner = hydro::model_gauge_runner(lm, mesh.open_boundary_names, opt, {}, gauges,
                                                              a.spinup_days * 86400.0, a.days * 86400.0, a.sample_s);
  hydro::CalibrationOptions co;
  co.iterations = a.iterations;
  co.complex_jacobian = !a.real_jacobian;
  co.obs_sigma = a.obs_sigma;
  co.prior_rel = a.prior_rel;
  co.prior_abs = a.prior_abs;
  co.delta = a.delta;
  co.max_step = a.max_step;
  co.constituents = constituents;
  co.start_utc = a.start;
  co.nodal = prior.nodal;
  co.fit_manning = a.fit_manning;
  co.manning_sigma = a.manning_sigma;
  std::stringstream ss(a.boundaries);
  for (std::string b; std::getline(ss, b, ',');)
    if (!b.empty()) co.boundaries.push_back(b);
  hydro::CalibrationResult r =
      hydro::calibrate_tides(prior, gauges, runner, co, [](const std::string& s) { BLOG(info) << s; });
  r.spec.manning = a.manning * r.manning_factor;  // what the constants were calibrated with

  const double fitted_n = r.spec.manning;
  const auto& h0 = r.history.front();
  const auto& h1 = r.history.back();
  std::string fit_names, val_names;
  for (const auto& g : gauges)
    (g.fit ? fit_names : val_names) += (g.fit ? fit_names : val_names).empty() ? g.name : ", " + g.name;
  const std::time_t now = std::time(nullptr);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  std::ostringstream prov;
  prov << "  Fitted on " << date << " by `" << a.command_line << "` to the harmonic constants of the tide gauges "
       << fit_names << " in " << a.gauges
       << " (validation only, never fitted: " << (val_names.empty() ? "none" : val_names) << "), starting from "
       << a.prior << ". Constituents fitted at the boundary: " << a.constituents
       << "; the others follow them with the prior's ratios (P1 K1, Q1 O1, N2 M2, K2 S2, S2 M2)."
       << " Model: mesh " << a.mesh << ", dt " << a.dt << " s, theta " << a.theta << ", Manning "
       << (a.fit_manning ? fmt(fitted_n, 4) + " (FITTED with the constants, from " + fmt(a.manning, 4) +
                               " with a prior sigma of " + fmt(100 * a.manning_sigma, 0) + " %; the file's `manning:`)"
                         : fmt(a.manning, 4))
       << ", records of " << a.days << " days after " << a.spinup_days << " days of spin-up from " << a.start
       << ". RMS vector misfit (" << a.constituents << ") at the fit gauges " << fmt(h0.misfit_fit, 3) << " m before, "
       << fmt(h1.misfit_fit, 3) << " m after";
  if (std::isfinite(h1.misfit_validate))
    prov << "; at the validation gauges " << fmt(h0.misfit_validate, 3) << " m before, " << fmt(h1.misfit_validate, 3)
         << " m after";
  prov << ". Weights: gauge constants sigma " << a.obs_sigma << " m, prior sigma " << a.prior_rel << " |p0| + "
       << a.prior_abs << " m. As good as the gauges and the model's bathymetry (ETOPO5 with depth floors): "
       << "APPROXIMATE away from the gauges.";
  if (mpi_rank() == 0) {
    write_tides_yaml(a.out + "/tides.yaml", r.spec, prov.str(), hydro::calibration_uncertainty(r.spec, gauges, co, r),
                     hydro::calibration_uncertainty(r.spec, gauges, co, r, "zh"));
    AtomicOutput rep(a.out + "/calibration.md");
    std::ofstream f(rep.temp_path());
    f << "# Tidal boundary calibration\n\n"
      << prov.str() << "\n\nModel runs: " << r.runs
      << ". RMS vector misfit per iteration (fit / validation gauges, m):";
    for (std::size_t i = 0; i < r.history.size(); ++i)
      f << (i ? ", " : " ") << fmt(r.history[i].misfit_fit, 3) << " / " << fmt(r.history[i].misfit_validate, 3)
        << (a.fit_manning ? " (Manning " + fmt(a.manning * r.history[i].manning_factor, 4) + ")" : "");
    f << "\n\n" << table(gauges, h0.model, h1.model, co.constituents);
    f.close();
    rep.commit();
  }
  BLOG(info) << "calibrate-tides: " << r.runs << " runs; RMS vector misfit at the fit gauges " << fmt(h0.misfit_fit, 3)
             << " -> " << fmt(h1.misfit_fit, 3) << " m; wrote " << a.out << "/tides.yaml and calibration.md";
  if (a.fit_manning)
    BLOG(info) << "calibrate-tides: fitted Manning n " << fmt(fitted_n, 4) << " (from " << fmt(a.manning, 4)
               << "), written as the calibrated file's `manning:`: runs with these constants take it unless their "
                  "scenario sets `hydrodynamics: manning:`";
}

}  // namespace

Command add_calibrate_tides_command(CLI::App& parent) {
  auto args = std::make_shared<CalArgs>();
  Command c;
  c.app = parent.add_subcommand(
      "calibrate-tides", "Fit the open-boundary tidal constants to tide-gauge harmonic constants (least squares)");
  c.app->add_option("--mesh", args->mesh, "Mesh (UGRID NetCDF from `beibu mesh`)")->capture_default_str();
  c.app->add_option("--gauges", args->gauges, "Tide gauges (YAML; use: fit | validate)")->capture_default_str();
  c.app->add_option("--prior", args->prior, "Tides YAML to start from (its constants are the prior)")
      ->capture_default_str();
  c.app->add_option("-o,--output", args->out, "Output directory (tides.yaml, calibration.md)")->capture_default_str();
  c.app->add_option("--start", args->start, "Model start (UTC)")->capture_default_str();
  add_number(c.app, "--spinup-days", args->spinup_days, "Days before the analysed record", Range::non_negative(365))
      ->capture_default_str();
  add_number(c.app, "--days", args->days, "Days analysed (>= 15 for K1 O1 M2 S2; 30 also separates N2, Q1)",
             Range::positive(3660))
      ->capture_default_str();
  add_number(c.app, "--dt", args->dt, "Model time step (s)", Range{0, 3600, true, false})->capture_default_str();
  add_number(c.app, "--theta", args->theta, "Free-surface implicitness", Range::closed(0.5, 1))->capture_default_str();
  add_number(c.app, "--manning", args->manning,
             "Manning n (s/m^(1/3)); default: the prior's `manning:` (the n it was calibrated with), else 0.025",
             Range::non_negative(0.2));
  add_number(c.app, "--iterations", args->iterations, "Gauss-Newton iterations", Range::whole(0, 100))
      ->capture_default_str();
  c.app->add_flag("--real-jacobian", args->real_jacobian,
                  "Two runs per boundary point (real and imaginary perturbation) instead of one");
  c.app->add_flag("--fit-manning", args->fit_manning,
                  "Fit Manning's n (one factor on it, from --manning) with the boundary constants: one more run per "
                  "iteration");
  add_number(c.app, "--manning-sigma", args->manning_sigma,
             "Prior sigma of ln(n / --manning) with --fit-manning (0.2: about 20 %)", Range::positive(10))
      ->capture_default_str();
  c.app->add_option("--boundaries", args->boundaries, "Comma-separated boundaries to calibrate (default: all)");
  add_number(c.app, "--obs-sigma", args->obs_sigma, "Weight scale of a gauge constant's misfit (m)",
             Range::positive(10))
      ->capture_default_str();
  add_number(c.app, "--prior-rel", args->prior_rel, "Prior sigma, relative part", Range::non_negative(100))
      ->capture_default_str();
  add_number(c.app, "--prior-abs", args->prior_abs, "Prior sigma, absolute part (m)", Range::non_negative(10))
      ->capture_default_str();
  add_number(c.app, "--max-step", args->max_step, "Largest change per iteration, in prior sigmas", Range::positive(100))
      ->capture_default_str();
  c.app
      ->add_option("--constituents", args->constituents,
                   "Constituents fitted at the boundary (the others follow them with the prior's ratios; "
                   "a minor one the prior lacks starts from its admittance inference, or zero)")
      ->capture_default_str();
  c.run = [args, app = c.app] {
    std::string cl = "beibu calibrate-tides";
    for (const auto* o : app->get_options())
      if (o->count() > 0 && o->get_name() != "--help") {
        if (o->get_type_size_max() == 0)
          cl += " " + o->get_name();  // a flag
        else
          for (const auto& v : o->results()) cl += " " + o->get_name() + " '" + v + "'";
      }
    args->command_line = cl;
    run_calibrate(*args);
  };
  return c;
}

}  // namespace beibu::cli
