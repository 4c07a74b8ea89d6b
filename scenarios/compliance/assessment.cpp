#include "scenarios/compliance/assessment.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "ingest/projection.hpp"
#include "ingest/vector_layer.hpp"
#include "mesh/face_locator.hpp"

namespace beibu {

namespace {
std::string prop(const Properties& p, const std::string& k, const std::string& fallback = "") {
  auto it = p.find(k);
  return it == p.end() ? fallback : it->second;
}
}  // namespace

std::vector<ZoneInfo> load_zones(const Mesh& m, const std::string& file) {
  Projection proj;
  const VectorData v = read_vector(file, proj);
  std::vector<ZoneInfo> out(m.zone_ids.size());
  for (std::size_t z = 0; z < m.zone_ids.size(); ++z) {
    out[z].id = m.zone_ids[z];
    bool found = false;
    for (const auto& p : v.polygons) {
      if (prop(p.props, "id") != m.zone_ids[z]) continue;
      found = true;
      out[z].name = prop(p.props, "name", out[z].id);
      out[z].name_zh = prop(p.props, "name_zh", out[z].name);
      out[z].type = prop(p.props, "type");
      out[z].jurisdiction = prop(p.props, "jurisdiction");
      const std::string tc = prop(p.props, "target_class");
      try {
        out[z].target_class = std::stoi(tc) - 1;
      } catch (const std::exception&) {
        throw InputError(file, "zone '" + out[z].id + "'", "target_class '" + tc + "' is not a class number");
      }
      if (out[z].target_class < 0 || out[z].target_class > 4)
        throw InputError(file, "zone '" + out[z].id + "'", "target_class must be 1 to 5");
      break;
    }
    if (!found) throw InputError(file, "zone '" + out[z].id + "'", "is in the mesh but not in this zones file");
  }
  std::vector<long> unassessed(out.size(), 0);
  std::vector<int> unassessed_region(out.size(), -1);
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    const int z = m.zone.empty() ? -1 : m.zone[f];
    if (z < 0) continue;
    out[z].faces.push_back(static_cast<long>(f));
    out[z].area.push_back(m.face_area(f));
    if (!m.assessed(f)) {
      ++unassessed[z];
      unassessed_region[z] = m.not_assessed[f];
    }
  }
  // A zone in water the mesh carries for the tide only (no loads entered there) would get a
  // verdict on water whose pollution the model does not know.
  for (std::size_t z = 0; z < out.size(); ++z) {
    if (unassessed[z] == 0) continue;
    const int r = unassessed_region[z];
    const std::string region =
        r >= 0 && r < static_cast<int>(m.not_assessed_names.size()) ? m.not_assessed_names[r] : "?";
    throw InputError(file, "zone '" + out[z].id + "'",
                     std::to_string(unassessed[z]) + " of its " + std::to_string(out[z].faces.size()) +
                         " cells lie in water the mesh does not assess ('" + region +
                         "' of its not_assessed polygons: no loads are entered there); take the zone out of "
                         "that polygon in the mesh configuration, or drop the zone");
  }
  return out;
}

std::vector<StationInfo> load_stations(const Mesh& m, const std::string& file, const std::vector<ZoneInfo>& zones) {
  Projection proj;
  const VectorData v = read_vector(file, proj);
  if (v.points.empty()) throw InputError(file, "", "contains no station points");
  const FaceLocator loc(m);
  std::vector<StationInfo> out;
  for (const auto& p : v.points) {
    StationInfo s;
    s.id = prop(p.props, "id");
    if (s.id.empty()) throw InputError(file, "feature " + std::to_string(p.fid), "station has no 'id'");
    s.name = prop(p.props, "name", s.id);
    s.name_zh = prop(p.props, "name_zh", s.name);
    s.type = prop(p.props, "type");
    s.jurisdiction = prop(p.props, "jurisdiction");
    s.lon = p.lon;
    s.lat = p.lat;
    // Stations a little outside the resampled coast still belong to the nearest face.
    s.face = loc.find_or_nearest(p.x, p.y, 2000.0);
    if (s.face < 0) throw InputError(file, "station '" + s.id + "'", "lies outside the mesh");
    const int z = m.zone.empty() ? -1 : m.zone[s.face];
    s.target_class = z >= 0 ? zones[z].target_class : 1;
    out.push_back(s);
  }
  return out;
}

