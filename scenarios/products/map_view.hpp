#pragma once
// The geometry of a report map: a lon/lat box drawn on a pixel canvas (equirectangular,
// the y axis stretched by 1/cos of the middle latitude so that shapes look right),
// with the scale bar and graticule that go with it. Pure functions, no drawing.
#include <string>
#include <vector>

namespace beibu {

struct LonLatBox {
  double lon0 = 0, lat0 = 0, lon1 = 1, lat1 = 1;  // west, south, east, north (degrees)
};

struct MapView {
  LonLatBox box;
  int width = 900, height = 900;  // pixels
};

struct Pixel {
  double x = 0, y = 0;  // from the top left corner, y down
};

// A view of `box` `width` pixels wide, its height from the box's aspect on the ground.
MapView make_view(const LonLatBox& box, int width);
Pixel to_pixel(const MapView& v, double lon, double lat);
void to_lon_lat(const MapView& v, const Pixel& p, double& lon, double& lat);

// Great-circle distance (km) on a sphere of radius 6371.0088 km.
double haversine_km(double lon1, double lat1, double lon2, double lat2);

// A scale bar: `km` (1, 2 or 5 x 10^k) drawn `pixels` long along the parallel `lat`,
// the longest such length no longer than `max_fraction` of the view's width.
struct ScaleBar {
  double km = 0, pixels = 0, lat = 0;
};
ScaleBar scale_bar(const MapView& v, double lat, double max_fraction = 0.25);

// The lines of a graticule inside [lo, hi] (degrees), not on its ends: multiples of a
// step of 1, 2 or 5 x 10^k giving between 2 and about 6 lines.
std::vector<double> graticule_lines(double lo, double hi);
// A graticule label: 108.5°E, 21°N, 0.25°S ...
std::string degree_label(double value, bool is_lon);

}  // namespace beibu
