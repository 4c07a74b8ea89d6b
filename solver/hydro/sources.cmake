list(APPEND BEIBU_SOLVER_SOURCES hydro/tide_constituents.cpp hydro/tidal_boundary.cpp hydro/forcing.cpp
     hydro/free_surface_system.cpp hydro/schur_cholesky.cpp hydro/schur_layout.cpp hydro/shallow_water.cpp
     hydro/hydro_output.cpp hydro/harmonic_analysis.cpp
     hydro/tidal_maps.cpp hydro/restart.cpp hydro/tide_prediction.cpp hydro/tide_gauges.cpp
     hydro/gauge_comparison.cpp hydro/gauge_record.cpp hydro/tide_calibration.cpp hydro/tide_admittance.cpp
     hydro/parent_boundary.cpp)
