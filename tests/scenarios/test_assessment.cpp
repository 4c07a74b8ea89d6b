// Assessment of fields against the sea standard on a small mesh with two
// zones and two stations; expected results are worked out by hand from the
// GB 3097 limits (DIN Class II <= 0.30, Class IV <= 0.50).
#include <gdal_priv.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "ingest/projection.hpp"
#include "mesh/attributes.hpp"
#include "mesh/face_locator.hpp"
#include "mesh/synthetic.hpp"
#include "scenarios/compliance/assessment.hpp"
#include "scenarios/compliance/time_statistics.hpp"
#include "scenarios/products/report.hpp"
#include "scenarios/products/run_products.hpp"
#include "tests/scratch_dir.hpp"

using namespace beibu;

namespace {
// 2 x 1 squares (4 faces) around the projection origin: faces 0,1 west, 2,3 east.
Mesh two_square_mesh() {
  RectangleSpec s;
  s.x0 = -2000;
  s.y0 = -1000;
  s.lx = 4000;
  s.ly = 2000;
  s.nx = 2;
  s.ny = 1;
  Mesh m = rectangle_mesh(s);
  compute_lonlat(m, Projection());
  m.zone_ids = {"west_aqua", "east_port"};
  m.jurisdiction_codes = {"CN.GX"};
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    double cx, cy;
    m.face_centroid(f, cx, cy);
    m.zone[f] = cx < 0 ? 0 : 1;
    m.jurisdiction[f] = 0;
  }
  return m;
}
// The zones of two_square_mesh(): west_aqua (target Class II), east_port (Class IV).
void write_two_zones(const std::string& path) {
  std::ofstream(path)
      << R"({"type":"FeatureCollection","features":[)"
      << R"({"type":"Feature","properties":{"id":"west_aqua","name":"West","target_class":2},"geometry":{"type":"Polygon","coordinates":[[[107,19],[108,19],[108,21],[107,21],[107,19]]]}},)"
      << R"({"type":"Feature","properties":{"id":"east_port","name":"East","target_class":4},"geometry":{"type":"Polygon","coordinates":[[[108,19],[109,19],[109,21],[108,21],[108,19]]]}}]})";
}
std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}
}  // namespace

TEST_CASE("Face locator finds the containing face", "[assessment]") {
  const Mesh m = two_square_mesh();
  const FaceLocator loc(m);
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    double cx, cy;
    m.face_centroid(f, cx, cy);
    CHECK(loc.find(cx, cy) == static_cast<long>(f));
  }
  CHECK(loc.find(5000, 0) == -1);
  CHECK(loc.find_or_nearest(2100, 0, 1000) >= 0);  // nearest centroid is 767 m away
  CHECK(loc.find_or_nearest(2100, 0, 500) == -1);
}

