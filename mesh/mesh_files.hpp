#pragma once
// The mesh files of a run or of `beibu mesh`: DIR/mesh.nc (UGRID), DIR/mesh.msh
// (gmsh), DIR/mesh_quality.txt.
#include <mpi.h>

#include <string>

#include "mesh.hpp"
#include "mesh_config.hpp"

namespace beibu {

// Generates the mesh on rank 0 and writes the three files; every rank returns
// the mesh (the others read the finished UGRID file, as a model run does).
Mesh generate_mesh_files(const MeshConfig& cfg, const std::string& dir, MPI_Comm comm);

}  // namespace beibu
