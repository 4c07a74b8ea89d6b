#include "tidal_boundary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "core/config.hpp"
#include "core/error.hpp"
#include "ingest/projection.hpp"
#include "mesh/local_mesh.hpp"
#include "physics.hpp"
#include "tide_admittance.hpp"
#include "tide_constituents.hpp"

namespace beibu::hydro {

namespace {
// The file's `manning:` (checked: a number in [0, 0.2]), NaN if it has none.
double calibrated_manning(const Config& cfg) {
  return cfg.has("manning") ? cfg.get("manning", 0.0, Range::non_negative(0.2))
                            : std::numeric_limits<double>::quiet_NaN();
}
}  // namespace

TideSpec read_tide_spec(const Config& cfg, const std::vector<std::string>& names) {
  TideSpec spec;
  spec.file = cfg.file();
  cfg.check_keys({"source", "reference", "uncertainty", "uncertainty_zh", "notes", "nodal_corrections", "infer_minor",
                  "manning", "boundaries"});
  spec.nodal = cfg.get_bool("nodal_corrections", true);
  spec.manning = calibrated_manning(cfg);
  spec.infer_minor = cfg.get_bool("infer_minor", false);
  if (cfg.has("source")) spec.source = cfg.at("source").as_string();
  const Config bs = cfg.at("boundaries");
  if (!bs.is_map()) bs.fail("expected a mapping from open-boundary name to its forcing");
  std::unique_ptr<Projection> proj;
  for (const std::string& name : bs.keys()) {
    const Config b = bs.at(name);
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      std::string known;
      for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
      b.fail("'" + name +
             "' is not an open boundary of the mesh (its open boundaries: " + (known.empty() ? "none" : known) + ")");
    }
    b.check_keys({"type", "points", "net_transport_m3s", "mean_level", "notes"});
    OpenBoundarySpec ob;
    ob.name = name;
    const std::string type = b.get("type", std::string("flather"));
    if (type == "flather")
      ob.type = OpenBoundaryType::flather;
    else if (type == "clamped")
      ob.type = OpenBoundaryType::clamped;
    else
      b.at("type").fail("unknown boundary type '" + type + "' (expected flather or clamped)");
    ob.mean_level = b.get("mean_level", 0.0, Range::closed(-100, 100));  // m
    if (b.has("net_transport_m3s")) {
      ob.has_transport = true;
      ob.transport = b.at("net_transport_m3s").as_double();
    }
    if (b.has("points")) {
      std::set<std::string> first_set;
      bool first = true;
      for (const Config& p : b.at("points").items()) {
        p.check_keys({"lon", "lat", "x", "y", "constituents", "notes"});
        TidePoint tp;
        if (p.has("lon") || p.has("lat")) {
          double lon = 0, lat = 0;
          read_lon_lat(p, lon, lat);
          if (!proj) proj = std::make_unique<Projection>();
          proj->forward(lon, lat, tp.x, tp.y);
        } else {
          tp.x = p.at("x").as_double();
          tp.y = p.at("y").as_double();
        }
        const Config cs = p.at("constituents");
        if (!cs.is_map()) cs.fail("expected a mapping from constituent name to {amplitude, phase}");
        std::set<std::string> here;
        for (const std::string& cn : cs.keys()) {
          const Config c = cs.at(cn);
          if (!find_constituent(cn)) {
            std::string known;
            for (const auto& k : tidal_constituents()) known += (known.empty() ? "" : " ") + k.name;
            c.fail("unknown tidal constituent '" + cn + "' (known: " + known + ")");
          }
          c.check_keys({"amplitude", "phase"});
          const double a = c.at("amplitude").as_double(Range::non_negative(20));  // m: above any tide on Earth
          const double g = c.at("phase").as_double(Range::closed(-360, 720));     // degrees, Greenwich
          tp.z[cn] = std::polar(a, -g * kPi / 180.0);
          here.insert(cn);
        }
        if (first) {
          first_set = here;
          first = false;
        } else if (here != first_set) {
          p.fail("every point of boundary '" + name + "' must list the same constituents");
        }
        ob.points.push_back(std::move(tp));
      }
    }
    if (ob.points.empty() && !ob.has_transport)
      b.fail("boundary '" + name + "' needs tidal 'points' and/or 'net_transport_m3s'");
    spec.boundaries.push_back(std::move(ob));
  }
  return spec;
}

TideSpec load_tide_spec(const std::string& path, const std::vector<std::string>& names) {
  return read_tide_spec(Config::load_file(path), names);
}

std::string tide_text(const std::string& path, const std::string& key) {
  const Config cfg = Config::load_file(path);
  return cfg.has(key) ? cfg.at(key).as_string() : std::string();
}

