#include "parent_boundary.hpp"

#include <chrono>
#include <cmath>
#include <map>

#include "ingest/projection.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/mesh.hpp"

namespace beibu::hydro {

namespace {
double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// What a parent model's level (m, about its geoid or mean sea level) and depth-averaged
// velocity (m/s) can be: beyond these the units are wrong.
constexpr double kLevelMax = 10, kSpeedMax = 10;

std::unique_ptr<PointField> level_field(const ParentModelSpec& s, const std::vector<double>& lon,
                                        const std::vector<double>& lat) {
  return std::make_unique<PointField>(FieldSource{s.file, s.sea_level}, std::vector<Field>{Field::sea_surface_height},
                                      lon, lat, -kLevelMax, kLevelMax);
}

std::unique_ptr<PointField> velocity_field(const ParentModelSpec& s, const std::string& var, Field kind,
                                           const std::vector<double>& lon, const std::vector<double>& lat) {
  return std::make_unique<PointField>(FieldSource{s.file, var, Vertical::depth_average}, std::vector<Field>{kind}, lon,
                                      lat, -kSpeedMax, kSpeedMax);
}

// The times the datum averages: every frame of a dated file; a climatology daily over
// one year from t0; a field without time, t0.
std::vector<double> datum_times(const GriddedField& f, double t0) {
  const TimeAxis& a = f.time_axis();
  if (a.t.size() <= 1) return {t0};
  if (!a.climatology) return a.t;
  std::vector<double> t(365);
  for (std::size_t k = 0; k < t.size(); ++k) t[k] = t0 + 86400.0 * static_cast<double>(k);
  return t;
}
}  // namespace

void check_parent_model(const ParentModelSpec& s, double t0, double t1) {
  if (s.empty()) return;
  level_field(s, {}, {})->check_covers(t0, t1);
  if (!s.u.empty()) velocity_field(s, s.u, Field::sea_water_x_velocity, {}, {})->check_covers(t0, t1);
  if (!s.v.empty()) velocity_field(s, s.v, Field::sea_water_y_velocity, {}, {})->check_covers(t0, t1);
}

ParentBoundary::ParentBoundary(const ParentModelSpec& spec, const Mesh& mesh, const LocalMesh& lm, double t_epoch,
                               double t_end, bool velocity)
    : t_epoch_(t_epoch), n_edges_(lm.n_edges()) {
  const double t_start = now();
  // The open-boundary edges of the whole mesh, in its order, at their midpoints.
  const Projection proj;
  std::map<long, int> point_of;
  for (std::size_t e = 0; e < mesh.n_edges(); ++e) {
    if (mesh.edge_tag[e] < kOpenEdgeBase) continue;
    const int a = mesh.edge_node[2 * e], b = mesh.edge_node[2 * e + 1];
    double lon = 0, lat = 0;
    proj.inverse(0.5 * (mesh.x[a] + mesh.x[b]), 0.5 * (mesh.y[a] + mesh.y[b]), lon, lat);
    point_of[static_cast<long>(e)] = static_cast<int>(lon_.size());
    lon_.push_back(lon);
    lat_.push_back(lat);
    len_.push_back(std::hypot(mesh.x[b] - mesh.x[a], mesh.y[b] - mesh.y[a]));
  }
  for (int e = 0; e < lm.n_edges(); ++e) {
    if (lm.edge_tag[e] < kOpenEdgeBase) continue;
    edge_.push_back(e);
    point_.push_back(point_of.at(lm.edge_gid[e]));
    nx_.push_back(lm.nx[e]);
    ny_.push_back(lm.ny[e]);
  }
  eta_ = level_field(spec, lon_, lat_);
  eta_->check_covers(t_epoch, t_epoch + t_end);
  if (velocity || !spec.u.empty() || !spec.v.empty()) {
    u_ = velocity_field(spec, spec.u, Field::sea_water_x_velocity, lon_, lat_);
    v_ = velocity_field(spec, spec.v, Field::sea_water_y_velocity, lon_, lat_);
    u_->check_covers(t_epoch, t_epoch + t_end);
    v_->check_covers(t_epoch, t_epoch + t_end);
  }
  // Every frame once: each point must have a valid value in each (PointField::sample
  // refuses it otherwise), and the datum is the mean of the boundary means.
  frames_ = datum_times(eta_->field(), t_epoch);
  double total_len = 0;
  for (double l : len_) total_len += l;
  double sum = 0;
  for (double t : frames_) {
    eta_->sample(t, a_);
    double m = 0;
    for (std::size_t p = 0; p < a_.size(); ++p) m += len_[p] * a_[p];
    sum += total_len > 0 ? m / total_len : 0.0;
  }
  if (u_)
    for (double t : datum_times(u_->field(), t_epoch)) {
      u_->sample(t, a_);
      v_->sample(t, b_);
    }
  datum_ = spec.subtract_mean && !frames_.empty() ? sum / static_cast<double>(frames_.size()) : 0.0;
  setup_s_ = now() - t_start;
}

void ParentBoundary::level(double t, std::vector<double>& eta) const {
  const double t_start = now();
  eta.assign(n_edges_, 0.0);
  eta_->sample(t_epoch_ + t, a_);
  for (std::size_t k = 0; k < edge_.size(); ++k) eta[edge_[k]] = a_[point_[k]] - datum_;
  sample_s_ += now() - t_start;
  ++samples_;
}

void ParentBoundary::velocity(double t, std::vector<double>& un) const {
  const double t_start = now();
  un.assign(n_edges_, 0.0);
  if (!u_) return;
  u_->sample(t_epoch_ + t, a_);
  v_->sample(t_epoch_ + t, b_);
  for (std::size_t k = 0; k < edge_.size(); ++k) un[edge_[k]] = a_[point_[k]] * nx_[k] + b_[point_[k]] * ny_[k];
  sample_s_ += now() - t_start;
  ++samples_;
}

}  // namespace beibu::hydro
