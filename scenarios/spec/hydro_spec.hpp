#pragma once
// The hydrodynamics block of a scenario (schema in docs/scenarios.md): the options,
// tides, parent model, wind and coupling interval of the online shallow-water model, or a stored run.
#include <string>

#include "scenarios/spec/scenario.hpp"
#include "solver/hydro/parent_boundary.hpp"
#include "solver/hydro/shallow_water.hpp"

namespace beibu {

struct HydroSetup {
  // A stored run to reuse instead of the online model (`stored:` in the block, or
  // RunOptions::stored_hydro); `periodic` cycles it.
  std::string stored_file;
  bool periodic = false;
  hydro::HydroOptions opt;
  std::string tides_file;
  // Tide-gauge constants the run's tide is compared with (`tide_gauges:`; by default the
  // tide_gauges.yaml beside the tides file; empty: no comparison).
  std::string tide_gauges_file;
  std::string wind_file;  // CF file with eastward/northward 10 m wind (COADS climatology, ERA5 hourly)
  // The variables; empty: found by standard_name, then common names (UWND, u10, ...).
  std::string wind_u, wind_v;
  double uniform_u = 0, uniform_v = 0;
  // Sub-tidal open-boundary forcing from a parent ocean model (`parent_model:`); empty: none.
  hydro::ParentModelSpec parent;
  double coupling_s = 3600;  // transport takes one flow interval this long
  // Manning's n (opt.manning): the scenario's `manning:`, else the `manning:` the tides
  // file's constants were calibrated with, else the model's default. `manning_source` says
  // which (the run's note, hydro_provenance.hpp, renders it), `manning_calibrated` is the
  // tides file's `manning:` (NaN if none); a scenario's own n that differs from it is
  // warned of (the tide at the gauges then differs from the calibration's).
  enum class ManningSource { model_default, scenario, calibrated, scenario_same, scenario_differs };
  ManningSource manning_source = ManningSource::model_default;
  double manning_calibrated = 0;
  bool manning_differs() const { return manning_source == ManningSource::scenario_differs; }
};

// Validates the block (unknown keys, ranges, files) without building anything.
HydroSetup parse_hydro(const Scenario& s);

}  // namespace beibu
