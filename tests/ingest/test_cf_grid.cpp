// CF gridded fields: coordinates found by attributes, packed data, 0-360
// wrap, curvilinear grids, vertical choice, coast-aware fill, climatology
// cycling, errors; and the real COADS and Navy files against ncdump.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "core/error.hpp"
#include "ingest/cf_grid.hpp"
#include "test_util.hpp"

using namespace beibu;
using beibu::test::ferret_file;
using beibu::test::scratch_file;

namespace {

const double kNaN = std::nan("");

// A rectilinear file: lon(nx), lat(ny), optional time(nt); var(time, lat, lon).
struct GridSpec {
  std::vector<double> lon, lat, time;
  std::string time_units = "days since 2000-01-01", calendar;
  std::string lon_name = "x", lat_name = "y";
  std::vector<double> values;  // nt * ny * nx
  std::string units = "m/s";
};

std::string write_grid(const std::string& name, const GridSpec& g) {
  const std::string path = scratch_file(name);
  NcFile nc = NcFile::create(path);
  nc.def_dim(g.lon_name, g.lon.size());
  nc.def_dim(g.lat_name, g.lat.size());
  std::vector<std::string> dims{g.lat_name, g.lon_name};
  if (!g.time.empty()) {
    nc.def_dim("t", g.time.size());
    nc.def_var("t", NC_DOUBLE, {"t"});
    nc.put_att("t", "units", g.time_units);
    if (!g.calendar.empty()) nc.put_att("t", "calendar", g.calendar);
    dims.insert(dims.begin(), "t");
  }
  nc.def_var(g.lon_name, NC_DOUBLE, {g.lon_name});
  nc.put_att(g.lon_name, "units", "degrees_east");
  nc.def_var(g.lat_name, NC_DOUBLE, {g.lat_name});
  nc.put_att(g.lat_name, "standard_name", "latitude");
  nc.def_var("f", NC_DOUBLE, dims);
  nc.put_att("f", "units", g.units);
  nc.put_att("f", "_FillValue", -999.0);
  nc.enddef();
  nc.put(g.lon_name, g.lon);
  nc.put(g.lat_name, g.lat);
  if (!g.time.empty()) nc.put("t", g.time);
  nc.put("f", g.values);
  nc.close();
  return path;
}

double t_of(const char* iso) {
  return parse_iso8601(iso);
}

}  // namespace

TEST_CASE("packed integers: scale_factor, add_offset, _FillValue, valid_range, _Unsigned", "[cf_grid]") {
  const std::string path = scratch_file("packed.nc");
  {
    NcFile nc = NcFile::create(path);
    nc.def_dim("lat", 2);
    nc.def_dim("lon", 3);
    nc.def_var("lat", NC_DOUBLE, {"lat"});
    nc.put_att("lat", "axis", "Y");
    nc.def_var("lon", NC_DOUBLE, {"lon"});
    nc.put_att("lon", "axis", "X");
    nc.def_var("sst", NC_SHORT, {"lat", "lon"});
    nc.put_att("sst", "units", "K");
    nc.put_att("sst", "scale_factor", 0.01);
    nc.put_att("sst", "add_offset", 290.0);
    const short fill = -32767, range[2] = {-1000, 2000};
    REQUIRE(nc_put_att_short(nc.id(), nc.varid("sst"), "_FillValue", NC_SHORT, 1, &fill) == NC_NOERR);
    REQUIRE(nc_put_att_short(nc.id(), nc.varid("sst"), "valid_range", NC_SHORT, 2, range) == NC_NOERR);
    nc.def_var("cover", NC_BYTE, {"lat", "lon"});
    nc.put_att("cover", "_Unsigned", "true");
    nc.enddef();
    nc.put("lat", std::vector<double>{20.0, 21.0});
    nc.put("lon", std::vector<double>{108.0, 109.0, 110.0});
    nc.put("sst", std::vector<int>{0, 100, -32767, 500, 2500, -200});
    nc.put("cover", std::vector<int>{0, 1, 127, -128, -1, 5});
  }
  GridOptions opt;
  opt.quantity = Quantity::temperature;  // K -> degC
  const GriddedField f(path, "sst", opt);
  const auto fr = f.frame(0);
  CHECK((*fr)[0] == Approx(290.0 - 273.15));
  CHECK((*fr)[1] == Approx(291.0 - 273.15));
  CHECK(std::isnan((*fr)[2]));  // _FillValue
  CHECK((*fr)[3] == Approx(295.0 - 273.15));
  CHECK(std::isnan((*fr)[4]));  // above valid_range
  CHECK((*fr)[5] == Approx(288.0 - 273.15));
  // Bilinear at the centre of the first cell: the fill corner is dropped and the weights renormalised.
  CHECK(f.sample(108.5, 20.5, 0) == Approx((290.0 + 291.0 + 295.0) / 3 - 273.15));

  const GriddedField c(path, "cover");
  const auto cv = c.frame(0);
  CHECK((*cv)[2] == 127);
  CHECK((*cv)[3] == 128);  // -128 as unsigned
  CHECK((*cv)[4] == 255);
}

