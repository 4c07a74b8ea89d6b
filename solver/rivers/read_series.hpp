#pragma once
// How a river network file writes a series (solver/series.hpp): a number;
// {wet, dry[, wet_months]}; or a table {time_units, times, values[, max_gap_days]}.
#include <string>

#include "solver/series.hpp"

namespace beibu {
class Config;
}

namespace beibu::rivers {

// Reads a series from configuration: a number; {wet, dry[, wet_months]}; or
// {time_units: "days since 2020-01-01", times: [...], values: [...][, max_gap_days]}.
// Tables must increase strictly, have a value at every time and no step longer
// than max_gap_days (default 31): anything else is a gap and an InputError. A run
// outside a table's times is an InputError too (Series::Ends::error).
// With `nonnegative`, negative values are InputErrors.
Series read_series(const Config& c, const std::string& default_wet_months, bool nonnegative);

}  // namespace beibu::rivers
