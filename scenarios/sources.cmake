# New sources of this folder (appended to the list in CMakeLists.txt).
list(APPEND BEIBU_SCENARIOS_SOURCES manifest.cpp run_checkpoint.cpp)
