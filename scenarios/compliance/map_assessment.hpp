#pragma once
// Compliance of a run's map file (maps.nc): from the time statistics the run wrote
// into it (the default: the run's own assessment period and statistics), or, for
// another window or a file without them, from its snapshot records.
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/compliance/assessment.hpp"

namespace beibu {

// The assessment of the statistics in the file; nothing if it has none.
std::optional<Assessment> assess_map_statistics(const std::string& path, const Mesh& mesh, const Standard& s,
                                                std::vector<ZoneInfo> zones, std::vector<StationInfo> stations);

// The assessment of the snapshot records, taken as linear in time between records,
// over [t_from, t_to] (model time; clipped to the records). The parameters assessed
// are the standard's that the file has as face variables; fill values are dry cells.
// InputError names the file and variable.
Assessment assess_map_records(const std::string& path, const Mesh& mesh, const Standard& s, std::vector<ZoneInfo> zones,
                              std::vector<StationInfo> stations,
                              double t_from = -std::numeric_limits<double>::infinity(),
                              double t_to = std::numeric_limits<double>::infinity());

}  // namespace beibu
