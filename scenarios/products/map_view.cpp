#include "scenarios/products/map_view.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace beibu {

namespace {

constexpr double kDeg = M_PI / 180.0;

double ground_aspect(const LonLatBox& b) {
  return (b.lat1 - b.lat0) / ((b.lon1 - b.lon0) * std::cos(0.5 * (b.lat0 + b.lat1) * kDeg));
}

// The largest 1, 2 or 5 x 10^k not above x (x > 0).
double nice_floor(double x) {
  const double p = std::pow(10.0, std::floor(std::log10(x)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * p <= x * (1 + 1e-12)) return m * p;
  return p;
}

}  // namespace

MapView make_view(const LonLatBox& box, int width) {
  MapView v;
  v.box = box;
  v.width = width;
  v.height = std::max(1, static_cast<int>(std::lround(width * ground_aspect(box))));
  return v;
}

Pixel to_pixel(const MapView& v, double lon, double lat) {
  const LonLatBox& b = v.box;
  return {(lon - b.lon0) / (b.lon1 - b.lon0) * v.width, (b.lat1 - lat) / (b.lat1 - b.lat0) * v.height};
}

void to_lon_lat(const MapView& v, const Pixel& p, double& lon, double& lat) {
  const LonLatBox& b = v.box;
  lon = b.lon0 + p.x / v.width * (b.lon1 - b.lon0);
  lat = b.lat1 - p.y / v.height * (b.lat1 - b.lat0);
}

double haversine_km(double lon1, double lat1, double lon2, double lat2) {
  const double dlat = (lat2 - lat1) * kDeg, dlon = (lon2 - lon1) * kDeg;
  const double a =
      std::pow(std::sin(dlat / 2), 2) + std::cos(lat1 * kDeg) * std::cos(lat2 * kDeg) * std::pow(std::sin(dlon / 2), 2);
  return 2 * 6371.0088 * std::asin(std::min(1.0, std::sqrt(a)));
}

ScaleBar scale_bar(const MapView& v, double lat, double max_fraction) {
  // Kilometres per pixel along the parallel: the chord is a great-circle arc only
  // for short spans, so measure one pixel's worth of longitude at this latitude.
  const double dlon = (v.box.lon1 - v.box.lon0) / v.width;
  const double km_per_px = haversine_km(v.box.lon0, lat, v.box.lon0 + dlon, lat);
  ScaleBar s;
  s.lat = lat;
  s.km = nice_floor(max_fraction * v.width * km_per_px);
  s.pixels = s.km / km_per_px;
  return s;
}

std::vector<double> graticule_lines(double lo, double hi) {
  std::vector<double> out;
  if (!(hi > lo)) return out;
  // Lines on the frame itself (within 1 % of the span) are left out.
  const double step = nice_floor((hi - lo) / 3), pad = 0.01 * (hi - lo);
  for (long k = static_cast<long>(std::ceil((lo + pad) / step)); k * step <= hi - pad; ++k)
    out.push_back(k == 0 ? 0.0 : k * step);
  return out;
}

std::string degree_label(double value, bool is_lon) {
  std::ostringstream os;
  os.precision(6);
  os << std::abs(std::round(value * 1e6) / 1e6) << "°" << (is_lon ? (value < 0 ? "W" : "E") : (value < 0 ? "S" : "N"));
  return os.str();
}

}  // namespace beibu
