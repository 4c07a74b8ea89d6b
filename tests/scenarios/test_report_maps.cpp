// The report's map geometry, its class colours at the standard's limits, and the
// zone table's C/L, checked against values worked out independently of the code.
#include <gdal_priv.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>

#include "ingest/projection.hpp"
#include "mesh/mesh.hpp"
#include "scenarios/compliance/standards.hpp"
#include "scenarios/products/map_render.hpp"
#include "scenarios/products/map_svg.hpp"
#include "scenarios/products/map_view.hpp"
#include "scenarios/products/report.hpp"
#include "scenarios/products/report_maps.hpp"
#include "scenarios/products/station_series.hpp"

using namespace beibu;

namespace {
const std::string kStd = std::string(BEIBU_DATA_DIR) + "/standards/gb3097-1997.yaml";
const LonLatBox kGulf{105.5, 16.8, 110.6, 22.0};
const LonLatBox kQinzhou{108.4, 21.45, 108.9, 21.95};
}  // namespace

TEST_CASE("report map: lon/lat to pixel", "[report]") {
  const MapView v = make_view(kQinzhou, 900);
  // Corners and centre.
  CHECK(to_pixel(v, 108.4, 21.95).x == Approx(0).margin(1e-9));
  CHECK(to_pixel(v, 108.4, 21.95).y == Approx(0).margin(1e-9));
  CHECK(to_pixel(v, 108.9, 21.45).x == Approx(900));
  CHECK(to_pixel(v, 108.9, 21.45).y == Approx(v.height));
  CHECK(to_pixel(v, 108.65, 21.7).x == Approx(450));
  CHECK(to_pixel(v, 108.65, 21.7).y == Approx(0.5 * v.height));
  // A pixel is as long on the ground east-west as north-south (within 0.5 %): 0.5 deg
  // of latitude is 55.6 km, 0.5 deg of longitude at 21.7 N is 51.7 km.
  const double ns_km = haversine_km(108.65, 21.45, 108.65, 21.95);
  const double ew_km = haversine_km(108.4, 21.7, 108.9, 21.7);
  CHECK(ns_km == Approx(55.6).epsilon(0.005));
  CHECK(ew_km == Approx(51.7).epsilon(0.005));
  CHECK(ns_km / v.height == Approx(ew_km / v.width).epsilon(0.005));
  // There and back.
  double lon, lat;
  to_lon_lat(v, to_pixel(v, 108.61, 21.83), lon, lat);
  CHECK(lon == Approx(108.61));
  CHECK(lat == Approx(21.83));
}

TEST_CASE("report map: the scale bar is as long as the distance it names", "[report]") {
  for (const LonLatBox& box : {kGulf, kQinzhou}) {
    const MapView v = make_view(box, 900);
    const double y = 0.9 * v.height;
    double lon0, lat0, lon1, lat1;
    to_lon_lat(v, {20, y}, lon0, lat0);
    const ScaleBar b = scale_bar(v, lat0);
    to_lon_lat(v, {20 + b.pixels, y}, lon1, lat1);
    INFO("box west " << box.lon0 << ": " << b.km << " km over " << b.pixels << " px");
    CHECK(haversine_km(lon0, lat0, lon1, lat1) == Approx(b.km).epsilon(0.002));
    // A round length (1, 2 or 5 x 10^k) no longer than a quarter of the map and more than a tenth.
    const double mant = b.km / std::pow(10.0, std::floor(std::log10(b.km)));
    CHECK((mant == Approx(1) || mant == Approx(2) || mant == Approx(5)));
    CHECK(b.pixels <= 0.25 * v.width);
    CHECK(b.pixels > 0.1 * v.width);
  }
  // Whole gulf, 900 px over 5.1 deg at about 17 N: 542 km, a quarter is 135 km -> 100 km.
  const MapView g = make_view(kGulf, 900);
  CHECK(scale_bar(g, 17.1).km == Approx(100));
  CHECK(svg_scale_bar(g).find("100 km") != std::string::npos);
}

