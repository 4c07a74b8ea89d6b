#pragma once
// The hydrodynamics block of a scenario (schema in docs/scenarios.md) and the
// online shallow-water model it describes: options, tides, wind, river inflows.
#include <memory>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "solver/hydro/forcing.hpp"
#include "solver/hydro/shallow_water.hpp"

namespace beibu {

struct LocalMesh;

struct HydroSetup {
  hydro::HydroOptions opt;
  std::string tides_file;
  std::string wind_file;  // CF file with eastward/northward 10 m wind (e.g. COADS climatology)
  std::string wind_u = "UWND", wind_v = "VWND";
  double uniform_u = 0, uniform_v = 0;
  double coupling_s = 3600;  // transport takes one flow interval this long
};

// Validates the block (unknown keys, ranges, files) without building anything.
HydroSetup parse_hydro(const Scenario& s);

// The model with model time 0 = t_epoch (absolute model seconds); `rivers` are the
// water inflows (e.g. ScenarioLoads::discharges).
std::unique_ptr<hydro::ShallowWaterModel> make_hydro(HydroSetup h, const LocalMesh& lm,
                                                     const std::vector<std::string>& open_boundaries, double t_epoch,
                                                     const std::vector<hydro::RiverSpec>& rivers);

}  // namespace beibu
