#pragma once
// A period's time statistics (time_statistics.hpp) in a UGRID map file, next to the
// snapshots: per assessed parameter P the face variables P_mean, P_p90 (P_p10 for
// minimum limits), P_max, P_min, P_wet_hours and P_hours_worse(P_class_limit, face),
// and per zone P_zone_p90 and P_zone_hours_worse(P_class_limit, nzone); the period
// is the scalar coordinate `period` with bounds `period_bnds` (docs/outputs.md, "Time statistics").
#include <optional>
#include <string>

#include "mesh/mesh.hpp"
#include "scenarios/compliance/standards.hpp"
#include "scenarios/compliance/time_statistics.hpp"

namespace beibu {

// Adds the statistics to the (closed) map file at `path`; `time_units` are its time
// axis's, in which ps.t_from and ps.t_to are given. Failure if it cannot be written.
void write_period_statistics(const std::string& path, const PeriodStatistics& ps, const Mesh& mesh, const Standard& s,
                             const std::string& time_units, const std::string& method);

// The statistics of the standard's parameters the file has, with the period in model
// time (ingest/cf_time.hpp); nothing if the file has none (a map file written without them).
// InputError naming the file and variable if they do not fit the mesh.
std::optional<PeriodStatistics> read_period_statistics(const std::string& path, const Mesh& mesh, const Standard& s);

// Name of the bad-side percentile variable of a parameter: P_p90, or P_p10.
std::string percentile_suffix(bool higher_is_worse);

}  // namespace beibu
