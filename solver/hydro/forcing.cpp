#include "forcing.hpp"

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <unordered_map>

#include "core/config.hpp"
#include "core/error.hpp"
#include "ingest/projection.hpp"
#include "ingest/vector_layer.hpp"
#include "mesh/local_mesh.hpp"
#include "solver/series.hpp"
#include "tide_constituents.hpp"

namespace beibu::hydro {

void UniformWind::sample(double, const LocalMesh& m, std::vector<double>& u10, std::vector<double>& v10,
                         std::vector<double>& pa) {
  u10.assign(m.n_local, u_);
  v10.assign(m.n_local, v_);
  pa.clear();
}

double DischargeSeries::at(double time) const {
  return interpolate_linear(t, q, time);
}

void validate_discharge(const DischargeSeries& s, const std::string& file, const std::string& where, double t_begin,
                        double t_end, double max_gap_s) {
  if (s.t.empty() || s.t.size() != s.q.size())
    throw InputError(file, where, "discharge series needs as many times as values, and at least one");
  for (std::size_t i = 0; i < s.q.size(); ++i) {
    if (!std::isfinite(s.q[i]) || !std::isfinite(s.t[i]))
      throw InputError(file, where, "discharge series has a missing (non-finite) value at entry " + std::to_string(i));
    if (s.q[i] < 0)
      throw InputError(file, where, "discharge series has a negative value at entry " + std::to_string(i));
    if (i > 0 && s.t[i] <= s.t[i - 1])
      throw InputError(file, where, "discharge times must increase strictly (entry " + std::to_string(i) + ")");
    if (i > 0 && s.t[i] - s.t[i - 1] > max_gap_s)
      throw InputError(file, where,
                       "discharge series has a gap of " + std::to_string((s.t[i] - s.t[i - 1]) / 86400.0) +
                           " days before entry " + std::to_string(i));
  }
  if (s.t.size() > 1 && (s.t.front() > t_begin || s.t.back() < t_end))
    throw InputError(file, where, "discharge series does not cover the run period");
}

std::vector<RiverSpec> read_rivers(const Config& list, double t_begin, double t_end) {
  std::vector<RiverSpec> out;
  std::unique_ptr<Projection> proj;
  for (const Config& r : list.items()) {
    r.check_keys({"name", "lon", "lat", "x", "y", "discharge_m3s", "series", "notes"});
    RiverSpec rs;
    rs.name = r.at("name").as_string();
    if (r.has("lon") || r.has("lat")) {
      double lon = 0, lat = 0;
      read_lon_lat(r, lon, lat);
      if (!proj) proj = std::make_unique<Projection>();
      proj->forward(lon, lat, rs.x, rs.y);
    } else {
      rs.x = r.at("x").as_double();
      rs.y = r.at("y").as_double();
    }
    if (r.has("series")) {
      const Config s = r.at("series");
      s.check_keys({"time_days", "discharge_m3s", "max_gap_days"});
      for (double d : s.at("time_days").as_doubles()) rs.discharge.t.push_back(d * 86400.0);
      rs.discharge.q = s.at("discharge_m3s").as_doubles();
      const double gap = s.get("max_gap_days", 31.0, Range::positive()) * 86400.0;
      validate_discharge(rs.discharge, r.file(), "line " + std::to_string(s.line()) + ", river '" + rs.name + "'",
                         t_begin, t_end, gap);
    } else {
      rs.discharge.t = {0.0};
      rs.discharge.q = {r.at("discharge_m3s").as_double()};
      validate_discharge(rs.discharge, r.file(), "line " + std::to_string(r.line()) + ", river '" + rs.name + "'",
                         t_begin, t_end, 1e300);
    }
    out.push_back(std::move(rs));
  }
  return out;
}

std::vector<RiverSpec> seasonal_rivers_from_geojson(const std::string& path, const std::string& start_utc,
                                                    double t_end) {
  Projection proj;
  const VectorData vd = read_vector(path, proj);
  int y0 = 0, m0 = 0;
  year_month(start_utc, y0, m0);
  const double d_start = days_since_j2000(start_utc, "start time");
  std::vector<RiverSpec> out;
  for (const PointFeature& p : vd.points) {
    const std::string where = "feature " + std::to_string(p.fid);
    auto prop = [&](const char* k) {
      auto it = p.props.find(k);
      if (it == p.props.end() || it->second.empty())
        throw InputError(path, where, std::string("missing property '") + k + "'");
      return it->second;
    };
    auto number = [&](const char* k) {
      const std::string v = prop(k);
      char* end = nullptr;
      const double x = std::strtod(v.c_str(), &end);
      if (end == v.c_str() || *end != '\0' || !std::isfinite(x))
        throw InputError(path, where, std::string("property '") + k + "' is not a number: '" + v + "'");
      return x;
    };
    RiverSpec r;
    r.name = prop("id");
    r.x = p.x;
    r.y = p.y;
    const double wet = number("discharge_wet_m3s"), dry = number("discharge_dry_m3s");
    int a = 0, b = 0;
    if (std::sscanf(prop("wet_months").c_str(), "%d-%d", &a, &b) != 2 || a < 1 || a > 12 || b < 1 || b > 12)
      throw InputError(path, where, "property 'wet_months' must be 'first-last' months, e.g. '5-10'");
    auto is_wet = [&](int month) { return a <= b ? (month >= a && month <= b) : (month >= a || month <= b); };
    // Mid-month points from the month before the start to the month after the end.
    for (int k = -1;; ++k) {
      const int mm = m0 + k;
      const int month = ((mm - 1) % 12 + 12) % 12 + 1;
      const double t = (days_since_j2000(y0, mm, 15, 12.0) - d_start) * 86400.0;
      r.discharge.t.push_back(t);
      r.discharge.q.push_back(is_wet(month) ? wet : dry);
      if (t > t_end) break;
    }
    validate_discharge(r.discharge, path, where + " ('" + r.name + "')", 0.0, t_end, 32 * 86400.0);
    out.push_back(std::move(r));
  }
  if (out.empty()) throw InputError(path, "", "no river mouth points");
  return out;
}

namespace {

// The owned cell whose centroid is nearest (x, y) over all ranks (ties to the lower
// global id): its global id.
long nearest_cell_gid(const LocalMesh& m, double x, double y) {
  struct {
    double d;
    long gid;
  } mine{1e300, -1};
  for (int c = 0; c < m.n_owned; ++c) {
    const double d = std::hypot(m.cx[c] - x, m.cy[c] - y);
    if (d < mine.d || (d == mine.d && m.cell_gid[c] < mine.gid)) mine = {d, m.cell_gid[c]};
  }
  // Pack (d, gid) for a lexicographic min over ranks.
  double send[2] = {mine.d, static_cast<double>(mine.gid)}, recv[2];
  MPI_Allreduce(&send[0], &recv[0], 1, MPI_DOUBLE, MPI_MIN, m.comm);
  const double g = send[0] == recv[0] ? send[1] : 1e300;
  MPI_Allreduce(&g, &recv[1], 1, MPI_DOUBLE, MPI_MIN, m.comm);
  return static_cast<long>(recv[1]);
}

}  // namespace

RiverSources::RiverSources(std::vector<RiverSpec> rivers, const LocalMesh& m) : rivers_(std::move(rivers)) {
  std::unordered_map<long, int> owned_of;
  for (int c = 0; c < m.n_owned; ++c) owned_of[m.cell_gid[c]] = c;
  for (const RiverSpec& r : rivers_) {
    std::vector<std::pair<long, double>> cells = r.cells;
    if (cells.empty()) cells.emplace_back(nearest_cell_gid(m, r.x, r.y), 1.0);
    auto& mine = local_cells_.emplace_back();
    for (const auto& [gid, share] : cells) {
      const auto it = owned_of.find(gid);
      if (it != owned_of.end()) mine.emplace_back(it->second, share);
    }
  }
}

void RiverSources::add(double t, std::vector<double>& q) const {
  for (std::size_t i = 0; i < rivers_.size(); ++i) {
    const double Q = rivers_[i].discharge.at(t);
    for (const auto& [c, share] : local_cells_[i]) q[c] += share * Q;
  }
}

void RiverSources::set_discharge(std::size_t i, double q_m3s) {
  if (i >= rivers_.size())
    throw Failure("river " + std::to_string(i) + " of " + std::to_string(rivers_.size()) + " has no discharge to set");
  rivers_[i].discharge = DischargeSeries{{0.0}, {q_m3s}};
}

}  // namespace beibu::hydro
