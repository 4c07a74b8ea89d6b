#include "mesh_files.hpp"

#include <fstream>
#include <sstream>

#include "build_mesh.hpp"
#include "core/atomic_file.hpp"
#include "core/collective.hpp"
#include "core/log.hpp"
#include "core/progress.hpp"
#include "quality.hpp"
#include "ugrid_io.hpp"

namespace beibu {

Mesh generate_mesh_files(const MeshConfig& cfg, const std::string& dir, MPI_Comm comm) {
  const std::string nc_path = dir + "/mesh.nc", msh_path = dir + "/mesh.msh";
  Mesh mesh;
  run_on_root(comm, [&] {
    Progress timer("mesh", 1, "meshes");
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
       << " filled from neighbours, " << rep.depth.shelved << " raised by the shelf rule, " << rep.depth.floored
       << " raised to a depth floor)\n";
    BLOG(info) << "\n" << os.str();
    AtomicOutput txt(dir + "/mesh_quality.txt");
    std::ofstream(txt.temp_path()) << os.str();
    txt.commit();
    timer.finish("wrote " + nc_path + " and " + msh_path);
  });
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  if (rank != 0) mesh = read_ugrid(nc_path);
  return mesh;
}

}  // namespace beibu
