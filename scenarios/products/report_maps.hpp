#pragma once
// The report's maps: for each view (map_layers.hpp) that holds a functional zone or a
// station, the class map (worst parameter) and, for the whole gulf and for the
// parameters that fail a zone in the view, each parameter's mean in discrete classes
// at the standard's limits; land, coast, zone outlines (failing ones red), stations,
// graticule, scale bar, north arrow and legend drawn as SVG (map_svg.hpp).
#include <string>
#include <vector>

#include "mesh/mesh.hpp"
#include "scenarios/compliance/assessment.hpp"
#include "scenarios/compliance/standards.hpp"
#include "scenarios/products/map_layers.hpp"
#include "scenarios/products/map_svg.hpp"

namespace beibu {

struct MapFigure {
  std::string file;        // DIR-relative SVG (the PNG of the same name embedded in it)
  std::string caption;     // in the report's language
  std::string inline_svg;  // its text, for the HTML page
  std::string section;     // the view's name
};

// Legend entries of a parameter's classes: "Class I ≤ 0.2", ..., "worse than Class IV > 0.5".
std::vector<LegendEntry> limit_legend(const ParameterLimit& p, const Standard& s, const std::string& lang);

// Does the view hold a zone face or a station?
bool view_has_content(const NamedView& v, const Mesh& m, const Assessment& a);

// Writes DIR/maps/<view>_<map>.png and .svg (self-contained); returns the figures in order.
std::vector<MapFigure> render_report_maps(const std::string& dir, const Mesh& m, const Assessment& a, const Standard& s,
                                          const MapLayers& layers, const std::string& lang);

}  // namespace beibu