TEST_CASE("Assessment: face classes, zones, stations and the headline share", "[assessment]") {
  const Mesh m = two_square_mesh();
  const Standard s = load_standard(std::string(BEIBU_DATA_DIR) + "/standards/gb3097-1997.yaml");
  const std::string dir = std::filesystem::temp_directory_path() / ("beibu_assess_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  double lon_w, lat_w, lon_e, lat_e;
  Projection().inverse(-1000, 0, lon_w, lat_w);
  Projection().inverse(1000, 0, lon_e, lat_e);
  write_two_zones(dir + "/zones.geojson");
  std::ofstream(dir + "/stations.geojson")
      << R"({"type":"FeatureCollection","features":[)"
      << R"({"type":"Feature","properties":{"id":"W"},"geometry":{"type":"Point","coordinates":[)" << lon_w << ","
      << lat_w << R"(]}},)"
      << R"({"type":"Feature","properties":{"id":"E"},"geometry":{"type":"Point","coordinates":[)" << lon_e << ","
      << lat_e << R"(]}}]})";
  const auto zones = load_zones(m, dir + "/zones.geojson");
  const auto stations = load_stations(m, dir + "/stations.geojson", zones);
  REQUIRE(zones.size() == 2);
  CHECK(zones[0].target_class == 1);
  CHECK(zones[1].target_class == 3);
  REQUIRE(stations.size() == 2);
  CHECK(stations[0].target_class == 1);

  // Two states a day apart, linear in between.
  // West: 0.2 then 0.36 (mean 0.28, Class II; above the Class II limit 0.30 for the last 9 h).
  // East: 0.45 both times (Class IV, its target).
  TimeStatisticsBuilder b(m, s, {"DIN", "salinity"}, 0, 86400);
  auto state = [&](double t, double west, double east) {
    std::vector<double> v(m.n_faces());
    for (std::size_t f = 0; f < m.n_faces(); ++f) v[f] = m.zone[f] == 0 ? west : east;
    b.add_state(t, {{"DIN", v}, {"salinity", std::vector<double>(m.n_faces(), 33)}}, std::vector<char>(m.n_faces(), 1));
  };
  state(0, 0.2, 0.45);
  state(86400, 0.36, 0.45);
  const Assessment a = assess_period(b.finish(), m, s, zones, stations);
  CHECK(a.parameters == std::vector<std::string>{"DIN"});  // salinity is not in GB 3097
  CHECK(a.hours == 24);
  const ZoneResult& w = a.zones[0];
  CHECK(w.stats.at("DIN").mean == Approx(0.28));
  CHECK(w.class_mean == 1);
  CHECK(w.pass_mean);
  // 90th percentile of the linear rise 0.2 -> 0.36: 0.344 (within a 2 % bin), Class III.
  CHECK(w.stats.at("DIN").p90 == Approx(0.344).epsilon(0.02));
  CHECK(w.class_p90 == 2);
  CHECK_FALSE(w.pass_p90);
  CHECK(w.exceed_hours == Approx(9.0));
  const ZoneResult& e = a.zones[1];
  CHECK(e.class_mean == 3);
  CHECK(e.pass_mean);
  CHECK(e.exceed_hours == 0);
  // Faces: west Class II, east Class IV; equal areas -> half the water is Class I+II.
  CHECK(a.share_area_good == Approx(0.5));
  CHECK(a.share_area_good_by_jurisdiction.at("CN.GX") == Approx(0.5));
  // Stations: W is Class II and meets its Class II target; E is Class IV, which is its port zone's
  // target (so nothing exceeds), but it does not count as Class I+II in the headline.
  CHECK(a.stations[0].overall == 1);
  CHECK(a.stations[0].exceeding.empty());
  CHECK(a.stations[1].overall == 3);
  CHECK(a.stations[1].exceeding.empty());
  CHECK(a.share_stations_good == Approx(0.5));

  // The report, in Chinese: files, tables, embedded maps, non-blank class map.
  ReportInput in;
  in.scenario = "test";
  in.title = "two squares";
  in.period = "2 days";
  in.lang = "zh";
  in.mesh = &m;
  in.assessment = &a;
  in.standard = &s;
  in.budget = {{"constituent", "residual"}, {{"DIN", "1e-15"}}};
  write_report(dir + "/report", in);
  const std::string html = read_text(dir + "/report/report.html");
  CHECK_THAT(html, Catch::Contains("data:image/png;base64,"));
  CHECK_THAT(html, Catch::Contains("一、二类水质海域面积比例"));
  CHECK_THAT(html, Catch::Contains("第四类"));
  CHECK_THAT(read_text(dir + "/report/report.md"), Catch::Contains("50 %"));
  CHECK_THAT(read_text(dir + "/report/tables/zones.csv"), Catch::Contains("east_port"));
  CHECK(std::filesystem::exists(dir + "/report/tables/mass_budget.csv"));
  GDALAllRegister();
  // No map_views.yaml beside a zones file: one view of the mesh, "domain".
  CHECK(std::filesystem::exists(dir + "/report/maps/domain_class.svg"));
  GDALDataset* png = static_cast<GDALDataset*>(GDALOpen((dir + "/report/maps/domain_class.png").c_str(), GA_ReadOnly));
  REQUIRE(png);
  REQUIRE(png->GetRasterCount() == 4);
  const int nx = png->GetRasterXSize(), ny = png->GetRasterYSize();
  std::vector<unsigned char> red(static_cast<std::size_t>(nx) * ny), alpha(red.size());
  CHECK(png->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, nx, ny, red.data(), nx, ny, GDT_Byte, 0, 0) == CE_None);
  CHECK(png->GetRasterBand(4)->RasterIO(GF_Read, 0, 0, nx, ny, alpha.data(), nx, ny, GDT_Byte, 0, 0) == CE_None);
  GDALClose(png);
  std::size_t opaque = 0;
  for (auto v : alpha) opaque += v == 255;
  CHECK(opaque > red.size() / 2);  // the mesh fills its bounding box
  std::filesystem::remove_all(dir);
}

