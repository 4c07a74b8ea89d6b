// Twin experiment for the open-boundary tide calibration (solver/hydro/tide_calibration):
// a rotating, frictional rectangular gulf (240 x 160 km, 15-45 m deep, Manning 0.025,
// advection on) open to the south (clamped, two points) and to the east (clamped, one
// point) is run with known K1 O1 M2 S2 boundary constants; its harmonic constants at
// five "fit" gauges become the observations. The calibration starts from constants
// perturbed by up to 35 % in amplitude and 25 degrees in phase and must recover every
// boundary constant within 2 % (vector error |p - p_true| <= 0.02 |p_true|), and the
// sixth gauge, never fitted, must come back within 2 % as well. Weak regularisation
// (prior sigma 10 |p0| + 1 mm, gauge sigma 5 mm): the test is about identifiability and
// the Gauss-Newton iteration, not about the prior. The second twin makes its gauges with
// Manning 0.030 and fits n (from 0.025) with the constants: n within 2 % as well.
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <cstdio>
#include <memory>

#include "core/error.hpp"
#include "hydro_cases.hpp"
#include "ingest/projection.hpp"
#include "solver/hydro/physics.hpp"
#include "solver/hydro/shallow_water.hpp"
#include "solver/hydro/tide_admittance.hpp"
#include "solver/hydro/tide_calibration.hpp"
#include "solver/hydro/tide_constituents.hpp"
#include "solver/hydro/tide_prediction.hpp"

using namespace beibu;
using namespace beibu::hydro;
using namespace beibu::hydro::test;

namespace {
Complex ag(double a, double g_deg) {
  return std::polar(a, -g_deg * kPi / 180.0);
}
}  // namespace

namespace {
// The twin experiment's gulf, its true boundary constants and its gauges (five to fit:
// near each boundary point and at the head; one to validate). The gauges' constants
// are those of a run with the true constants and Manning n = 0.025 x `true_factor`.
struct TwinGulf {
  RectangleSpec rs;
  Mesh mesh;
  std::unique_ptr<LocalMesh> lm;
  std::vector<std::string> cons = {"K1", "O1", "M2", "S2"};
  TideSpec truth;
  std::vector<CalibrationGauge> gauges;
  HydroOptions opt;
  GaugeRunner run;

  explicit TwinGulf(double true_factor) {
    rs.x0 = 0;
    rs.y0 = 2.0e6;  // about 18 N in the model projection: Coriolis of the gulf
    rs.lx = 160000;
    rs.ly = 240000;
    rs.nx = 8;
    rs.ny = 12;
    rs.open = {"south", "east", "", ""};
    mesh = rectangle_with_depth(rs, [&](double, double y) { return 15.0 + 30.0 * (1.0 - (y - rs.y0) / rs.ly); });
    mesh.lon = mesh.x;
    mesh.lat = mesh.y;
    Projection().inverse(mesh.lon, mesh.lat);
    lm = std::make_unique<LocalMesh>(distribute_mesh(mesh, PETSC_COMM_SELF));
    auto point = [&](double x, double y, std::vector<Complex> z) {
      TidePoint p;
      p.x = x;
      p.y = y;
      for (std::size_t k = 0; k < cons.size(); ++k) p.z[cons[k]] = z[k];
      return p;
    };
    truth.nodal = true;
    OpenBoundarySpec s;
    s.name = "south";
    s.type = OpenBoundaryType::clamped;
    s.points = {point(rs.x0, rs.y0, {ag(0.35, 330), ag(0.30, 280), ag(0.12, 140), ag(0.05, 170)}),
                point(rs.x0 + rs.lx, rs.y0, {ag(0.45, 320), ag(0.40, 270), ag(0.18, 120), ag(0.07, 150)})};
    OpenBoundarySpec e;
    e.name = "east";
    e.type = OpenBoundaryType::clamped;
    e.points = {
        point(rs.x0 + rs.lx, rs.y0 + 0.5 * rs.ly, {ag(0.40, 340), ag(0.38, 285), ag(0.30, 100), ag(0.12, 130)})};
    truth.boundaries = {s, e};
    const double gx[6] = {20e3, 140e3, 145e3, 30e3, 130e3, 80e3}, gy[6] = {40e3, 40e3, 150e3, 200e3, 210e3, 110e3};
    for (int g = 0; g < 6; ++g) {
      CalibrationGauge tg;
      tg.id = tg.name = "G" + std::to_string(g);
      tg.x = rs.x0 + gx[g];
      tg.y = rs.y0 + gy[g];
      tg.fit = g != 5;
      gauges.push_back(tg);
    }
    opt.dt = 1200;
    opt.manning = 0.025;
    opt.start_utc = "2024-01-01 00:00:00";
    run = model_gauge_runner(*lm, mesh.open_boundary_names, opt, {}, gauges, 86400.0, 15 * 86400.0, 3600);
    std::vector<double> t;
    std::vector<std::vector<double>> eta;
    run(truth, true_factor, t, eta);
    const GaugeConstants obs = analyse_gauges(gauges, t, eta, opt.start_utc, true);
    for (std::size_t g = 0; g < gauges.size(); ++g)
      for (const auto& c : cons) gauges[g].z[c] = obs[g].at(c);
  }