TEST_CASE("longitudes 0-360 wrap and -180..180 grids sampled at 0..360", "[cf_grid]") {
  GridSpec g;
  for (int i = 0; i < 144; ++i) g.lon.push_back(2.5 * i);  // 0 .. 357.5
  g.lat = {-10.0, 10.0};
  for (int j = 0; j < 2; ++j)
    for (int i = 0; i < 144; ++i) g.values.push_back(i);
  const GriddedField f(write_grid("global.nc", g), "f");
  CHECK(f.sample(-1.25, 0, 0) == Approx(71.5));  // between 357.5 (143) and 360 (0)
  CHECK(f.sample(358.75, 0, 0) == Approx(71.5));
  CHECK(f.sample(108.0 - 360.0, 0, 0) == Approx(108.0 / 2.5));
  CHECK(f.sample(108.0 + 720.0, 0, 0) == Approx(108.0 / 2.5));

  GridSpec h;
  for (int i = 0; i < 8; ++i) h.lon.push_back(-180.0 + 45.0 * i);  // -180 .. 135
  h.lat = {0.0, 30.0};
  for (int j = 0; j < 2; ++j)
    for (int i = 0; i < 8; ++i) h.values.push_back(h.lon[static_cast<std::size_t>(i)]);
  const GriddedField e(write_grid("pm180.nc", h), "f");
  CHECK(e.sample(200.0, 15, 0) == Approx(-160.0));  // 200E = 160W
  CHECK(e.sample(-160.0, 15, 0) == Approx(-160.0));

  // A regional grid in 0..360 sampled with a negative longitude.
  GridSpec r;
  r.lon = {350.0, 351.0, 352.0};
  r.lat = {0.0, 1.0};
  r.values = {1, 2, 3, 1, 2, 3};
  const GriddedField rf(write_grid("regional360.nc", r), "f");
  CHECK(rf.sample(-8.5, 0.5, 0) == Approx(2.5));
  CHECK(std::isnan(rf.sample(10.0, 0.5, 0)));  // far outside: no data, not a guess
}

TEST_CASE("descending latitudes and irregular longitudes", "[cf_grid]") {
  GridSpec g;
  g.lon = {100.0, 101.0, 105.0};
  g.lat = {30.0, 20.0};              // north to south
  g.values = {1, 2, 6, 11, 12, 16};  // f = (lon - 99) + (30 - lat)
  const GriddedField f(write_grid("irregular.nc", g), "f");
  CHECK(f.sample(103.0, 25.0, 0) == Approx(4 + 5));
  CHECK(f.sample(100.5, 22.0, 0) == Approx(1.5 + 8));
}

