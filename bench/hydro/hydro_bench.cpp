// bench_hydro: runs the shallow-water model on a UGRID mesh (default: the Beibu Gulf
// mesh from `beibu mesh`) with tides, optional wind (uniform, or gridded such as the COADS
// climatology) and rivers at their seasonal discharge, and prints
//   simulated days per wall-clock minute, CPU time, KSP iterations per step, the split
//   between momentum, assembly, preconditioner setup, solve, update and output, and (with
//   --analyse DAYS) a harmonic analysis of the elevation at the stations of
//   data/beibu/stations.geojson (tidal form factor) and the residual (time-mean) currents
//   there and over the gulf.
// Run it on 1 and on 2 ranks (mpiexec -n 2) for the scaling figures; the case is
//   bench_hydro --mesh MESH --days 30 --dt 900 --wind-file coads_climatology.cdf
// Usage: bench_hydro [--mesh out/mesh/mesh.nc] [--days 30] [--dt 900] [--tides FILE]
//        [--wind U V | --wind-file FILE [--wind-vars UWND VWND]] [--rivers]
//        [--out FILE.nc --interval S] [--start UTC] [--analyse DAYS] [--manning N (default: the
//        tides file's calibrated `manning:`, else 0.025)]
//        [--gauges GAUGES.yaml --gauge-series OUT.csv] [--parent FILE.nc]
//   --parent adds a parent model's sub-tidal level (and velocity) on the open boundaries
//   (solver/hydro/parent_boundary.hpp, datum boundary_mean), as hydrodynamics.parent_model.
//   --gauge-series writes the surface at the cell nearest each tide gauge after every step
//   (time in s since --start, one column per gauge id), e.g. for scripts/tide-skill.
//        [-- PETSc options, e.g. -hydro_pc_type hypre -log_view]
#include <mpi.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "ingest/cf_grid.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/projection.hpp"
#include "ingest/vector_layer.hpp"
#include "mesh/face_locator.hpp"
#include "mesh/inflow_footprint.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/ugrid_io.hpp"
#include "solver/hydro/harmonic_analysis.hpp"
#include "solver/hydro/hydro_output.hpp"
#include "solver/hydro/parent_boundary.hpp"
#include "solver/hydro/physics.hpp"
#include "solver/hydro/shallow_water.hpp"
#include "solver/hydro/tidal_maps.hpp"
#include "solver/hydro/tide_calibration.hpp"

using namespace beibu;
using namespace beibu::hydro;

