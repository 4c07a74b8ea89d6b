// Gridded forcing at points (ingest/point_field.hpp): COADS SST against ncdump, and
// files in the layouts of ocean and weather products written by
// tests/data/ingest/make_forcing_files.py with analytic fields (the formulas below
// are the script's).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/column_mean.hpp"
#include "ingest/point_field.hpp"
#include "test_util.hpp"

using namespace beibu;
using beibu::test::ferret_file;
using beibu::test::scratch_file;

namespace {

// The files of make_forcing_files.py, written once per test binary.
std::string forcing_file(const std::string& name) {
  static const std::string dir = [] {
    const std::string d = scratch_file("forcing");
    const std::string cmd = "/usr/bin/python3 " BEIBU_TEST_DATA "/ingest/make_forcing_files.py " + d;
    INFO(cmd);
    REQUIRE(std::system(cmd.c_str()) == 0);
    return d;
  }();
  return dir + "/" + name;
}

const double kWindT0 = parse_iso8601("2024-06-30T12:00:00Z");
const double kSstT0 = parse_iso8601("2024-06-30T00:00:00Z");
constexpr double kWindScale = 0.002;  // the packing of u10 and v10

double u10(double lon, double lat, double t) {
  return 2 + 0.1 * (lon - 108) + 0.2 * (lat - 20) + 0.05 * (t - kWindT0) / 3600.0;
}
double sst_c(double lon, double lat, double t) {
  return 20 + 2 * (lon - 108) + 1.5 * (lat - 20) + 0.5 * (t - kSstT0) / 86400.0;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no InputError";
}

const std::vector<Field> kTemperature = {Field::sea_surface_temperature, Field::sea_water_temperature};

}  // namespace

// ncdump -v SST -f c /usr/share/ferret-vis/data/coads_climatology.cdf, SST(t, COADSY, COADSX)
// at TIME 0 (January) and 6 (July), COADSY 54/55 (19N/21N), COADSX 43/44 (107E/109E):
//   Jan: 22.37156 (19N 107E), 23.43088 (19N 109E), 20.3295 (21N 107E), 20.76583 (21N 109E)
//   Jul: 29.46778, 29.4429, 29.21238, 28.68684
// 108E 20N is the middle of those four cells' square: bilinear = their mean. TIME[0] =
// 366 h and TIME[6] = 4748.91 h since 0000-01-01 (a leap year) are 16 Jan 06:00 and
// 16 Jul 20:54:36 of any leap year. Tolerance 1e-4 degC: the file's float values.
TEST_CASE("COADS SST at gulf points in January and July against ncdump", "[point_field][real]") {
  const std::string path = ferret_file("coads_climatology.cdf");
  const std::vector<double> lon = {108.0, 107.0, 109.0}, lat = {20.0, 19.0, 21.0};
  const PointField sst(FieldSource{path, ""}, kTemperature, lon, lat, -2.5, 40);
  CHECK(sst.variable() == "SST");  // found by name: COADS has no standard_name
  std::vector<double> v;
  sst.sample(parse_iso8601("2024-01-16T06:00:00Z"), v);
  CHECK(v[0] == Approx((22.37156 + 23.43088 + 20.3295 + 20.76583) / 4).margin(1e-4));
  CHECK(v[1] == Approx(22.37156).margin(1e-4));
  CHECK(v[2] == Approx(20.76583).margin(1e-4));
  sst.sample(parse_iso8601("2024-07-16T20:54:36Z"), v);
  CHECK(v[0] == Approx((29.46778 + 29.4429 + 29.21238 + 28.68684) / 4).margin(1e-4));
  CHECK(v[1] == Approx(29.46778).margin(1e-4));
  CHECK(v[2] == Approx(28.68684).margin(1e-4));
  // A climatology covers any run.
  CHECK_NOTHROW(sst.check_covers(parse_iso8601("1990-01-01"), parse_iso8601("2090-01-01")));
}

TEST_CASE("Levitus TEMP is found as sea water temperature, its surface and depth average", "[point_field][real]") {
  const std::string path = ferret_file("levitus_climatology.cdf");
  const PointField top(FieldSource{path, "", Vertical::surface}, kTemperature, {108.5}, {19.5}, -2.5, 40);
  CHECK(top.variable() == "TEMP");
  std::vector<double> s, a;
  top.sample(parse_iso8601("2024-07-01"), s);
  const PointField mean(FieldSource{path, "", Vertical::depth_average}, kTemperature, {108.5}, {19.5}, -2.5, 40);
  mean.sample(parse_iso8601("2024-07-01"), a);
  CHECK(s[0] > 20);
  CHECK(s[0] < 32);
  CHECK(a[0] < s[0]);  // colder below the surface
}