TEST_CASE("coast-aware fill: land never leaks into water points", "[cf_grid]") {
  GridSpec g;
  g.lon = {0, 1, 2, 3, 4};
  g.lat = {0, 1, 2, 3, 4};
  // Land (fill) in the west half; water value 10 elsewhere, land value 100 would leak if used.
  for (int j = 0; j < 5; ++j)
    for (int i = 0; i < 5; ++i) g.values.push_back(i < 2 ? -999.0 : 10.0 + j);
  GridOptions opt;
  opt.max_fill_cells = 2;
  const GriddedField f(write_grid("coast.nc", g), "f", opt);
  CHECK(f.sample(1.5, 1.0, 0) == Approx(11.0));  // two land corners dropped, renormalised
  CHECK(f.sample(0.6, 2.0, 0) == Approx(12.0));  // four land corners: nearest water cell (2, 2)
  opt.max_fill_cells = 1;
  const GriddedField g1(f.path(), "f", opt);
  CHECK(std::isnan(g1.sample(-0.9, 2.0, 0)));  // no water within one cell
  opt.max_fill_cells = 0;
  const GriddedField g0(f.path(), "f", opt);
  CHECK(std::isnan(g0.sample(0.6, 2.0, 0)));
}

TEST_CASE("linear in time; outside the data is an error", "[cf_grid]") {
  GridSpec g;
  g.lon = {0, 1};
  g.lat = {0, 1};
  g.time = {0, 1};  // days since 2000-01-01
  g.values = {0, 0, 0, 0, 10, 10, 10, 10};
  const GriddedField f(write_grid("time.nc", g), "f");
  CHECK_FALSE(f.climatology());
  CHECK(f.sample(0.5, 0.5, t_of("2000-01-01T06:00Z")) == Approx(2.5));
  CHECK_THROWS_AS(f.sample(0.5, 0.5, t_of("2000-01-03T00:00Z")), InputError);
}

TEST_CASE("climatologies are used cyclically for any year", "[cf_grid]") {
  GridSpec g;
  g.lon = {0, 1};
  g.lat = {0, 1};
  g.time_units = "days since 0000-01-01";
  for (int k = 0; k < 12; ++k) {
    g.time.push_back(15.0 + 30.5 * k);
    for (int c = 0; c < 4; ++c) g.values.push_back(k);
  }
  const GriddedField f(write_grid("clim.nc", g), "f");
  CHECK(f.climatology());
  const double jul2001 = f.sample(0.5, 0.5, t_of("2001-07-01T00:00Z"));
  const double jul2087 = f.sample(0.5, 0.5, t_of("2087-07-01T00:00Z"));
  CHECK(jul2001 == Approx(jul2087));
  CHECK(jul2001 > 5.0);
  CHECK(jul2001 < 6.0);
  // New Year: between December (11) and January (0), not extrapolated.
  const double ny = f.sample(0.5, 0.5, t_of("2023-01-01T00:00Z"));
  CHECK(ny > 0.0);
  CHECK(ny < 11.0);

  // A real-year axis marked by a `climatology` attribute is cyclic too.
  const std::string p2 = scratch_file("clim_attr.nc");
  std::filesystem::copy_file(f.path(), p2, std::filesystem::copy_options::overwrite_existing);
  {
    int id;
    REQUIRE(nc_open(p2.c_str(), NC_WRITE, &id) == NC_NOERR);
    int tv;
    REQUIRE(nc_inq_varid(id, "t", &tv) == NC_NOERR);
    nc_redef(id);
    const std::string u = "days since 1990-01-01", cb = "climatology_bounds";
    nc_put_att_text(id, tv, "units", u.size(), u.c_str());
    nc_put_att_text(id, tv, "climatology", cb.size(), cb.c_str());
    nc_close(id);
  }
  const GriddedField f2(p2, "f");
  CHECK(f2.climatology());
  CHECK(f2.sample(0.5, 0.5, t_of("2030-07-01T00:00Z")) > 5.0);
}

