#pragma once
// Station time series for the report: each station's concentration of each assessed
// parameter against the standard's class limits (horizontal lines, the target class's
// limit in red), one SVG per station with a panel per parameter.
#include <map>
#include <string>
#include <vector>

#include "scenarios/compliance/assessment.hpp"
#include "scenarios/compliance/standards.hpp"

namespace beibu {

struct StationSeries {
  std::vector<double> t, v;  // seconds (any origin), mg/L
};

// One panel at (x, y), w x h pixels: the polyline of `s`, the limits of `limit` up to
// the axis top, the target class's limit drawn red. The axis runs from 0 to 1.1 x the
// larger of the series' maximum and the target limit.
std::string series_panel_svg(const StationSeries& s, const ParameterLimit& limit, int target_class, const Standard& st,
                             const std::string& title, const std::string& lang, double x, double y, double w, double h);

// The vertical extent of a panel's axis (as series_panel_svg draws it).
double series_axis_top(const StationSeries& s, const ParameterLimit& limit, int target_class);

struct StationFigure {
  std::string id, caption, svg;
};

// Series from a CF timeSeries file (stations.nc): station id -> parameter -> series.
std::map<std::string, std::map<std::string, StationSeries>> read_station_series(const std::string& path);

// One figure per assessed station that has series, panels in the order of a.parameters.
std::vector<StationFigure> station_figures(const std::map<std::string, std::map<std::string, StationSeries>>& series,
                                           const Assessment& a, const Standard& st, const std::string& lang);

}  // namespace beibu
