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

// Which Manning n the run uses and why (HydroSetup::manning_source), one sentence in `lang`.
std::string manning_note(const HydroSetup& hs, const std::string& lang);

// For a `--save-hydro` file: the scenario, the tides file and the friction (one
// sentence), and the tides file's `uncertainty:` and `uncertainty_zh:`.
StoredFlowProvenance hydro_provenance(const Scenario& s, const HydroSetup& hs);
// How the water of a run with this setup is made, for what is derived from the run (the
// source-receptor matrix): hydro_provenance() for the online model; for a stored file
// (`hs.stored_file`), its name and what it records of its making.
StoredFlowProvenance water_provenance(const Scenario& s, const HydroSetup& hs);

// The report's notes on the water, in `lang`. Online: the tides file's `source:` and
// `uncertainty:` (in Chinese its `uncertainty_zh:` where it has one), and which Manning n
// and why. Stored: what the stored file records of how it was made (or that it records
// nothing) and the tides uncertainty it carries.
std::vector<std::string> hydro_notes(const HydroSetup& hs, const std::string& lang);

}  // namespace beibu
