#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include "core/error.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/csv_reader.hpp"
#include "ingest/stations.hpp"
#include "ingest/text_util.hpp"

// Long-CSV observations, kept apart from the GDAL/NetCDF readers so that the
// fuzz harness (tests/fuzz) can build exactly this parser with clang.
namespace beibu {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

std::optional<double> parse_number(const std::string& text) {
  const std::string t = trim(text);
  if (t.empty() || t.size() > 64) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::map<std::string, std::size_t> csv_header_columns(const CsvRecord& h, const std::string& file,
                                                      const std::vector<std::string>& required) {
  std::map<std::string, std::size_t> cols;
  for (std::size_t k = 0; k < h.fields.size(); ++k) {
    const std::string name = lower(trim(h.fields[k]));
    if (!cols.emplace(name, k).second)
      throw InputError(file, csv_line(h), "column '" + name + "' appears twice in the header");
  }
  for (const auto& r : required)
    if (!cols.count(r)) throw InputError(file, csv_line(h), "missing column '" + r + "' in the header");
  return cols;
}

std::string csv_line(const CsvRecord& rec) {
  return "line " + std::to_string(rec.line);
}

void csv_require_fields(const CsvRecord& rec, std::size_t n, const std::string& file) {
  if (rec.fields.size() != n)
    throw InputError(file, csv_line(rec),
                     "expected " + std::to_string(n) + " fields, found " + std::to_string(rec.fields.size()));
}

bool flag_is_good(const std::string& flag) {
  const std::string f = lower(trim(flag));
  return f.empty() || f == "0" || f == "1" || f == "2" || f == "good" || f == "g" || f == "ok";
}

std::vector<Observation> parse_observations_csv(std::istream& in, const std::string& file,
                                                const ObservationOptions& opt) {
  CsvReader csv(in, file);
  CsvRecord rec;
  if (!csv.next(rec)) throw InputError(file, "", "empty file (expected a header station_id,time,parameter,value,unit)");
  const auto cols = csv_header_columns(rec, file, {"station_id", "time", "parameter", "value", "unit"});
  const std::size_t c_st = cols.at("station_id"), c_t = cols.at("time"), c_p = cols.at("parameter"),
                    c_v = cols.at("value"), c_u = cols.at("unit");
  const auto flag_it = cols.find("qc_flag");
  std::set<std::string> known;
  if (opt.stations)
    for (const auto& s : *opt.stations) known.insert(s.id);
  // Unit conversions looked up once per (parameter, unit) spelling.
  std::map<std::pair<Parameter, std::string>, Conversion> conv;

  std::vector<Observation> out;
  while (csv.next(rec)) {
    csv_require_fields(rec, cols.size(), file);
    const std::string where = csv_line(rec);
    Observation o;
    o.line = rec.line;
    o.station = trim(rec.fields[c_st]);
    if (o.station.empty()) throw InputError(file, where, "empty station_id");
    if (opt.stations && !known.count(o.station)) throw InputError(file, where, "unknown station '" + o.station + "'");
    try {
      o.time = parse_iso8601(rec.fields[c_t], opt.default_utc_offset_s, &o.utc_offset_s);
    } catch (const std::invalid_argument& e) {
      throw InputError(file, where, "bad time '" + trim(rec.fields[c_t]) + "': " + e.what());
    }
    const auto p = parse_parameter(rec.fields[c_p]);
    if (!p) throw InputError(file, where, "unknown parameter '" + trim(rec.fields[c_p]) + "'");
    o.parameter = *p;
    const std::string unit = trim(rec.fields[c_u]);
    auto key = std::make_pair(*p, unit);
    auto it = conv.find(key);
    if (it == conv.end()) {
      try {
        it = conv.emplace(key, unit_conversion(*p, unit)).first;
      } catch (const std::invalid_argument& e) {
        throw InputError(file, where, e.what());
      }
    }
    const std::string vtext = trim(rec.fields[c_v]);
    const std::string vl = lower(vtext);
    if (vl.empty() || vl == "na" || vl == "nan" || vl == "n/a") {
      o.value = kNaN;
    } else {
      const auto v = parse_number(vtext);
      if (!v) throw InputError(file, where, "bad number '" + vtext + "' in column 'value'");
      o.value = it->second.apply(*v);
    }
    if (flag_it != cols.end()) o.flag = trim(rec.fields[flag_it->second]);
    out.push_back(std::move(o));
  }
  add_din_from_species(out);
  return out;
}

std::size_t add_din_from_species(std::vector<Observation>& obs) {
  using Key = std::pair<std::string, double>;
  std::map<Key, std::array<const Observation*, 4>> at;  // NH4, NO3, NO2, DIN
  for (const auto& o : obs) {
    int slot = o.parameter == Parameter::NH4   ? 0
               : o.parameter == Parameter::NO3 ? 1
               : o.parameter == Parameter::NO2 ? 2
               : o.parameter == Parameter::DIN ? 3
                                               : -1;
    if (slot < 0 || std::isnan(o.value)) continue;
    auto& a =
        at.try_emplace(Key{o.station, o.time}, std::array<const Observation*, 4>{nullptr, nullptr, nullptr, nullptr})
            .first->second;
    if (!a[slot]) a[slot] = &o;
  }
  std::vector<Observation> add;
  for (const auto& [key, a] : at) {
    if (a[3] || !a[0] || !a[1] || !a[2]) continue;
    Observation d = *a[0];
    d.parameter = Parameter::DIN;
    d.value = a[0]->value + a[1]->value + a[2]->value;
    d.derived = true;
    // A component the provider flagged makes the sum suspect too.
    for (const Observation* c : {a[0], a[1], a[2]})
      if (!flag_is_good(c->flag)) d.flag = c->flag;
    add.push_back(d);
  }
  obs.insert(obs.end(), add.begin(), add.end());
  return add.size();
}

}  // namespace beibu
