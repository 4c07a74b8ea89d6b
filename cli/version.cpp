// `beibu --version`: our version (git describe at configure time) and the
// versions of the libraries the results depend on, read from the libraries.
#include <gdal.h>
#include <gmsh.h>
#include <mpi.h>
#include <netcdf.h>
#include <petscsys.h>

#include <boost/version.hpp>
#include <string>

#include "cli/build_info.hpp"
#include "command.hpp"

namespace beibu::cli {

std::string version_text() {
  char petsc[128] = "";
  PetscGetVersion(petsc, sizeof petsc);
  char mpi[MPI_MAX_LIBRARY_VERSION_STRING] = "";
  int len = 0;
  MPI_Get_library_version(mpi, &len);
  std::string mpi_line(mpi, static_cast<std::size_t>(len));
  if (auto nl = mpi_line.find_first_of(",\n"); nl != std::string::npos) mpi_line.resize(nl);
  std::string nc = nc_inq_libvers();
  if (auto sp = nc.find(' '); sp != std::string::npos) nc.resize(sp);
  std::string boost = BOOST_LIB_VERSION;
  for (auto& c : boost)
    if (c == '_') c = '.';

  std::string out = "beibu " + std::string(kBeibuVersion) + " (" + kBeibuBuildType + ")\n";
  out += "  PETSc   " + std::string(petsc) + "\n";
  out += "  MPI     " + mpi_line + "\n";
  out += "  NetCDF  " + nc + "\n";
  out += "  GDAL    " + std::string(GDALVersionInfo("RELEASE_NAME")) + "\n";
  out += "  gmsh    " + std::string(GMSH_API_VERSION) + "\n";
  out += "  Boost   " + boost + "\n";
  out += "  yaml-cpp " + std::string(kYamlCppVersion) + "\n";
  return out;
}

}  // namespace beibu::cli