TEST_CASE("water that is not assessed is left out of every share, and the report says so", "[assessment]") {
  // The east half carried for the tide only (Mesh::not_assessed): Class IV water there must
  // neither count against the headline nor against its jurisdiction, nor class its station.
  Mesh m = two_square_mesh();
  m.not_assessed_names = {"east_shelf"};
  m.not_assessed.assign(m.n_faces(), -1);
  for (std::size_t f = 0; f < m.n_faces(); ++f)
    if (m.zone[f] == 1) m.not_assessed[f] = 0;
  const Standard s = load_standard(std::string(BEIBU_DATA_DIR) + "/standards/gb3097-1997.yaml");
  TimeStatisticsBuilder b(m, s, {"DIN"}, 0, 86400);
  std::vector<double> v(m.n_faces());
  for (std::size_t f = 0; f < m.n_faces(); ++f) v[f] = m.zone[f] == 0 ? 0.28 : 0.45;  // Class II / Class IV
  b.add_state(0, {{"DIN", v}}, std::vector<char>(m.n_faces(), 1));
  b.add_state(86400, {{"DIN", v}}, std::vector<char>(m.n_faces(), 1));
  StationInfo west, east;
  west.id = "W";
  east.id = "E";
  for (std::size_t f = 0; f < m.n_faces(); ++f) (m.zone[f] == 0 ? west : east).face = static_cast<long>(f);
  const Assessment a = assess_period(b.finish(), m, s, {}, {west, east});
  for (std::size_t f = 0; f < m.n_faces(); ++f) CHECK(a.face_class[f] == (m.zone[f] == 0 ? 1 : -1));
  CHECK(a.share_area_good == Approx(1.0));  // all of the assessed water is Class II (0.5 with the east)
  CHECK(a.share_area_good_by_jurisdiction.at("CN.GX") == Approx(1.0));
  CHECK(a.stations[0].overall == 1);
  CHECK(a.stations[1].overall == -1);
  CHECK(a.stations[1].mean.at("DIN") == Approx(0.45));  // its value is still reported
  CHECK(a.share_stations_good == Approx(1.0));

  Scenario sc;
  const auto notes = run_notes(sc, m, "en", {});
  // The east square is 2 km x 2 km: 4 km2.
  CHECK(std::count_if(notes.begin(), notes.end(), [](const std::string& n) {
          return n.find("4 km2 of the modelled water (east_shelf)") != std::string::npos;
        }) == 1);
  CHECK(run_notes(sc, two_square_mesh(), "en", {}).size() == notes.size() - 1);  // no such water: no note
}

TEST_CASE("a zone in water that is not assessed is an input error naming the zone and the polygon", "[assessment]") {
  Mesh m = two_square_mesh();
  const beibu::test::ScratchDir dir("beibu_assess_na_");
  const std::string zones = (dir.path() / "zones.geojson").string();
  write_two_zones(zones);
  m.not_assessed_names = {"east_shelf"};
  m.not_assessed.assign(m.n_faces(), -1);
  CHECK(load_zones(m, zones).size() == 2);  // all assessed: fine
  long flagged = 0;
  for (std::size_t f = 0; f < m.n_faces() && flagged == 0; ++f)
    if (m.zone[f] == 1) m.not_assessed[f] = 0, ++flagged;  // one of east_port's two cells
  REQUIRE(flagged == 1);
  REQUIRE_THROWS_AS(load_zones(m, zones), InputError);
  REQUIRE_THROWS_WITH(load_zones(m, zones), Catch::Contains(zones) && Catch::Contains("zone 'east_port'") &&
                                                Catch::Contains("1 of its 2 cells") && Catch::Contains("'east_shelf'"));
}
