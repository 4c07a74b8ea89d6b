#include "scenarios/apportion/observed_means.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <stdexcept>
#include <utility>

#include "core/error.hpp"
#include "ingest/csv_reader.hpp"
#include "ingest/text_util.hpp"
#include "ingest/units.hpp"

namespace beibu {

namespace {

// A field as a number, or an InputError naming the column.
double number_in(const std::string& text, const std::string& column, const std::string& file,
                 const std::string& where) {
  const auto v = parse_number(text);
  if (!v) {
    const std::string t = trim(text);
    throw InputError(file, where,
                     t.empty() ? "empty '" + column + "' (leave out a station without a mean)"
                               : "bad number '" + t + "' in column '" + column + "'");
  }
  return *v;
}

}  // namespace

std::vector<ObservedMean> parse_observed_means(std::istream& in, const std::string& file) {
  CsvReader csv(in, file);
  CsvRecord rec;
  if (!csv.next(rec))
    throw InputError(file, "", "empty file (expected a header station_id,parameter,value,unit[,uncertainty])");
  const auto cols = csv_header_columns(rec, file, {"station_id", "parameter", "value", "unit"});
  const std::size_t c_st = cols.at("station_id"), c_p = cols.at("parameter"), c_v = cols.at("value"),
                    c_u = cols.at("unit");
  const auto c_sigma = cols.find("uncertainty");

  std::vector<ObservedMean> out;
  std::map<std::pair<std::string, std::string>, std::size_t> first_line;
  while (csv.next(rec)) {
    csv_require_fields(rec, cols.size(), file);
    const std::string where = csv_line(rec);
    ObservedMean o;
    o.line = rec.line;
    o.station = trim(rec.fields[c_st]);
    if (o.station.empty()) throw InputError(file, where, "empty station_id");
    const auto p = parse_parameter(rec.fields[c_p]);
    if (!p) throw InputError(file, where, "unknown parameter '" + trim(rec.fields[c_p]) + "'");
    o.constituent = parameter_name(*p);
    Conversion conv;
    try {
      conv = unit_conversion(*p, trim(rec.fields[c_u]));
    } catch (const std::invalid_argument& e) {
      throw InputError(file, where, e.what());
    }
    const double v = number_in(rec.fields[c_v], "value", file, where);
    if (v < 0) throw InputError(file, where, "negative value " + trim(rec.fields[c_v]) + " (a mean concentration)");
    o.value = conv.apply(v);
    o.uncertainty = std::numeric_limits<double>::quiet_NaN();
    if (c_sigma != cols.end() && !trim(rec.fields[c_sigma->second]).empty()) {
      const double s = number_in(rec.fields[c_sigma->second], "uncertainty", file, where);
      if (!(s > 0))
        throw InputError(file, where,
                         "uncertainty " + trim(rec.fields[c_sigma->second]) +
                             " is not > 0 (one standard error, in the unit of the value)");
      o.uncertainty = conv.scale * s;  // a spread: scaled, never offset
    }
    const auto [it, fresh] = first_line.emplace(std::make_pair(o.station, o.constituent), o.line);
    if (!fresh)
      throw InputError(file, where,
                       "second mean of " + o.constituent + " at station '" + o.station + "' (first on line " +
                           std::to_string(it->second) + ")");
    out.push_back(std::move(o));
  }
  if (out.empty()) throw InputError(file, "", "no observations after the header");
  return out;
}

std::vector<ObservedMean> read_observed_means(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", std::filesystem::exists(path) ? "cannot be read" : "no such file");
  return parse_observed_means(in, path);
}

}  // namespace beibu
