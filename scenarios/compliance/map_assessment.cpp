#include "scenarios/compliance/map_assessment.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "core/error.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/nc_var.hpp"
#include "ingest/netcdf_file.hpp"
#include "scenarios/compliance/statistics_file.hpp"

namespace beibu {

std::optional<Assessment> assess_map_statistics(const std::string& path, const Mesh& mesh, const Standard& s,
                                                std::vector<ZoneInfo> zones, std::vector<StationInfo> stations) {
  {
    // The file's time axis is checked whichever of its contents is assessed.
    const NcFile nc = NcFile::open(path);
    if (nc.has_var("time")) read_time_axis(nc, "time", real_calendars());
  }
  const auto ps = read_period_statistics(path, mesh, s);
  if (!ps) return std::nullopt;
  return assess_period(*ps, mesh, s, std::move(zones), std::move(stations));
}

Assessment assess_map_records(const std::string& path, const Mesh& mesh, const Standard& s, std::vector<ZoneInfo> zones,
                              std::vector<StationInfo> stations, double t_from, double t_to) {
  NcFile nc = NcFile::open(path);
  if (!nc.has_var("time")) throw InputError(path, "variable 'time'", "is missing: not a beibu map file");
  const std::vector<double> t = read_time_axis(nc, "time", real_calendars()).t;
  if (t.size() < 2) throw InputError(path, "variable 'time'", "needs at least two records for time statistics");
  // Every variable named like a parameter of the standard is assessed: by dimension
  // name, in the standard's units. A fill value is a dry face (beibu's maps write one
  // there): not a concentration, so the face keeps the water it had when it fell dry,
  // its last wet value (the nearest wet record before it in the file, else after it);
  // a face never wet in the file is an error.
  std::vector<std::string> params;
  std::map<std::string, NcVar> vars;
  for (const auto& p : s.parameters) {
    if (!nc.has_var(p.id)) continue;
    const NcVar& v =
        vars.emplace(p.id, NcVar(nc, NcVarSpec{p.id, {"time", "nMesh_face"}, p.units, true})).first->second;
    if (v.len(0) != t.size()) throw InputError(path, "variable '" + p.id + "'", "has not one value per time");
    if (v.len(1) != mesh.n_faces()) throw InputError(path, "dimension 'nMesh_face'", "does not match the mesh");
    params.push_back(p.id);
  }
  if (params.empty()) throw InputError(path, "", "has no face variable named like a parameter of " + s.id);
  const double from = std::max(t_from, t.front()), to = std::min(t_to, t.back());
  if (!(to > from)) throw InputError(path, "--from/--to", "the window holds no time between two records");

  TimeStatisticsBuilder b(mesh, s, params, from, to);
  const std::size_t nf = mesh.n_faces();
  std::map<std::string, std::vector<double>> last;  // per parameter: each face's last wet value (NaN: none yet)
  for (const auto& p : params) last[p].assign(nf, NAN);
  // Faces dry at record i with no wet value yet in the assessed window: the nearest wet
  // value in the file, before i first, then after; each record read once for them all.
  auto fill_from_file = [&](const std::string& p, std::size_t i, std::vector<double>& v,
                            std::vector<std::size_t> pending) {
    auto take = [&](std::size_t j) {
      const std::vector<double> r = vars.at(p).read_record(j);
      pending.erase(std::remove_if(pending.begin(), pending.end(),
                                   [&](std::size_t f) { return !std::isnan(r[f]) && (v[f] = r[f], true); }),
                    pending.end());
    };
    for (std::size_t j = i; j-- > 0 && !pending.empty();) take(j);
    for (std::size_t j = i + 1; j < t.size() && !pending.empty(); ++j) take(j);
    if (!pending.empty())
      throw InputError(path, "variable '" + p + "'",
                       "face " + std::to_string(pending.front()) + " is dry (fill value) at every time");
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    if ((i + 1 < t.size() && t[i + 1] <= from) || (i > 0 && t[i - 1] >= to)) continue;
    std::map<std::string, std::vector<double>> fv;
    const std::vector<char> wet(nf, 1);  // a dry face holds its last wet value
    for (const auto& p : params) {
      std::vector<double> v = vars.at(p).read_record(i);
      std::vector<double>& held = last[p];
      std::vector<std::size_t> pending;
      for (std::size_t f = 0; f < nf; ++f)
        if (std::isnan(v[f])) {
          if (std::isnan(held[f]))
            pending.push_back(f);
          else
            v[f] = held[f];
        }
      if (!pending.empty()) fill_from_file(p, i, v, std::move(pending));
      held = v;
      for (std::size_t f = 0; f < nf; ++f)
        if (v[f] < 0)
          throw InputError(path, "variable '" + p + "'",
                           "negative at time " + std::to_string(i) + ", face " + std::to_string(f));
      fv[p] = std::move(v);
    }
    b.add_state(t[i], fv, wet);
  }
  return assess_period(b.finish(), mesh, s, std::move(zones), std::move(stations));
}

}  // namespace beibu
