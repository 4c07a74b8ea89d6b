#include "stations.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "core/error.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/csv_reader.hpp"
#include "ingest/nc_util.hpp"
#include "ingest/nc_var.hpp"
#include "ingest/netcdf_file.hpp"
#include "ingest/projection.hpp"
#include "ingest/text_util.hpp"
#include "ingest/vector_layer.hpp"

namespace beibu {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

bool ends_with(const std::string& s, const std::string& suf) {
  return s.size() >= suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
}

void check_station(const Station& s, const std::string& file, const std::string& where) {
  if (s.id.empty()) throw InputError(file, where, "station without an id");
  if (!(s.lon >= -180 && s.lon <= 360 && s.lat >= -90 && s.lat <= 90))
    throw InputError(file, where, "station '" + s.id + "' has impossible coordinates");
}

std::vector<Station> read_stations_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot open");
  CsvReader csv(in, path);
  CsvRecord rec;
  if (!csv.next(rec)) throw InputError(path, "", "empty file");
  const auto cols = csv_header_columns(rec, path, {"id", "lon", "lat"});
  auto col = [&](const std::string& n) -> std::string {
    auto it = cols.find(n);
    return it == cols.end() ? "" : trim(rec.fields[it->second]);
  };
  std::vector<Station> out;
  while (csv.next(rec)) {
    csv_require_fields(rec, cols.size(), path);
    Station s;
    s.id = col("id");
    s.name = col("name");
    s.name_zh = col("name_zh");
    s.type = col("type");
    s.jurisdiction = col("jurisdiction");
    const auto lon = parse_number(col("lon")), lat = parse_number(col("lat"));
    if (!lon || !lat) throw InputError(path, csv_line(rec), "bad number in lon or lat");
    s.lon = *lon;
    s.lat = *lat;
    check_station(s, path, csv_line(rec));
    out.push_back(s);
  }
  return out;
}

std::string prop(const Properties& p, const std::string& k) {
  auto it = p.find(k);
  return it == p.end() ? "" : it->second;
}

}  // namespace

std::vector<Station> read_stations(const std::string& path) {
  std::vector<Station> out;
  if (ends_with(lower(path), ".csv")) {
    out = read_stations_csv(path);
  } else {
    const Projection proj;
    const VectorData v = read_vector(path, proj);
    for (const auto& p : v.points) {
      Station s;
      s.id = prop(p.props, "id");
      s.name = prop(p.props, "name");
      s.name_zh = prop(p.props, "name_zh");
      s.type = prop(p.props, "type");
      s.jurisdiction = prop(p.props, "jurisdiction");
      s.lon = p.lon;
      s.lat = p.lat;
      check_station(s, path, "feature " + std::to_string(p.fid));
      out.push_back(s);
    }
    if (out.empty()) throw InputError(path, "", "no point features (stations are points)");
  }
  std::set<std::string> ids;
  for (const auto& s : out)
    if (!ids.insert(s.id).second) throw InputError(path, "", "station id '" + s.id + "' appears twice");
  return out;
}

TimeSeriesData read_timeseries_nc(const std::string& path) {
  const NcFile nc = NcFile::open(path);
  const std::string ft = lower(text_att(nc, "", "featureType"));
  if (ft != "timeseries")
    throw InputError(path, "",
                     "featureType is '" + text_att(nc, "", "featureType") + "', expected 'timeSeries' (CF DSG)");
  const auto vars = variable_names(nc);
  std::string idvar, lonvar, latvar, tvar;
  for (const auto& v : vars) {
    if (text_att(nc, v, "cf_role") == "timeseries_id") idvar = v;
    const std::string sn = text_att(nc, v, "standard_name"), un = lower(text_att(nc, v, "units"));
    if (sn == "longitude" || un == "degrees_east") lonvar = v;
    if (sn == "latitude" || un == "degrees_north") latvar = v;
    if (sn == "time" || un.find(" since ") != std::string::npos) tvar = v;
  }
  if (idvar.empty()) throw InputError(path, "", "no variable with cf_role = timeseries_id (the station ids)");
  if (tvar.empty()) throw InputError(path, "", "no time variable (standard_name time or units '<unit> since <date>')");
  const std::string sdim = nc.var_dims(idvar).at(0);
  const auto tdims = nc.var_dims(tvar);
  if (tdims.size() != 1)
    throw InputError(path, "variable '" + tvar + "'",
                     "only the orthogonal layout (a 1-D time shared by all stations) is supported");
  const std::string tdim = tdims[0];

  TimeSeriesData out;
  const auto ids = get_strings(nc, idvar);
  // Positions by the station dimension (or scalar, for one station); a missing position
  // is NaN (the station keeps its id).
  auto position = [&](const std::string& var) {
    if (var.empty()) return std::vector<double>(ids.size(), kNaN);
    std::vector<std::string> dims;
    if (!nc.var_dims(var).empty()) dims = {sdim};
    return NcVar(nc, {var, dims, "", true}).read();
  };
  const auto lon = position(lonvar);
  const auto lat = position(latvar);
  for (std::size_t s = 0; s < ids.size(); ++s) {
    Station st;
    st.id = ids[s];
    st.lon = s < lon.size() ? lon[s] : kNaN;
    st.lat = s < lat.size() ? lat[s] : kNaN;
    out.stations.push_back(st);
  }
  const std::vector<double> t = read_time_axis(nc, tvar).t;
  for (const auto& v : vars) {
    const auto d = nc.var_dims(v);
    if (d.size() != 2 || v == idvar) continue;
    if (!((d[0] == sdim && d[1] == tdim) || (d[0] == tdim && d[1] == sdim))) continue;
    auto p = parse_parameter(v);
    if (!p) p = parse_parameter(text_att(nc, v, "standard_name"));
    if (!p) continue;  // not a monitored parameter (e.g. depth of the sensor)
    Conversion c;
    try {
      c = unit_conversion(*p, text_att(nc, v, "units"));
    } catch (const std::invalid_argument& e) {
      throw InputError(path, "variable '" + v + "'", e.what());
    }
    // Station-major whatever the file's order; missing values are not observations.
    const auto raw = NcVar(nc, NcVarSpec{v, {sdim, tdim}, "", true}).read();
    const std::size_t ns = ids.size(), nt = t.size();
    for (std::size_t s = 0; s < ns; ++s)
      for (std::size_t k = 0; k < nt; ++k) {
        const double x = raw[s * nt + k];
        if (std::isnan(x)) continue;
        Observation o;
        o.station = ids[s];
        o.time = t[k];
        o.parameter = *p;
        o.value = c.apply(x);
        out.values.push_back(o);
      }
  }
  return out;
}

