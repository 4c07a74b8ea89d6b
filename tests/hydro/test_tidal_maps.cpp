// `beibu tides` library: a frictionless closed channel forced by K1 and M2 (started
// on the exact standing wave, so no free oscillation is excited) is run for 16 days,
// saved hourly, and analysed over the mesh (nodal corrections on in both). Tolerances: K1 and M2 amplitudes at the
// closed end within 2 % of a cos(k L)^-1, their Greenwich phases within 2 % of a
// period of the forcing's, O1 and S2 below 2 % of K1; the form factor follows.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "hydro_cases.hpp"
#include "ingest/netcdf_file.hpp"
#include "ingest/projection.hpp"
#include "solver/hydro/hydro_output.hpp"
#include "solver/hydro/physics.hpp"
#include "solver/hydro/shallow_water.hpp"
#include "solver/hydro/tidal_maps.hpp"
#include "solver/hydro/tide_constituents.hpp"

using namespace beibu;
using namespace beibu::hydro;
using namespace beibu::hydro::test;

TEST_CASE("tidal maps from a saved run recover the analytic channel tide", "[hydro][verification]") {
  const double L = 60000, depth = 10;
  RectangleSpec rs;
  rs.x0 = 20000;
  rs.y0 = 150000;
  rs.lx = L;
  rs.ly = 4000;
  rs.nx = 30;
  rs.ny = 2;
  rs.open = {"", "", "", "west"};
  Mesh mesh = rectangle_with_depth(rs, [&](double, double) { return depth; });
  mesh.lon = mesh.x;
  mesh.lat = mesh.y;
  Projection().inverse(mesh.lon, mesh.lat);
  const LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_SELF);
  const std::string start = "2021-01-01 00:00:00";
  const Astro astro = astro_arguments(days_since_j2000(start, ""));
  // Constituent amplitude A and Greenwich phase g; with the nodal corrections the
  // forcing is f A cos(w t + V0 + u - g) = a cos(w t - phi), a = f A, phi = g - V0 - u.
  struct Wave {
    const char* name;
    double A, g;
    double a = 0, phi = 0, w = 0, k = 0;
  };
  std::vector<Wave> waves = {{"K1", 0.30, 250.0}, {"M2", 0.10, 40.0}};
  TideSpec spec;
  spec.nodal = true;
  OpenBoundarySpec ob;
  ob.name = "west";
  ob.type = OpenBoundaryType::clamped;
  TidePoint p;
  for (Wave& wv : waves) {
    const Constituent& c = *find_constituent(wv.name);
    wv.w = angular_speed(c);
    wv.k = wv.w / std::sqrt(kGravity * depth);
    double f, u;
    nodal_correction(c, astro, f, u);
    wv.a = f * wv.A;
    wv.phi = (wv.g - equilibrium_argument(c, astro) - u) * kPi / 180.0;
    p.z[wv.name] = std::polar(wv.A, -wv.g * kPi / 180.0);
  }
  ob.points = {p};
  spec.boundaries = {ob};
  auto eta_exact = [&](double x, double t) {
    double s = 0;
    for (const Wave& wv : waves)
      s += wv.a * std::cos(wv.k * (L - (x - rs.x0))) / std::cos(wv.k * L) * std::cos(wv.w * t - wv.phi);
    return s;
  };
  auto u_exact = [&](double x, double t) {
    double s = 0;
    for (const Wave& wv : waves)
      s -= wv.w * wv.a / (depth * wv.k * std::cos(wv.k * L)) * std::sin(wv.k * (L - (x - rs.x0))) *
           std::sin(wv.w * t - wv.phi);
    return s;
  };
  HydroOptions opt;
  opt.dt = 900;
  opt.theta = 0.5;
  opt.manning = 0;
  opt.viscosity = 0;
  opt.advection = false;
  opt.coriolis_f = 0;
  opt.ramp_time = 0;
  opt.start_utc = start;
  ShallowWaterModel model(lm, mesh.open_boundary_names, opt);
  model.set_tides(spec);
  std::vector<double> e0(lm.n_local), u0(lm.n_edges());
  for (int c = 0; c < lm.n_local; ++c) e0[c] = eta_exact(lm.cx[c], 0.0);
  for (int e = 0; e < lm.n_edges(); ++e) u0[e] = lm.nx[e] * u_exact(lm.mx[e], 0.0);
  model.set_initial_eta(e0);
  model.set_initial_edge_velocity(u0);

  const auto dir = std::filesystem::temp_directory_path() / ("beibu_tidal_maps_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string run = (dir / "hydro.nc").string();
  {
    HydroWriter w(mesh, lm, run, start, 3600.0);
    w.write_initial(model);
    while (model.time() < 16 * 86400.0 - 1) {
      model.step();
      w.after_step(model);
    }
    w.finish();
  }
  TidalMapOptions mo;
  mo.skip_days = 1;
  mo.constituents = {"K1", "O1", "M2", "S2"};
  const TidalMapSummary sum = write_tidal_maps(run, dir.string(), mo);
  CHECK(sum.records == 15 * 24 + 1);
  NcFile nc = NcFile::open((dir / "tides.nc").string());
  // Closed-end face: the largest centroid x.
  std::size_t end = 0;
  double xmax = -1e300;
  for (std::size_t f = 0; f < mesh.n_faces(); ++f) {
    double cx, cy;
    mesh.face_centroid(f, cx, cy);
    if (cx > xmax) xmax = cx, end = f;
  }
  const double x_end = xmax;
  for (const Wave& wv : waves) {
    const double amp = nc.get_double(std::string(wv.name) + "_amplitude")[end];
    const double ph = nc.get_double(std::string(wv.name) + "_phase")[end];
    const double expect = wv.A * std::cos(wv.k * (L - (x_end - rs.x0))) / std::cos(wv.k * L);
    const double amp_err = std::fabs(amp - expect) / expect;
    const double ph_err = std::fabs(std::remainder(ph - wv.g, 360.0)) / 360.0;
    std::printf(
        "tidal maps, %s at the closed end: amplitude %.4f m (analytic %.4f), error %.2f %% (tol 2 %%); "
        "phase error %.3f %% of a period (tol 2 %%)\n",
        wv.name, amp, expect, 100 * amp_err, 100 * ph_err);
    CHECK(amp_err < 0.02);
    CHECK(ph_err < 0.02);
  }
  const double k1 = nc.get_double("K1_amplitude")[end];
  CHECK(nc.get_double("O1_amplitude")[end] < 0.02 * k1);
  CHECK(nc.get_double("S2_amplitude")[end] < 0.02 * k1);
  const double F = nc.get_double("form_factor")[end];
  CHECK(F == Catch::Detail::Approx((k1 + nc.get_double("O1_amplitude")[end]) /
                                   (nc.get_double("M2_amplitude")[end] + nc.get_double("S2_amplitude")[end])));
  std::filesystem::remove_all(dir);
}

TEST_CASE("tidal ellipses and constituent choice", "[hydro]") {
  // Rectilinear east-west current: major = amplitude, minor = 0, inclination 0.
  TidalEllipse e = tidal_ellipse(0.5, 30, 0.0, 0.0);
  CHECK(e.major == Catch::Detail::Approx(0.5));
  CHECK(std::fabs(e.minor) < 1e-12);
  CHECK(std::fabs(std::remainder(e.inclination, 180.0)) < 1e-9);
  // Counter-clockwise circle: v lags u by 90 degrees.
  e = tidal_ellipse(0.3, 10, 0.3, 100);
  CHECK(e.major == Catch::Detail::Approx(0.3));
  CHECK(e.minor == Catch::Detail::Approx(0.3));
  CHECK(resolvable_constituents(5 * 86400.0) == std::vector<std::string>{"K1", "M2", "M4"});
  CHECK(resolvable_constituents(16 * 86400.0) == std::vector<std::string>{"K1", "O1", "M2", "S2", "M4", "MS4"});
}
