#include "units.hpp"

#include <cctype>
#include <stdexcept>

namespace beibu {

namespace {

struct UnitRow {
  UnitKind kind;
  const char* spelling;  // normalised (see normalise_unit)
  double scale, offset;
};

// Every accepted unit. Factors take the value to the kind's model unit:
// m, m3/s, mg/L, umol/L (converted further by element), PSU, degC, m/s, Pa.
const UnitRow kUnits[] = {
    {UnitKind::length, "m", 1, 0},
    {UnitKind::length, "meter", 1, 0},
    {UnitKind::length, "meters", 1, 0},
    {UnitKind::length, "metre", 1, 0},
    {UnitKind::length, "metres", 1, 0},
    {UnitKind::length, "cm", 0.01, 0},
    {UnitKind::length, "mm", 0.001, 0},
    {UnitKind::discharge, "m3/s", 1, 0},
    {UnitKind::discharge, "m3s-1", 1, 0},
    {UnitKind::discharge, "m3.s-1", 1, 0},
    {UnitKind::discharge, "cumecs", 1, 0},
    {UnitKind::discharge, "l/s", 1e-3, 0},
    {UnitKind::mass_concentration, "mg/l", 1, 0},
    {UnitKind::mass_concentration, "mgl-1", 1, 0},
    {UnitKind::mass_concentration, "mg.l-1", 1, 0},
    {UnitKind::mass_concentration, "g/m3", 1, 0},
    {UnitKind::mass_concentration, "gm-3", 1, 0},
    {UnitKind::mass_concentration, "g.m-3", 1, 0},
    {UnitKind::mass_concentration, "ug/l", 1e-3, 0},
    {UnitKind::mass_concentration, "ugl-1", 1e-3, 0},
    {UnitKind::mass_concentration, "ug.l-1", 1e-3, 0},
    {UnitKind::mass_concentration, "mg/m3", 1e-3, 0},
    {UnitKind::mass_concentration, "ng/l", 1e-6, 0},
    {UnitKind::molar_concentration, "umol/l", 1, 0},
    {UnitKind::molar_concentration, "umoll-1", 1, 0},
    {UnitKind::molar_concentration, "umol.l-1", 1, 0},
    {UnitKind::molar_concentration, "um", 1, 0},
    {UnitKind::molar_concentration, "mmol/m3", 1, 0},
    {UnitKind::molar_concentration, "mmolm-3", 1, 0},
    {UnitKind::molar_concentration, "mmol/l", 1000, 0},
    {UnitKind::salinity, "psu", 1, 0},
    {UnitKind::salinity, "permil", 1, 0},
    {UnitKind::salinity, "ppt", 1, 0},
    {UnitKind::salinity, "g/kg", 1, 0},
    {UnitKind::salinity, "pss-78", 1, 0},
    {UnitKind::salinity, "pss78", 1, 0},
    {UnitKind::salinity, "1e-3", 1, 0},
    {UnitKind::salinity, "1", 1, 0},  // CF units of sea_water_practical_salinity (PSS-78 is dimensionless)
    {UnitKind::temperature, "degc", 1, 0},
    {UnitKind::temperature, "c", 1, 0},
    {UnitKind::temperature, "celsius", 1, 0},
    {UnitKind::temperature, "degreec", 1, 0},
    {UnitKind::temperature, "degreesc", 1, 0},
    {UnitKind::temperature, "degree_c", 1, 0},
    {UnitKind::temperature, "degrees_c", 1, 0},
    {UnitKind::temperature, "degree_celsius", 1, 0},
    {UnitKind::temperature, "degrees_celsius", 1, 0},
    {UnitKind::temperature, "k", 1, -273.15},
    {UnitKind::temperature, "kelvin", 1, -273.15},
    {UnitKind::velocity, "m/s", 1, 0},
    {UnitKind::velocity, "ms-1", 1, 0},
    {UnitKind::velocity, "m.s-1", 1, 0},
    {UnitKind::velocity, "m/sec", 1, 0},
    {UnitKind::velocity, "meter/second", 1, 0},
    {UnitKind::velocity, "meters/second", 1, 0},
    {UnitKind::velocity, "metre/second", 1, 0},
    {UnitKind::velocity, "metres/second", 1, 0},
    {UnitKind::velocity, "cm/s", 0.01, 0},
    {UnitKind::velocity, "cms-1", 0.01, 0},
    {UnitKind::velocity, "knots", 0.514444, 0},
    {UnitKind::velocity, "kt", 0.514444, 0},
    {UnitKind::pressure, "pa", 1, 0},
    {UnitKind::pressure, "pascal", 1, 0},
    {UnitKind::pressure, "hpa", 100, 0},
    {UnitKind::pressure, "mb", 100, 0},
    {UnitKind::pressure, "mbar", 100, 0},
    {UnitKind::pressure, "millibar", 100, 0},
    {UnitKind::pressure, "millibars", 100, 0},
    {UnitKind::pressure, "kpa", 1000, 0},
};

// Molar mass of the element a concentration is expressed as (g/mol); 0 = no molar form.
struct ParameterRow {
  Parameter p;
  const char* name;
  const char* unit;
  UnitKind kind;
  double molar_mass;
  std::vector<const char*> aliases;  // lower case
};

const std::vector<ParameterRow>& parameter_table() {
  static const std::vector<ParameterRow> t = {
      {Parameter::water_level,
       "water_level",
       "m",
       UnitKind::length,
       0,
       {"water_level", "sea_surface_height", "ssh", "zeta", "stage", "level"}},
      {Parameter::discharge,
       "discharge",
       "m3/s",
       UnitKind::discharge,
       0,
       {"discharge", "flow", "q", "river_discharge"}},
      {Parameter::COD, "COD", "mg/L", UnitKind::mass_concentration, 0, {"cod", "cod_mn", "codmn"}},
      {Parameter::DIN, "DIN", "mg/L", UnitKind::mass_concentration, 14.007, {"din", "dissolved_inorganic_nitrogen"}},
      {Parameter::NH4,
       "NH4",
       "mg/L",
       UnitKind::mass_concentration,
       14.007,
       {"nh4", "nh4-n", "nh4_n", "nh3-n", "ammonium"}},
      {Parameter::NO3, "NO3", "mg/L", UnitKind::mass_concentration, 14.007, {"no3", "no3-n", "no3_n", "nitrate"}},
      {Parameter::NO2, "NO2", "mg/L", UnitKind::mass_concentration, 14.007, {"no2", "no2-n", "no2_n", "nitrite"}},
      {Parameter::DIP,
       "DIP",
       "mg/L",
       UnitKind::mass_concentration,
       30.974,
       {"dip", "po4", "po4-p", "phosphate", "active_phosphate"}},
      {Parameter::DO, "DO", "mg/L", UnitKind::mass_concentration, 31.998, {"do", "dissolved_oxygen", "oxygen"}},
      {Parameter::petroleum,
       "petroleum",
       "mg/L",
       UnitKind::mass_concentration,
       0,
       {"petroleum", "oil", "petroleum_hydrocarbons"}},
      {Parameter::salinity,
       "salinity",
       "PSU",
       UnitKind::salinity,
       0,
       {"salinity", "sea_water_salinity", "sea_water_practical_salinity", "sal"}},
      {Parameter::temperature,
       "temperature",
       "degC",
       UnitKind::temperature,
       0,
       {"temperature", "sea_water_temperature", "temp", "water_temperature"}},
  };
  return t;
}

const ParameterRow& row(Parameter p) {
  for (const auto& r : parameter_table())
    if (r.p == p) return r;
  throw std::logic_error("parameter missing from the table");
}

std::string known_units(UnitKind k) {
  std::string s;
  for (const auto& u : kUnits)
    if (u.kind == k) s += (s.empty() ? "" : ", ") + std::string(u.spelling);
  return s;
}

const UnitRow* find_unit(UnitKind k, const std::string& norm) {
  for (const auto& u : kUnits)
    if (u.kind == k && norm == u.spelling) return &u;
  return nullptr;
}

std::string lower(const std::string& s) {
  std::string o = s;
  for (char& ch : o) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return o;
}

}  // namespace

std::string normalise_unit(const std::string& unit) {
  static const std::pair<const char*, const char*> kReplace[] = {
      {"\xC2\xB5", "u"},   {"\xCE\xBC", "u"}, {"\xC2\xB3", "3"}, {"\xE2\x80\xB0", "permil"},
      {"\xC2\xB0", "deg"}, {"**", ""},        {"^", ""},         {" ", ""},
      {"\t", ""}};
  std::string s = unit;
  for (const auto& [from, to] : kReplace) {
    std::size_t p = 0;
    const std::string f(from);
    while ((p = s.find(f, p)) != std::string::npos) {
      s.replace(p, f.size(), to);
      p += std::string(to).size();
    }
  }
  return lower(s);
}

std::optional<Parameter> parse_parameter(const std::string& name) {
  std::string n = lower(name);
  while (!n.empty() && std::isspace(static_cast<unsigned char>(n.back()))) n.pop_back();
  while (!n.empty() && std::isspace(static_cast<unsigned char>(n.front()))) n.erase(n.begin());
  for (const auto& r : parameter_table())
    for (const char* a : r.aliases)
      if (n == a) return r.p;
  return std::nullopt;
}

std::string parameter_name(Parameter p) {
  return row(p).name;
}
std::string model_unit(Parameter p) {
  return row(p).unit;
}

std::vector<Parameter> all_parameters() {
  std::vector<Parameter> v;
  for (const auto& r : parameter_table()) v.push_back(r.p);
  return v;
}

Conversion unit_conversion(Parameter p, const std::string& unit) {
  const ParameterRow& r = row(p);
  const std::string norm = normalise_unit(unit);
  if (const UnitRow* u = find_unit(r.kind, norm)) return {u->scale, u->offset};
  if (r.molar_mass > 0) {
    if (const UnitRow* u = find_unit(UnitKind::molar_concentration, norm))
      return {u->scale * r.molar_mass / 1000.0, 0};  // umol/L -> mg/L of the element
  }
  std::string known = known_units(r.kind);
  if (r.molar_mass > 0) known += ", " + known_units(UnitKind::molar_concentration);
  throw std::invalid_argument("unknown unit '" + unit + "' for " + r.name + " (known: " + known + ")");
}

namespace {
UnitKind kind_of(Quantity q) {
  switch (q) {
    case Quantity::velocity:
      return UnitKind::velocity;
    case Quantity::pressure:
      return UnitKind::pressure;
    case Quantity::temperature:
      return UnitKind::temperature;
    case Quantity::salinity:
      return UnitKind::salinity;
    case Quantity::concentration:
      return UnitKind::mass_concentration;
    default:
      return UnitKind::length;
  }
}
}  // namespace

std::string quantity_unit(Quantity q) {
  switch (q) {
    case Quantity::none:
      return "";
    case Quantity::velocity:
      return "m/s";
    case Quantity::pressure:
      return "Pa";
    case Quantity::temperature:
      return "degC";
    case Quantity::salinity:
      return "PSU";
    case Quantity::length:
      return "m";
    case Quantity::concentration:
      return "mg/L";
  }
  return "";
}

Conversion quantity_conversion(Quantity q, const std::string& unit) {
  if (q == Quantity::none) return {};
  const std::string norm = normalise_unit(unit);
  // Salinity files often say nothing (PSS-78 is dimensionless; "1" is in the table).
  if (q == Quantity::salinity && norm.empty()) return {};
  if (const UnitRow* u = find_unit(kind_of(q), norm)) return {u->scale, u->offset};
  throw std::invalid_argument("units '" + unit + "' are not a unit of " +
                              (q == Quantity::velocity        ? "velocity"
                               : q == Quantity::pressure      ? "pressure"
                               : q == Quantity::temperature   ? "temperature"
                               : q == Quantity::salinity      ? "salinity"
                               : q == Quantity::concentration ? "mass concentration"
                                                              : "length") +
                              " (known: " + known_units(kind_of(q)) + ")");
}

}  // namespace beibu
