// The NetCDF variable reader: dimensions by name in any order, units converted or
// refused, fill / missing / out-of-range values refused or read as NaN, and time
// axes with their calendar checked. Expected values are the numbers written here.
#include <netcdf.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>

#include "core/error.hpp"
#include "ingest/nc_var.hpp"
#include "ingest/unit_expr.hpp"
#include "test_util.hpp"

using namespace beibu;

namespace {

// a(x, y) = 10 x + y on x = 0..2, y = 0..1, stored (x, y) or (y, x).
std::string write_grid(const std::string& name, bool y_first, const std::string& units = "m3") {
  const std::string p = test::scratch_file(name);
  NcFile nc = NcFile::create(p);
  nc.def_dim("x", 3);
  nc.def_dim("y", 2);
  nc.def_var("a", NC_DOUBLE, y_first ? std::vector<std::string>{"y", "x"} : std::vector<std::string>{"x", "y"});
  if (!units.empty()) nc.put_att("a", "units", units);
  nc.enddef();
  std::vector<double> v;
  if (y_first)
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 3; ++x) v.push_back(10 * x + y);
  else
    for (int x = 0; x < 3; ++x)
      for (int y = 0; y < 2; ++y) v.push_back(10 * x + y);
  nc.put("a", v);
  nc.close();
  return p;
}

std::string write_series(const std::string& name, const std::vector<double>& v,
                         const std::vector<std::pair<std::string, std::vector<double>>>& num_atts,
                         const std::string& calendar = "standard") {
  const std::string p = test::scratch_file(name);
  NcFile nc = NcFile::create(p);
  nc.def_dim("time", v.size());
  nc.def_var("time", NC_DOUBLE, {"time"});
  nc.put_att("time", "units", "hours since 2024-07-01 00:00:00");
  nc.put_att("time", "calendar", calendar);
  nc.def_var("c", NC_DOUBLE, {"time"});
  for (const auto& [k, a] : num_atts) nc.put_att("c", k, a);
  nc.enddef();
  std::vector<double> t;
  for (std::size_t i = 0; i < v.size(); ++i) t.push_back(static_cast<double>(i));
  nc.put("time", t);
  nc.put("c", v);
  nc.close();
  return p;
}

}  // namespace

TEST_CASE("text attributes are read as NC_CHAR or as netCDF-4 strings; a number is refused", "[nc_var]") {
  const std::string p = test::scratch_file("att_text.nc");
  {
    NcFile nc = NcFile::create(p);
    nc.put_att("", "plain", "Class II");
    const char* utf8[] = {"潮汐强迫的可信程度"};  // netCDF4-python writes non-ASCII text so
    REQUIRE(nc_put_att_string(nc.id(), NC_GLOBAL, "string", 1, utf8) == NC_NOERR);
    nc.put_att("", "number", std::vector<double>{1.5});
    nc.close();
  }
  const NcFile nc = NcFile::open(p);
  CHECK(nc.att_text("", "plain") == "Class II");
  CHECK(nc.att_text("", "string") == "潮汐强迫的可信程度");
  CHECK(nc.att_text("", "absent").empty());
  CHECK_THROWS_WITH(nc.att_text("", "number"),
                    Catch::Contains(p) && Catch::Contains("attribute number") && Catch::Contains("expected text"));
}

TEST_CASE("units in UDUNITS syntax convert by their SI dimensions", "[nc_var]") {
  CHECK(unit_factor("m3", "m3") == 1.0);
  CHECK(unit_factor("m^3", "m3") == 1.0);
  CHECK(unit_factor("m**3/s", "m3 s-1") == 1.0);
  CHECK(unit_factor("L", "m3") == Approx(1e-3));
  CHECK(unit_factor("mg/L", "g m-3") == Approx(1.0));
  CHECK(unit_factor("ug.L-1", "mg/L") == Approx(1e-3));
  CHECK(unit_factor("kg/s", "g s-1") == Approx(1e3));
  CHECK(unit_factor("km3 d-1", "m3 s-1") == Approx(1e9 / 86400));
  CHECK(unit_factor("(g m-3) (g s-1)-1", "s m-3") == Approx(1.0));
  CHECK(unit_factor("\xC2\xB5g/L", "mg/L") == Approx(1e-3));
  CHECK(unit_factor("m\xC2\xB3", "m3") == 1.0);
  CHECK_THROWS_WITH(unit_factor("furlong3", "m3"), Catch::Contains("unknown unit 'furlong'"));
  CHECK_THROWS_WITH(unit_factor("m3", "m3 s-1"), Catch::Contains("cannot be converted"));
  CHECK_THROWS_WITH(unit_factor("m^", "m"), Catch::Contains("integer power"));
  CHECK_THROWS_AS(unit_factor("(m", "m"), std::invalid_argument);
  CHECK_THROWS_AS(unit_factor("", "m"), std::invalid_argument);
}

