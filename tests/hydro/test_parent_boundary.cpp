// Sub-tidal open-boundary forcing from a parent model (solver/hydro/parent_boundary.hpp)
// on files written by tests/data/ingest/make_parent_files.py with analytic fields (the
// formulas below are the script's):
//  - the level and the outward normal velocity at the open-boundary edges of a channel
//    near 108E 20N reproduce the fields of a CMEMS-like file (packed zos, 3-D uo/vo with
//    a level of fill) and of a ROMS-like curvilinear file in cm and cm/s, between frames
//    (linear in time); the default datum is the mean over the frames of the boundary mean;
//  - a parent level falling along a channel with two clamped ends drives the steady
//    discharge of Manning's law, Q = W h^(5/3) n^-1 sqrt(d_eta / L), within 1 %;
//  - a uniform parent level of 0.2 m raises a basin to 0.2 m within 1 mm (its mean over
//    the second day), in place of the tides' mean_level (0.5 m here).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "hydro_cases.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/projection.hpp"
#include "solver/hydro/parent_boundary.hpp"
#include "solver/hydro/physics.hpp"
#include "solver/hydro/shallow_water.hpp"
#include "tests/scratch_dir.hpp"

using namespace beibu;
using namespace beibu::hydro;
using namespace beibu::hydro::test;

namespace {

std::string parent_file(const std::string& name) {
  static const beibu::test::ScratchDir dir("beibu_parent_");
  static const bool made = [] {
    const std::string cmd = "/usr/bin/python3 " BEIBU_TEST_DATA "/ingest/make_parent_files.py " + dir.path().string();
    INFO(cmd);
    REQUIRE(std::system(cmd.c_str()) == 0);
    return true;
  }();
  (void)made;
  return (dir.path() / name).string();
}

const double kT0 = parse_iso8601("2024-06-29T00:00:00Z");  // d = 0 of the analytic fields

double zos(double lon, double lat, double d) {
  return 0.1 + 0.02 * (lon - 108) - 0.03 * (lat - 20) + 0.01 * d;
}
double uo(double lon, double, double d) {
  return 0.2 + 0.01 * (lon - 108) + 0.005 * d;
}
double vo(double, double lat, double d) {
  return -0.1 + 0.02 * (lat - 20) - 0.002 * d;
}

// A channel along x from 108E 20N (the projection's origin), open at both ends.
Mesh channel(double L, double W, int nx, int ny, double depth, std::array<std::string, 4> open) {
  RectangleSpec rs;
  rs.lx = L;
  rs.ly = W;
  rs.nx = nx;
  rs.ny = ny;
  rs.depth = depth;
  rs.open = std::move(open);
  return rectangle_with_depth(rs, [&](double, double) { return depth; });
}

HydroOptions steady_options(const std::string& start) {
  HydroOptions opt;
  opt.dt = 300;
  opt.theta = 0.6;
  opt.manning = 0.025;
  opt.viscosity = 0;
  opt.advection = false;
  opt.coriolis_f = 0;
  opt.ramp_time = 0;
  opt.start_utc = start;
  return opt;
}

TideSpec clamped(const std::vector<std::string>& names, double mean_level = 0) {
  TideSpec spec;
  for (const auto& n : names) {
    OpenBoundarySpec b;
    b.name = n;
    b.type = OpenBoundaryType::clamped;
    b.mean_level = mean_level;
    spec.boundaries.push_back(b);
  }
  return spec;
}

}  // namespace