  // The truth with each point's constants scaled by up to 35 % and turned by up to 25 degrees.
  TideSpec perturbed() const {
    TideSpec prior = truth;
    const double fa[3] = {1.35, 0.7, 1.2}, dg[3] = {25, -20, 15};
    int k = 0;
    for (auto& b : prior.boundaries)
      for (auto& p : b.points) {
        for (auto& [c, z] : p.z) z *= fa[k] * std::polar(1.0, -dg[k] * kPi / 180.0);
        ++k;
      }
    return prior;
  }

  // Weak regularisation (prior sigma 10 |p0| + 1 mm, gauge sigma 5 mm): the test is about
  // identifiability and the Gauss-Newton iteration, not about the prior.
  CalibrationOptions options() const {
    CalibrationOptions co;
    co.iterations = 3;
    co.prior_rel = 10.0;
    co.prior_abs = 0.001;
    co.obs_sigma = 0.005;  // the twin's observations are exact: only the analysis separates them
    co.start_utc = opt.start_utc;
    return co;
  }

  // Every boundary constant within `tol` of the truth (vector error relative to |p_true|),
  // and the validation gauge, never fitted, as well.
  void check_recovered(const CalibrationResult& r, double tol) const {
    for (std::size_t b = 0; b < truth.boundaries.size(); ++b)
      for (std::size_t j = 0; j < truth.boundaries[b].points.size(); ++j)
        for (const auto& c : cons) {
          const Complex zt = truth.boundaries[b].points[j].z.at(c), zc = r.spec.boundaries[b].points[j].z.at(c);
          const double rel = std::abs(zc - zt) / std::abs(zt);
          INFO(truth.boundaries[b].name << " point " << j << " " << c << ": true " << std::abs(zt) << " m, recovered "
                                        << std::abs(zc) << " m, vector error " << 100 * rel << " %");
          CHECK(rel <= tol);
        }
    for (const auto& c : cons) {
      const Complex zo = gauges[5].z.at(c), zm = r.history.back().model[5].at(c);
      INFO("validation gauge " << c << ": observed " << std::abs(zo) << " m, model " << std::abs(zm) << " m");
      CHECK(std::abs(zm - zo) <= tol * std::abs(zo));
    }
  }
};
}  // namespace

TEST_CASE("tide calibration recovers known boundary constants (twin experiment)", "[hydro][verification]") {
  const TwinGulf twin(1.0);
  const CalibrationResult r = calibrate_tides(twin.perturbed(), twin.gauges, twin.run, twin.options());
  REQUIRE(r.history.size() == 4);
  INFO("misfit at the fit gauges: prior " << r.history.front().misfit_fit << " m, final " << r.history.back().misfit_fit
                                          << " m; validation gauge " << r.history.front().misfit_validate << " -> "
                                          << r.history.back().misfit_validate << " m");
  // The perturbed start is far from the truth (the test would be empty otherwise).
  CHECK(r.history.front().misfit_fit > 0.1);
  CHECK(r.manning_factor == 1.0);  // not fitted: the runs keep the configured n
  twin.check_recovered(r, 0.02);
}