namespace {

struct Args {
  std::string mesh = "out/mesh/mesh.nc";
  std::string tides = std::string(BEIBU_DATA_DIR) + "/beibu/tides.yaml";
  std::string out, start = "2020-01-01 00:00:00";
  std::string wind_file, wind_uvar = "UWND", wind_vvar = "VWND";
  std::string gauges, gauge_series, parent;
  double days = 30, dt = 900, interval = 3600, wind_u = 0, wind_v = 0, analyse = 0, manning = NAN;
  bool wind = false, rivers = false;
};

double wall() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// User + system CPU seconds of this process.
double cpu() {
  rusage r{};
  getrusage(RUSAGE_SELF, &r);
  return static_cast<double>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(r.ru_utime.tv_usec + r.ru_stime.tv_usec);
}

double max_over_ranks(double v) {
  double g = v;
  MPI_Allreduce(&v, &g, 1, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD);
  return g;
}

// Gridded 10 m wind (CF file, e.g. the COADS monthly climatology) sampled at the cell
// centres; cells the grid leaves undefined (NaN) get calm air.
std::shared_ptr<AtmosphereForcing> gridded_wind(const Args& a, const LocalMesh& lm) {
  const double epoch = parse_iso8601(a.start, 0.0);
  auto u = std::make_shared<GriddedField>(a.wind_file, a.wind_uvar);
  auto v = std::make_shared<GriddedField>(a.wind_file, a.wind_vvar);
  auto stencil = std::make_shared<Stencil>(u->locate(lm.lon, lm.lat));
  return std::make_shared<CallbackAtmosphere>(
      [u, v, stencil, epoch](double t, const LocalMesh&, std::vector<double>& u10, std::vector<double>& v10,
                             std::vector<double>&) {
        u->sample(*stencil, epoch + t, u10);
        v->sample(*stencil, epoch + t, v10);
        for (std::size_t k = 0; k < u10.size(); ++k)
          if (std::isnan(u10[k]) || std::isnan(v10[k])) u10[k] = v10[k] = 0.0;
      },
      false);
}

// Owned local index of the cell nearest (x, y) on this rank, or -1 (one rank wins, by distance then gid).
int nearest_owned(const LocalMesh& m, double x, double y) {
  double best = 1e300;
  long gid = -1;
  int lc = -1;
  for (int c = 0; c < m.n_owned; ++c) {
    const double d = std::hypot(m.cx[c] - x, m.cy[c] - y);
    if (d < best) best = d, gid = m.cell_gid[c], lc = c;
  }
  struct {
    double d;
    int rank;
  } in{best, mpi_rank(m.comm)}, out;
  MPI_Allreduce(&in, &out, 1, MPI_DOUBLE_INT, MPI_MINLOC, m.comm);
  (void)gid;
  return out.rank == mpi_rank(m.comm) ? lc : -1;
}

// Long on purpose: a benchmark's driver is one script, set-up, timed loop, report, read
// top to bottom in the order the figures are taken; split up, the timings' scope hides.
void run(const Args& a) {
  const int rank = mpi_rank();
  const Mesh mesh = read_ugrid(a.mesh);
  const LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_WORLD);
  HydroOptions opt;
  opt.dt = a.dt;
  opt.start_utc = a.start;
  const TideSpec tides = load_tide_spec(a.tides, mesh.open_boundary_names);
  // Without --manning: the n the tides were calibrated with, else the model's default.
  if (std::isfinite(a.manning))
    opt.manning = a.manning;
  else if (std::isfinite(tides.manning))
    opt.manning = tides.manning;
  if (rank == 0) std::printf("Manning n %.5f\n", opt.manning);
  ShallowWaterModel model(lm, mesh.open_boundary_names, opt);
  model.set_tides(tides);
  if (a.wind) model.set_atmosphere(std::make_shared<UniformWind>(a.wind_u, a.wind_v));
  if (!a.wind_file.empty()) model.set_atmosphere(gridded_wind(a, lm));
  std::shared_ptr<ParentBoundary> parent;
  if (!a.parent.empty()) {
    ParentModelSpec ps;
    ps.file = a.parent;
    auto pb = std::make_shared<ParentBoundary>(ps, mesh, lm, parse_iso8601(a.start, 0.0), a.days * 86400.0, false);
    if (rank == 0)
      std::printf("parent model %s: %zu open-boundary edges, datum %.4f m\n", a.parent.c_str(), pb->points(),
                  pb->datum());
    model.set_boundary_forcing(pb);
    parent = pb;
  }
  // Rivers at their seasonal (wet/dry month) discharge from data/beibu/rivers.geojson,
  // each over its footprint, as a scenario places them.
  if (a.rivers) {
    auto rivers =
        seasonal_rivers_from_geojson(std::string(BEIBU_DATA_DIR) + "/beibu/rivers.geojson", a.start, a.days * 86400.0);
    const FaceLocator loc(mesh);
    for (auto& r : rivers)
      r.cells = inflow_cells(mesh, loc, r.x, r.y, *std::max_element(r.discharge.q.begin(), r.discharge.q.end()));
    model.set_rivers(std::move(rivers));
  }
  Projection proj;
  const VectorData st = read_vector(std::string(BEIBU_DATA_DIR) + "/beibu/stations.geojson", proj);
  std::vector<int> probe;
  for (const auto& p : st.points) probe.push_back(nearest_owned(lm, p.x, p.y));
  std::vector<CalibrationGauge> gauges;
  std::vector<int> gauge_cell;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> gs(nullptr, std::fclose);
  if (!a.gauges.empty()) {
    gauges = calibration_gauges(load_tide_gauges(a.gauges));
    for (const auto& g : gauges) gauge_cell.push_back(nearest_owned(lm, g.x, g.y));
    if (rank == 0) {
      gs.reset(std::fopen(a.gauge_series.c_str(), "w"));
      if (!gs) throw InputError(a.gauge_series, "", "cannot be written");
      std::fprintf(gs.get(), "time_s");
      for (const auto& g : gauges) std::fprintf(gs.get(), ",%s", g.id.c_str());
      std::fprintf(gs.get(), "\n");
    }
  }