TEST_CASE("report map: graticule lines are round degrees inside the view", "[report]") {
  const auto lons = graticule_lines(108.4, 108.9);  // step 0.1, not on the frame
  REQUIRE(lons.size() == 4);
  CHECK(lons.front() == Approx(108.5));
  CHECK(lons.back() == Approx(108.8));
  const auto lats = graticule_lines(16.8, 22.0);  // step 1
  CHECK(lats == std::vector<double>{17, 18, 19, 20, 21});
  CHECK(degree_label(108.5, true) == "108.5°E");
  CHECK(degree_label(-3, false) == "3°S");
}

TEST_CASE("report map: parameter maps are coloured in classes at the GB 3097 limits", "[report]") {
  const Standard s = load_standard(kStd);
  const ParameterLimit& din = *s.find("DIN");  // Classes I-IV: 0.20, 0.30, 0.40, 0.50 mg/L (value <= limit)
  const int n = static_cast<int>(s.classes.size());
  const std::vector<double> v{0.05, 0.1999, 0.20, 0.2001, 0.2999, 0.3001, 0.4999, 0.5001, 3.0, NAN};
  const std::vector<int> expected{0, 0, 0, 1, 1, 2, 3, 4, 4, -1};  // 4: worse than Class IV
  const FaceColours c = colour_by_limits(v, din, n);
  for (std::size_t i = 0; i < v.size(); ++i) {
    INFO("DIN " << v[i] << " mg/L");
    if (expected[i] < 0) {
      CHECK(c.alpha[i] == 0);
    } else {
      CHECK(c.alpha[i] == 255);
      CHECK(c.rgb[i] == class_colour(expected[i], n));
    }
  }
  // Five distinct colours for the five classes.
  for (int a = 0; a <= n; ++a)
    for (int b = a + 1; b <= n; ++b) CHECK(class_colour(a, n) != class_colour(b, n));
  // Dissolved oxygen is a minimum (> 6, 5, 4, 3 mg/L): 6.01 is Class I, 5.99 Class II, 2.9 worse than all.
  const FaceColours d = colour_by_limits({6.01, 5.99, 2.9}, *s.find("DO"), n);
  CHECK(d.rgb[0] == class_colour(0, n));
  CHECK(d.rgb[1] == class_colour(1, n));
  CHECK(d.rgb[2] == class_colour(4, n));
  // The legend names each class with its limit.
  const auto leg = limit_legend(din, s, "en");
  REQUIRE(leg.size() == 5);
  CHECK(leg[0].text.find("0.2") != std::string::npos);
  CHECK(leg[4].text.find("> 0.5") != std::string::npos);
  CHECK(leg[1].colour == class_colour(1, n));
}

TEST_CASE("report: the zone table shows C/L against the zone's target class", "[report]") {
  const Standard s = load_standard(kStd);
  Assessment a;
  a.parameters = {"DIN", "DO"};
  ZoneResult z;
  z.info.id = "Z1";
  z.info.name = z.info.name_zh = "bay";
  z.info.type = "aquaculture";
  z.info.target_class = 1;     // Class II: DIN <= 0.30, DO > 5
  z.stats["DIN"].mean = 0.45;  // C/L = 1.5
  z.stats["DO"].mean = 4.0;    // L/C = 1.25
  z.class_mean = 4;
  z.worst_parameter = "DIN";
  a.zones.push_back(z);
  CHECK(exceedance_ratio(*s.find("DIN"), 1, 0.45) == Approx(1.5));
  CHECK(exceedance_ratio(*s.find("DO"), 1, 4.0) == Approx(1.25));
  CHECK(std::isnan(exceedance_ratio(*s.find("DIN"), 1, NAN)));
  const Table t = zone_table(a, s, "en");
  REQUIRE(t.rows.size() == 1);
  std::size_t din = t.header.size(), dout = din;
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    if (t.header[i] == "DIN C/L") din = i;
    if (t.header[i] == "DO C/L") dout = i;
  }
  REQUIRE(din < t.shown);  // shown to people
  REQUIRE(dout < t.shown);
  CHECK(t.rows[0][din] == "1.5");
  CHECK(t.rows[0][dout] == "1.25");
  // The Chinese table translates the zone's type.
  CHECK(zone_table(a, s, "zh").rows[0][2] == "养殖区");
}

