#pragma once
// Units as data: every accepted spelling of a unit, its kind and its factor to
// the model unit. Station parameters and gridded quantities are normalised
// here; an unknown unit is an error, never a guess.
#include <optional>
#include <string>
#include <vector>

namespace beibu {

// Monitoring parameters. NH4, NO3 and NO2 are kept so that DIN can be summed
// from them (all three at the same station and time).
enum class Parameter { water_level, discharge, COD, DIN, NH4, NO3, NO2, DIP, DO, petroleum, salinity, temperature };

// Kinds of unit a value can have.
enum class UnitKind {
  length,
  discharge,
  mass_concentration,
  molar_concentration,
  salinity,
  temperature,
  velocity,
  pressure
};

struct Conversion {
  double scale = 1, offset = 0;  // model = scale * value + offset
  double apply(double v) const { return scale * v + offset; }
};

// "DIN", "din", "NH4", "NH4-N", "ammonium", "DO", "dissolved_oxygen", "PO4", ... ; nullopt if unknown.
std::optional<Parameter> parse_parameter(const std::string& name);
std::string parameter_name(Parameter p);
// The model unit of a parameter: "m", "m3/s", "mg/L", "PSU", "degC".
std::string model_unit(Parameter p);
std::vector<Parameter> all_parameters();

// Conversion of a value of `p` given in `unit` to the model unit. µmol/L of
// nitrogen species and DIN are mg/L as N (x 14.007/1000), of DIP mg/L as P
// (x 30.974/1000), of DO mg/L of O2 (x 31.998/1000). Throws
// std::invalid_argument naming the unit and the accepted ones.
Conversion unit_conversion(Parameter p, const std::string& unit);

// Gridded physical quantities and their model units: velocity m/s, pressure
// Pa, temperature degC, salinity PSU, length m, concentration mg/L (a mass
// concentration; a molar one needs the element: unit_conversion of a Parameter).
enum class Quantity { none, velocity, pressure, temperature, salinity, length, concentration };
std::string quantity_unit(Quantity q);
// Throws std::invalid_argument for a unit that is not one of the quantity's.
Conversion quantity_conversion(Quantity q, const std::string& unit);

// The spelling used for table look-ups: lower case, no spaces, µ/μ -> u,
// ³ -> 3, ‰ -> permil, ° -> deg, '^' and '**' removed.
std::string normalise_unit(const std::string& unit);

}  // namespace beibu
