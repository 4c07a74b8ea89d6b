#include "scenarios/products/map_svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace beibu {

const char* const kSvgFont = "font-family=\"Noto Sans CJK SC,Noto Sans SC,WenQuanYi Micro Hei,sans-serif\"";

std::string svg_num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

namespace {

const char* const kFont = kSvgFont;

std::string num(double v) {
  return svg_num(v);
}

// Text with a white halo, readable over any colour.
std::string halo_text(double x, double y, const std::string& text, int size, const char* anchor = "start",
                      const char* weight = "normal") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" + std::to_string(size) + "\" " + kFont +
         " text-anchor=\"" + anchor + "\" font-weight=\"" + weight +
         "\" fill=\"#111\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\" stroke-linejoin=\"round\">" +
         xml_escape(text) + "</text>\n";
}

bool ring_misses(const MapView& v, const LonLatRing& r) {
  double lo0 = 1e9, lo1 = -1e9, la0 = 1e9, la1 = -1e9;
  for (const auto& [lon, lat] : r) {
    lo0 = std::min(lo0, lon), lo1 = std::max(lo1, lon), la0 = std::min(la0, lat), la1 = std::max(la1, lat);
  }
  return lo1 < v.box.lon0 || lo0 > v.box.lon1 || la1 < v.box.lat0 || la0 > v.box.lat1;
}

std::vector<LonLatRing> all_rings(const std::vector<MapPolygon>& polys) {
  std::vector<LonLatRing> rings;
  for (const auto& p : polys) rings.insert(rings.end(), p.rings.begin(), p.rings.end());
  return rings;
}

}  // namespace

std::string hex_colour(const Rgb& c) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "#%02x%02x%02x", c[0], c[1], c[2]);
  return hex;
}

std::string xml_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<')
      o += "&lt;";
    else if (c == '>')
      o += "&gt;";
    else if (c == '&')
      o += "&amp;";
    else if (c == '"')
      o += "&quot;";
    else
      o += c;
  }
  return o;
}

std::string svg_path_data(const MapView& v, const std::vector<LonLatRing>& rings, double min_px) {
  std::string d;
  for (const auto& r : rings) {
    if (r.size() < 3 || ring_misses(v, r)) continue;
    Pixel last = to_pixel(v, r[0].first, r[0].second);
    d += "M" + num(last.x) + " " + num(last.y);
    for (std::size_t i = 1; i < r.size(); ++i) {
      const Pixel p = to_pixel(v, r[i].first, r[i].second);
      if (std::hypot(p.x - last.x, p.y - last.y) < min_px && i + 1 < r.size()) continue;
      d += "L" + num(p.x) + " " + num(p.y);
      last = p;
    }
    d += "Z";
  }
  return d;
}

std::string svg_land(const MapView& v, const std::vector<MapPolygon>& land) {
  const std::string d = svg_path_data(v, all_rings(land));
  return d.empty() ? "" : "<path d=\"" + d + "\" fill=\"#ece6d6\" fill-rule=\"evenodd\" stroke=\"none\"/>\n";
}

std::string svg_coast(const MapView& v, const std::vector<MapPolygon>& coast) {
  const std::string d = svg_path_data(v, all_rings(coast));
  return d.empty() ? "" : "<path d=\"" + d + "\" fill=\"none\" stroke=\"#3a3a3a\" stroke-width=\"0.8\"/>\n";
}

std::string svg_zones(const MapView& v, const std::vector<ZoneOutline>& zones) {
  std::string s, labels;
  for (const auto& z : zones) {
    const std::string d = svg_path_data(v, z.rings);
    if (d.empty()) continue;
    if (z.pass)
      s += "<path d=\"" + d + "\" fill=\"none\" stroke=\"#111\" stroke-width=\"1.4\" stroke-dasharray=\"5 3\"/>\n";
    else
      s += "<path d=\"" + d + "\" fill=\"none\" stroke=\"#fff\" stroke-width=\"4\"/><path d=\"" + d +
           "\" fill=\"none\" stroke=\"#c00000\" stroke-width=\"2.2\"/>\n";
    // The label at the middle of the outer ring's box, kept inside the view.
    double x0 = 1e9, x1 = -1e9, y0 = 1e9, y1 = -1e9;
    for (const auto& [lon, lat] : z.rings.front()) {
      const Pixel p = to_pixel(v, lon, lat);
      x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
    }
    const double x = std::clamp(0.5 * (x0 + x1), 40.0, v.width - 40.0);
    const double y = std::clamp(0.5 * (y0 + y1), 14.0, v.height - 6.0);
    labels += halo_text(x, y, z.label, 12, "middle", z.pass ? "normal" : "bold");
  }
  return s + labels;
}

std::string svg_stations(const MapView& v, const std::vector<StationMark>& stations) {
  std::string s;
  for (const auto& st : stations) {
    const Pixel p = to_pixel(v, st.lon, st.lat);
    if (p.x < 0 || p.y < 0 || p.x > v.width || p.y > v.height) continue;
    s += "<path d=\"M" + num(p.x) + " " + num(p.y - 6) + "L" + num(p.x + 5.5) + " " + num(p.y + 4) + "L" +
         num(p.x - 5.5) + " " + num(p.y + 4) + "Z\" fill=\"" + hex_colour(st.colour) +
         "\" stroke=\"#000\" stroke-width=\"1.2\"/>\n";
    s += halo_text(p.x + 8, p.y + 4, st.label, 11);
  }
  return s;
}