TEST_CASE("a variable is read by dimension name, whatever the file's order", "[nc_var]") {
  const std::string a = write_grid("xy.nc", false), b = write_grid("yx.nc", true);
  for (const auto& p : {a, b}) {
    const NcFile nc = NcFile::open(p);
    const NcVar v(nc, {"a", {"x", "y"}, "m3"});
    CHECK(v.len(0) == 3);
    CHECK(v.len(1) == 2);
    CHECK(v.read() == std::vector<double>{0, 1, 10, 11, 20, 21});
    CHECK(v.read_record(2) == std::vector<double>{20, 21});
    const NcVar w(nc, {"a", {"y", "x"}, ""});
    CHECK(w.read() == std::vector<double>{0, 10, 20, 1, 11, 21});
    CHECK(w.read_record(1) == std::vector<double>{1, 11, 21});
  }
  const NcFile nc = NcFile::open(a);
  CHECK_THROWS_WITH(NcVar(nc, {"a", {"x", "z"}, ""}), Catch::Contains("has dimensions (x, y), expected (x, z)"));
  CHECK_THROWS_WITH(NcVar(nc, {"a", {"x"}, ""}), Catch::Contains("expected (x)"));
  CHECK_THROWS_WITH(NcVar(nc, {"b", {"x"}, ""}), Catch::Contains("variable 'b': is missing"));
}

TEST_CASE("units are converted to the expected ones, or refused", "[nc_var]") {
  const NcFile litres = NcFile::open(write_grid("litres.nc", false, "L"));
  CHECK(NcVar(litres, {"a", {"x", "y"}, "m3"}).read()[2] == Approx(10e-3));
  const NcFile furlong = NcFile::open(write_grid("furlong.nc", false, "furlong3"));
  CHECK_THROWS_AS(NcVar(furlong, {"a", {"x", "y"}, "m3"}), InputError);
  CHECK_THROWS_WITH(NcVar(furlong, {"a", {"x", "y"}, "m3"}), Catch::Contains("unknown unit 'furlong'"));
  const NcFile flux = NcFile::open(write_grid("flux.nc", false, "m3 s-1"));
  CHECK_THROWS_WITH(NcVar(flux, {"a", {"x", "y"}, "m3"}), Catch::Contains("cannot be converted"));
  // Without a units attribute the values are taken in the expected units.
  const NcFile none = NcFile::open(write_grid("none.nc", false, ""));
  CHECK(NcVar(none, {"a", {"x", "y"}, "m3"}).read()[2] == 10);
}

TEST_CASE("fill values, missing values and valid ranges are not data", "[nc_var]") {
  struct Case {
    const char* name;
    std::vector<double> values;
    std::vector<std::pair<std::string, std::vector<double>>> atts;
  };
  const Case cases[] = {
      {"default_fill.nc", {1, NC_FILL_DOUBLE, 3}, {}},
      {"fill_attr.nc", {1, -999, 3}, {{"_FillValue", {-999}}}},
      {"missing_value.nc", {1, -1, 3}, {{"missing_value", {-1}}}},
      {"valid_range.nc", {1, 50, 3}, {{"valid_range", {0, 10}}}},
      {"valid_max.nc", {1, 50, 3}, {{"valid_max", {10}}}},
      {"nan.nc", {1, NAN, 3}, {}},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const NcFile nc = NcFile::open(write_series(c.name, c.values, c.atts));
    CHECK_THROWS_WITH(NcVar(nc, {"c", {"time"}, ""}).read(),
                      Catch::Contains("missing value") && Catch::Contains("time 1"));
    const auto v = NcVar(nc, {"c", {"time"}, "", true}).read();
    CHECK(v[0] == 1);
    CHECK(std::isnan(v[1]));
    CHECK(v[2] == 3);
  }
  // scale_factor and add_offset apply after the missing-value test (on packed values).
  const NcFile packed = NcFile::open(
      write_series("packed.nc", {1, 2, -5}, {{"scale_factor", {0.5}}, {"add_offset", {10}}, {"_FillValue", {-5}}}));
  const auto v = NcVar(packed, {"c", {"time"}, "", true}).read();
  CHECK(v[0] == 10.5);
  CHECK(v[1] == 11);
  CHECK(std::isnan(v[2]));
}

TEST_CASE("time axes: calendar, increasing, no missing value", "[nc_var]") {
  const NcFile good = NcFile::open(write_series("t_good.nc", {0, 0, 0}, {}));
  const NcTimeAxis a = read_time_axis(good, "time", real_calendars());
  REQUIRE(a.t.size() == 3);
  CHECK(a.t[1] - a.t[0] == 3600.0);
  CHECK(a.t[0] == parse_iso8601("2024-07-01T00:00:00Z"));
  const NcFile noleap = NcFile::open(write_series("t_noleap.nc", {0, 0, 0}, {}, "noleap"));
  CHECK_NOTHROW(read_time_axis(noleap, "time"));
  CHECK_THROWS_WITH(read_time_axis(noleap, "time", real_calendars()), Catch::Contains("calendar 'noleap'"));
  const NcFile mars = NcFile::open(write_series("t_mars.nc", {0, 0, 0}, {}, "mars_sol"));
  CHECK_THROWS_WITH(read_time_axis(mars, "time"), Catch::Contains("unknown calendar 'mars_sol'"));
  // A reversed axis: time written 0, 1, 2 then the values reversed.
  const std::string p = test::scratch_file("t_reversed.nc");
  {
    NcFile nc = NcFile::create(p);
    nc.def_dim("time", 3);
    nc.def_var("time", NC_DOUBLE, {"time"});
    nc.put_att("time", "units", "seconds since 2024-07-01");
    nc.enddef();
    nc.put("time", std::vector<double>{7200, 3600, 0});
    nc.close();
  }
  const NcFile rev = NcFile::open(p);
  CHECK_THROWS_WITH(read_time_axis(rev, "time"), Catch::Contains("reversed"));
}
