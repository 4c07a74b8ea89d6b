#pragma once
// The drawing of a report map as SVG over its raster of face values: land, coastline,
// zone outlines with names, station markers with labels, graticule, scale bar, north
// arrow and legend, each one function of the view (map_view.hpp) and its data.
#include <string>
#include <vector>

#include "scenarios/products/map_layers.hpp"
#include "scenarios/products/map_render.hpp"
#include "scenarios/products/map_view.hpp"

namespace beibu {

// "M x y L x y ... Z" for the rings, points closer than `min_px` to the last one kept
// dropped, rings whose box misses the view left out.
std::string svg_path_data(const MapView& v, const std::vector<LonLatRing>& rings, double min_px = 0.7);

std::string svg_land(const MapView& v, const std::vector<MapPolygon>& land);
std::string svg_coast(const MapView& v, const std::vector<MapPolygon>& coast);

struct ZoneOutline {
  std::vector<LonLatRing> rings;
  std::string label;
  bool pass = true;
};
std::string svg_zones(const MapView& v, const std::vector<ZoneOutline>& zones);

struct StationMark {
  double lon = 0, lat = 0;
  std::string label;
  Rgb colour{255, 255, 255};
};
std::string svg_stations(const MapView& v, const std::vector<StationMark>& stations);

std::string svg_graticule(const MapView& v);
std::string svg_scale_bar(const MapView& v);
std::string svg_north_arrow(const MapView& v);

struct LegendEntry {
  Rgb colour{0, 0, 0};
  std::string text;
  bool outline = false;  // a line sample (zone outline) instead of a filled box
  bool fail = false;     // the failing-zone outline
};
// The legend below the map (`y` pixels from the top); returns its height in `height`.
std::string svg_legend(int width, int y, const std::string& title, const std::vector<LegendEntry>& entries,
                       int& height);

// The whole map: the PNG (a data URI or a file name) under `overlays`, the legend below.
std::string map_svg(const MapView& v, const std::string& image_href, const std::string& overlays,
                    const std::string& legend_title, const std::vector<LegendEntry>& legend);

std::string hex_colour(const Rgb& c);
std::string xml_escape(const std::string& s);  // < > & " as entities (XML and HTML alike)
// The SVG font attribute (CJK first) and coordinates with one decimal, for every SVG of the report.
extern const char* const kSvgFont;
std::string svg_num(double v);

}  // namespace beibu
