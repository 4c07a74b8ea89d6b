# The hydrodynamics benchmark / default-gulf driver (included once, from bench/hydro
# or from tests/hydro, whichever CMake reaches first).
add_executable(bench_hydro ${CMAKE_CURRENT_LIST_DIR}/hydro_bench.cpp)
target_link_libraries(bench_hydro PRIVATE beibu_solver beibu_warnings)
target_compile_definitions(bench_hydro PRIVATE BEIBU_DATA_DIR="${PROJECT_SOURCE_DIR}/data")