std::vector<Observation> read_observations(const std::string& path, const ObservationOptions& opt) {
  const std::string l = lower(path);
  if (ends_with(l, ".nc") || ends_with(l, ".nc4") || ends_with(l, ".cdf")) {
    TimeSeriesData d = read_timeseries_nc(path);
    if (opt.stations) {
      std::set<std::string> known;
      for (const auto& s : *opt.stations) known.insert(s.id);
      for (const auto& s : d.stations)
        if (!known.count(s.id)) throw InputError(path, "", "unknown station '" + s.id + "'");
    }
    add_din_from_species(d.values);
    return d.values;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot open");
  return parse_observations_csv(in, path, opt);
}

void define_station_axis(NcFile& nc, const std::vector<std::string>& ids) {
  std::size_t len = 1;
  for (const auto& id : ids) len = std::max(len, id.size());
  nc.def_dim("station", ids.size());
  nc.def_dim("name_strlen", len);
  nc.def_var("station_name", NC_CHAR, {"station", "name_strlen"});
  nc.put_att("station_name", "cf_role", "timeseries_id");
  nc.put_att("station_name", "long_name", "station identifier");
  nc.def_var("lon", NC_DOUBLE, {"station"});
  nc.put_att("lon", "standard_name", "longitude");
  nc.put_att("lon", "units", "degrees_east");
  nc.def_var("lat", NC_DOUBLE, {"station"});
  nc.put_att("lat", "standard_name", "latitude");
  nc.put_att("lat", "units", "degrees_north");
  define_wgs84_grid_mapping(nc, "crs");
}

void put_station_axis(NcFile& nc, const std::vector<std::string>& ids, const std::vector<double>& lon,
                      const std::vector<double>& lat) {
  const std::size_t len = nc.dim_len("name_strlen");
  std::vector<char> names(ids.size() * len, '\0');
  for (std::size_t s = 0; s < ids.size(); ++s) std::copy(ids[s].begin(), ids[s].end(), names.begin() + s * len);
  if (!ids.empty()) {
    const int st = nc_put_var_text(nc.id(), nc.varid("station_name"), names.data());
    if (st != NC_NOERR) throw Failure(nc.path() + ": writing station_name: " + nc_strerror(st));
  }
  nc.put("lon", lon);
  nc.put("lat", lat);
}

void write_timeseries_nc(const std::string& path, const std::vector<Station>& stations,
                         const std::vector<double>& times,
                         const std::vector<std::pair<Parameter, std::vector<double>>>& values) {
  std::vector<std::string> ids;
  std::vector<double> lon, lat;
  for (const auto& st : stations) {
    ids.push_back(st.id);
    lon.push_back(st.lon);
    lat.push_back(st.lat);
  }
  NcFile nc = NcFile::create(path);
  nc.def_dim("time", times.size());
  define_station_axis(nc, ids);
  nc.def_var("time", NC_DOUBLE, {"time"});
  nc.put_att("time", "standard_name", "time");
  nc.put_att("time", "units", "seconds since 1970-01-01 00:00:00Z");
  nc.put_att("time", "calendar", "proleptic_gregorian");
  for (const auto& [p, v] : values) {
    if (v.size() != stations.size() * times.size()) throw Failure("write_timeseries_nc: wrong number of values");
    const std::string n = parameter_name(p);
    nc.def_var(n, NC_DOUBLE, {"station", "time"});
    nc.put_att(n, "units", model_unit(p));
    nc.put_att(n, "_FillValue", std::vector<double>{NC_FILL_DOUBLE});
    nc.put_att(n, "coordinates", "time lat lon station_name");
    nc.put_att(n, "grid_mapping", "crs");
  }
  nc.put_att("", "Conventions", "CF-1.8");
  nc.put_att("", "featureType", "timeSeries");
  nc.enddef();
  put_station_axis(nc, ids, lon, lat);
  nc.put("time", times);
  for (const auto& [p, v] : values) {
    std::vector<double> w(v);
    for (double& x : w)
      if (std::isnan(x)) x = NC_FILL_DOUBLE;
    nc.put(parameter_name(p), w);
  }
  nc.close();
}

}  // namespace beibu
