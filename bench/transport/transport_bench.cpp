// bench_transport MESH.nc [--intervals N] [--constituents K]
//
// Runs the transport kernel (second order, limited, SSP-RK2, 5 constituents by
// default) on the gulf mesh with an oscillating (M2) alongshore tidal circulation
// and prints constituent-cell-updates per second per core, where one update is one
// component of one cell advanced by one full sub-step (two RK stages). It also
// measures a STREAM-style triad on every rank at once and relates the kernel's
// estimated memory traffic per update to it. Run under mpiexec -n 1 and -n 2.
// First it prints the per-cell stable steps of the first interval in power-of-two
// bins: how many cells force the global sub-step, and the cell-updates a local time
// stepping by levels would need.
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/mesh.hpp"
#include "mesh/ugrid_io.hpp"
#include "solver/flow.hpp"
#include "solver/transport/transport_model.hpp"

using namespace beibu;

namespace {

// Depth-integrated transport from a nodal streamfunction psi = sin(w t) * Phi:
// the flux through an edge is the difference of psi at its ends, so every cell's
// fluxes sum to zero (volumes constant, continuity to round-off). Phi vanishes on
// land nodes and grows with distance from land (capped) times depth, giving
// alongshore currents of ~U0 that reverse with the tide.
class TidalCirculation : public FlowProvider {
 public:
  TidalCirculation(const Mesh& g, const LocalMesh& m, double u0) : m_(m) {
    const std::size_t nn = g.n_nodes();
    std::vector<char> land(nn, 0);
    std::vector<double> hn(nn, 0.0), cnt(nn, 0.0);
    for (std::size_t e = 0; e < g.n_edges(); ++e)
      if (g.edge_tag[e] == kLandEdge) land[g.edge_node[2 * e]] = land[g.edge_node[2 * e + 1]] = 1;
    for (std::size_t f = 0; f < g.n_faces(); ++f)
      for (int k = 0; k < 3; ++k) {
        hn[g.tri[3 * f + k]] += g.depth[f];
        cnt[g.tri[3 * f + k]] += 1;
      }
    std::vector<double> lx, ly;
    for (std::size_t i = 0; i < nn; ++i)
      if (land[i]) {
        lx.push_back(g.x[i]);
        ly.push_back(g.y[i]);
      }
    const double L = 20000.0;
    phi_.assign(nn, 0.0);
    for (std::size_t i = 0; i < nn; ++i) {
      if (land[i]) continue;
      double d2 = L * L;
      for (std::size_t j = 0; j < lx.size(); ++j)
        d2 = std::min(d2, (g.x[i] - lx[j]) * (g.x[i] - lx[j]) + (g.y[i] - ly[j]) * (g.y[i] - ly[j]));
      phi_[i] = u0 * std::min(hn[i] / cnt[i], 30.0) * std::sqrt(d2);
    }
    // Per local edge: +1 if psi(b) - psi(a) is the flux along the local normal.
    const int ne = m.n_edges();
    ea_.resize(ne);
    eb_.resize(ne);
    for (int e = 0; e < ne; ++e) {
      const long ge = m.edge_gid[e];
      const int a = g.edge_node[2 * ge], b = g.edge_node[2 * ge + 1];
      const double dx = g.x[b] - g.x[a], dy = g.y[b] - g.y[a];
      const bool same = dy * m.nx[e] - dx * m.ny[e] > 0;
      ea_[e] = same ? a : b;
      eb_[e] = same ? b : a;
    }
    volume_.resize(m.n_local);
    for (int c = 0; c < m.n_local; ++c) volume_[c] = m.area[c] * std::max(m.depth[c], 1.0);
  }
  void advance(double t0, double dt, FlowState& s) override {
    s.resize(m_);
    s.t0 = t0;
    s.dt = dt;
    const double w = 2 * M_PI / 44714.0;  // M2
    const double amp = (std::cos(w * t0) - std::cos(w * (t0 + dt))) / (w * dt);
    for (int e = 0; e < m_.n_edges(); ++e) s.edge_flux[e] = amp * (phi_[eb_[e]] - phi_[ea_[e]]);
    s.volume0 = volume_;
    for (int c = 0; c < m_.n_owned; ++c) {
      double div = 0;
      for (int k = 0; k < 3; ++k) div += m_.cell_edge_sign[3 * c + k] * s.edge_flux[m_.cell_edge[3 * c + k]];
      s.volume1[c] = volume_[c] - dt * div;
    }
    if (m_.halo) m_.halo->update(s.volume1.data(), 1);
    volume_ = s.volume1;
  }