double tide_calibrated_manning(const std::string& path) {
  return calibrated_manning(Config::load_file(path));
}

namespace {
// Position of (x, y) along the polyline of the points: segment index and fraction.
void locate(const std::vector<TidePoint>& pts, double x, double y, int& seg, double& frac) {
  seg = 0;
  frac = 0;
  if (pts.size() < 2) return;
  double best = 1e300;
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
    const double ax = pts[i].x, ay = pts[i].y, dx = pts[i + 1].x - ax, dy = pts[i + 1].y - ay;
    const double l2 = dx * dx + dy * dy;
    const double s = l2 > 0 ? std::clamp(((x - ax) * dx + (y - ay) * dy) / l2, 0.0, 1.0) : 0.0;
    const double d = std::hypot(ax + s * dx - x, ay + s * dy - y);
    if (d < best) best = d, seg = static_cast<int>(i), frac = s;
  }
}
}  // namespace

TidalBoundary::TidalBoundary(const TideSpec& spec, const LocalMesh& m, const std::vector<std::string>& names,
                             const std::string& start_utc)
    : spec_(spec) {
  if (spec_.infer_minor)
    for (auto& b : spec_.boundaries)
      for (auto& p : b.points) p.z.merge(infer_minor_constituents(p.z));
  const int ne = m.n_edges();
  edge_boundary_.assign(ne, -1);
  // Constituents used anywhere, in table order.
  std::vector<std::string> used;
  for (const auto& c : tidal_constituents())
    for (const auto& b : spec_.boundaries)
      if (!b.points.empty() && b.points.front().z.count(c.name)) {
        used.push_back(c.name);
        break;
      }
  day0_ = days_since_j2000(start_utc, "start time");
  const Astro a = astro_arguments(day0_);
  for (const auto& n : used) {
    const Constituent& c = *find_constituent(n);
    waves_.push_back({&c, angular_speed(c), equilibrium_argument(c, a) * kPi / 180.0});
  }
  edge_amp_.assign(static_cast<std::size_t>(ne) * waves_.size(), 0.0);
  // The mesh's open-boundary index k is the tag minus kOpenEdgeBase; the spec is matched by name.
  const std::size_t nw = waves_.size();
  for (int e = 0; e < ne; ++e) {
    const int k = m.edge_tag[e] - kOpenEdgeBase;
    if (k < 0 || k >= static_cast<int>(names.size())) continue;
    for (std::size_t b = 0; b < spec_.boundaries.size(); ++b) {
      const OpenBoundarySpec& ob = spec_.boundaries[b];
      if (ob.name != names[k]) continue;
      edge_boundary_[e] = static_cast<int>(b);
      if (ob.points.empty()) break;
      int seg;
      double fr;
      locate(ob.points, m.mx[e], m.my[e], seg, fr);
      const TidePoint& p0 = ob.points[seg];
      const TidePoint& p1 = ob.points[std::min<std::size_t>(seg + 1, ob.points.size() - 1)];
      for (std::size_t w = 0; w < nw; ++w) {
        auto it0 = p0.z.find(used[w]), it1 = p1.z.find(used[w]);
        const std::complex<double> z0 = it0 == p0.z.end() ? 0.0 : it0->second;
        const std::complex<double> z1 = it1 == p1.z.end() ? 0.0 : it1->second;
        edge_amp_[e * nw + w] = (1.0 - fr) * z0 + fr * z1;
      }
      break;
    }
  }
}

void TidalBoundary::elevation(double t, std::vector<double>& eta, bool mean_level) const {
  eta.assign(edge_boundary_.size(), 0.0);
  const std::size_t nw = waves_.size();
  std::vector<double> c(nw), s(nw);
  const Astro a = astro_arguments(day0_ + t / 86400.0);
  for (std::size_t k = 0; k < nw; ++k) {
    double f = 1, u = 0;
    if (spec_.nodal) nodal_correction(*waves_[k].c, a, f, u);
    const double arg = waves_[k].omega * t + waves_[k].v0 + u * kPi / 180.0;
    c[k] = f * std::cos(arg);
    s[k] = f * std::sin(arg);
  }
  for (std::size_t e = 0; e < edge_boundary_.size(); ++e) {
    const int b = edge_boundary_[e];
    if (b < 0) continue;
    double v = mean_level ? spec_.boundaries[b].mean_level : 0.0;
    // Re{A e^{-ig} e^{i arg}} = A cos(arg - g)
    for (std::size_t k = 0; k < nw; ++k) {
      const auto z = edge_amp_[e * nw + k];
      v += z.real() * c[k] - z.imag() * s[k];
    }
    eta[e] = v;
  }
}

}  // namespace beibu::hydro
