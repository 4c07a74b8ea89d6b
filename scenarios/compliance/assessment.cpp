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
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    const int z = m.zone.empty() ? -1 : m.zone[f];
    if (z < 0) continue;
    out[z].faces.push_back(static_cast<long>(f));
    out[z].area.push_back(m.face_area(f));
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

AssessmentBuilder::AssessmentBuilder(const Mesh& m, const Standard& s, const std::vector<std::string>& parameters,
                                     std::vector<ZoneInfo> zones, std::vector<StationInfo> stations)
    : m_(m), s_(s), zones_(std::move(zones)), stations_(std::move(stations)) {
  for (const auto& p : parameters)
    if (s.find(p)) params_.push_back(p);
  for (const auto& p : params_) sum_[p].assign(m.n_faces(), 0.0);
  zone_samples_.resize(zones_.size());
  station_series_.resize(stations_.size());
}

void AssessmentBuilder::add_sample(double hours, const std::map<std::string, std::vector<double>>& fv) {
  for (const auto& p : params_) {
    auto it = fv.find(p);
    if (it == fv.end() || it->second.size() != m_.n_faces())
      throw Failure("assessment sample lacks parameter '" + p + "' on every face");
    const auto& v = it->second;
    auto& s = sum_[p];
    for (std::size_t f = 0; f < v.size(); ++f) s[f] += hours * v[f];
    for (std::size_t z = 0; z < zones_.size(); ++z) {
      std::vector<double> cells(zones_[z].faces.size());
      for (std::size_t i = 0; i < cells.size(); ++i) cells[i] = v[zones_[z].faces[i]];
      zone_samples_[z][p].push_back(std::move(cells));
    }
    for (std::size_t k = 0; k < stations_.size(); ++k) station_series_[k][p].push_back(v[stations_[k].face]);
  }
  zone_sample_hours_.push_back(hours);
  hours_ += hours;
  ++samples_;
}

// Layout: hours, samples, the sums per parameter (n_faces each), the sample hours
// (samples), then per zone, parameter and sample the zone's cells, then per station
// and parameter the samples. Every length follows from the samples count.
std::vector<double> AssessmentBuilder::state() const {
  std::vector<double> v{hours_, static_cast<double>(samples_)};
  for (const auto& p : params_) v.insert(v.end(), sum_.at(p).begin(), sum_.at(p).end());
  v.insert(v.end(), zone_sample_hours_.begin(), zone_sample_hours_.end());
  for (const auto& z : zone_samples_)
    for (const auto& p : params_) {
      auto it = z.find(p);
      if (it == z.end()) continue;  // no sample yet
      for (const auto& cells : it->second) v.insert(v.end(), cells.begin(), cells.end());
    }
  for (const auto& st : station_series_)
    for (const auto& p : params_) {
      auto it = st.find(p);
      if (it != st.end()) v.insert(v.end(), it->second.begin(), it->second.end());
    }
  return v;
}

void AssessmentBuilder::restore(const std::vector<double>& v) {
  std::size_t i = 0;
  auto take = [&](std::size_t n) {
    if (i + n > v.size()) throw Failure("assessment state does not fit this scenario (too short)");
    const auto b = v.begin() + static_cast<std::ptrdiff_t>(i);
    i += n;
    return std::vector<double>(b, b + static_cast<std::ptrdiff_t>(n));
  };
  const auto head = take(2);
  hours_ = head[0];
  samples_ = static_cast<int>(head[1]);
  if (samples_ < 0) throw Failure("assessment state: negative sample count");
  const auto ns = static_cast<std::size_t>(samples_);
  for (const auto& p : params_) sum_[p] = take(m_.n_faces());
  zone_sample_hours_ = take(ns);
  zone_samples_.assign(zones_.size(), {});
  for (std::size_t z = 0; z < zones_.size(); ++z)
    for (const auto& p : params_) {
      if (ns == 0) continue;
      auto& series = zone_samples_[z][p];
      for (std::size_t t = 0; t < ns; ++t) series.push_back(take(zones_[z].faces.size()));
    }
  station_series_.assign(stations_.size(), {});
  for (std::size_t k = 0; k < stations_.size(); ++k)
    for (const auto& p : params_)
      if (ns > 0) station_series_[k][p] = take(ns);
  if (i != v.size()) throw Failure("assessment state does not fit this scenario (too long)");
}

Assessment AssessmentBuilder::finish() const {
  Assessment a;
  a.standard_id = s_.id;
  a.parameters = params_;
  a.hours = hours_;
  a.samples = samples_;
  const std::size_t nf = m_.n_faces();
  for (const auto& p : params_) {
    auto& mean = a.mean[p];
    mean.resize(nf);
    for (std::size_t f = 0; f < nf; ++f) mean[f] = hours_ > 0 ? sum_.at(p)[f] / hours_ : NAN;
  }
  a.face_class.assign(nf, -1);
  std::vector<double> area(nf);
  std::map<std::string, std::pair<std::vector<int>, std::vector<double>>> by_j;
  for (std::size_t f = 0; f < nf; ++f) {
    std::map<std::string, double> vals;
    for (const auto& p : params_) vals[p] = a.mean[p][f];
    a.face_class[f] = classify_worst(s_, vals).cls;
    area[f] = m_.face_area(f);
    const int j = m_.jurisdiction.empty() ? -1 : m_.jurisdiction[f];
    if (j >= 0) {
      by_j[m_.jurisdiction_codes[j]].first.push_back(a.face_class[f]);
      by_j[m_.jurisdiction_codes[j]].second.push_back(area[f]);
    }
  }
  a.share_area_good = share_at_or_better(a.face_class, area, 1);
  for (const auto& [j, cw] : by_j) a.share_area_good_by_jurisdiction[j] = share_at_or_better(cw.first, cw.second, 1);

  // Zones. Samples may differ in length; use the mean sample length for durations.
  const double sample_hours = samples_ > 0 ? hours_ / samples_ : 0;
  for (std::size_t z = 0; z < zones_.size(); ++z) {
    ZoneResult r;
    r.info = zones_[z];
    if (r.info.faces.empty()) continue;  // a zone smaller than one face's centroid spacing
    for (const auto& p : params_) {
      const auto st =
          zone_parameter_stats(*s_.find(p), r.info.target_class, r.info.area, zone_samples_[z].at(p), sample_hours);
      if (st.class_mean > r.class_mean) {
        r.class_mean = st.class_mean;
        r.worst_parameter = p;
      }
      r.class_p90 = std::max(r.class_p90, st.class_p90);
      r.exceed_hours = std::max(r.exceed_hours, st.exceed_hours);
      r.stats[p] = st;
    }
    r.pass_mean = r.class_mean >= 0 && r.class_mean <= r.info.target_class;
    r.pass_p90 = r.class_p90 >= 0 && r.class_p90 <= r.info.target_class;
    a.zones.push_back(std::move(r));
  }

  // Stations, bulletin style.
  std::vector<int> st_class;
  for (std::size_t k = 0; k < stations_.size(); ++k) {
    StationResult r;
    r.info = stations_[k];
    r.series = station_series_[k];
    for (const auto& p : params_) {
      const auto& ser = station_series_[k].at(p);
      double s = 0;
      for (std::size_t i = 0; i < ser.size(); ++i) s += zone_sample_hours_[i] * ser[i];
      const double mean = hours_ > 0 ? s / hours_ : NAN;
      r.mean[p] = mean;
      const ParameterLimit& lim = *s_.find(p);
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
