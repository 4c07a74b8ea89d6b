#include "scenarios/products/report_maps.hpp"

#include <set>

#include "scenarios/products/labels.hpp"
#include "scenarios/products/map_render.hpp"
#include "scenarios/products/report.hpp"

namespace beibu {

namespace {

bool inside(const LonLatBox& b, double lon, double lat) {
  return lon >= b.lon0 && lon <= b.lon1 && lat >= b.lat0 && lat <= b.lat1;
}

// Does one of the faces' centroids (lon/lat mean of the nodes) lie in the box?
bool any_face_inside(const LonLatBox& b, const Mesh& m, const std::vector<long>& faces) {
  for (long f : faces) {
    double lon = 0, lat = 0;
    for (int k = 0; k < 3; ++k) lon += m.lon[m.tri[3 * f + k]] / 3, lat += m.lat[m.tri[3 * f + k]] / 3;
    if (inside(b, lon, lat)) return true;
  }
  return false;
}

const char* relation(const ParameterLimit& p) {
  switch (p.kind) {
    case LimitKind::max:
      return "≤";
    case LimitKind::max_exclusive:
      return "<";
    case LimitKind::min:
      return "≥";
    case LimitKind::min_exclusive:
      return ">";
  }
  return "";
}

const char* opposite(const ParameterLimit& p) {
  switch (p.kind) {
    case LimitKind::max:
      return ">";
    case LimitKind::max_exclusive:
      return "≥";
    case LimitKind::min:
      return "<";
    case LimitKind::min_exclusive:
      return "≤";
  }
  return "";
}

// Everything drawn over the raster of one view.
std::string overlays(const MapView& v, const NamedView& nv, const Assessment& a, const Standard& s,
                     const MapLayers& layers, const std::string& lang) {
  const bool whole = nv.always;  // the whole gulf: ids; a bay: names
  std::vector<ZoneOutline> zones;
  for (const auto& z : a.zones) {
    ZoneOutline o;
    for (const auto& p : layers.zones)
      if (p.id == z.info.id) o.rings.insert(o.rings.end(), p.rings.begin(), p.rings.end());
    if (o.rings.empty()) continue;
    o.label = whole ? z.info.id : z.info.id + " " + localized(z.info.name, z.info.name_zh, lang);
    o.pass = z.pass_mean;
    zones.push_back(std::move(o));
  }
  std::vector<StationMark> stations;
  const int n = static_cast<int>(s.classes.size());
  for (const auto& st : a.stations)
    stations.push_back({st.info.lon, st.info.lat,
                        whole ? st.info.id : st.info.id + " " + localized(st.info.name, st.info.name_zh, lang),
                        class_colour(st.overall, n)});
  return svg_land(v, layers.land) + svg_coast(v, layers.coast) + svg_graticule(v) + svg_zones(v, zones) +
         svg_stations(v, stations) + svg_scale_bar(v) + svg_north_arrow(v);
}

std::vector<LegendEntry> outline_legend(const std::string& lang) {
  return {{{0, 0, 0}, tr("zone_pass", lang), true, false},
          {{0, 0, 0}, tr("zone_fail", lang), true, true},
          {{255, 255, 255}, tr("station_marker", lang), false, false}};
}

}  // namespace

std::vector<LegendEntry> limit_legend(const ParameterLimit& p, const Standard& s, const std::string& lang) {
  std::vector<LegendEntry> out;
  const int n = static_cast<int>(s.classes.size());
  for (int k = 0; k < n && k < static_cast<int>(p.values.size()); ++k)
    out.push_back(
        {class_colour(k, n), s.class_name(k, lang) + " " + relation(p) + " " + format_significant(p.values[k])});
  out.push_back(
      {class_colour(n, n), s.class_name(n, lang) + " " + opposite(p) + " " + format_significant(p.values.back())});
  return out;
}

bool view_has_content(const NamedView& v, const Mesh& m, const Assessment& a) {
  for (const auto& z : a.zones)
    if (any_face_inside(v.box, m, z.info.faces)) return true;
  for (const auto& st : a.stations)
    if (inside(v.box, st.info.lon, st.info.lat)) return true;
  return false;
}

std::vector<MapFigure> render_report_maps(const std::string& dir, const Mesh& m, const Assessment& a, const Standard& s,
                                          const MapLayers& layers, const std::string& lang) {
  const int n = static_cast<int>(s.classes.size());
  std::vector<MapFigure> out;
  for (const auto& nv : layers.views) {
    if (!nv.always && !view_has_content(nv, m, a)) continue;
    const MapView v = make_view(nv.box, 900);
    const std::vector<long> pixels = face_pixels(m, v);
    const std::string over = overlays(v, nv, a, s, layers, lang);
    const std::string name = localized(nv.name, nv.name_zh, lang);
    auto add = [&](const std::string& what, const FaceColours& c, const std::string& caption,
                   const std::string& legend_title, std::vector<LegendEntry> legend) {
      const std::string base = "maps/" + nv.id + "_" + what;
      write_face_png(dir + "/" + base + ".png", v, pixels, c);
      const auto ol = outline_legend(lang);
      legend.insert(legend.end(), ol.begin(), ol.end());
      // An SVG shown as an image loads nothing outside it: the PNG goes inside.
      const std::string uri = "data:image/png;base64," + base64(read_file(dir + "/" + base + ".png"));
      const std::string svg = map_svg(v, uri, over, legend_title, legend);
      write_text(dir + "/" + base + ".svg", svg);
      out.push_back({base + ".svg", name + ": " + caption, svg, name});
    };
    std::vector<LegendEntry> classes;
    for (int k = 0; k <= n; ++k) classes.push_back({class_colour(k, n), s.class_name(k, lang)});
    add("class", colour_classes(a.face_class, n), tr("class_map", lang), tr("legend", lang), classes);
    // Parameters: all on the whole gulf; in a bay those that fail one of its zones.
    std::set<std::string> failing;
    for (const auto& z : a.zones) {
      if (!z.pass_mean && !z.worst_parameter.empty() && any_face_inside(nv.box, m, z.info.faces))
        failing.insert(z.worst_parameter);
    }
    for (const auto& p : a.parameters) {
      const ParameterLimit* lim = s.find(p);
      if (!lim || (!nv.always && !failing.count(p))) continue;
      const std::string pname = localized(lim->name, lim->name_zh, lang);
      add("mean_" + p, colour_by_limits(a.mean.at(p), *lim, n), tr("mean_map", lang) + " " + p + " (" + pname + ")",
          p + " (mg/L)", limit_legend(*lim, s, lang));
    }
  }
  return out;
}

}  // namespace beibu