TEST_CASE("a parent model's level and velocity at the open-boundary edges are its fields", "[hydro][parent]") {
  const Mesh mesh = channel(50000, 3000, 25, 3, 10, {"", "east", "", "west"});
  const LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_SELF);
  const Projection proj;
  const double t_epoch = kT0 + 0.5 * 86400;
  SECTION("the fields, between frames, in m and m/s or cm and cm/s, regular or curvilinear") {
    struct Case {
      std::string file;
      double level_tol, speed_tol;
    };
    // Packed zos (1e-4 m steps); float32 fields in cm and cm/s.
    for (const Case& c : {Case{"glorys_parent.nc", 1.1e-4, 1e-6}, Case{"roms_curvilinear.nc", 1e-5, 1e-6}}) {
      INFO(c.file);
      ParentModelSpec spec;
      spec.file = parent_file(c.file);
      spec.subtract_mean = false;
      const ParentBoundary pb(spec, mesh, lm, t_epoch, 3 * 86400.0, true);
      REQUIRE(pb.has_velocity());
      std::vector<double> eta, un;
      int n = 0;
      for (double t : {0.0, 0.3 * 86400, 1.5 * 86400, 2.75 * 86400}) {  // between frames: linear in time
        pb.level(t, eta);
        pb.velocity(t, un);
        const double d = (t_epoch + t - kT0) / 86400.0;
        for (int e = 0; e < lm.n_edges(); ++e) {
          if (lm.edge_tag[e] < kOpenEdgeBase) {
            CHECK(eta[e] == 0.0);
            continue;
          }
          double lon, lat;
          proj.inverse(lm.mx[e], lm.my[e], lon, lat);
          CHECK(std::fabs(eta[e] - zos(lon, lat, d)) < c.level_tol);
          const double expect = uo(lon, lat, d) * lm.nx[e] + vo(lon, lat, d) * lm.ny[e];
          CHECK(std::fabs(un[e] - expect) < c.speed_tol);
          ++n;
        }
      }
      CHECK(n == 4 * 2 * 3);
    }
  }
  SECTION("the default datum is the mean over the file's frames of the boundary mean") {
    ParentModelSpec spec;
    spec.file = parent_file("glorys_parent.nc");
    const ParentBoundary pb(spec, mesh, lm, t_epoch, 86400.0, false);
    CHECK(!pb.has_velocity());
    // Eight daily frames (d = 0..7, mean 3.5); the west and east ends have 3 edges each
    // of the same length, so the boundary mean is the mean over the six midpoints.
    double sum = 0;
    int n = 0;
    for (int e = 0; e < lm.n_edges(); ++e)
      if (lm.edge_tag[e] >= kOpenEdgeBase) {
        double lon, lat;
        proj.inverse(lm.mx[e], lm.my[e], lon, lat);
        sum += zos(lon, lat, 3.5);
        ++n;
      }
    REQUIRE(n == 6);
    CHECK(std::fabs(pb.datum() - sum / n) < 1.1e-4);
    CHECK(pb.frame_times().size() == 8);
    std::vector<double> eta;
    pb.level(86400.0, eta);
    for (int e = 0; e < lm.n_edges(); ++e)
      if (lm.edge_tag[e] >= kOpenEdgeBase) {
        double lon, lat;
        proj.inverse(lm.mx[e], lm.my[e], lon, lat);
        CHECK(std::fabs(eta[e] - (zos(lon, lat, 1.5) - sum / n)) < 2.2e-4);
      }
  }
  SECTION("a file whose grid is far from the boundary is refused, naming it and the variable") {
    ParentModelSpec spec;
    spec.file = parent_file("parent_elsewhere.nc");
    try {
      ParentBoundary pb(spec, mesh, lm, t_epoch, 86400.0, false);
      FAIL("no InputError");
    } catch (const InputError& e) {
      const std::string m = e.what();
      CHECK(m.find("parent_elsewhere.nc") != std::string::npos);
      CHECK(m.find("variable 'zos'") != std::string::npos);
      CHECK(m.find("no valid value") != std::string::npos);
    }
  }
}

