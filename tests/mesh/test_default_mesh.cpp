// The default gulf mesh on 1 and 2 ranks, and the gmsh file read by DMPlex.
#include <petscdmplex.h>

#include <catch2/catch.hpp>
#include <cmath>

#include "core/petsc_env.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/ugrid_io.hpp"

using namespace beibu;

namespace {
const std::string kDir = BEIBU_DEFAULT_MESH;

double serial_area(const Mesh& m) {
  double a = 0;
  for (std::size_t f = 0; f < m.n_faces(); ++f) a += m.face_area(f);
  return a;
}
}  // namespace

TEST_CASE("Default mesh: total water area on 2 ranks equals the serial sum to 1e-12", "[mpi]") {
  const Mesh m = read_ugrid(kDir + "/mesh.nc");
  REQUIRE(mpi_size() == 2);
  const LocalMesh lm = distribute_mesh(m, PETSC_COMM_WORLD);
  const double serial = serial_area(m);
  CHECK(std::fabs(lm.total_area() - serial) <= 1e-12 * serial);
  // Each rank holds a real share of the cells.
  CHECK(lm.n_owned > static_cast<int>(m.n_faces()) / 4);
}

TEST_CASE("Default mesh: one-rank LocalMesh area equals the serial sum", "[mesh]") {
  const Mesh m = read_ugrid(kDir + "/mesh.nc");
  const LocalMesh lm = distribute_mesh(m, PETSC_COMM_SELF);
  CHECK(std::fabs(lm.total_area() - serial_area(m)) <= 1e-12 * serial_area(m));
}

TEST_CASE("Default mesh: the gmsh file loads into DMPlex with the same cells and area", "[mesh]") {
  const Mesh m = read_ugrid(kDir + "/mesh.nc");
  DM dm;
  REQUIRE(DMPlexCreateGmshFromFile(PETSC_COMM_SELF, (kDir + "/mesh.msh").c_str(), PETSC_TRUE, &dm) == 0);
  PetscInt c0, c1;
  DMPlexGetHeightStratum(dm, 0, &c0, &c1);
  CHECK(static_cast<std::size_t>(c1 - c0) == m.n_faces());
  double area = 0;
  for (PetscInt c = c0; c < c1; ++c) {
    PetscReal vol, centroid[3], normal[3];
    DMPlexComputeCellGeometryFVM(dm, c, &vol, centroid, normal);
    area += vol;
  }
  CHECK(area == Approx(serial_area(m)).epsilon(1e-12));
  DMDestroy(&dm);
}