TEST_CASE("tide calibration recovers Manning's n with the boundary constants (twin experiment)",
          "[hydro][verification]") {
  // The gauges' tide made with n = 0.030; the calibration starts from n = 0.025 and the
  // perturbed constants, fitting ln(n / 0.025) with them (weak prior, sigma 10).
  const TwinGulf twin(1.2);
  CalibrationOptions co = twin.options();
  co.fit_manning = true;
  co.manning_sigma = 10.0;
  const CalibrationResult r = calibrate_tides(twin.perturbed(), twin.gauges, twin.run, co);
  REQUIRE(r.history.size() == 4);
  INFO("Manning factor per iteration: " << r.history[0].manning_factor << ", " << r.history[1].manning_factor << ", "
                                        << r.history[2].manning_factor << ", " << r.history[3].manning_factor
                                        << "; misfit at the fit gauges " << r.history.front().misfit_fit << " -> "
                                        << r.history.back().misfit_fit << " m");
  CHECK(r.history.front().misfit_fit > 0.1);
  CHECK(std::fabs(r.manning_factor / 1.2 - 1.0) <= 0.02);
  twin.check_recovered(r, 0.02);
  // Fitting the constants alone to the same gauges, n held at 0.025, cannot reach them:
  // the friction is in the data (the test of the Manning column would be empty otherwise).
  const CalibrationResult held = calibrate_tides(twin.perturbed(), twin.gauges, twin.run, twin.options());
  INFO("constants alone: misfit " << held.history.back().misfit_fit << " m");
  CHECK(held.history.back().misfit_fit > 5.0 * r.history.back().misfit_fit);
}

namespace {
// The elevation an open boundary of one constituent (complex amplitude z = A e^{-ig})
// imposes t seconds after `start_utc`, on a one-cell mesh.
double boundary_elevation(const std::string& name, std::complex<double> z, const std::string& start_utc, double t) {
  TideSpec spec;
  OpenBoundarySpec ob;
  ob.name = "west";
  ob.type = OpenBoundaryType::clamped;
  TidePoint p;
  p.z[name] = z;
  ob.points = {p};
  spec.boundaries = {ob};
  RectangleSpec rs;
  rs.nx = rs.ny = 1;
  rs.open = {"", "", "", "west"};
  const Mesh mesh = rectangle_with_depth(rs, [](double, double) { return 10.0; });
  const LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_SELF);
  const TidalBoundary tb(spec, lm, mesh.open_boundary_names, start_utc);
  std::vector<double> eta;
  tb.elevation(t, eta);
  double v = NAN;
  for (int e = 0; e < lm.n_edges(); ++e)
    if (tb.boundary_of(e)) v = eta[e];
  return v;
}
}  // namespace

TEST_CASE("boundary forcing phase convention agrees with an independent tide predictor", "[hydro][unit]") {
  // f cos(V0 + u) of a unit constituent with Greenwich phase 0, i.e. the elevation the
  // open boundary imposes at the instant, against @neaps/tide-predictor 0.11.0 (npm;
  // Schureman/IHO arguments computed independently of this code). A convention error
  // (local time, sign of g or u, V0 epoch) moves these by far more than 0.01.
  struct Ref {
    const char* name;
    const char* utc;
    double value;
  };
  const Ref refs[] = {{"K1", "2024-01-01 00:00:00", 1.0979599},  {"K1", "2024-07-03 00:00:00", -1.0942244},
                      {"O1", "2024-01-03 00:00:00", -1.1617714}, {"P1", "2024-07-03 00:00:00", -0.9798637},
                      {"Q1", "2024-01-03 00:00:00", 1.1565884},  {"M2", "2024-01-01 00:00:00", -0.3694421},
                      {"M2", "2024-01-03 00:00:00", -0.9146807}, {"N2", "2024-07-03 00:00:00", 0.8968794},
                      {"K2", "2024-01-01 00:00:00", -1.2567700}, {"S2", "2024-07-03 00:00:00", 1.0}};
  for (const Ref& r : refs) {
    const double v = boundary_elevation(r.name, 1.0, r.utc, 0.0);
    INFO(r.name << " at " << r.utc << ": model " << v << ", reference " << r.value);
    CHECK(std::fabs(v - r.value) < 0.01);
  }
}