TEST_CASE("curvilinear ROMS-style grid with s-levels: surface and depth average", "[cf_grid]") {
  const std::string path = scratch_file("roms.nc");
  const std::size_t ny = 6, nx = 8, nz = 3;
  {
    NcFile nc = NcFile::create(path);
    nc.def_dim("ocean_time", 1);
    nc.def_dim("s_rho", nz);
    nc.def_dim("eta_rho", ny);
    nc.def_dim("xi_rho", nx);
    nc.def_var("ocean_time", NC_DOUBLE, {"ocean_time"});
    nc.put_att("ocean_time", "units", "seconds since 2020-01-01 00:00:00");
    nc.put_att("ocean_time", "calendar", "gregorian");
    nc.def_var("s_rho", NC_DOUBLE, {"s_rho"});
    nc.put_att("s_rho", "standard_name", "ocean_s_coordinate_g2");
    nc.put_att("s_rho", "positive", "up");
    nc.def_var("lon_rho", NC_DOUBLE, {"eta_rho", "xi_rho"});
    nc.put_att("lon_rho", "units", "degree_east");
    nc.def_var("lat_rho", NC_DOUBLE, {"eta_rho", "xi_rho"});
    nc.put_att("lat_rho", "units", "degree_north");
    nc.def_var("temp", NC_FLOAT, {"ocean_time", "s_rho", "eta_rho", "xi_rho"});
    nc.put_att("temp", "units", "Celsius");
    nc.put_att("temp", "coordinates", "lon_rho lat_rho s_rho ocean_time");
    nc.enddef();
    nc.put("ocean_time", std::vector<double>{0.0});
    nc.put("s_rho", std::vector<double>{-5.0 / 6, -0.5, -1.0 / 6});  // bottom to surface, equal layers
    std::vector<double> lon, lat, temp;
    for (std::size_t j = 0; j < ny; ++j)
      for (std::size_t i = 0; i < nx; ++i) {
        // A rotated, sheared grid (not a lon/lat product).
        lon.push_back(107.0 + 0.1 * i - 0.04 * j);
        lat.push_back(20.0 + 0.03 * i + 0.1 * j);
      }
    for (std::size_t k = 0; k < nz; ++k)
      for (std::size_t c = 0; c < ny * nx; ++c) temp.push_back(2 * lon[c] + 3 * lat[c] - 250 + 10.0 * k);
    nc.put("lon_rho", lon);
    nc.put("lat_rho", lat);
    nc.put("temp", temp);
  }
  GridOptions surf;
  surf.quantity = Quantity::temperature;
  const GriddedField f(path, "temp", surf);
  CHECK(f.curvilinear());
  // A linear field is reproduced exactly by bilinear interpolation on parallelograms.
  const double lon = 107.23, lat = 20.31;
  CHECK(f.sample(lon, lat, t_of("2020-01-01T00:00Z")) == Approx(2 * lon + 3 * lat - 250 + 20.0));
  CHECK(std::isnan(f.sample(120.0, 20.3, t_of("2020-01-01T00:00Z"))));
  GridOptions avg = surf;
  avg.vertical = Vertical::depth_average;
  const GriddedField a(path, "temp", avg);
  CHECK(a.sample(lon, lat, t_of("2020-01-01T00:00Z")) == Approx(2 * lon + 3 * lat - 250 + 10.0));
}