Assessment assess_period(const PeriodStatistics& ps, const Mesh& m, const Standard& s, std::vector<ZoneInfo> zones,
                         std::vector<StationInfo> stations) {
  Assessment a;
  a.standard_id = s.id;
  a.t_from = ps.t_from;
  a.t_to = ps.t_to;
  a.hours = ps.hours;
  a.intervals = ps.intervals;
  a.spacing_s = ps.spacing_s;
  const std::size_t nf = m.n_faces();
  for (const auto& p : ps.parameters) {
    if (!s.find(p.parameter)) continue;
    if (p.mean.size() != nf) throw Failure("statistics of '" + p.parameter + "' do not cover the mesh");
    a.parameters.push_back(p.parameter);
    a.mean[p.parameter] = p.mean;
  }
  a.face_class.assign(nf, -1);
  std::vector<double> area(nf);
  std::map<std::string, std::pair<std::vector<int>, std::vector<double>>> by_j;
  for (std::size_t f = 0; f < nf; ++f) {
    area[f] = m.face_area(f);
    if (!m.assessed(f)) continue;  // carried for the hydrodynamics only: class -1, in no share
    std::map<std::string, double> vals;
    for (const auto& p : a.parameters)
      if (!std::isnan(a.mean[p][f])) vals[p] = a.mean[p][f];
    a.face_class[f] = classify_worst(s, vals).cls;
    const int j = m.jurisdiction.empty() ? -1 : m.jurisdiction[f];
    if (j >= 0) {
      by_j[m.jurisdiction_codes[j]].first.push_back(a.face_class[f]);
      by_j[m.jurisdiction_codes[j]].second.push_back(area[f]);
    }
  }
  a.share_area_good = share_at_or_better(a.face_class, area, 1);
  for (const auto& [j, cw] : by_j) a.share_area_good_by_jurisdiction[j] = share_at_or_better(cw.first, cw.second, 1);

  // Zones: the area-weighted mean of the faces' period means, the zone's percentile
  // over cells x time and the hours its mean was worse than the target class limit.
  for (std::size_t z = 0; z < zones.size(); ++z) {
    ZoneResult r;
    r.info = zones[z];
    if (r.info.faces.empty()) continue;  // a zone smaller than one face's centroid spacing
    for (const auto& name : a.parameters) {
      const ParameterStatistics& p = *ps.find(name);
      const ParameterLimit& lim = *s.find(name);
      ZoneParameterStats st;
      std::vector<double> v, w;
      for (std::size_t i = 0; i < r.info.faces.size(); ++i) {
        const double x = p.mean[r.info.faces[i]];
        if (std::isnan(x)) continue;
        v.push_back(x);
        w.push_back(r.info.area[i]);
      }
      st.mean = weighted_mean(v, w);
      st.p90 = z < p.zone_percentile.size() ? p.zone_percentile[z] : NAN;
      st.class_mean = classify(lim, st.mean);
      st.class_p90 = classify(lim, st.p90);
      const int tc = r.info.target_class;
      if (tc >= 0 && tc < static_cast<int>(lim.values.size())) {
        const auto it = std::find(p.limits.begin(), p.limits.end(), lim.values[tc]);
        const std::size_t l = static_cast<std::size_t>(it - p.limits.begin());
        if (it != p.limits.end() && z < p.zone_hours_worse[l].size()) st.exceed_hours = p.zone_hours_worse[l][z];
      }
      if (st.class_mean > r.class_mean) {
        r.class_mean = st.class_mean;
        r.worst_parameter = name;
      }
      r.class_p90 = std::max(r.class_p90, st.class_p90);
      r.exceed_hours = std::max(r.exceed_hours, st.exceed_hours);
      r.stats[name] = st;
    }
    r.pass_mean = r.class_mean >= 0 && r.class_mean <= r.info.target_class;
    r.pass_p90 = r.class_p90 >= 0 && r.class_p90 <= r.info.target_class;
    a.zones.push_back(std::move(r));
  }

  // Stations, bulletin style: the period mean of the station's face.
  std::vector<int> st_class;
  for (const auto& info : stations) {
    StationResult r;
    r.info = info;
    const bool assessed = m.assessed(static_cast<std::size_t>(info.face));
    for (const auto& p : a.parameters) {
      const double mean = a.mean[p][static_cast<std::size_t>(info.face)];
      r.mean[p] = mean;
      if (!assessed) {  // a station in water that is not assessed: class -1, in no share
        r.cls[p] = -1;
        continue;
      }
      const ParameterLimit& lim = *s.find(p);
      r.cls[p] = classify(lim, mean);
      if (r.cls[p] > r.overall) {
        r.overall = r.cls[p];
        r.worst_parameter = p;
      }
      const int tc = std::min<int>(r.info.target_class, static_cast<int>(lim.values.size()) - 1);
      if (r.cls[p] > r.info.target_class) {
        const double L = lim.values[tc];
        r.exceeding.emplace_back(p, L > 0 ? std::fabs(mean - L) / L : INFINITY);
      }
    }
    std::sort(r.exceeding.begin(), r.exceeding.end(), [](auto& x, auto& y) { return x.second > y.second; });
    st_class.push_back(r.overall);
    a.stations.push_back(std::move(r));
  }
  a.share_stations_good = share_at_or_better(st_class, std::vector<double>(st_class.size(), 1.0), 1);
  return a;
}

}  // namespace beibu