  std::unique_ptr<HydroWriter> writer;
  double t_out = 0;
  if (!a.out.empty()) {
    const double t0 = wall();
    writer = std::make_unique<HydroWriter>(mesh, lm, a.out, a.start, a.interval);
    writer->write_initial(model);
    t_out += wall() - t0;
  }
  const long nsteps = static_cast<long>(std::llround(a.days * 86400.0 / a.dt));
  const double v0 = model.total_volume();
  std::vector<double> ts;
  std::vector<std::vector<double>> series(probe.size());
  // Residual currents: time-mean cell velocity over the analysis window.
  const double mean_from = a.analyse > 0 ? a.days * 86400.0 - a.analyse * 86400.0 : a.days * 86400.0;
  std::vector<double> um(lm.n_owned, 0.0), vm(lm.n_owned, 0.0);
  long nmean = 0;
  // Net volume transport into the domain through each open boundary, summed over the
  // steps of the analysis window (without --analyse: the whole run after the first day).
  const std::size_t nob = mesh.open_boundary_names.size();
  std::vector<double> inflow(nob, 0.0);
  double inflow_time = 0;
  const double inflow_from = a.analyse > 0 ? mean_from : std::min(86400.0, 0.5 * a.days * 86400.0);
  int max_its = 0;
  const double start = wall(), cpu0 = cpu();
  for (long i = 0; i < nsteps; ++i) {
    model.step();
    max_its = std::max(max_its, model.last_ksp_iterations());
    if (model.time() > inflow_from + 1e-6) {
      for (int e = 0; e < lm.n_edges(); ++e) {
        const int k = lm.edge_tag[e] - kOpenEdgeBase;
        if (k < 0 || lm.edge_right[e] >= 0 || lm.edge_left[e] >= lm.n_owned) continue;
        inflow[k] -= model.edge_flux()[e] * a.dt;  // boundary fluxes are positive outward
      }
      inflow_time += a.dt;
    }
    if (model.time() > mean_from + 1e-6) {
      for (int c = 0; c < lm.n_owned; ++c) um[c] += model.cell_u()[c], vm[c] += model.cell_v()[c];
      ++nmean;
    }
    if (writer) {
      const double t0 = wall();
      writer->after_step(model);
      t_out += wall() - t0;
    }
    std::vector<double> loc(probe.size(), 0.0), glob(probe.size());
    for (std::size_t s = 0; s < probe.size(); ++s)
      if (probe[s] >= 0) loc[s] = model.eta()[probe[s]];
    MPI_Reduce(loc.data(), glob.data(), static_cast<int>(loc.size()), MPI_DOUBLE, MPI_SUM, 0, PETSC_COMM_WORLD);
    ts.push_back(model.time());
    for (std::size_t s = 0; s < probe.size(); ++s) series[s].push_back(glob[s]);
    if (!gauges.empty()) {
      std::vector<double> gl(gauges.size(), 0.0), gg(gauges.size());
      for (std::size_t g = 0; g < gauges.size(); ++g)
        if (gauge_cell[g] >= 0) gl[g] = model.eta()[gauge_cell[g]];
      MPI_Reduce(gl.data(), gg.data(), static_cast<int>(gl.size()), MPI_DOUBLE, MPI_SUM, 0, PETSC_COMM_WORLD);
      if (rank == 0) {
        std::fprintf(gs.get(), "%.1f", model.time());
        for (double v : gg) std::fprintf(gs.get(), ",%.5f", v);
        std::fprintf(gs.get(), "\n");
      }
    }
    if ((i + 1) % static_cast<long>(std::llround(86400.0 / a.dt)) == 0) {
      const double ms = model.max_speed();
      // Thin films on drying banks can race down steep bottoms; the speed where the water
      // is deeper than 1 m tells whether the flow itself is sane.
      struct {
        double v;
        int rank;
      } in{0.0, rank}, out{0.0, 0};
      double where[3] = {0, 0, 0};  // lon, lat, depth of water of the fastest deep cell
      for (int c = 0; c < lm.n_owned; ++c) {
        const double d = model.eta()[c] + lm.depth[c], sp = std::hypot(model.cell_u()[c], model.cell_v()[c]);
        if (d > 1.0 && sp > in.v) in.v = sp, where[0] = lm.lon[c], where[1] = lm.lat[c], where[2] = d;
      }
      MPI_Allreduce(&in, &out, 1, MPI_DOUBLE_INT, MPI_MAXLOC, PETSC_COMM_WORLD);
      MPI_Bcast(where, 3, MPI_DOUBLE, out.rank, PETSC_COMM_WORLD);
      if (rank == 0)
        std::printf(
            "day %5.1f  max|u| %.2f m/s (cells deeper than 1 m: %.2f m/s at %.3fE %.3fN, %.1f m deep)  KSP its last %d "
            " "
            "wall %.1f s\n",
            model.time() / 86400.0, ms, out.v, where[0], where[1], where[2], model.last_ksp_iterations(),
            wall() - start);
      std::fflush(stdout);
    }
  }
  if (writer) {
    const double t0 = wall();
    writer->finish();
    t_out += wall() - t0;
  }
  const double elapsed = wall() - start;
  const double cpu_max = max_over_ranks(cpu() - cpu0);
  const double v1 = model.total_volume();
  std::vector<double> inflow_g(nob, 0.0);
  MPI_Reduce(inflow.data(), inflow_g.data(), static_cast<int>(nob), MPI_DOUBLE, MPI_SUM, 0, PETSC_COMM_WORLD);
  const HydroTimers& tm = model.timers();
  if (rank == 0) {
    std::printf("\nmesh %s: %zu cells, %zu edges, %d rank(s); dt %.0f s, %ld steps, %.2f days\n", a.mesh.c_str(),
                mesh.n_faces(), mesh.n_edges(), mpi_size(), a.dt, nsteps, a.days);
    std::printf("wall %.1f s  =>  %.2f simulated days per wall-clock minute (90 days: %.1f min)\n", elapsed,
                a.days / (elapsed / 60.0), 90.0 / (a.days / (elapsed / 60.0)));
    std::printf("CPU %.1f s (slowest rank)  =>  %.2f simulated days per CPU minute per rank\n", cpu_max,
                a.days / (cpu_max / 60.0));
    std::printf("KSP iterations per step: mean %.2f, max %d; %ld preconditioner setups\n",
                static_cast<double>(model.total_ksp_iterations()) / std::max(1L, nsteps), max_its,
                model.preconditioner_setups());
    const double tot = tm.momentum + tm.assembly + tm.setup + tm.solve + tm.update + t_out;
    std::printf(
        "split (rank 0): momentum %.1f s (%.0f%%), assembly %.1f s (%.0f%%), KSP setup %.1f s (%.0f%%), KSP solve "
        "%.1f s (%.0f%%), update %.1f s (%.0f%%), output %.1f s (%.0f%%)\n",
        tm.momentum, 100 * tm.momentum / tot, tm.assembly, 100 * tm.assembly / tot, tm.setup, 100 * tm.setup / tot,
        tm.solve, 100 * tm.solve / tot, tm.update, 100 * tm.update / tot, t_out, 100 * t_out / tot);
    for (std::size_t k = 0; k < nob; ++k)
      std::printf("open boundary %s: mean net transport into the domain %.4g m3/s over the last %.1f days\n",
                  mesh.open_boundary_names[k].c_str(), inflow_g[k] / std::max(inflow_time, 1.0), inflow_time / 86400.0);
    std::printf("volume change %.3e m3 (relative %.2e; river inflow and open boundaries included)\n", v1 - v0,
                (v1 - v0) / v0);
    if (parent)
      std::printf(
          "parent model (rank 0): every frame read once in %.3f s; %ld samples in %.3f s (%.2f%% of the wall)\n",
          parent->setup_seconds(), parent->samples(), parent->sample_seconds(),
          100 * parent->sample_seconds() / elapsed);
  }
  // Residual currents at the stations (cell nearest each) and the gulf-wide mean speed.
  std::vector<double> su(probe.size(), 0.0), sv(probe.size(), 0.0), gu(probe.size()), gv(probe.size());
  double loc[2] = {0, 0}, glob[2] = {0, 0};
  if (nmean > 0) {
    for (std::size_t s = 0; s < probe.size(); ++s)
      if (probe[s] >= 0) su[s] = um[probe[s]] / nmean, sv[s] = vm[probe[s]] / nmean;
    for (int c = 0; c < lm.n_owned; ++c) {
      const double vol = model.volume()[c];
      loc[0] += vol * std::hypot(um[c], vm[c]) / nmean;
      loc[1] += vol;
    }
  }
  MPI_Reduce(su.data(), gu.data(), static_cast<int>(su.size()), MPI_DOUBLE, MPI_SUM, 0, PETSC_COMM_WORLD);
  MPI_Reduce(sv.data(), gv.data(), static_cast<int>(sv.size()), MPI_DOUBLE, MPI_SUM, 0, PETSC_COMM_WORLD);
  MPI_Reduce(loc, glob, 2, MPI_DOUBLE, MPI_SUM, 0, PETSC_COMM_WORLD);
  if (rank == 0 && a.analyse > 0) {
    std::vector<double> tt, yy;
    const double from = model.time() - a.analyse * 86400.0;
    // The constituents this record can separate (Rayleigh); K1 stands for the whole
    // diurnal band and M2 for the semidiurnal one when the record is under 15 days.
    const std::vector<std::string> cons = resolvable_constituents(a.analyse * 86400.0 - a.dt);
    const bool has_F = cons.size() >= 4;
    std::printf("\nharmonic analysis of the last %.1f days (amplitude m / Greenwich phase deg):\n%-6s %-34s", a.analyse,
                "id", "station");
    for (const auto& c : cons) std::printf(" %13s", c.c_str());
    std::printf(" %6s %22s\n", has_F ? "F" : "K1/M2", "residual m/s, dir deg");
    for (std::size_t s = 0; s < probe.size(); ++s) {
      tt.clear();
      yy.clear();
      for (std::size_t i = 0; i < ts.size(); ++i)
        if (ts[i] >= from) tt.push_back(ts[i]), yy.push_back(series[s][i]);
      const HarmonicFit f = harmonic_analysis(tt, yy, cons, a.start);
      std::printf("%-6s %-34.34s", st.points[s].props.at("id").c_str(), st.points[s].props.at("name").c_str());
      for (std::size_t k = 0; k < cons.size(); ++k) std::printf("  %5.3f/%5.1f", f.amplitude[k], f.phase[k]);
      // Direction the residual flows towards, clockwise from grid north (model projection).
      double dir = std::atan2(gu[s], gv[s]) * 180.0 / kPi;
      if (dir < 0) dir += 360.0;
      std::printf(" %6.2f %12.3f %6.0f\n", has_F ? form_factor(f) : f.amplitude_of("K1") / f.amplitude_of("M2"),
                  std::hypot(gu[s], gv[s]), dir);
    }
    std::printf("gulf-wide volume-weighted mean residual speed over the last %.1f days: %.3f m/s\n", a.analyse,
                glob[1] > 0 ? glob[0] / glob[1] : 0.0);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> petsc_args{argv[0]};
  Args a;
  int i = 1;
  auto need = [&](int k) {
    if (i + k >= argc) throw InputError("", argv[i], "needs " + std::to_string(k) + " value(s)");
  };
  try {
    for (; i < argc; ++i) {
      const std::string s = argv[i];
      if (s == "--") {
        for (++i; i < argc; ++i) petsc_args.push_back(argv[i]);
        break;
      }
      if (s == "--mesh")
        need(1), a.mesh = argv[++i];
      else if (s == "--days")
        need(1), a.days = std::stod(argv[++i]);
      else if (s == "--dt")
        need(1), a.dt = std::stod(argv[++i]);
      else if (s == "--tides")
        need(1), a.tides = argv[++i];
      else if (s == "--out")
        need(1), a.out = argv[++i];
      else if (s == "--interval")
        need(1), a.interval = std::stod(argv[++i]);
      else if (s == "--start")
        need(1), a.start = argv[++i];
      else if (s == "--analyse")
        need(1), a.analyse = std::stod(argv[++i]);
      else if (s == "--manning")
        need(1), a.manning = std::stod(argv[++i]);
      else if (s == "--gauges")
        need(1), a.gauges = argv[++i];
      else if (s == "--gauge-series")
        need(1), a.gauge_series = argv[++i];
      else if (s == "--parent")
        need(1), a.parent = argv[++i];
      else if (s == "--rivers")
        a.rivers = true;
      else if (s == "--wind-file")
        need(1), a.wind_file = argv[++i];
      else if (s == "--wind-vars")
        need(2), a.wind_uvar = argv[++i], a.wind_vvar = argv[++i];
      else if (s == "--wind")
        need(2), a.wind = true, a.wind_u = std::stod(argv[++i]), a.wind_v = std::stod(argv[++i]);
      else
        throw InputError("", s, "unknown option (see the comment at the top of bench/hydro/hydro_bench.cpp)");
    }
    if (a.wind && !a.wind_file.empty()) throw InputError("", "--wind", "give either --wind or --wind-file");
    if (!(a.days > 0) || !(a.dt > 0)) throw InputError("", "--days/--dt", "must be > 0");
    if (a.analyse > a.days) throw InputError("", "--analyse", "cannot exceed --days");
    if (a.gauges.empty() != a.gauge_series.empty())
      throw InputError("", "--gauges", "--gauges and --gauge-series go together");
  } catch (const std::exception& e) {
    std::cerr << "bench_hydro: " << e.what() << "\n";
    return kExitBadInput;
  }
  int rc = kExitOk;
  {
    const int petsc_argc = static_cast<int>(petsc_args.size());
    petsc_args.push_back(nullptr);  // argv[argc] must be a null pointer (MPI_Init reads it)
    PetscEnv petsc(petsc_argc, petsc_args.data());
    LogOptions lo;
    lo.level = Severity::warning;
    lo.rank = mpi_rank();
    log_init(lo);
    try {
      run(a);
    } catch (const InputError& e) {
      std::cerr << "bench_hydro: " << e.what() << "\n";
      rc = kExitBadInput;
    } catch (const std::exception& e) {
      std::cerr << "bench_hydro: " << e.what() << "\n";
      rc = kExitFailure;
    }
    log_shutdown();
  }
  return rc;
}