TEST_CASE("variables by standard_name, user names and known names", "[cf_grid]") {
  const std::string coads = ferret_file("coads_climatology.cdf");
  CHECK(find_variable(coads, Field::eastward_wind) == "UWND");
  CHECK(find_variable(coads, Field::sea_surface_temperature) == "SST");
  CHECK(find_variable(coads, Field::air_pressure_at_sea_level, {"SLP"}) == "SLP");
  try {
    find_variable(coads, Field::sea_water_salinity, {"sal"});
    FAIL("expected InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("coads_climatology.cdf") != std::string::npos);
    CHECK(std::string(e.what()).find("sea_water_salinity") != std::string::npos);
  }
  const std::string path = scratch_file("sn.nc");
  {
    NcFile nc = NcFile::create(path);
    nc.def_dim("x", 1);
    nc.def_var("wind_e", NC_DOUBLE, {"x"});
    nc.put_att("wind_e", "standard_name", "eastward_wind");
    nc.def_var("u10", NC_DOUBLE, {"x"});
    nc.enddef();
  }
  CHECK(find_variable(path, Field::eastward_wind, {"u10"}) == "wind_e");  // standard_name first
}

TEST_CASE("malformed NetCDF: truncated, missing coordinate, non-monotonic time, wrong units", "[cf_grid][errors]") {
  auto expect_error = [](auto&& fn, const std::string& file, const std::string& what) {
    try {
      fn();
      FAIL("expected InputError");
    } catch (const InputError& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).find(file) != std::string::npos);
      CHECK(std::string(e.what()).find(what) != std::string::npos);
    }
  };
  // Truncated: the first half of the COADS file.
  const std::string trunc = scratch_file("truncated.cdf");
  {
    std::ifstream in(ferret_file("coads_climatology.cdf"), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(trunc, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  expect_error(
      [&] {
        GriddedField f(trunc, "SST");
        f.frame(11);
      },
      "truncated.cdf", "");

  const std::string nocoord = scratch_file("nocoord.nc");
  {
    NcFile nc = NcFile::create(nocoord);
    nc.def_dim("y", 2);
    nc.def_dim("x", 2);
    nc.def_var("y", NC_DOUBLE, {"y"});
    nc.put_att("y", "units", "degrees_north");
    nc.def_var("f", NC_DOUBLE, {"y", "x"});
    nc.enddef();
  }
  expect_error([&] { GriddedField f(nocoord, "f"); }, "variable 'f'", "no longitude coordinate");

  GridSpec g;
  g.lon = {0, 1};
  g.lat = {0, 1};
  g.time = {0, 2, 1};
  g.values.assign(12, 1.0);
  const std::string nonmono = write_grid("nonmono.nc", g);
  expect_error([&] { GriddedField f(nonmono, "f"); }, "variable 't'", "not strictly increasing at index 2");

  g.time = {0, 1, 2};
  g.time_units = "months since 2000-01-01";
  const std::string months = write_grid("months.nc", g);
  expect_error([&] { GriddedField f(months, "f"); }, "variable 't'", "months");

  g.time_units = "days since 2000-01-01";
  g.units = "degC";
  const std::string wrong = write_grid("wrongunits.nc", g);
  GridOptions vel;
  vel.quantity = Quantity::velocity;
  expect_error([&] { GriddedField f(wrong, "f", vel); }, "variable 'f'", "not a unit of velocity");
  expect_error([&] { GriddedField f(wrong, "nosuch"); }, "variable 'nosuch'", "no such variable");
}

// Spot values of the real COADS climatology. Each number was read by hand from
//   ncdump -v UWND /usr/share/ferret-vis/data/coads_climatology.cdf   (and -v VWND, -v SST, -v SLP)
// at TIME index 0 (January) and 6 (July), COADSY index 54 (19N) / 55 (21N),
// COADSX index 43 (107E) / 44 (109E); COADSX runs 21..379, COADSY -89..89 (ncdump -v COADSX,COADSY).
TEST_CASE("COADS climatology spot values against ncdump", "[cf_grid][real]") {
  const std::string path = ferret_file("coads_climatology.cdf");
  const GriddedField u(path, "UWND");
  REQUIRE(u.nx() == 180);
  REQUIRE(u.ny() == 90);
  REQUIRE(u.ntime() == 12);
  CHECK(u.climatology());
  CHECK(u.lon_at(0, 43) == 107);
  CHECK(u.lat_at(54, 0) == 19);
  auto at = [&](const GriddedField& f, std::size_t k, std::size_t j, std::size_t i) {
    return (*f.frame(k))[j * f.nx() + i];
  };
  CHECK(at(u, 0, 54, 43) == Approx(-4.072187).epsilon(1e-6));
  CHECK(at(u, 0, 55, 44) == Approx(-3.768421).epsilon(1e-6));
  CHECK(at(u, 6, 54, 44) == Approx(1.115312).epsilon(1e-6));
  const GriddedField v(path, "VWND");
  CHECK(at(v, 0, 54, 43) == Approx(-4.456875).epsilon(1e-6));
  CHECK(at(v, 6, 54, 43) == Approx(4.345).epsilon(1e-6));
  CHECK(at(v, 6, 55, 44) == Approx(3.22).epsilon(1e-6));
  const GriddedField sst(path, "SST", GridOptions{Quantity::temperature});
  CHECK(at(sst, 0, 54, 43) == Approx(22.37156).epsilon(1e-6));
  CHECK(at(sst, 6, 55, 43) == Approx(29.21238).epsilon(1e-6));
  // SLP is in MB in the file; the model wants Pa.
  const GriddedField slp(path, "SLP", GridOptions{Quantity::pressure});
  CHECK(at(slp, 6, 54, 43) == Approx(100404.1).epsilon(1e-6));
  // Land: 107E 23N (COADSY 56) is missing ("_" in ncdump) in January.
  CHECK(std::isnan(at(u, 0, 56, 43)));
  // Sampling at the grid point at the instant of TIME[0] (16 Jan 06:00 of a leap year) gives the stored value.
  CHECK(u.sample(107.0, 19.0, parse_iso8601("2000-01-16T06:00:00Z")) == Approx(-4.072187).epsilon(1e-6));
  CHECK(u.sample(107.0 - 360.0, 19.0, parse_iso8601("2000-01-16T06:00:00Z")) == Approx(-4.072187).epsilon(1e-6));
}

TEST_CASE("a stencil reused step after step gives what fresh sampling gives", "[cf_grid][real]") {
  // Fields keep the last two frames sampled at a stencil's points; two fields share
  // one stencil (as the winds do), and the steps cross month boundaries and the year.
  const std::string path = ferret_file("coads_climatology.cdf");
  const GriddedField u(path, "UWND"), v(path, "VWND");
  const GriddedField u_ref(path, "UWND"), v_ref(path, "VWND");  // fresh stencils every call
  const std::vector<double> lon = {105.7, 107.0, 108.3, 109.9, 110.4, 106.5},
                            lat = {20.1, 19.0, 21.6, 18.2, 21.3, 21.9};  // the last: nearest-valid fill
  const Stencil s = u.locate(lon, lat);
  const double t0 = parse_iso8601("2023-11-20T00:00:00Z");
  int compared = 0, differ = 0;
  for (double t = t0; t < t0 + 120 * 86400.0; t += 5 * 3600.0) {
    std::vector<double> us, vs;
    u.sample(s, t, us);
    v.sample(s, t, vs);
    for (std::size_t p = 0; p < lon.size(); ++p) {
      differ += us[p] != u_ref.sample(lon[p], lat[p], t) || vs[p] != v_ref.sample(lon[p], lat[p], t);
      compared += 2;
    }
  }
  INFO(differ << " of " << compared << " differ");
  CHECK(compared > 5000);
  CHECK(differ == 0);
}

TEST_CASE("COADS winds over the gulf: SW monsoon in July, NE monsoon in January", "[cf_grid][real]") {
  const std::string path = ferret_file("coads_climatology.cdf");
  const GriddedField u(path, find_variable(path, Field::eastward_wind), GridOptions{Quantity::velocity});
  const GriddedField v(path, find_variable(path, Field::northward_wind), GridOptions{Quantity::velocity});
  for (int year : {1998, 2024, 2031}) {
    const double jul = parse_iso8601(std::to_string(year) + "-07-15T00:00Z");
    const double jan = parse_iso8601(std::to_string(year) + "-01-15T00:00Z");
    INFO(year);
    // Blowing toward the north-east in July ...
    CHECK(u.sample(108.0, 20.0, jul) > 0.0);
    CHECK(v.sample(108.0, 20.0, jul) > 0.0);
    // ... and toward the south-west in January.
    CHECK(u.sample(108.0, 20.0, jan) < 0.0);
    CHECK(v.sample(108.0, 20.0, jan) < 0.0);
  }
  // Stations along the Guangxi coast (some grid corners are land): values, not NaN.
  std::vector<double> out;
  u.sample({108.55, 109.1, 107.9}, {21.81, 21.4, 21.5}, parse_iso8601("2024-07-15T00:00Z"), out);
  for (double x : out) CHECK(std::isfinite(x));
}

// Spot values of monthly_navy_winds.cdf, read by hand from
//   ncdump -v UWND /usr/share/ferret-vis/data/monthly_navy_winds.cdf   (and -v VWND, -v TIME)
// TIME index 0, FNOCY index 44 (20N), FNOCX index 35 (107.5E); and the first value of each.
TEST_CASE("monthly_navy_winds spot values against ncdump", "[cf_grid][real]") {
  const std::string path = ferret_file("monthly_navy_winds.cdf");
  const GriddedField u(path, "UWND"), v(path, "VWND");
  REQUIRE(u.nx() == 144);
  REQUIRE(u.ny() == 73);
  REQUIRE(u.ntime() == 132);
  CHECK_FALSE(u.climatology());
  // TIME[0] = 17598 "hour since 1980-01-14 14:00:00" = 733.25 days later (ncdump -t -v TIME: "1982-01-16 20").
  CHECK(u.time_axis().t[0] == parse_iso8601("1982-01-16T20:00:00Z"));
  auto at = [&](const GriddedField& f, std::size_t k, std::size_t j, std::size_t i) {
    return (*f.frame(k))[j * f.nx() + i];
  };
  CHECK(at(u, 0, 44, 35) == Approx(-6.143115).epsilon(1e-6));
  CHECK(at(v, 0, 44, 35) == Approx(6.172131).epsilon(1e-6));
  CHECK(at(u, 6, 44, 36) == Approx(1.542582).epsilon(1e-6));
  CHECK(at(u, 0, 0, 0) == Approx(0.8971722).epsilon(1e-6));
  CHECK(at(v, 0, 0, 0) == Approx(-1.045574).epsilon(1e-6));
  CHECK(u.sample(107.5, 20.0, parse_iso8601("1982-01-16T20:00:00Z")) == Approx(-6.143115).epsilon(1e-6));
}

// ETOPO20 relief: coordinates named ETOPO20X1_1081 / ETOPO20Y, found by units only,
// longitudes 20.17..380.17 (the first repeated +360), no time axis. Values read by hand from
//   ncdump -v ROSE /usr/share/ferret-vis/data/etopo20.cdf
// at ETOPO20Y index 330 (20.1666557N) and ETOPO20X1_1081 index 264 (108.1666579E) and 265,
// index (0, 0), and the land point (339, 279) (23.17N, 113.17E).
TEST_CASE("ETOPO20 relief: coordinates by units, no time axis, spot values against ncdump", "[cf_grid][real]") {
  const std::string path = ferret_file("etopo20.cdf");
  const GriddedField r(path, "ROSE", GridOptions{Quantity::length});
  REQUIRE(r.nx() == 1081);
  REQUIRE(r.ny() == 540);
  CHECK(r.ntime() == 1);
  CHECK_FALSE(r.climatology());
  const auto f = r.frame(0);
  CHECK((*f)[330 * 1081 + 264] == Approx(-48.4375));
  CHECK((*f)[330 * 1081 + 265] == Approx(-58.9375));
  CHECK((*f)[0] == Approx(2804));
  CHECK((*f)[339 * 1081 + 279] == Approx(38.875));
  CHECK(r.sample(108.1666579, 20.1666557, 0) == Approx(-48.4375).epsilon(1e-5));
  CHECK(r.sample(108.1666579 - 360.0, 20.1666557, 0) == Approx(-48.4375).epsilon(1e-5));
  // Half way between the two neighbours in longitude.
  CHECK(r.sample(108.3333246, 20.1666557, 0) == Approx(0.5 * (-48.4375 - 58.9375)).epsilon(1e-4));
}