TEST_CASE("report map: overlays draw only what lies in the view", "[report]") {
  const MapView v = make_view(kQinzhou, 900);
  const LonLatRing inside{{108.5, 21.6}, {108.6, 21.6}, {108.6, 21.7}};
  const LonLatRing outside{{106.0, 20.0}, {106.1, 20.0}, {106.1, 20.1}};
  CHECK(svg_path_data(v, {outside}).empty());
  const std::string d = svg_path_data(v, {inside, outside});
  CHECK(d.rfind('M') == 0);  // one ring
  CHECK(d.back() == 'Z');
  const std::string z = svg_zones(v, {{{inside}, "GX-A01 Maowei", false}});
  CHECK(z.find("#c00000") != std::string::npos);  // failing: red outline
  CHECK(z.find("GX-A01 Maowei") != std::string::npos);
  const std::string st = svg_stations(v, {{108.55, 21.81, "GX01", {1, 2, 3}}, {106.0, 20.0, "VN01", {1, 2, 3}}});
  CHECK(st.find("GX01") != std::string::npos);
  CHECK(st.find("VN01") == std::string::npos);
  CHECK(svg_north_arrow(v).find(">N<") != std::string::npos);
  CHECK(svg_graticule(v).find("108.5°E") != std::string::npos);
}

TEST_CASE("report: station series are drawn against the target limit", "[report]") {
  const Standard s = load_standard(kStd);
  const ParameterLimit& din = *s.find("DIN");
  StationSeries sr{{0, 3600, 7200}, {0.1, 0.2, 0.15}};
  // Target Class II (0.30) is above the data: the axis reaches 1.1 x 0.30.
  CHECK(series_axis_top(sr, din, 1) == Approx(0.33));
  const std::string svg = series_panel_svg(sr, din, 1, s, "DIN (mg/L)", "en", 0, 0, 300, 170);
  CHECK(svg.find("<polyline") != std::string::npos);
  CHECK(svg.find("#c00000") != std::string::npos);  // the target's line
  CHECK(svg.find("Class II 0.3") != std::string::npos);
  CHECK(svg.find("Class III") == std::string::npos);  // 0.40 is above the axis
}

