// CF variables found by what they hold (cf_grid.hpp's Field): standard names first,
// then the names the caller gives, then the names of common products.
#include <stdexcept>

#include "core/error.hpp"
#include "ingest/cf_grid.hpp"
#include "ingest/nc_util.hpp"
#include "ingest/nc_var.hpp"

namespace beibu {

namespace {
struct FieldRow {
  Field f;
  const char* name;
  Quantity q;
  std::vector<const char*> standard_names;
  std::vector<const char*> known_names;  // COADS, NCEP, ERA5, ROMS, HYCOM
};

const std::vector<FieldRow>& field_table() {
  static const std::vector<FieldRow> t = {
      {Field::eastward_wind,
       "eastward_wind",
       Quantity::velocity,
       {"eastward_wind", "x_wind"},
       {"UWND", "uwnd", "u10", "U10", "Uwind"}},
      {Field::northward_wind,
       "northward_wind",
       Quantity::velocity,
       {"northward_wind", "y_wind"},
       {"VWND", "vwnd", "v10", "V10", "Vwind"}},
      {Field::air_pressure_at_sea_level,
       "air_pressure_at_sea_level",
       Quantity::pressure,
       {"air_pressure_at_sea_level", "air_pressure_at_mean_sea_level"},
       {"SLP", "slp", "msl", "Pair"}},
      {Field::sea_surface_temperature,
       "sea_surface_temperature",
       Quantity::temperature,
       {"sea_surface_temperature", "sea_surface_skin_temperature"},
       {"SST", "sst"}},
      {Field::sea_water_x_velocity,
       "sea_water_x_velocity",
       Quantity::velocity,
       {"sea_water_x_velocity", "eastward_sea_water_velocity"},
       {"water_u", "u", "uo"}},
      {Field::sea_water_y_velocity,
       "sea_water_y_velocity",
       Quantity::velocity,
       {"sea_water_y_velocity", "northward_sea_water_velocity"},
       {"water_v", "v", "vo"}},
      {Field::sea_surface_height,
       "sea_surface_height",
       Quantity::length,
       {"sea_surface_height", "sea_surface_height_above_geoid", "sea_surface_height_above_mean_sea_level",
        "sea_surface_elevation"},
       {"zeta", "ssh", "zos", "surf_el"}},
      {Field::sea_water_temperature,
       "sea_water_temperature",
       Quantity::temperature,
       {"sea_water_temperature", "sea_water_potential_temperature"},
       {"temp", "thetao", "water_temp", "TEMP"}},
      {Field::sea_water_salinity,
       "sea_water_salinity",
       Quantity::salinity,
       {"sea_water_salinity", "sea_water_practical_salinity"},
       {"salt", "so", "salinity", "SALT"}},
  };
  return t;
}

const FieldRow& field_row(Field f) {
  for (const auto& r : field_table())
    if (r.f == f) return r;
  throw std::logic_error("field missing from the table");
}
}  // namespace

Quantity field_quantity(Field f) {
  return field_row(f).q;
}
std::string field_name(Field f) {
  return field_row(f).name;
}

std::string find_variable(const std::string& path, Field f, const std::vector<std::string>& user_names) {
  const NcFile nc = NcFile::open(path);
  const FieldRow& r = field_row(f);
  const auto vars = variable_names(nc);
  for (const char* sn : r.standard_names)
    for (const auto& v : vars)
      if (text_att(nc, v, "standard_name") == sn) return v;
  for (const auto& n : user_names)
    if (nc.has_var(n)) return n;
  for (const char* n : r.known_names)
    if (nc.has_var(n)) return n;
  std::string looked;
  for (const auto& n : user_names) looked += (looked.empty() ? "" : ", ") + n;
  for (const char* n : r.known_names) looked += (looked.empty() ? "" : ", ") + std::string(n);
  throw InputError(
      path, "",
      "no variable with standard_name '" + std::string(r.standard_names[0]) + "' (nor one named " + looked + ")");
}

}  // namespace beibu