TEST_CASE("ERA5-like hourly winds: packed shorts, descending latitude, 0-360, hourly axis", "[point_field]") {
  const std::string path = forcing_file("era5_winds.nc");
  // u10/v10 are found by the names ERA5 gives them; units m s**-1.
  REQUIRE(source_variable(FieldSource{path, ""}, {Field::eastward_wind}) == "u10");
  REQUIRE(source_variable(FieldSource{path, ""}, {Field::northward_wind}) == "v10");
  const std::vector<double> lon = {106.3, 108.9, 107.25, 109.9 - 360.0}, lat = {20.7, 17.4, 21.1, 18.2};
  const PointField u(FieldSource{path, ""}, {Field::eastward_wind}, lon, lat, -100, 100);
  std::vector<double> out;
  // Between the hours (linear in time) and on them; each packed corner is within half
  // a packing step of the field, and so is any weighted mean of them.
  for (double t : {kWindT0 + 5400.0, kWindT0 + 18 * 3600.0, kWindT0 + 31.25 * 3600.0}) {
    u.sample(t, out);
    for (std::size_t p = 0; p < lon.size(); ++p) {
      const double x = lon[p] < 0 ? lon[p] + 360 : lon[p];
      INFO("point " << p << " at " << format_iso8601(t));
      CHECK(out[p] == Approx(u10(x, lat[p], t)).margin(kWindScale / 2 + 1e-9));
    }
  }
  // A fill value at 108E 19.5N: the three other corners, renormalised.
  const PointField near_fill(FieldSource{path, ""}, {Field::eastward_wind}, {108.5}, {19.0}, -100, 100);
  const double t = kWindT0 + 7200.0;
  near_fill.sample(t, out);
  // Corners 108/109.5E x 19.5/18N; weights 2/3, 1/3 in lon and 2/3, 1/3 in lat, so the
  // filled corner's 4/9 is dropped and the others' 2/9 (NE), 2/9 (SW), 1/9 (SE) renormalised.
  const double w_ne = 2.0 / 9, w_sw = 2.0 / 9, w_se = 1.0 / 9;
  const double expect =
      (w_ne * u10(109.5, 19.5, t) + w_sw * u10(108, 18, t) + w_se * u10(109.5, 18, t)) / (w_ne + w_sw + w_se);
  CHECK(out[0] == Approx(expect).margin(kWindScale / 2 + 1e-9));
  CHECK(std::abs(out[0] - u10(108.5, 19.0, t)) > 0.01);  // not what a corner of zeros would give either
  // The axis covers 2024-06-30T12Z to 2024-07-03T00Z.
  CHECK_NOTHROW(u.check_covers(kWindT0, kWindT0 + 60 * 3600.0));
  const std::string m = message_of([&] { u.check_covers(kWindT0, kWindT0 + 61 * 3600.0); });
  CHECK_THAT(m, Catch::Contains("era5_winds.nc: variable 'u10': the data cover 2024-06-30T12:00:00Z"));
}

TEST_CASE("curvilinear SST in K: analytic field, land filled from the nearest water, daily axis", "[point_field]") {
  const std::string path = forcing_file("sst_curvilinear.nc");
  // Water points of the gulf; the last two lie in the grid's land block (lon > 109.2, lat > 21.2).
  const std::vector<double> lon = {106.2, 108.0, 109.1, 107.3, 109.6, 109.9},
                            lat = {20.9, 17.6, 19.2, 21.5, 21.5, 21.7};
  const PointField sst(FieldSource{path, ""}, kTemperature, lon, lat, -2.5, 40);
  CHECK(sst.variable() == "sst");  // by standard_name
  const GriddedField& g = sst.field();
  REQUIRE(g.curvilinear());
  std::vector<double> out;
  for (double t : {kSstT0 + 0.5 * 86400.0, kSstT0 + 86400.0, kSstT0 + 2.75 * 86400.0}) {
    sst.sample(t, out);
    for (std::size_t p = 0; p < 4; ++p) {
      INFO("point " << p << " at " << format_iso8601(t));
      // float32 K values (ulp 3e-5 near 300 K), then -273.15.
      CHECK(out[p] == Approx(sst_c(lon[p], lat[p], t)).margin(1e-4));
    }
    // Land: the value of the nearest valid cell (distance on the sphere, locally flat).
    const auto frame = g.frame(0);
    for (std::size_t p = 4; p < lon.size(); ++p) {
      double best = 1e300, blon = 0, blat = 0;
      for (std::size_t j = 0; j < g.ny(); ++j)
        for (std::size_t i = 0; i < g.nx(); ++i) {
          if (std::isnan((*frame)[j * g.nx() + i])) continue;
          const double dx = (g.lon_at(j, i) - lon[p]) * std::cos(lat[p] * M_PI / 180), dy = g.lat_at(j, i) - lat[p];
          if (dx * dx + dy * dy < best) {
            best = dx * dx + dy * dy;
            blon = g.lon_at(j, i);
            blat = g.lat_at(j, i);
          }
        }
      INFO("land point " << p << ": nearest water at " << blon << ", " << blat);
      CHECK(out[p] == Approx(sst_c(blon, blat, t)).margin(1e-4));
    }
  }
}

