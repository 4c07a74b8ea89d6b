#pragma once
// Period-mean concentrations observed at stations, the input of load estimation
// (`beibu estimate`). One row per station and parameter, in the spelling of the
// station observation files (docs/ingest.md):
//   station_id,parameter,value,unit[,uncertainty]
// `value` is the mean over the matrix's assessment period; `uncertainty` (same
// unit, optional, may be left empty) is its standard error, one sigma. Other
// columns (name, n_samples, ...) are ignored.
#include <istream>
#include <string>
#include <vector>

namespace beibu {

struct ObservedMean {
  std::string station;
  std::string constituent;  // model name of the parameter ("DIN", "DIP", "COD", ...)
  double value = 0;         // model unit (g/m3 = mg/L for concentrations)
  double uncertainty = 0;   // model unit; NaN when not given
  std::size_t line = 0;     // CSV line
};

// InputError naming the file and line for: a missing header column, a wrong field
// count, an empty station_id, an unknown parameter or unit, a value or uncertainty
// that is not a number (missing values are errors too: leave the row out), a
// negative value, an uncertainty that is not > 0, a station and parameter given twice.
std::vector<ObservedMean> parse_observed_means(std::istream& in, const std::string& file);
std::vector<ObservedMean> read_observed_means(const std::string& path);

}  // namespace beibu