TEST_CASE("a parent level falling along a channel drives Manning's discharge", "[hydro][parent][verification]") {
  const double L = 50000, W = 3000, depth = 10, n_manning = 0.025, dx = 1000;
  const Mesh mesh = channel(L, W, static_cast<int>(L / dx), 3, depth, {"", "east", "", "west"});
  const LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_SELF);
  const std::string start = "2024-01-01 00:00:00";
  ShallowWaterModel model(lm, mesh.open_boundary_names, steady_options(start));
  model.set_tides(clamped(mesh.open_boundary_names));
  ParentModelSpec spec;
  spec.file = parent_file("channel_parent.nc");  // ssh = -0.1 (lon - 108) m, written in cm
  const double days = 2;
  model.set_boundary_forcing(
      std::make_shared<ParentBoundary>(spec, mesh, lm, parse_iso8601(start, 0.0), days * 86400, false));
  // The imposed levels: the analytic field at the ends' edge midpoints (less the datum,
  // which leaves the difference and keeps the mean depth at 10 m).
  const Projection proj;
  double west = 0, east = 0;
  int nw = 0, ne = 0;
  for (int e = 0; e < lm.n_edges(); ++e) {
    if (lm.edge_tag[e] < kOpenEdgeBase) continue;
    double lon, lat;
    proj.inverse(lm.mx[e], lm.my[e], lon, lat);
    (lm.mx[e] < L / 2 ? west : east) += -0.1 * (lon - 108);
    ++(lm.mx[e] < L / 2 ? nw : ne);
  }
  west /= nw;
  east /= ne;
  const double d_eta = west - east;
  REQUIRE(d_eta > 0.04);
  std::vector<double> e0(lm.n_local);
  for (int c = 0; c < lm.n_local; ++c) e0[c] = d_eta * (0.5 - lm.cx[c] / L);
  model.set_initial_eta(e0);
  while (model.time() < days * 86400 - 1) model.step();
  double q_in = 0, q_out = 0;
  for (int e = 0; e < lm.n_edges(); ++e) {
    if (lm.edge_tag[e] < kOpenEdgeBase) continue;
    (lm.mx[e] < L / 2 ? q_in : q_out) += model.edge_flux()[e];
  }
  q_in = -q_in;  // edge fluxes are outward on the boundary
  // The clamped level stands at a mirror point one centroid distance (dx / 3 on these
  // right triangles) beyond each end: the slope acts over L + 2 dx / 3.
  const double slope = d_eta / (L + 2 * dx / 3);
  const double q_manning = W * std::pow(depth, 5.0 / 3.0) / n_manning * std::sqrt(slope);
  INFO("Q in " << q_in << ", out " << q_out << ", Manning " << q_manning << " m3/s, d_eta " << d_eta << " m");
  CHECK(std::fabs(q_in - q_manning) < 0.01 * q_manning);
  CHECK(std::fabs(q_out - q_in) < 0.005 * q_in);
}

TEST_CASE("a uniform parent level raises a basin by it, in place of the tides' mean_level", "[hydro][parent]") {
  const Mesh mesh = channel(20000, 10000, 10, 5, 10, {"", "", "", "west"});
  const LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_SELF);
  const std::string start = "2024-01-01 00:00:00";
  HydroOptions opt = steady_options(start);
  opt.ramp_time = 3 * 3600;  // the basin fills without a bore
  ShallowWaterModel model(lm, mesh.open_boundary_names, opt);
  model.set_tides(clamped(mesh.open_boundary_names, 0.5));
  ParentModelSpec spec;
  spec.file = parent_file("uniform_parent.nc");
  spec.subtract_mean = false;  // datum: parent
  model.set_boundary_forcing(
      std::make_shared<ParentBoundary>(spec, mesh, lm, parse_iso8601(start, 0.0), 2 * 86400, false));
  // The basin's mean level, averaged over the second day (a slow seiche of a few mm
  // is left after the first).
  double sum = 0;
  int n = 0;
  while (model.time() < 2 * 86400 - 1) {
    model.step();
    if (model.time() <= 86400) continue;
    double v = 0, a = 0;
    for (int c = 0; c < lm.n_owned; ++c) v += lm.area[c] * model.eta()[c], a += lm.area[c];
    sum += v / a;
    ++n;
  }
  INFO("mean level over the second day " << sum / n << " m");
  CHECK(std::fabs(sum / n - 0.2) < 1e-3);
}
