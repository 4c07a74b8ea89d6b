// `beibu mesh`: coastline-fitted triangle mesh of the domain, written as UGRID
// NetCDF and gmsh .msh, with a quality report and its partition over the ranks.
#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>

#include "command.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "core/progress.hpp"
#include "mesh/build_mesh.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/quality.hpp"
#include "mesh/ugrid_io.hpp"

namespace beibu::cli {

namespace {

struct MeshArgs {
  std::string config = std::string(BEIBU_DATA_DIR) + "/beibu/mesh.yaml";
  std::string out = "out/mesh";
  double coast = 0, max = 0, grade = 0;
};

void run_mesh(const MeshArgs& a) {
  MeshConfig cfg = read_mesh_config(a.config);
  if (a.coast > 0) cfg.coast_size_m = a.coast;
  if (a.max > 0) cfg.max_size_m = a.max;
  if (a.grade > 0) cfg.grade = a.grade;
  if (cfg.max_size_m < cfg.coast_size_m) throw InputError("", "--max-size", "must not be smaller than the coast size");
  open_output_dir(a.out);
  const std::string nc_path = a.out + "/mesh.nc", msh_path = a.out + "/mesh.msh";
  const int rank = mpi_rank();

  // Rank 0 meshes (gmsh is serial and fast); the others read the finished file,
  // exactly as a model run does.
  Mesh mesh;
  int ok = 1;
  std::string err;
  bool input_error = false;
  if (rank == 0) {
    Progress timer("mesh", 1, "meshes");
    try {
      MeshBuildReport rep;
      AtomicOutput msh(msh_path);
      BLOG(info) << "meshing " << cfg.domain << " (coast " << cfg.coast_size_m << " m, max " << cfg.max_size_m
                 << " m, grade " << cfg.grade << ")";
      mesh = build_mesh(cfg, msh.temp_path().string(), rep);
      write_ugrid(mesh, nc_path, "Beibu Gulf mesh");
      msh.commit();
      const QualityReport q = assess_quality(mesh, rep.region_of_face);
      std::ostringstream os;
      os << format_quality(q);
      os.precision(4);
      os << "  water area: input polygon " << rep.polygon_area_m2 / 1e6 << " km2, resampled boundary "
         << rep.resampled_area_m2 / 1e6 << " km2, mesh " << q.total_area / 1e6
         << " km2 (mesh/polygon - 1 = " << (q.total_area / rep.polygon_area_m2 - 1) * 100 << " %)\n";
      os << "  depth " << rep.depth.min << " .. " << rep.depth.max << " m (" << rep.depth.clamped
         << " faces at the minimum depth " << cfg.min_depth_m << " m, " << rep.depth.tapered
         << " limited by the coastal slope " << cfg.coastal_slope << ", " << rep.depth.filled
         << " filled from neighbours)\n";
      BLOG(info) << "\n" << os.str();
      AtomicOutput txt(a.out + "/mesh_quality.txt");
      std::ofstream(txt.temp_path()) << os.str();
      txt.commit();
      timer.finish("wrote " + nc_path + " and " + msh_path);
    } catch (const InputError& e) {
      ok = 0;
      input_error = true;
      err = e.what();
    } catch (const std::exception& e) {
      ok = 0;
      err = e.what();
    }
  }
  MPI_Bcast(&ok, 1, MPI_INT, 0, PETSC_COMM_WORLD);
  if (!ok) {
    int ie = input_error;
    MPI_Bcast(&ie, 1, MPI_INT, 0, PETSC_COMM_WORLD);
    if (ie) throw InputError("", "", err);
    throw Failure(err);
  }
  int ie = 0;
  MPI_Bcast(&ie, 1, MPI_INT, 0, PETSC_COMM_WORLD);
  if (rank != 0) mesh = read_ugrid(nc_path);

  const LocalMesh lm = distribute_mesh(mesh, PETSC_COMM_WORLD);
  const double area = lm.total_area();
  const auto counts = cells_per_rank(lm);
  if (rank == 0) {
    std::ostringstream os;
    os << "partition over " << counts.size() << " rank(s): cells per rank";
    for (int c : counts) os << " " << c;
    os.precision(12);
    os << "; total water area " << area / 1e6 << " km2";
    BLOG(info) << os.str();
  }
}

}  // namespace

Command add_mesh_command(CLI::App& parent) {
  auto args = std::make_shared<MeshArgs>();
  Command c;
  c.app = parent.add_subcommand("mesh", "Generate the coastline-fitted triangle mesh (UGRID NetCDF + gmsh .msh)");
  c.app->add_option("-c,--config", args->config, "Mesh configuration YAML")->capture_default_str();
  c.app->add_option("-o,--output", args->out, "Output directory")->capture_default_str();
  c.app->add_option("--coast-size", args->coast, "Element size at the coast (m), overrides the config");
  c.app->add_option("--max-size", args->max, "Largest element size offshore (m), overrides the config");
  c.app->add_option("--grade", args->grade, "Growth of element size per metre of distance, overrides the config");
  c.run = [args] { run_mesh(*args); };
  return c;
}

}  // namespace beibu::cli