 private:
  const LocalMesh& m_;
  std::vector<double> phi_, volume_;
  std::vector<int> ea_, eb_;
};

// Triad a = b + s c over arrays much larger than the caches, all ranks at once; GB/s per rank.
double triad_bandwidth(MPI_Comm comm) {
  const std::size_t n = 20'000'000;
  std::vector<double> a(n, 0.0), b(n, 1.0), c(n, 2.0);
  double best = 1e30;
  for (int rep = 0; rep < 6; ++rep) {
    MPI_Barrier(comm);
    const auto t0 = std::chrono::steady_clock::now();
    const double s = 1.0 + rep * 1e-3;
    for (std::size_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
    MPI_Barrier(comm);
    const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (rep > 0) best = std::min(best, dt);
  }
  volatile double sink = a[n / 2];
  (void)sink;
  return 3.0 * 8.0 * n / best / 1e9;  // read b, c; write a (write-allocate not counted, as STREAM)
}

}  // namespace

// Long on purpose: a benchmark's driver is one script, set-up, timed loop, report, read
// top to bottom in the order the figures are taken; split up, the timings' scope hides.
int main(int argc, char** argv) {
  std::string path = "/tmp/benchmesh/mesh.nc";
  int intervals = 12, ncon = 5, levels = TransportConfig{}.time_levels;
  std::vector<char*> pargv = {argv[0]};  // PETSc options go after "--" (e.g. -mesh_partition dmplex)
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--")) {
      pargv.insert(pargv.end(), argv + i + 1, argv + argc);
      break;
    }
    if (!std::strcmp(argv[i], "--intervals") && i + 1 < argc)
      intervals = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--time-levels") && i + 1 < argc)
      levels = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--constituents") && i + 1 < argc)
      ncon = std::atoi(argv[++i]);
    else if (argv[i][0] != '-')
      path = argv[i];
  }
  int pargc = static_cast<int>(pargv.size());
  pargv.push_back(nullptr);
  PetscEnv env(pargc, pargv.data());
  LogOptions lo;
  lo.rank = mpi_rank();
  log_init(lo);  // info: the model's per-interval debug lines stay out of the figures
  try {
    const int rank = mpi_rank(), size = mpi_size();
    const Mesh g = read_ugrid(path);
    const LocalMesh lm = distribute_mesh(g, PETSC_COMM_WORLD);
    TransportConfig cfg;
    const char* names[] = {"COD", "DIN", "DIP", "petroleum", "salinity"};
    for (int k = 0; k < ncon; ++k) {
      ConstituentSpec s;
      s.name = k < 5 ? names[k] : "c" + std::to_string(k);
      s.decay_k20 = k % 5 == 4 ? 0.0 : 0.05 * (k + 1);
      s.theta = 1.047;
      s.settling_velocity = k % 5 == 2 ? 0.5 : 0.0;
      s.conservative = k % 5 == 4;
      s.initial = 1.0 + k;
      cfg.constituents.push_back(s);
    }
    cfg.diffusivity = 5.0;
    cfg.time_levels = levels;
    TransportModel model(g, lm, cfg);
    TidalCirculation flow(g, lm, 0.5);
    FlowState fs;
    const double dt = 900.0;
    // Start at peak flood so the sub-step count is representative.
    const double t_start = 44714.0 / 4;
    flow.advance(t_start, dt, fs);
    model.initialise(t_start, fs.volume0, [](int k, double x, double y) {
      return (1.0 + k) * (1.0 + 0.5 * std::sin(x / 2e4) * std::cos(y / 3e4));
    });
    // Where the sub-step limit comes from: per-cell stable steps of this (peak flood)
    // interval in power-of-two bins above the global minimum.
    {
      const std::vector<double> cs = model.cell_stable_steps(fs);
      const double dmin = model.stable_substep(fs);
      const int nbin = 12;
      std::vector<long> bins(nbin + 1, 0), gbins(nbin + 1, 0);
      for (double d : cs) {
        int b = 0;
        while (b < nbin && d >= dmin * std::ldexp(1.0, b + 1)) ++b;
        ++bins[b];
      }
      MPI_Allreduce(bins.data(), gbins.data(), nbin + 1, MPI_LONG, MPI_SUM, PETSC_COMM_WORLD);
      if (rank == 0) {
        std::printf("  per-cell stable step at peak flood: minimum %.2f s (%ld sub-steps per %.0f s interval)\n", dmin,
                    static_cast<long>(std::ceil(dt / dmin)), dt);
        double work = 0;  // cell-updates per interval if every cell stepped at its own power-of-two level
        for (int b = 0; b <= nbin; ++b) {
          const double lo = dmin * std::ldexp(1.0, b);
          if (gbins[b] == 0) continue;
          std::printf("    [%8.1f, %s) s: %7ld cells (%5.2f %%)\n", lo,
                      b < nbin ? std::to_string(2 * lo).substr(0, 8).c_str() : "inf", gbins[b],
                      100.0 * gbins[b] / static_cast<double>(g.n_faces()));
          work += static_cast<double>(gbins[b]) * std::ceil(dt / std::min(lo, dt));
        }
        std::printf(
            "    cell-updates per interval: %.3g with one global step, %.3g if each cell took its level's step\n",
            static_cast<double>(g.n_faces()) * std::ceil(dt / dmin), work);
      }
    }
    model.advance(fs);  // warm-up
    const long sub0 = model.substeps();
    const long long cu0 = model.cell_updates();
    const std::vector<long long> lu0 = model.local_level_updates();  // one entry per time level
    double global_substeps = 0;                                      // what one global step (the smallest) would need
    double kernel = 0, cpu = 0;
    for (int i = 0; i < intervals; ++i) {
      flow.advance(model.time(), dt, fs);
      global_substeps += std::ceil(dt / model.stable_substep(fs) * (1 - 1e-12));
      MPI_Barrier(PETSC_COMM_WORLD);
      const auto t0 = std::chrono::steady_clock::now();
      const std::clock_t c0 = std::clock();
      model.advance(fs);
      cpu += static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
      MPI_Barrier(PETSC_COMM_WORLD);
      kernel += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    const long subs = model.substeps() - sub0;
    const double cell_updates = static_cast<double>(model.cell_updates() - cu0);
    const double updates = cell_updates * ncon;
    const double global_updates = static_cast<double>(g.n_faces()) * ncon * global_substeps;
    const double rate = updates / kernel;
    double cpu_max = cpu;
    MPI_Allreduce(&cpu, &cpu_max, 1, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD);
    // Load balance. The ranks wait for each other at every stage of every time level,
    // so what bounds the speed-up is each level's busiest rank: the busiest rank's
    // cell-updates over all levels, and the sum over levels of each level's busiest
    // rank, both against an even share.
    std::vector<double> mine(static_cast<std::size_t>(levels) + 1, 0.0), most(mine.size());
    const std::vector<long long>& lu = model.local_level_updates();
    for (std::size_t l = 0; l < lu0.size(); ++l) {
      mine[l] = static_cast<double>(lu[l] - lu0[l]);
      mine[lu0.size()] += mine[l];
    }
    MPI_Allreduce(mine.data(), most.data(), static_cast<int>(mine.size()), MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD);
    double level_most = 0;
    for (std::size_t l = 0; l < lu0.size(); ++l) level_most += most[l];
    const double even = cell_updates / size;
    const double bw = triad_bandwidth(PETSC_COMM_WORLD);
    // Estimated bytes per constituent-cell-update (two stages): per component and
    // stage m in/out, C, gradient (write, limit, read), min/max, rhs, edge reads of
    // upwind C and gradient, scatters; plus geometry per cell shared by the components.
    const double per_comp_stage = 8 * 3 + 8 * 2 + 16 * 3 + 16 * 2 + 8 * 3 + 1.5 * (24 + 16);
    const double geometry_stage = 12 + 48 + 48 + 8 * 4 + 1.5 * (8 * 9 + 16);
    const double bytes = 2 * (per_comp_stage + geometry_stage / ncon);
    if (rank == 0) {
      std::printf("bench_transport: mesh %s, %zu cells, %d constituents, %d rank(s)\n", path.c_str(), g.n_faces(), ncon,
                  size);
      std::printf(
          "  %d intervals of %.0f s, %d time level(s), %ld steps of the finest (SSP-RK2, limited second order, K = "
          "%.1f "
          "m2/s)\n",
          intervals, dt, levels, subs, cfg.diffusivity);
      std::printf("  cell-updates %.4g (one global step would need %.4g: %.2fx fewer)\n", cell_updates,
                  global_updates / ncon, global_updates / updates);
      std::printf("  busiest rank's cell-updates: %.3f of an even share; summed level by level: %.3f\n",
                  most.back() / even, level_most / even);
      std::printf("  kernel time %.3f s: %.1f M constituent-cell-updates/s total, %.1f M per core\n", kernel,
                  rate / 1e6, rate / 1e6 / size);
      std::printf(
          "  kernel CPU time %.3f s on the slowest rank: %.1f M updates per core-second (excludes time waiting for a "
          "shared core)\n",
          cpu_max, updates / size / cpu_max / 1e6);
      std::printf(
          "  model-time throughput: %.1f M constituent-cell-updates of one global step per core-second of CPU (the "
          "goal's measure when every cell steps at the smallest step)\n",
          global_updates / size / cpu_max / 1e6);
      std::printf(
          "  estimated traffic %.0f bytes/update -> %.2f GB/s per core; triad %.2f GB/s per core (%d at once)\n", bytes,
          rate / size * bytes / 1e9, bw, size);
      std::printf("  mass check: %.3e g of %s\n", model.total_mass(0), cfg.constituents[0].name.c_str());
    } else {
      model.total_mass(0);
    }
  } catch (const InputError& e) {
    std::fprintf(stderr, "bench_transport: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_transport: %s\n", e.what());
    return 1;
  }
  return 0;
}
