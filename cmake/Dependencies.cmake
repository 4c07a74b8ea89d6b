# All third-party dependencies come from Debian 12 packages (see scripts/setup)
# and are found the CMake way; nothing is downloaded at build time.

find_package(MPI REQUIRED COMPONENTS C CXX)
find_package(PkgConfig REQUIRED)
pkg_check_modules(PETSC REQUIRED IMPORTED_TARGET PETSc>=3.18)
find_package(netCDF REQUIRED CONFIG)
find_package(GDAL REQUIRED CONFIG)
find_package(Boost 1.74 REQUIRED COMPONENTS log log_setup)
find_package(yaml-cpp REQUIRED CONFIG)
find_package(CLI11 REQUIRED CONFIG)

# gmsh ships no CMake or pkg-config file in Debian: find header and library.
find_path(GMSH_INCLUDE_DIR gmsh.h REQUIRED)
find_library(GMSH_LIBRARY gmsh REQUIRED)
add_library(beibu::gmsh UNKNOWN IMPORTED)
set_target_properties(beibu::gmsh PROPERTIES IMPORTED_LOCATION ${GMSH_LIBRARY}
                                              INTERFACE_INCLUDE_DIRECTORIES ${GMSH_INCLUDE_DIR})

# netCDF's exported target name differs between versions.
if(TARGET netCDF::netcdf)
  set(BEIBU_NETCDF_TARGET netCDF::netcdf)
else()
  message(FATAL_ERROR "netCDF::netcdf target not found")
endif()

find_program(MPIEXEC_EXECUTABLE NAMES mpiexec mpirun REQUIRED)

# GLPK (allowable-load linear programmes): no CMake or pkg-config file in Debian.
find_path(GLPK_INCLUDE_DIR glpk.h REQUIRED)
find_library(GLPK_LIBRARY glpk REQUIRED)
add_library(beibu::glpk UNKNOWN IMPORTED)
set_target_properties(beibu::glpk PROPERTIES IMPORTED_LOCATION ${GLPK_LIBRARY}
                                              INTERFACE_INCLUDE_DIRECTORIES ${GLPK_INCLUDE_DIR})
