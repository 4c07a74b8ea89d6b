#pragma once
// What the report maps draw besides the water: land, the coastline, the functional
// zones' outlines, and the views (the whole gulf, the bays) as data. The views file
// (map_views.yaml beside the zones file, docs/outputs.md) names the land and coast
// layers and a lon/lat box and a name in each language per view.
#include <string>
#include <utility>
#include <vector>

#include "scenarios/products/map_view.hpp"

namespace beibu {

using LonLatRing = std::vector<std::pair<double, double>>;

struct MapPolygon {
  std::string id;                 // the zone id (empty for land and coast)
  std::vector<LonLatRing> rings;  // outer ring first, then holes
};

struct NamedView {
  std::string id, name, name_zh;
  LonLatBox box;
  bool always = false;  // drawn even with no zone or station inside (the whole gulf)
};

struct MapLayers {
  std::vector<MapPolygon> land, coast, zones;
  std::vector<NamedView> views;
};

// The views file beside `zones_file`; "" where there is none.
std::string map_views_file(const std::string& zones_file);
// Reads the views file and the layers it names (paths relative to it), and the
// zones' polygons (property id). InputError naming the file and key for a bad view
// (a box not [west, south, east, north] inside -180..180, -90..90 with west < east,
// south < north), an unknown key, or an unreadable layer. An empty views_file gives
// no land, no coast and one view around `fallback` (the mesh).
MapLayers load_map_layers(const std::string& views_file, const std::string& zones_file, const LonLatBox& fallback);

// Polygons of a vector layer as lon/lat rings.
std::vector<MapPolygon> read_lon_lat_polygons(const std::string& path, const std::string& id_property = "");

}  // namespace beibu
