#include "scenarios/products/map_layers.hpp"

#include <cmath>
#include <filesystem>

#include "core/config.hpp"
#include "core/error.hpp"
#include "ingest/projection.hpp"
#include "ingest/vector_layer.hpp"

namespace beibu {

namespace fs = std::filesystem;

std::string map_views_file(const std::string& zones_file) {
  if (zones_file.empty()) return "";
  const fs::path p = fs::path(zones_file).parent_path() / "map_views.yaml";
  return fs::exists(p) ? p.string() : "";
}

std::vector<MapPolygon> read_lon_lat_polygons(const std::string& path, const std::string& id_property) {
  Projection proj;
  const VectorData v = read_vector(path, proj);
  std::vector<MapPolygon> out;
  for (const auto& poly : v.polygons) {
    MapPolygon mp;
    if (!id_property.empty() && poly.props.count(id_property)) mp.id = poly.props.at(id_property);
    for (const auto& ring : poly.rings) {
      LonLatRing r;
      for (std::size_t i = 0; i < ring.x.size(); ++i) {
        double lon, lat;
        proj.inverse(ring.x[i], ring.y[i], lon, lat);
        r.emplace_back(lon, lat);
      }
      mp.rings.push_back(std::move(r));
    }
    out.push_back(std::move(mp));
  }
  return out;
}

namespace {

NamedView read_view(const std::string& id, const Config& c) {
  c.check_keys({"name", "name_zh", "box", "always"});
  NamedView v;
  v.id = id;
  v.name = c.at("name").as_string();
  v.name_zh = c.get("name_zh", v.name);
  v.always = c.get_bool("always", false);
  const Config b = c.at("box");
  const std::vector<double> x = b.as_doubles();
  if (x.size() != 4 || x[0] < -180 || x[2] > 180 || x[1] < -90 || x[3] > 90 || !(x[0] < x[2]) || !(x[1] < x[3]))
    b.fail("expected [west, south, east, north] in degrees with west < east and south < north");
  v.box = {x[0], x[1], x[2], x[3]};
  return v;
}

}  // namespace

MapLayers load_map_layers(const std::string& views_file, const std::string& zones_file, const LonLatBox& fallback) {
  MapLayers m;
  if (!zones_file.empty()) m.zones = read_lon_lat_polygons(zones_file, "id");
  if (views_file.empty()) {
    m.views.push_back({"domain", "Model domain", "模拟区域", fallback, true});
    return m;
  }
  const Config c = Config::load_file(views_file);
  c.check_keys({"land", "coast", "views"});
  const fs::path dir = fs::path(views_file).parent_path();
  if (c.has("land")) m.land = read_lon_lat_polygons((dir / c.at("land").as_string()).string());
  if (c.has("coast")) m.coast = read_lon_lat_polygons((dir / c.at("coast").as_string()).string());
  const Config views = c.at("views");
  if (!views.is_map() || views.keys().empty()) views.fail("expected a map of views (id: {name, box, ...})");
  for (const auto& id : views.keys()) m.views.push_back(read_view(id, views.at(id)));
  return m;
}

}  // namespace beibu
