// `beibu mesh`: coastline-fitted triangle mesh of the domain, written as UGRID
// NetCDF and gmsh .msh, with a quality report and its partition over the ranks.
#include <cmath>
#include <memory>
#include <sstream>

#include "command.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/mesh_files.hpp"
#include "numeric_option.hpp"

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
  const Mesh mesh = generate_mesh_files(cfg, a.out, PETSC_COMM_WORLD);
  const int rank = mpi_rank();
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
  add_number(c.app, "--coast-size", args->coast, "Element size at the coast (m), overrides the config",
             Range::positive(100e3));
  add_number(c.app, "--max-size", args->max, "Largest element size offshore (m), overrides the config",
             Range::positive(100e3));
  add_number(c.app, "--grade", args->grade, "Growth of element size per metre of distance, overrides the config",
             Range::positive(10));
  c.run = [args] { run_mesh(*args); };
  return c;
}

}  // namespace beibu::cli