TEST_CASE("report map: a bay is drawn with content only, with maps of the parameters that fail its zones", "[report]") {
  const Standard s = load_standard(kStd);
  const int n = static_cast<int>(s.classes.size());
  // Two triangles covering 108.5-108.7 E, 21.6-21.8 N (inside the Qinzhou view).
  Mesh m;
  m.lon = {108.5, 108.7, 108.7, 108.5};
  m.lat = {21.6, 21.6, 21.8, 21.8};
  Projection proj;
  for (std::size_t i = 0; i < m.lon.size(); ++i) {
    double x, y;
    proj.forward(m.lon[i], m.lat[i], x, y);
    m.x.push_back(x), m.y.push_back(y);
  }
  m.tri = {0, 1, 2, 0, 2, 3};
  Assessment a;
  a.parameters = {"DIN", "COD"};
  a.mean["DIN"] = {0.25, 0.45};  // Class II and IV
  a.mean["COD"] = {1.0, 1.0};    // Class I
  a.face_class = {1, 3};
  ZoneResult z;
  z.info.id = "Z1";
  z.info.name = z.info.name_zh = "Maowei";
  z.info.target_class = 1;
  z.info.faces = {0, 1};
  z.pass_mean = false;
  z.worst_parameter = "DIN";
  a.zones.push_back(z);
  MapLayers layers;
  layers.zones.push_back({"Z1", {{{108.5, 21.6}, {108.7, 21.6}, {108.7, 21.8}, {108.5, 21.8}}}});
  layers.views = {{"gulf", "Gulf", "北部湾", kGulf, true},
                  {"qinzhou", "Qinzhou Bay", "钦州湾", kQinzhou, false},
                  {"anpu", "Anpu Bay", "安铺港", {109.4, 21.25, 110.0, 21.8}, false}};
  const std::string dir = std::filesystem::temp_directory_path() / ("beibu_report_maps_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/maps");
  const auto figs = render_report_maps(dir, m, a, s, layers, "en");
  std::vector<std::string> files;
  for (const auto& f : figs) files.push_back(f.file);
  // The gulf: class and every parameter; Qinzhou: class and DIN (fails Z1); Anpu: nothing.
  CHECK(files == std::vector<std::string>{"maps/gulf_class.svg", "maps/gulf_mean_DIN.svg", "maps/gulf_mean_COD.svg",
                                          "maps/qinzhou_class.svg", "maps/qinzhou_mean_DIN.svg"});
  CHECK(!std::filesystem::exists(dir + "/maps/anpu_class.png"));
  const std::string& svg = figs[4].inline_svg;
  CHECK(svg.find("#c00000") != std::string::npos);  // Z1 fails: red outline
  CHECK(svg.find("Z1 Maowei") != std::string::npos);
  CHECK(figs[4].caption.rfind("Qinzhou Bay: ", 0) == 0);
  // The PNG: the pixel at the centre of each triangle has its DIN class's colour.
  GDALAllRegister();
  GDALDataset* ds = GDALDataset::Open((dir + "/maps/qinzhou_mean_DIN.png").c_str(), GDAL_OF_RASTER);
  REQUIRE(ds);
  const MapView v = make_view(kQinzhou, 900);
  CHECK(ds->GetRasterXSize() == v.width);
  CHECK(ds->GetRasterYSize() == v.height);
  const double centres[2][2] = {{(108.5 + 2 * 108.7) / 3, (2 * 21.6 + 21.8) / 3},
                                {(2 * 108.5 + 108.7) / 3, (21.6 + 2 * 21.8) / 3}};
  for (int f = 0; f < 2; ++f) {
    const Pixel p = to_pixel(v, centres[f][0], centres[f][1]);
    Rgb got{};
    for (int b = 0; b < 3; ++b)
      REQUIRE(ds->GetRasterBand(b + 1)->RasterIO(GF_Read, static_cast<int>(p.x), static_cast<int>(p.y), 1, 1, &got[b],
                                                 1, 1, GDT_Byte, 0, 0) == CE_None);
    CHECK(got == class_colour(f == 0 ? 1 : 3, n));
  }
  GDALClose(ds);
  std::filesystem::remove_all(dir);
}

TEST_CASE("report: a long station series is drawn from its extremes per pixel column", "[report]") {
  const Standard s = load_standard(kStd);
  StationSeries sr;
  for (int i = 0; i < 4416; ++i) {  // 184 days hourly
    sr.t.push_back(3600.0 * i);
    sr.v.push_back(0.2 + 0.1 * std::sin(i * 0.5));
  }
  sr.v[2000] = 0.9;  // one spike must survive
  const std::string svg = series_panel_svg(sr, *s.find("DIN"), 1, s, "DIN", "en", 0, 0, 300, 170);
  const auto a = svg.find("points=\""), b = svg.find('"', a + 8);
  REQUIRE(a != std::string::npos);
  const std::string pts = svg.substr(a + 8, b - a - 8);
  const long n = std::count(pts.begin(), pts.end(), ',');
  CHECK(n <= 2 * 250);
  CHECK(n > 200);
  // The spike reaches the top of the axis (1.1 x 0.9 at y = 18 + 0.1/1.1 x 130 px).
  double ymin = 1e9;
  std::istringstream is(pts);
  std::string p;
  while (is >> p) ymin = std::min(ymin, std::stod(p.substr(p.find(',') + 1)));
  CHECK(ymin == Approx(18 + 130 * (1 - 0.9 / 0.99)).margin(0.11));
}
