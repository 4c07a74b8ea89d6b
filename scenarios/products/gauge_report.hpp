#pragma once
// The run report's section on the run's own tide against tide gauges (beibu run's
// comparison, docs/hydrodynamics.md "In every run"): the time-domain error at every gauge
// with which gauges the model was fitted to (use: fit) and which are validation only,
// that the open-boundary constants are approximate, and, when the record separates K1
// from O1, the constituents.
#include <string>
#include <vector>

#include "scenarios/products/report.hpp"
#include "solver/hydro/gauge_comparison.hpp"

namespace beibu {

// `tides_file`: the run's open-boundary constants (named in the text).
std::vector<ReportInput::Section> gauge_report_sections(const hydro::GaugeComparison& c, const std::string& tides_file,
                                                        const std::string& lang);

}  // namespace beibu
