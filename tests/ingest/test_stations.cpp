// Stations and observations: the CSV reader, long-CSV observations with unit
// conversion and time zones, DIN from its species, CF timeSeries NetCDF, and
// every malformed-CSV error with file and line.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/csv_reader.hpp"
#include "ingest/netcdf_file.hpp"
#include "ingest/stations.hpp"
#include "test_util.hpp"

using namespace beibu;
using beibu::test::scratch_file;
using beibu::test::write_text;

namespace {

const std::string kHeader = "station_id,time,parameter,value,unit,qc_flag\n";

std::vector<Station> two_stations() {
  Station a, b;
  a.id = "GX01";
  a.lon = 108.55;
  a.lat = 21.81;
  b.id = "GX02";
  b.lon = 109.1;
  b.lat = 21.4;
  return {a, b};
}

std::vector<Observation> parse(const std::string& body, const std::vector<Station>* st = nullptr) {
  std::istringstream in(kHeader + body);
  ObservationOptions opt;
  opt.stations = st;
  return parse_observations_csv(in, "obs.csv", opt);
}

// The InputError message of parsing `body`, which must fail.
std::string error_of(const std::string& body) {
  const auto st = two_stations();
  try {
    parse(body, &st);
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("expected InputError for: " << body);
  return "";
}

}  // namespace

TEST_CASE("CSV reader: RFC 4180 quoting, CRLF, BOM, blank lines", "[csv]") {
  std::istringstream in(
      "\xEF\xBB\xBF"
      "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\r\n\"multi\nline\",x,\n");
  CsvReader r(in, "t.csv");
  CsvRecord rec;
  REQUIRE(r.next(rec));
  CHECK(rec.line == 1);
  CHECK(rec.fields == std::vector<std::string>{"a", "b,c", "say \"hi\""});
  REQUIRE(r.next(rec));
  CHECK(rec.line == 3);
  CHECK(rec.fields == std::vector<std::string>{"multi\nline", "x", ""});
  CHECK_FALSE(r.next(rec));

  std::istringstream bad("a,\"open\n");
  CsvReader rb(bad, "bad.csv");
  CHECK_THROWS_AS(rb.next(rec), InputError);
  std::istringstream wide(std::string(300, ',') + "\n");
  CsvReader rw(wide, "wide.csv");
  CHECK_THROWS_WITH(rw.next(rec), Catch::Contains("wide.csv: line 1: more than 256 fields"));
  std::istringstream longf(std::string(70000, 'x') + "\n");
  CsvReader rl(longf, "long.csv");
  CHECK_THROWS_WITH(rl.next(rec), Catch::Contains("long.csv: line 1: a field is longer than"));
  std::istringstream after("\"a\"b,c\n");
  CsvReader ra(after, "after.csv");
  CHECK_THROWS_AS(ra.next(rec), InputError);
}

TEST_CASE("observations: units to model units, offsets to UTC", "[stations]") {
  const auto st = two_stations();
  const auto obs = parse(
      "GX01,2024-07-01T08:00:00+08:00,DIN,21.4,umol/L,1\n"
      "GX01,2024-07-01T00:00:00Z,DIP,0.45,\xC2\xB5mol/L,\n"
      "GX02,2024-07-01T08:00:00+08:00,petroleum,30,ug/L,0\n"
      "GX02,2024-07-01T08:00:00+08:00,salinity,31.2,\xE2\x80\xB0,1\n"
      "GX02,2024-07-01T08:00:00+08:00,water_level,85,cm,1\n"
      "\"GX02\",\"2024-07-01T08:00:00+08:00\",temperature,301.15,K,1\n",
      &st);
  REQUIRE(obs.size() == 6);
  const double utc = parse_iso8601("2024-07-01T00:00:00Z");
  for (const auto& o : obs) CHECK(o.time == utc);
  CHECK(obs[0].value == Approx(21.4 * 14.007 / 1000));
  CHECK(obs[0].utc_offset_s == 28800);
  CHECK(obs[0].line == 2);
  CHECK(obs[1].value == Approx(0.45 * 30.974 / 1000));
  CHECK(obs[2].value == Approx(0.03));
  CHECK(obs[3].value == Approx(31.2));
  CHECK(obs[4].value == Approx(0.85));
  CHECK(obs[5].value == Approx(28));
  CHECK(obs[5].line == 7);
}

TEST_CASE("times without an offset need --utc-offset", "[stations]") {
  std::istringstream in(kHeader + "GX01,2024-07-01 08:00,COD,1.2,mg/L,1\n");
  ObservationOptions opt;
  opt.default_utc_offset_s = 8 * 3600.0;
  const auto obs = parse_observations_csv(in, "obs.csv", opt);
  CHECK(obs.at(0).time == parse_iso8601("2024-07-01T00:00:00Z"));
  CHECK(error_of("GX01,2024-07-01 08:00,COD,1.2,mg/L,1\n").find("no UTC offset") != std::string::npos);
}

TEST_CASE("missing values are kept as NaN for QC to report", "[stations]") {
  const auto obs = parse("GX01,2024-07-01T00:00Z,COD,,mg/L,9\nGX01,2024-07-02T00:00Z,COD,NA,mg/L,9\n");
  REQUIRE(obs.size() == 2);
  CHECK(std::isnan(obs[0].value));
  CHECK(std::isnan(obs[1].value));
}

TEST_CASE("DIN is summed from NH4, NO3 and NO2 when all three are present", "[stations]") {
  const auto obs = parse(
      "GX01,2024-07-01T08:00:00+08:00,NH4,0.05,mg/L,1\n"
      "GX01,2024-07-01T08:00:00+08:00,NO3,0.20,mg/L,1\n"
      "GX01,2024-07-01T08:00:00+08:00,NO2,1.0,umol/L,1\n"
      "GX01,2024-07-02T08:00:00+08:00,NH4,0.05,mg/L,1\n"  // NO3, NO2 missing: no DIN
      "GX01,2024-07-02T08:00:00+08:00,NO3,0.20,mg/L,1\n"
      "GX02,2024-07-01T08:00:00+08:00,NH4,0.05,mg/L,1\n"  // DIN given: not summed
      "GX02,2024-07-01T08:00:00+08:00,NO3,0.20,mg/L,1\n"
      "GX02,2024-07-01T08:00:00+08:00,NO2,0.01,mg/L,4\n"
      "GX02,2024-07-01T08:00:00+08:00,DIN,0.3,mg/L,1\n");
  int din = 0;
  for (const auto& o : obs)
    if (o.parameter == Parameter::DIN && o.derived) {
      ++din;
      CHECK(o.station == "GX01");
      CHECK(o.value == Approx(0.25 + 0.014007));
    }
  CHECK(din == 1);
}

TEST_CASE("a flagged species makes the summed DIN flagged", "[stations]") {
  const auto obs = parse(
      "GX01,2024-07-01T00:00Z,NH4,0.05,mg/L,1\nGX01,2024-07-01T00:00Z,NO3,0.2,mg/"
      "L,4\nGX01,2024-07-01T00:00Z,NO2,0.01,mg/L,1\n");
  REQUIRE(obs.size() == 4);
  CHECK(obs.back().parameter == Parameter::DIN);
  CHECK(obs.back().flag == "4");
}

TEST_CASE("malformed CSV: bad date, bad number, unknown station, unit, parameter, column count", "[stations][errors]") {
  const std::string date = error_of("GX01,2024-13-01T00:00Z,DIN,0.1,mg/L,1\n");
  CHECK(date.find("obs.csv: line 2: bad time '2024-13-01T00:00Z'") == 0);
  const std::string num = error_of("GX01,2024-07-01T00:00Z,DIN,0.1.2,mg/L,1\n");
  CHECK(num.find("obs.csv: line 2: bad number '0.1.2'") == 0);
  CHECK(error_of("GX01,2024-07-01T00:00Z,DIN,inf,mg/L,1\n").find("bad number") != std::string::npos);
  const std::string stn = error_of("GX01,2024-07-01T00:00Z,DIN,0.1,mg/L,1\nXX99,2024-07-01T00:00Z,DIN,0.1,mg/L,1\n");
  CHECK(stn.find("obs.csv: line 3: unknown station 'XX99'") == 0);
  const std::string unit = error_of("GX01,2024-07-01T00:00Z,DIN,0.1,mg/dL,1\n");
  CHECK(unit.find("obs.csv: line 2: unknown unit 'mg/dL' for DIN") == 0);
  const std::string par = error_of("GX01,2024-07-01T00:00Z,chlorophyll,0.1,mg/L,1\n");
  CHECK(par.find("obs.csv: line 2: unknown parameter 'chlorophyll'") == 0);
  const std::string cols = error_of("GX01,2024-07-01T00:00Z,DIN,0.1,mg/L\n");
  CHECK(cols.find("obs.csv: line 2: expected 6 fields, found 5") == 0);
  std::istringstream nohead("station_id,time,value,unit\n");
  CHECK_THROWS_WITH(parse_observations_csv(nohead, "h.csv"),
                    Catch::Contains("h.csv: line 1: missing column 'parameter'"));
}

TEST_CASE("station metadata from the Beibu GeoJSON and from CSV", "[stations]") {
  const auto st = read_stations(std::string(BEIBU_DATA_DIR) + "/beibu/stations.geojson");
  REQUIRE(st.size() > 3);
  const auto gx01 = std::find_if(st.begin(), st.end(), [](const Station& s) { return s.id == "GX01"; });
  REQUIRE(gx01 != st.end());
  CHECK(gx01->lon == Approx(108.55).margin(1e-6));
  CHECK(gx01->lat == Approx(21.81).margin(1e-6));
  CHECK(gx01->jurisdiction == "CN.GX");
  CHECK(gx01->type == "coastal");
  CHECK_FALSE(gx01->name_zh.empty());

  const std::string csv = write_text("stations.csv",
                                     "id,name,lon,lat,type,jurisdiction\nA,Alpha,108.1,21.5,coastal,CN.GX\nB,\"Beta, "
                                     "the second\",107.9,21.4,river,VN\n");
  const auto cs = read_stations(csv);
  REQUIRE(cs.size() == 2);
  CHECK(cs[1].name == "Beta, the second");
  CHECK(cs[1].jurisdiction == "VN");
  const std::string dup = write_text("dup.csv", "id,lon,lat\nA,108,21\nA,108,21\n");
  CHECK_THROWS_WITH(read_stations(dup), Catch::Contains("appears twice"));
  const std::string badll = write_text("badll.csv", "id,lon,lat\nA,east,21\n");
  CHECK_THROWS_WITH(read_stations(badll), Catch::Contains("line 2"));
}

TEST_CASE("CF timeSeries NetCDF: write and read back", "[stations]") {
  const auto st = two_stations();
  const double t0 = parse_iso8601("2024-07-01T00:00:00Z");
  const std::vector<double> times{t0, t0 + 3600, t0 + 7200};
  const double nan = std::nan("");
  const std::string path = scratch_file("ts.nc");
  write_timeseries_nc(
      path, st, times,
      {{Parameter::DIN, {0.1, 0.2, 0.3, 0.4, nan, 0.6}}, {Parameter::salinity, {30, 31, 32, 29, 28, 27}}});
  const TimeSeriesData d = read_timeseries_nc(path);
  REQUIRE(d.stations.size() == 2);
  CHECK(d.stations[1].id == "GX02");
  CHECK(d.stations[1].lat == Approx(21.4));
  CHECK(d.values.size() == 11);  // one missing
  const auto it = std::find_if(d.values.begin(), d.values.end(), [&](const Observation& o) {
    return o.station == "GX02" && o.parameter == Parameter::DIN && o.time == t0 + 7200;
  });
  REQUIRE(it != d.values.end());
  CHECK(it->value == Approx(0.6));
  ObservationOptions opt;
  const auto one = std::vector<Station>{st[0]};
  opt.stations = &one;
  CHECK_THROWS_WITH(read_observations(path, opt), Catch::Contains("unknown station 'GX02'"));
  // A gridded file is not a timeSeries.
  CHECK_THROWS_WITH(read_timeseries_nc(beibu::test::ferret_file("coads_climatology.cdf")),
                    Catch::Contains("featureType"));
}

TEST_CASE("CF timeSeries in (time, station) order with string ids, packing and a fill value", "[stations]") {
  const std::string path = scratch_file("ts_t_first.nc");
  {
    NcFile nc = NcFile::create(path);
    nc.def_dim("obs_time", 2);
    nc.def_dim("stn", 2);
    nc.def_var("id", NC_STRING, {"stn"});
    nc.put_att("id", "cf_role", "timeseries_id");
    nc.def_var("obs_time", NC_DOUBLE, {"obs_time"});
    nc.put_att("obs_time", "units", "days since 2024-07-01 00:00:00 +08:00");
    nc.def_var("sea_water_temperature", NC_SHORT, {"obs_time", "stn"});
    nc.put_att("sea_water_temperature", "units", "K");
    nc.put_att("sea_water_temperature", "scale_factor", 0.01);
    nc.put_att("sea_water_temperature", "add_offset", 273.15);
    const short fill = -999;
    REQUIRE(nc_put_att_short(nc.id(), nc.varid("sea_water_temperature"), "_FillValue", NC_SHORT, 1, &fill) == NC_NOERR);
    nc.put_att("", "featureType", "timeSeries");
    nc.enddef();
    const char* ids[2] = {"GX01", "GX02"};
    REQUIRE(nc_put_var_string(nc.id(), nc.varid("id"), ids) == NC_NOERR);
    nc.put("obs_time", std::vector<double>{0.0, 0.5});
    nc.put("sea_water_temperature", std::vector<int>{2800, 2850, -999, 2900});
  }
  const TimeSeriesData d = read_timeseries_nc(path);
  REQUIRE(d.stations.size() == 2);
  CHECK(d.stations[1].id == "GX02");
  REQUIRE(d.values.size() == 3);
  const double t0 = parse_iso8601("2024-06-30T16:00:00Z");
  for (const auto& o : d.values) {
    CHECK(o.parameter == Parameter::temperature);
    if (o.station == "GX01" && o.time == t0) CHECK(o.value == Approx(28.0));
    if (o.station == "GX02" && o.time == t0 + 43200) CHECK(o.value == Approx(29.0));
    CHECK_FALSE((o.station == "GX01" && o.time == t0 + 43200));  // the fill value
  }
}
