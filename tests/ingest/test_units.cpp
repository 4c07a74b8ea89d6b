// Unit normalisation: each accepted unit of each parameter, molar conversions
// as N, P and O2, and unknown units refused.
#include <catch2/catch.hpp>
#include <stdexcept>

#include "ingest/units.hpp"

using namespace beibu;

namespace {
double to_model(Parameter p, const std::string& unit, double v) {
  return unit_conversion(p, unit).apply(v);
}
}  // namespace

TEST_CASE("parameter names and aliases", "[units]") {
  CHECK(parse_parameter("DIN") == Parameter::DIN);
  CHECK(parse_parameter(" din ") == Parameter::DIN);
  CHECK(parse_parameter("NH4-N") == Parameter::NH4);
  CHECK(parse_parameter("nitrate") == Parameter::NO3);
  CHECK(parse_parameter("NO2") == Parameter::NO2);
  CHECK(parse_parameter("PO4") == Parameter::DIP);
  CHECK(parse_parameter("dissolved_oxygen") == Parameter::DO);
  CHECK(parse_parameter("water_level") == Parameter::water_level);
  CHECK(parse_parameter("sea_water_temperature") == Parameter::temperature);
  CHECK_FALSE(parse_parameter("chlorophyll").has_value());
  for (Parameter p : all_parameters()) CHECK(parse_parameter(parameter_name(p)) == p);
}

TEST_CASE("mass concentrations: mg/L, ug/L (all spellings of micro), g/m3", "[units]") {
  CHECK(to_model(Parameter::COD, "mg/L", 2.5) == 2.5);
  CHECK(to_model(Parameter::COD, "mg/l", 2.5) == 2.5);
  CHECK(to_model(Parameter::COD, "mg L-1", 2.5) == 2.5);
  CHECK(to_model(Parameter::COD, "g/m3", 2.5) == 2.5);
  CHECK(to_model(Parameter::COD, "g/m\xC2\xB3", 2.5) == 2.5);
  CHECK(to_model(Parameter::petroleum, "ug/L", 50) == Approx(0.05));
  CHECK(to_model(Parameter::petroleum, "\xC2\xB5g/L", 50) == Approx(0.05));  // micro sign
  CHECK(to_model(Parameter::petroleum, "\xCE\xBCg/L", 50) == Approx(0.05));  // Greek mu
  CHECK(to_model(Parameter::DIP, "mg/m3", 15) == Approx(0.015));
}

TEST_CASE("umol/L to mg/L as N, as P, and of O2", "[units]") {
  CHECK(to_model(Parameter::DIN, "umol/L", 10) == Approx(10 * 14.007 / 1000));
  CHECK(to_model(Parameter::NH4, "\xC2\xB5mol/L", 10) == Approx(0.14007));
  CHECK(to_model(Parameter::NO3, "mmol/m3", 10) == Approx(0.14007));
  CHECK(to_model(Parameter::NO2, "uM", 1) == Approx(0.014007));
  CHECK(to_model(Parameter::DIP, "umol/L", 1) == Approx(30.974 / 1000));
  CHECK(to_model(Parameter::DO, "umol/L", 250) == Approx(250 * 31.998 / 1000));
  CHECK(to_model(Parameter::DIN, "mmol/L", 0.01) == Approx(0.14007));
  // COD and petroleum have no molar form.
  CHECK_THROWS_AS(unit_conversion(Parameter::COD, "umol/L"), std::invalid_argument);
}

TEST_CASE("salinity, temperature, water level, discharge", "[units]") {
  CHECK(to_model(Parameter::salinity, "PSU", 33) == 33);
  CHECK(to_model(Parameter::salinity, "\xE2\x80\xB0", 33) == 33);  // per mille sign
  CHECK(to_model(Parameter::salinity, "ppt", 33) == 33);
  CHECK(to_model(Parameter::salinity, "g/kg", 33) == 33);
  CHECK(to_model(Parameter::temperature,
                 "\xC2\xB0"
                 "C",
                 28) == 28);
  CHECK(to_model(Parameter::temperature, "degC", 28) == 28);
  CHECK(to_model(Parameter::temperature, "Deg C", 28) == 28);
  CHECK(to_model(Parameter::temperature, "K", 301.15) == Approx(28));
  CHECK(to_model(Parameter::water_level, "m", 1.2) == 1.2);
  CHECK(to_model(Parameter::water_level, "cm", 120) == Approx(1.2));
  CHECK(to_model(Parameter::water_level, "mm", 1200) == Approx(1.2));
  CHECK(to_model(Parameter::discharge, "m3/s", 3500) == 3500);
  CHECK(to_model(Parameter::discharge, "m\xC2\xB3/s", 3500) == 3500);
  CHECK(to_model(Parameter::discharge, "m^3/s", 3500) == 3500);
  CHECK(to_model(Parameter::discharge, "L/s", 3500) == Approx(3.5));
}

TEST_CASE("unknown units are refused, naming the unit and the accepted ones", "[units]") {
  try {
    unit_conversion(Parameter::DIN, "mg/dL");
    FAIL("expected an error");
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    CHECK(m.find("'mg/dL'") != std::string::npos);
    CHECK(m.find("DIN") != std::string::npos);
    CHECK(m.find("mg/l") != std::string::npos);
  }
  CHECK_THROWS_AS(unit_conversion(Parameter::temperature, "F"), std::invalid_argument);
  CHECK_THROWS_AS(unit_conversion(Parameter::water_level, "ft"), std::invalid_argument);
  CHECK_THROWS_AS(unit_conversion(Parameter::salinity, ""), std::invalid_argument);
  CHECK_THROWS_AS(unit_conversion(Parameter::COD, "m"), std::invalid_argument);  // a length is no concentration
}

TEST_CASE("gridded quantities", "[units]") {
  CHECK(quantity_conversion(Quantity::velocity, "M/S").apply(3) == 3);
  CHECK(quantity_conversion(Quantity::velocity, "m s-1").apply(3) == 3);
  CHECK(quantity_conversion(Quantity::velocity, "cm/s").apply(30) == Approx(0.3));
  CHECK(quantity_conversion(Quantity::pressure, "MB").apply(1013.25) == Approx(101325));
  CHECK(quantity_conversion(Quantity::pressure, "hPa").apply(1013.25) == Approx(101325));
  CHECK(quantity_conversion(Quantity::pressure, "Pa").apply(101325) == 101325);
  CHECK(quantity_conversion(Quantity::temperature, "Deg C").apply(20) == 20);
  CHECK(quantity_conversion(Quantity::temperature, "kelvin").apply(293.15) == Approx(20));
  CHECK(quantity_conversion(Quantity::salinity, "1e-3").apply(34) == 34);
  CHECK(quantity_conversion(Quantity::salinity, "1").apply(34) == 34);
  CHECK(quantity_conversion(Quantity::length, "m").apply(1) == 1);
  CHECK(quantity_conversion(Quantity::none, "anything").apply(7) == 7);
  CHECK_THROWS_AS(quantity_conversion(Quantity::velocity, "degC"), std::invalid_argument);
  CHECK_THROWS_AS(quantity_conversion(Quantity::pressure, "m"), std::invalid_argument);
}
