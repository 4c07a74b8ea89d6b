#pragma once
// Compliance of any run's output: the UGRID map file (maps.nc) is read one
// time record at a time into an AssessmentBuilder.
#include <limits>
#include <string>
#include <vector>

#include "scenarios/compliance/assessment.hpp"

namespace beibu {

// Records with model time in [t_from, t_to] are used; each stands for the
// spacing between records. The parameters assessed are the standard's that the
// file has as face variables. InputError names the file and variable.
Assessment assess_map_file(const std::string& path, const Mesh& mesh, const Standard& s, std::vector<ZoneInfo> zones,
                           std::vector<StationInfo> stations, double t_from = -std::numeric_limits<double>::infinity(),
                           double t_to = std::numeric_limits<double>::infinity());

}  // namespace beibu