TEST_CASE("bad forcing files: exit-2 errors naming the file and the variable", "[point_field][errors]") {
  const std::vector<double> lon = {108.0}, lat = {20.0};
  auto open = [&](const std::string& name, const std::string& var) {
    return message_of([&] { PointField(FieldSource{forcing_file(name), var}, kTemperature, lon, lat, -2.5, 40); });
  };
  CHECK_THAT(open("sst_decreasing_time.nc", ""),
             Catch::Contains("sst_decreasing_time.nc: variable 'time': time is not strictly increasing at index 1"));
  CHECK_THAT(open("sst_curvilinear.nc", "thetao"),
             Catch::Contains("sst_curvilinear.nc: variable 'thetao': no such variable"));
  CHECK_THAT(open("sst_furlongs.nc", ""),
             Catch::Contains("sst_furlongs.nc: variable 'sst': units 'furlongs' are not a unit of temperature"));
  // Kelvin values labelled degC: refused at the first sample, naming the point.
  const PointField k(FieldSource{forcing_file("sst_kelvin_as_celsius.nc"), ""}, kTemperature, lon, lat, -2.5, 40);
  std::vector<double> out;
  CHECK_THAT(message_of([&] { k.sample(kSstT0, out); }),
             Catch::Contains("sst_kelvin_as_celsius.nc: variable 'sst': at 108 E, 20 N on 2024-06-30T00:00:00Z: "
                             "value 293.15"));
  CHECK_THAT(message_of([&] {
               source_variable(FieldSource{forcing_file("winds_no_v10.nc"), ""}, {Field::northward_wind});
             }),
             Catch::Contains("winds_no_v10.nc: no variable with standard_name 'northward_wind'"));
  // A point the grid does not reach.
  const PointField far(FieldSource{forcing_file("sst_curvilinear.nc"), ""}, kTemperature, {130.0}, {5.0}, -2.5, 40);
  CHECK_THAT(message_of([&] { far.sample(kSstT0, out); }),
             Catch::Contains("sst_curvilinear.nc: variable 'sst': at 130 E, 5 N"));
}

// column_mean (column_mean.hpp) of profiles whose mean is known in closed form.
TEST_CASE("column means of piecewise-linear profiles", "[point_field][column]") {
  const double z[] = {0, 10, 20, 50};
  // Linear c = 1 + 0.1 z: the mean over [0, h] inside the levels is 1 + 0.05 h.
  const double lin[] = {1, 2, 3, 6};
  for (double h : {5.0, 10.0, 17.5, 50.0}) CHECK(column_mean(z, lin, 4, h) == Approx(1 + 0.05 * h).epsilon(1e-14));
  // Below the deepest level the last value holds: over [0, 80], (50 x 3.5 + 30 x 6) / 80.
  CHECK(column_mean(z, lin, 4, 80) == Approx((50 * 3.5 + 30 * 6.0) / 80).epsilon(1e-14));
  // A level without a value is passed over: 20 m missing, linear 2 -> 6 from 10 to 50 m.
  const double gap[] = {1, 2, std::nan(""), 6};
  CHECK(column_mean(z, gap, 4, 30) == Approx((10 * 1.5 + 20 * (2 + 0.5 * (4.0 - 2.0))) / 30).epsilon(1e-14));
  // A first level below the surface holds up to the surface; h <= 0 gives that value.
  const double zd[] = {5, 15}, c2[] = {2, 4};
  CHECK(column_mean(zd, c2, 2, 15) == Approx((5 * 2 + 10 * 3) / 15.0).epsilon(1e-14));
  CHECK(column_mean(zd, c2, 2, -1) == 2);
  // No value at all: NaN (the caller names the point).
  const double none[] = {std::nan(""), std::nan("")};
  CHECK(std::isnan(column_mean(zd, none, 2, 10)));
}

