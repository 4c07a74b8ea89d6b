#pragma once
// What a run says of its water (docs/scenarios.md, "Stored hydrodynamics"): the notes of
// its report, and what a `--save-hydro` file records of how its water was made, so that
// a run that reuses the file (`--hydro`, `beibu batch --hydro`) can say it too.
#include <string>
#include <vector>

#include "scenarios/spec/hydro_spec.hpp"
#include "solver/transport/providers/stored_flow.hpp"

namespace beibu {

struct Scenario;

// For a `--save-hydro` file: the scenario, the tides file and the friction (one
// sentence), and the tides file's `uncertainty:`.
StoredFlowProvenance hydro_provenance(const Scenario& s, const HydroSetup& hs);

// The report's notes on the water, in `lang`. Online: the tides file's `source:` and
// `uncertainty:`, and which Manning n and why. Stored: what the stored file records of
// how it was made (or that it records nothing) and the tides uncertainty it carries.
std::vector<std::string> hydro_notes(const HydroSetup& hs, const std::string& lang);

}  // namespace beibu
