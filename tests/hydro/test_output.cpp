// The saved hydrodynamics: the file is UGRID with the agreed variables, and
// continuity holds between records: volume[n] = volume[n-1] + dt (source_flow[n]
// - div edge_flux[n]) with the sign from mesh_edge_faces. Tolerance 1e-12 of the
// volume moved; on 2 ranks the written volumes equal a 1-rank run's within 1e-9.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/petsc_env.hpp"
#include "hydro_cases.hpp"
#include "ingest/netcdf_file.hpp"
#include "ingest/projection.hpp"
#include "solver/hydro/hydro_output.hpp"
#include "solver/hydro/shallow_water.hpp"

using namespace beibu;
using namespace beibu::hydro;
using namespace beibu::hydro::test;

namespace {
Mesh output_mesh() {
  RectangleSpec rs;
  rs.x0 = 50000;
  rs.y0 = 200000;
  rs.lx = 8000;
  rs.ly = 4000;
  rs.nx = 16;
  rs.ny = 8;
  rs.perturb = 0.2;
  rs.open = {"south", "", "", ""};
  Mesh m = rectangle_with_depth(rs, [](double x, double) { return 4.0 - 5.0 * (x - 50000) / 8000.0; });
  m.lon = m.x;
  m.lat = m.y;
  Projection().inverse(m.lon, m.lat);
  return m;
}

std::unique_ptr<ShallowWaterModel> make_model(const Mesh& mesh, const LocalMesh& lm) {
  HydroOptions opt;
  opt.dt = 300;
  opt.ramp_time = 3600;
  opt.ksp_prefix = "hydroout_";
  opt.start_utc = "2021-07-01 00:00:00";
  auto model = std::make_unique<ShallowWaterModel>(lm, mesh.open_boundary_names, opt);
  model->set_atmosphere(std::make_shared<UniformWind>(-10.0, 8.0));
  TideSpec spec;
  OpenBoundarySpec ob;
  ob.name = "south";
  TidePoint p;
  p.z["K1"] = std::polar(0.8, -1.0);
  p.z["O1"] = std::polar(0.7, -0.5);
  ob.points = {p};
  spec.boundaries = {ob};
  model->set_tides(spec);
  RiverSpec r;
  r.name = "r";
  r.x = 57000;
  r.y = 203000;
  r.discharge.t = {0.0};
  r.discharge.q = {40.0};
  model->set_rivers({r});
  return model;
}

// Worst continuity residual between records, relative to the volume moved.
double file_continuity(const std::string& path, long& records) {
  NcFile nc = NcFile::open(path);
  const std::size_t nt = nc.dim_len("time"), nf = nc.dim_len("nMesh_face"), ne = nc.dim_len("nMesh_edge");
  records = static_cast<long>(nt);
  const auto t = nc.get_double("time");
  const auto vol = nc.get_double("volume"), flux = nc.get_double("edge_flux"), q = nc.get_double("source_flow");
  const auto fe = nc.get_int("mesh_face_edges"), ef = nc.get_int("mesh_edge_faces");
  REQUIRE(nc.att_text("time", "units") == "seconds since 2021-07-01 00:00:00");
  REQUIRE(nc.att_text("u", "standard_name") == "sea_water_x_velocity");
  REQUIRE(nc.has_var("eta"));
  REQUIRE(nc.has_var("v"));
  double worst = 0;
  for (std::size_t n = 1; n < nt; ++n) {
    const double dt = t[n] - t[n - 1];
    for (std::size_t f = 0; f < nf; ++f) {
      double div = 0, moved = std::fabs(vol[n * nf + f]) + std::fabs(vol[(n - 1) * nf + f]);
      for (int k = 0; k < 3; ++k) {
        const int e = fe[3 * f + k];
        const double s = ef[2 * e] == static_cast<int>(f) ? 1.0 : -1.0;
        div += s * flux[n * ne + e];
        moved += dt * std::fabs(flux[n * ne + e]);
      }
      const double r = vol[n * nf + f] - (vol[(n - 1) * nf + f] + dt * (q[n * nf + f] - div));
      worst = std::max(worst, std::fabs(r) / moved);
    }
  }
  return worst;
}
}  // namespace

TEST_CASE("saved hydrodynamics satisfy continuity between records", "[hydro][verification]") {
  const Mesh mesh = output_mesh();
  const LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_SELF);
  auto model = make_model(mesh, lm);
  const std::string path =
      (std::filesystem::temp_directory_path() / ("beibu_hydro_out_test_" + std::to_string(getpid()) + ".nc")).string();
  {
    HydroWriter w(mesh, lm, path, model->options().start_utc, 1800.0);
    w.write_initial(*model);
    for (int i = 0; i < 48; ++i) {
      model->step();
      w.after_step(*model);
    }
    REQUIRE_FALSE(std::filesystem::exists(path + ".nope"));
    w.finish();
  }
  long records = 0;
  const double worst = file_continuity(path, records);
  std::printf("output file continuity: worst residual %.3g of the volume moved (tol 1e-12), %ld records\n", worst,
              records);
  CHECK(records == 9);
  CHECK(worst < 1e-12);
  std::filesystem::remove(path);
}

TEST_CASE("saved hydrodynamics from 2 ranks equal a 1-rank run", "[hydro][verification][mpi]") {
  BEIBU_PETSC(PetscOptionsSetValue(nullptr, "-hydroout_ksp_rtol", "1e-13"));
  const Mesh mesh = output_mesh();
  const LocalMesh par = distribute_mesh(mesh, PETSC_COMM_WORLD);
  const LocalMesh ser = distribute_mesh(mesh, PETSC_COMM_SELF);
  auto mp = make_model(mesh, par);
  auto ms = make_model(mesh, ser);
  const std::string path = (std::filesystem::temp_directory_path() / "beibu_hydro_out_mpi_test.nc").string();
  HydroWriter w(mesh, par, path, mp->options().start_utc, 900.0);
  w.write_initial(*mp);
  for (int i = 0; i < 24; ++i) {
    mp->step();
    ms->step();
    w.after_step(*mp);
  }
  w.finish();
  if (mpi_rank() == 0) {
    long records = 0;
    const double worst = file_continuity(path, records);
    NcFile nc = NcFile::open(path);
    const auto vol = nc.get_double("volume");
    const std::size_t nf = mesh.n_faces();
    double dv = 0;
    for (std::size_t f = 0; f < nf; ++f)
      dv = std::max(dv, std::fabs(vol[(records - 1) * nf + f] - ms->volume()[f]) / std::max(1.0, ms->volume()[f]));
    std::printf("2-rank output: continuity %.3g (tol 1e-12), volume vs 1 rank %.3g (tol 1e-9)\n", worst, dv);
    CHECK(records == 9);
    CHECK(worst < 1e-12);
    CHECK(dv < 1e-9);
    std::filesystem::remove(path);
  }
  BEIBU_PETSC(PetscOptionsClearValue(nullptr, "-hydroout_ksp_rtol"));
}
