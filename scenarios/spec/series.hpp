#pragma once
// How a scenario file writes a series (solver/series.hpp): a constant, 12
// monthly values (cyclic, for any year), or a table of (ISO 8601 time, value)
// pairs interpolated linearly and held constant beyond its ends.
#include "solver/series.hpp"

namespace beibu {

class Config;

// Reads a number, {monthly: [12 numbers]} or {series: [[time, value], ...]};
// values must be >= 0 (flows, concentrations, loads). Errors name file, line and key.
Series parse_series(const Config& c);

}  // namespace beibu
