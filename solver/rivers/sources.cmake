# 1-D river network coupled to the gulf at its mouths (see docs/rivers.md).
list(APPEND BEIBU_SOLVER_SOURCES rivers/read_series.cpp rivers/network_config.cpp rivers/network.cpp
     rivers/river_model.cpp)
