# Transport: constituents, kernel, mass budget, flow providers, outputs (paths relative to solver/).
list(APPEND BEIBU_SOLVER_SOURCES
     transport/transport_config.cpp
     transport/transport_model.cpp
     transport/inputs.cpp
     transport/numbering.cpp
     transport/time_levels.cpp
     transport/stage.cpp
     transport/reactions.cpp
     transport/model_budget.cpp
     transport/level_exchange.cpp
     transport/mass_budget.cpp
     transport/providers/analytic_flow.cpp
     transport/providers/stored_flow.cpp)
list(APPEND BEIBU_SOLVER_SOURCES transport/cell_gather.cpp transport/checkpoint.cpp)
list(APPEND BEIBU_SOLVER_SOURCES transport/map_output.cpp)