TEST_CASE("boundary forcing keeps the nodal corrections of each instant through a season", "[hydro][unit]") {
  // A boundary started on 2024-01-01 and evaluated 184 days later gives the tide of that
  // instant: f and u of 2024-07-03, as the gauge predictor (verified against
  // @neaps/tide-predictor above and in test_tide_gauges) computes them. Holding the
  // start's f and u instead is off by ~1e-3..1e-2 of the amplitude (K1 u moves ~1.5 deg).
  const double t = 184 * 86400.0 + 3 * 3600.0;
  for (const char* name : {"K1", "O1", "Q1", "M2", "N2", "K2"}) {
    const double v = boundary_elevation(name, std::polar(0.8, -40.0 * kPi / 180.0), "2024-01-01 00:00:00", t);
    const double expect =
        TidePredictor({{name, 0.8, 40.0}}).at(days_since_j2000("2024-01-01 00:00:00", "") + t / 86400);
    INFO(name << ": boundary " << v << " m, predictor " << expect << " m");
    CHECK(std::fabs(v - expect) < 1e-8);
  }
}

namespace {
// A linear "gulf" for the calibration's bookkeeping: each gauge's constant of a
// constituent is the boundary point's times a gain that turns with frequency (a delay
// of `lag_h` hours and an amplification), and its record is the astronomical tide of
// those constants (hourly, 30 days after 2 of spin-up).
GaugeRunner linear_gulf(const std::vector<std::pair<double, double>>& gain_lag_h) {
  return [gain_lag_h](const TideSpec& spec, double, std::vector<double>& t, std::vector<std::vector<double>>& eta) {
    t.clear();
    for (int h = 0; h <= 30 * 24; ++h) t.push_back(2 * 86400.0 + 3600.0 * h);
    eta.clear();
    for (const auto& [gain, lag_h] : gain_lag_h) {
      std::vector<HarmonicConstant> hc;
      for (const auto& [c, z] : spec.boundaries[0].points[0].z) {
        const double w = angular_speed(*find_constituent(c));  // rad/s
        const Complex zg = z * gain * std::polar(1.0, -w * lag_h * 3600.0);
        hc.push_back({c, std::abs(zg), -std::arg(zg) * 180.0 / kPi});
      }
      eta.push_back(TidePredictor(hc).series("2024-01-01 00:00:00", t));
    }
  };
}
}  // namespace

TEST_CASE("tide calibration fits minor diurnals the prior lacks, starting from their inference", "[hydro][unit]") {
  // A boundary point whose true tide has K1 O1 Q1 and the minors 2Q1 J1 OO1 M1; the
  // prior gives only the majors, perturbed. The minors start from the admittance
  // inference (M1, which has none, from zero), and three Gauss-Newton steps of the
  // linear model recover every constant to 0.1 %: a 30-day record separates all seven
  // (two steps do not: the Jacobian leaves out the small cross-constituent terms that
  // the analysis's P1 inference makes, so the iteration converges linearly).
  TidePoint p;
  p.z = {{"K1", ag(0.40, 300)},  {"O1", ag(0.45, 250)},  {"Q1", ag(0.09, 230)}, {"2Q1", ag(0.020, 200)},
         {"J1", ag(0.030, 330)}, {"OO1", ag(0.025, 20)}, {"M1", ag(0.015, 280)}};
  OpenBoundarySpec ob;
  ob.name = "south";
  ob.type = OpenBoundaryType::clamped;
  ob.points = {p};
  TideSpec truth;
  truth.boundaries = {ob};
  const GaugeRunner run = linear_gulf({{2.2, 3.0}, {1.4, 1.0}});
  std::vector<CalibrationGauge> gauges(2);
  {
    std::vector<double> t;
    std::vector<std::vector<double>> eta;
    run(truth, 1.0, t, eta);
    const GaugeConstants obs = analyse_gauges(gauges, t, eta, "2024-01-01 00:00:00", true);
    for (std::size_t g = 0; g < gauges.size(); ++g) {
      gauges[g].id = gauges[g].name = "G" + std::to_string(g);
      for (const auto& [c, z] : truth.boundaries[0].points[0].z) {
        REQUIRE(obs[g].count(c));  // the analysis of a 30-day record separates it
        gauges[g].z[c] = obs[g].at(c);
      }
    }
  }
  TideSpec prior = truth;
  auto& pz = prior.boundaries[0].points[0].z;
  for (const char* minor : {"2Q1", "J1", "OO1", "M1"}) pz.erase(minor);
  for (auto& [c, z] : pz) z *= 1.2 * std::polar(1.0, -10.0 * kPi / 180.0);

  CalibrationOptions co;
  co.constituents = {"K1", "O1", "Q1", "2Q1", "J1", "OO1", "M1"};
  co.prior_rel = 10.0;
  co.prior_abs = 1.0;  // weak: M1 starts at zero
  co.obs_sigma = 0.001;
  co.max_step = 100;
  co.start_utc = "2024-01-01 00:00:00";
  co.iterations = 0;
  const auto inferred = infer_minor_constituents(pz);
  const TideSpec start = calibrate_tides(prior, gauges, run, co).spec;
  for (const char* minor : {"2Q1", "J1", "OO1"})
    CHECK(std::abs(start.boundaries[0].points[0].z.at(minor) - inferred.at(minor)) < 1e-15);
  CHECK(start.boundaries[0].points[0].z.at("M1") == Complex(0.0));

  co.iterations = 3;
  const CalibrationResult r = calibrate_tides(prior, gauges, run, co);
  CHECK(r.history.front().misfit_fit > 0.02);
  CHECK(r.history.back().misfit_fit < 1e-4);
  for (const auto& [c, zt] : truth.boundaries[0].points[0].z) {
    const Complex zc = r.spec.boundaries[0].points[0].z.at(c);
    INFO(c << ": true " << std::abs(zt) << " m, recovered " << std::abs(zc) << " m");
    CHECK(std::abs(zc - zt) <= 1e-3 * std::abs(zt) + 1e-5);
  }

  // A major constituent must be in the prior; an unknown name is an input error.
  co.constituents = {"K1", "P1"};
  CHECK_THROWS_AS(calibrate_tides(prior, gauges, run, co), InputError);
  co.constituents = {"K1", "XX1"};
  CHECK_THROWS_AS(calibrate_tides(prior, gauges, run, co), InputError);
}