// The mean of Levitus SALT over a point's own water column against the numpy
// computation of tests/data/ingest/column_reference.py (which reads the file itself):
// in the gulf's mouth (a corner on Hainan, land at 75 m below two more), a column
// deeper than the atlas's there (its last value held to the bottom), the Qiongzhou
// boundary, and a point whose grid corners are all land (the nearest water column).
TEST_CASE("Levitus salinity averaged over the local depth matches numpy to 1e-6", "[point_field][column][real]") {
  const std::string path = ferret_file("levitus_climatology.cdf");
  const std::vector<double> lon = {107.8, 107.2, 107.8, 110.4428, 108.9}, lat = {18.0, 19.0, 18.0, 20.2451, 19.2},
                            depth = {60, 35, 140, 14.99, 20};
  GridOptions opt;
  opt.quantity = Quantity::salinity;
  opt.max_fill_cells = 3;
  const PointField f(FieldSource{path, "SALT", Vertical::depth_average}, "SALT", opt, lon, lat, depth, 0, 45);
  CHECK(f.averages_columns());
  std::vector<double> v;
  f.sample(parse_iso8601("2024-07-01"), v);
  for (std::size_t p = 0; p < lon.size(); ++p) {
    std::ostringstream cmd;
    cmd.precision(17);
    cmd << "/usr/bin/python3 " BEIBU_TEST_DATA "/ingest/column_reference.py " << path << " SALT " << lon[p] << " "
        << lat[p] << " " << depth[p];
    FILE* pipe = popen(cmd.str().c_str(), "r");
    REQUIRE(pipe);
    char buf[128] = {};
    const bool got = std::fgets(buf, sizeof buf, pipe) != nullptr;
    REQUIRE(pclose(pipe) == 0);
    REQUIRE(got);
    const double want = std::strtod(buf, nullptr);
    INFO(cmd.str());
    CHECK(v[p] == Approx(want).margin(1e-6));
  }
  // The surface level alone (vertical: surface) differs: the column is saltier below.
  const PointField top(FieldSource{path, "SALT", Vertical::surface}, "SALT", opt, lon, lat, depth, 0, 45);
  std::vector<double> s;
  top.sample(parse_iso8601("2024-07-01"), s);
  CHECK(s[0] < v[0] - 0.1);
}

// A CMEMS-like 3-D nitrate field (make_forcing_files.py: no3 in mmol m-3 on depth
// levels 0.494 .. 155.85 m with fill values below 60 m, daily): DIN in mg/L as N,
// averaged over each point's column, interpolated in time; the column mean of the
// linear profile in closed form (below the last level above the bottom, 55.76 m, its
// value holds). Tolerance 2e-6 relative: the file's float32 values.
TEST_CASE("CMEMS-like nitrate as DIN: mmol m-3 to mg/L of N, column means, time interpolation",
          "[point_field][column]") {
  const std::string path = forcing_file("cmems_bgc.nc");
  const double z0 = static_cast<float>(0.494), z1 = static_cast<float>(55.76);
  auto column_linear = [&](double a, double b, double h) {
    const double top = (a + b * z0) * z0;
    if (h <= z1) return (top + a * (h - z0) + 0.5 * b * (h * h - z0 * z0)) / h;
    return (top + a * (z1 - z0) + 0.5 * b * (z1 * z1 - z0 * z0) + (a + b * z1) * (h - z1)) / h;
  };
  auto din = [&](double lon, double lat, double h, double day) {
    return 14.007 / 1000 * column_linear(2 + 0.5 * (lon - 108) + 0.3 * (lat - 20) + 0.1 * day, 0.02, h);
  };
  const std::vector<double> lon = {107.3, 108.61, 106.9}, lat = {18.2, 19.93, 20.4}, depth = {42.0, 85.0, 3.0};
  GridOptions opt;
  opt.parameter = Parameter::DIN;
  const PointField f(FieldSource{path, "no3", Vertical::depth_average}, "no3", opt, lon, lat, depth, 0, 1000);
  std::vector<double> v;
  const double t = kSstT0 + 1.3 * 86400;  // between the daily frames of 2024-07-01 and -02 (12:00)
  f.sample(t, v);
  for (std::size_t p = 0; p < lon.size(); ++p) CHECK(v[p] == Approx(din(lon[p], lat[p], depth[p], 1.3)).epsilon(2e-6));
  // The units are converted (a mass-concentration field would be 1000 / 14.007 times smaller).
  CHECK(v[0] < 0.06);
  CHECK(v[0] > 0.02);
}
