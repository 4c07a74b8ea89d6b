#pragma once
// Compliance from observations alone (no model run): the period mean of each
// parameter at each station after quality control, its class, the station's
// class by its worst parameter, and the exceeding parameters (bulletin style).
#include <string>
#include <vector>

#include "ingest/stations.hpp"
#include "scenarios/compliance/assessment.hpp"

namespace beibu {

// `target_class` applies to every station (0-based; 1 = Class II). Stations
// without any observation of a parameter the standard knows are skipped.
std::vector<StationResult> assess_observations(const std::vector<Observation>& obs,
                                               const std::vector<Station>& stations, const Standard& s,
                                               int target_class);

}  // namespace beibu