TEST_CASE("a calibrated tides file says which boundaries no gauge of its fit constrains", "[hydro][unit]") {
  TideSpec spec;
  spec.boundaries.resize(3);
  spec.boundaries[0].name = "south";
  spec.boundaries[0].points.resize(2);
  spec.boundaries[1].name = "strait";
  spec.boundaries[1].points.resize(1);
  spec.boundaries[2].name = "river_gap";  // no points: a transport-only boundary, never calibrated
  std::vector<CalibrationGauge> gauges(3);
  gauges[0].name = "Beihai";
  gauges[1].name = "Dongfang";
  gauges[2].name = "Haikou";
  gauges[2].fit = false;
  CalibrationResult res;
  res.history.resize(2);
  res.history.back().misfit_fit = 0.0281;
  res.history.back().misfit_validate = 0.1117;
  CalibrationOptions opt;
  opt.boundaries = {"south"};
  const std::string some = calibration_uncertainty(spec, gauges, opt, res);
  CHECK_THAT(some, Catch::Contains("Fitted here: south, to Beihai, Dongfang (RMS vector misfit 0.028 m"));
  CHECK_THAT(some, Catch::Contains("which no gauge of this fit constrains: strait."));
  CHECK_THAT(some, Catch::Contains("never fitted: Haikou (RMS vector misfit 0.112 m)"));
  CHECK_THAT(some, !Catch::Contains("river_gap"));
  const std::string zh = calibration_uncertainty(spec, gauges, opt, res, "zh");  // the same facts in Chinese
  CHECK_THAT(
      zh, Catch::Contains("本次率定的开边界：south，拟合至验潮站 Beihai、Dongfang（拟合后均方根矢量误差 0.028 米）"));
  CHECK_THAT(zh, Catch::Contains("不受本次拟合任何验潮站约束的开边界：strait。"));
  CHECK_THAT(zh, Catch::Contains("验证站（从不参与拟合）：Haikou（均方根矢量误差 0.112 米）"));
  // Every boundary fitted, no validation gauge: nothing left at the prior, and it says so.
  opt.boundaries.clear();
  gauges.pop_back();
  const std::string all = calibration_uncertainty(spec, gauges, opt, res);
  CHECK_THAT(all, Catch::Contains("Fitted here: south, strait, to Beihai, Dongfang"));
  CHECK_THAT(all, !Catch::Contains("prior's constants"));
  CHECK_THAT(all, Catch::Contains("No validation gauge"));
  CHECK_THAT(calibration_uncertainty(spec, gauges, opt, res, "zh"), Catch::Contains("无验证站"));
}