std::string svg_graticule(const MapView& v) {
  std::string s = "<g stroke=\"#555\" stroke-width=\"0.5\" stroke-opacity=\"0.6\" stroke-dasharray=\"2 3\">";
  std::string labels;
  for (double lon : graticule_lines(v.box.lon0, v.box.lon1)) {
    const double x = to_pixel(v, lon, v.box.lat0).x;
    s += "<line x1=\"" + num(x) + "\" y1=\"0\" x2=\"" + num(x) + "\" y2=\"" + std::to_string(v.height) + "\"/>";
    labels += halo_text(x, 12, degree_label(lon, true), 10, "middle");
  }
  for (double lat : graticule_lines(v.box.lat0, v.box.lat1)) {
    const double y = to_pixel(v, v.box.lon0, lat).y;
    s += "<line x1=\"0\" y1=\"" + num(y) + "\" x2=\"" + std::to_string(v.width) + "\" y2=\"" + num(y) + "\"/>";
    labels += halo_text(3, y - 3, degree_label(lat, false), 10);
  }
  return s + "</g>\n" + labels;
}

std::string svg_scale_bar(const MapView& v) {
  const double lat = v.box.lat0 + 0.06 * (v.box.lat1 - v.box.lat0);
  const ScaleBar b = scale_bar(v, lat);
  const double x = 20, y = v.height - 22;
  const double half = b.pixels / 2;
  std::string s = "<g stroke=\"#000\" stroke-width=\"1\">";
  s += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(half) + "\" height=\"6\" fill=\"#000\"/>";
  s += "<rect x=\"" + num(x + half) + "\" y=\"" + num(y) + "\" width=\"" + num(half) +
       "\" height=\"6\" fill=\"#fff\"/></g>\n";
  std::ostringstream km;
  km << b.km;
  s += halo_text(x, y - 4, "0", 11, "middle") + halo_text(x + b.pixels, y - 4, km.str() + " km", 11, "middle");
  return s;
}

std::string svg_north_arrow(const MapView& v) {
  const double x = v.width - 30, y = 28;
  return "<g><path d=\"M" + num(x) + " " + num(y - 14) + "L" + num(x + 8) + " " + num(y + 10) + "L" + num(x) + " " +
         num(y + 5) + "Z\" fill=\"#000\"/><path d=\"M" + num(x) + " " + num(y - 14) + "L" + num(x - 8) + " " +
         num(y + 10) + "L" + num(x) + " " + num(y + 5) + "Z\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"1\"/></g>" +
         halo_text(x, y + 24, "N", 13, "middle", "bold");
}

std::string svg_legend(int width, int y, const std::string& title, const std::vector<LegendEntry>& entries,
                       int& height) {
  // Entries flow left to right, wrapping; about 7 px per character (CJK counts double).
  std::string s = "<text x=\"6\" y=\"" + std::to_string(y + 16) + "\" font-size=\"13\" font-weight=\"bold\" " + kFont +
                  ">" + xml_escape(title) + "</text>\n";
  double x = 6, row = y + 24;
  for (const auto& e : entries) {
    double chars = 0;
    for (unsigned char c : e.text) chars += (c & 0xC0) == 0x80 ? 0 : (c >= 0xE0 ? 1.9 : 1.0);
    const double w = 28 + 6.8 * chars + 14;
    if (x + w > width && x > 6) x = 6, row += 22;
    if (e.outline)
      s += e.fail ? "<line x1=\"" + num(x) + "\" y1=\"" + num(row + 8) + "\" x2=\"" + num(x + 22) + "\" y2=\"" +
                        num(row + 8) + "\" stroke=\"#c00000\" stroke-width=\"2.2\"/>"
                  : "<line x1=\"" + num(x) + "\" y1=\"" + num(row + 8) + "\" x2=\"" + num(x + 22) + "\" y2=\"" +
                        num(row + 8) + "\" stroke=\"#111\" stroke-width=\"1.4\" stroke-dasharray=\"5 3\"/>";
    else
      s += "<rect x=\"" + num(x) + "\" y=\"" + num(row) + "\" width=\"22\" height=\"16\" fill=\"" +
           hex_colour(e.colour) + "\" stroke=\"#444\" stroke-width=\"0.6\"/>";
    s += "<text x=\"" + num(x + 28) + "\" y=\"" + num(row + 13) + "\" font-size=\"12\" " + kFont + ">" +
         xml_escape(e.text) + "</text>\n";
    x += w;
  }
  height = static_cast<int>(row + 26 - y);
  return s;
}

std::string map_svg(const MapView& v, const std::string& image_href, const std::string& overlays,
                    const std::string& legend_title, const std::vector<LegendEntry>& legend) {
  int lh = 0;
  const std::string leg = svg_legend(v.width, v.height, legend_title, legend, lh);
  const std::string W = std::to_string(v.width), H = std::to_string(v.height);
  const std::string clip = "clip" + W + "x" + H;  // ids are page-wide: equal sizes share one
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W + "\" height=\"" + std::to_string(v.height + lh) +
         "\" viewBox=\"0 0 " + W + " " + std::to_string(v.height + lh) +
         "\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><clipPath id=\"" + clip + "\"><rect width=\"" + W +
         "\" height=\"" + H + "\"/></clipPath><g clip-path=\"url(#" + clip + ")\"><rect width=\"" + W + "\" height=\"" +
         H + "\" fill=\"#f4f8fb\"/><image href=\"" + image_href + "\" x=\"0\" y=\"0\" width=\"" + W + "\" height=\"" +
         H + "\" preserveAspectRatio=\"none\"/>\n" + overlays + "</g><rect width=\"" + W + "\" height=\"" + H +
         "\" fill=\"none\" stroke=\"#333\"/>\n" + leg + "</svg>\n";
}

}  // namespace beibu
