#include "network.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "ingest/projection.hpp"
#include "ingest/vector_layer.hpp"

namespace beibu::rivers {

double polyline_length(const std::vector<double>& x, const std::vector<double>& y) {
  double L = 0;
  for (size_t i = 1; i < x.size(); ++i) L += std::hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
  return L;
}

void point_at(const std::vector<double>& x, const std::vector<double>& y, double s, double& px, double& py) {
  px = x.front();
  py = y.front();
  double acc = 0;
  for (size_t i = 1; i < x.size(); ++i) {
    const double l = std::hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
    if (acc + l >= s && l > 0) {
      const double w = std::clamp((s - acc) / l, 0.0, 1.0);
      px = x[i - 1] + w * (x[i] - x[i - 1]);
      py = y[i - 1] + w * (y[i] - y[i - 1]);
      return;
    }
    acc += l;
  }
  px = x.back();
  py = y.back();
}

void project_onto(const std::vector<double>& x, const std::vector<double>& y, double px, double py, double& s,
                  double& dist) {
  dist = std::numeric_limits<double>::infinity();
  s = 0;
  double acc = 0;
  for (size_t i = 1; i < x.size(); ++i) {
    const double dx = x[i] - x[i - 1], dy = y[i] - y[i - 1];
    const double l2 = dx * dx + dy * dy, l = std::sqrt(l2);
    const double w = l2 > 0 ? std::clamp(((px - x[i - 1]) * dx + (py - y[i - 1]) * dy) / l2, 0.0, 1.0) : 0.0;
    const double d = std::hypot(x[i - 1] + w * dx - px, y[i - 1] + w * dy - py);
    if (d < dist) {
      dist = d;
      s = acc + w * l;
    }
    acc += l;
  }
}

int RiverNetwork::mouth_index(const std::string& id) const {
  for (size_t i = 0; i < mouths.size(); ++i)
    if (mouths[i] == id) return static_cast<int>(i);
  return -1;
}

namespace {

int reach_index(const NetworkSpec& s, const std::string& id, const Origin& who, const std::string& what) {
  for (size_t i = 0; i < s.reaches.size(); ++i)
    if (s.reaches[i].id == id) return static_cast<int>(i);
  throw InputError(who.file, who.where, what + " names reach '" + id + "', which is not in reaches");
}

// Orders reaches so that every reach comes before the one it joins.
std::vector<int> reach_order(const NetworkSpec& s, const std::vector<int>& target) {
  const int n = static_cast<int>(s.reaches.size());
  std::vector<int> state(n, 0), order;  // 0 new, 1 on the stack, 2 done
  std::function<void(int)> visit = [&](int r) {
    if (state[r] == 2) return;
    if (state[r] == 1)
      throw InputError(s.reaches[r].origin.file, s.reaches[r].origin.where,
                       "reach '" + s.reaches[r].id + "' is part of a cycle: a network must drain to its mouths");
    state[r] = 1;
    for (int u = 0; u < n; ++u)
      if (target[u] == r) visit(u);
    state[r] = 2;
    order.push_back(r);
  };
  // Start from the reaches that end at mouths and walk upstream; anything
  // left unvisited is part of a cycle.
  for (int r = 0; r < n; ++r)
    if (target[r] < 0) visit(r);
  for (int r = 0; r < n; ++r)
    if (state[r] != 2)
      throw InputError(s.reaches[r].origin.file, s.reaches[r].origin.where,
                       "reach '" + s.reaches[r].id + "' never reaches a mouth (its 'to' chain forms a cycle)");
  return order;
}

std::string jurisdiction_at(const std::vector<PolygonFeature>& polys, double x, double y) {
  for (const auto& p : polys)
    if (contains(p, x, y)) {
      auto it = p.props.find("code");
      return it == p.props.end() ? std::string() : it->second;
    }
  return {};
}

// Segment of reach r containing arclength s.
int segment_at(const RiverNetwork& n, int r, double s) {
  const int k = std::clamp(static_cast<int>(s / (n.reach_length[r] / n.reach_count[r])), 0, n.reach_count[r] - 1);
  return n.reach_first[r] + k;
}

int snap(const RiverNetwork& n, int r, double x, double y, const Origin& who, const std::string& what) {
  const auto& rs = n.spec.reaches[r];
  double s, d;
  project_onto(rs.x, rs.y, x, y, s, d);
  if (d > n.spec.snap_m)
    throw InputError(who.file, who.where,
                     what + " lies " + std::to_string(static_cast<long>(d)) + " m from reach '" + rs.id +
                         "', farther than snap_m = " + std::to_string(static_cast<long>(n.spec.snap_m)) + " m");
  return segment_at(n, r, s);
}

}  // namespace

// One function of about 155 lines, on purpose: its stages (segments, connections,
// river systems, inflow stations, jurisdictions, border sections) each read the tables
// the one before built, in this order, and each is a few lines under its own comment;
// split, they would pass the half-built network between six functions.
RiverNetwork build_network(NetworkSpec spec, const std::vector<std::string>& known_mouths,
                           const std::vector<PolygonFeature>& jurisdictions) {
  RiverNetwork n;
  n.spec = std::move(spec);
  const NetworkSpec& s = n.spec;
  const int nr = static_cast<int>(s.reaches.size());
  if (nr == 0) throw InputError(s.file, "reaches", "no reaches");

  std::vector<int> target(nr, -1);
  for (int r = 0; r < nr; ++r) {
    const auto& rs = s.reaches[r];
    if (!rs.to_reach.empty()) {
      target[r] = reach_index(s, rs.to_reach, rs.origin, "'to'");
      if (target[r] == r) throw InputError(rs.origin.file, rs.origin.where, "a reach cannot flow into itself");
    } else if (!known_mouths.empty() &&
               std::find(known_mouths.begin(), known_mouths.end(), rs.to_mouth) == known_mouths.end()) {
      throw InputError(rs.origin.file, rs.origin.where,
                       "unknown mouth id '" + rs.to_mouth + "' (not an id in " +
                           (s.rivers_file.empty() ? std::string("the river mouths") : s.rivers_file) + ")");
    }
  }
  const std::vector<int> order = reach_order(s, target);

  // Cut every reach into equal segments near the requested length.
  n.reach_first.assign(nr, 0);
  n.reach_count.assign(nr, 0);
  n.reach_length.assign(nr, 0);
  for (int r : order) {
    const auto& rs = s.reaches[r];
    const double L = polyline_length(rs.x, rs.y);
    if (L <= 0) throw InputError(rs.origin.file, rs.origin.where, "reach has zero length");
    const int m = std::max(1, static_cast<int>(std::lround(L / rs.segment_length_m)));
    n.reach_first[r] = static_cast<int>(n.segments());
    n.reach_count[r] = m;
    n.reach_length[r] = L;
    for (int k = 0; k < m; ++k) {
      double xm, ym, xe, ye;
      point_at(rs.x, rs.y, (k + 0.5) * L / m, xm, ym);
      point_at(rs.x, rs.y, (k + 1.0) * L / m, xe, ye);
      n.length.push_back(L / m);
      n.xmid.push_back(xm);
      n.ymid.push_back(ym);
      n.xend.push_back(xe);
      n.yend.push_back(ye);
      n.chainage.push_back((k + 1.0) * L / m);
      n.reach.push_back(r);
      n.down.push_back(k + 1 < m ? n.reach_first[r] + k + 1 : -1);
      n.mouth.push_back(-1);
    }
  }
  // Connect reach ends: to a mouth, or to the segment of the joined reach nearest the junction.
  for (int r : order) {
    const auto& rs = s.reaches[r];
    const int last = n.reach_first[r] + n.reach_count[r] - 1;
    if (target[r] < 0) {
      int mi = n.mouth_index(rs.to_mouth);
      if (mi < 0) {
        mi = static_cast<int>(n.mouths.size());
        n.mouths.push_back(rs.to_mouth);
      }
      n.mouth[last] = mi;
    } else {
      const double jx = rs.join_given ? rs.join_x : rs.x.back(), jy = rs.join_given ? rs.join_y : rs.y.back();
      const auto& ts = s.reaches[target[r]];
      double sj, d;
      project_onto(ts.x, ts.y, jx, jy, sj, d);
      if (d > s.snap_m)
        throw InputError(rs.origin.file, rs.origin.where,
                         "reach '" + rs.id + "' does not connect: it ends " + std::to_string(static_cast<long>(d)) +
                             " m from reach '" + ts.id + "' (snap_m = " + std::to_string(static_cast<long>(s.snap_m)) +
                             " m)");
      n.down[last] = segment_at(n, target[r], sj);
    }
  }
  // Each segment's river system is the mouth its water reaches (segments are
  // stored upstream first, so walk from the end).
  const size_t ns = n.segments();
  n.system.assign(ns, -1);
  for (size_t i = ns; i-- > 0;) n.system[i] = n.down[i] < 0 ? n.mouth[i] : n.system[n.down[i]];

  // Inflow stations sit at the head of their reach; every headwater needs one,
  // otherwise its segments would hold no water.
  std::vector<int> fed(nr, 0);  // a reach joined at its first segment gets water from above
  for (int r = 0; r < nr; ++r) {
    const int last = n.reach_first[r] + n.reach_count[r] - 1;
    if (target[r] >= 0 && n.down[last] == n.reach_first[target[r]]) fed[target[r]] = 1;
  }
  std::vector<int> has_station(nr, 0);
  for (const auto& f : s.inflows) {
    const int r = reach_index(s, f.reach, f.origin, "inflow");
    n.inflow_seg.push_back(n.reach_first[r]);
    has_station[r] = 1;
  }
  for (const auto& l : s.laterals) (void)reach_index(s, l.reach, l.origin, "lateral");
  for (int r = 0; r < nr; ++r) {
    bool lateral = false;
    for (const auto& l : s.laterals) lateral = lateral || (l.reach == s.reaches[r].id && l.discharge.min_value() > 0);
    if (!has_station[r] && !fed[r] && !lateral)
      throw InputError(s.reaches[r].origin.file, s.reaches[r].origin.where,
                       "headwater reach '" + s.reaches[r].id + "' has no inflow station or lateral inflow (no water)");
  }
  for (const auto& p : s.sources)
    n.source_seg.push_back(
        snap(n, reach_index(s, p.reach, p.origin, "point source"), p.x, p.y, p.origin, "point source '" + p.id + "'"));

  // Jurisdiction of each segment from its midpoint; midpoints that fall in no
  // polygon (on water, or between simplified polygons) take the nearest
  // classified segment of the same reach, upstream first.
  n.jurisdiction.assign(ns, "");
  for (int r = 0; r < nr; ++r) {
    const int a = n.reach_first[r], m = n.reach_count[r];
    if (!s.reaches[r].jurisdiction.empty()) {
      for (int k = 0; k < m; ++k) n.jurisdiction[a + k] = s.reaches[r].jurisdiction;
      continue;
    }
    for (int k = 0; k < m; ++k) n.jurisdiction[a + k] = jurisdiction_at(jurisdictions, n.xmid[a + k], n.ymid[a + k]);
    for (int k = 1; k < m; ++k)
      if (n.jurisdiction[a + k].empty()) n.jurisdiction[a + k] = n.jurisdiction[a + k - 1];
    for (int k = m - 2; k >= 0; --k)
      if (n.jurisdiction[a + k].empty()) n.jurisdiction[a + k] = n.jurisdiction[a + k + 1];
  }
  // Border sections: faces between two segments of different jurisdictions.
  std::map<std::string, int> seen;
  for (size_t i = 0; i < ns; ++i) {
    const int d = n.down[i];
    if (d < 0 || n.jurisdiction[i].empty() || n.jurisdiction[d].empty() || n.jurisdiction[i] == n.jurisdiction[d])
      continue;
    MonitorSection b;
    b.river = n.mouths[n.system[i]];
    b.upstream_jurisdiction = n.jurisdiction[i];
    b.downstream_jurisdiction = n.jurisdiction[d];
    b.border = true;
    b.seg = static_cast<int>(i);
    b.x = n.xend[i];
    b.y = n.yend[i];
    std::string id = s.reaches[n.reach[i]].id + ":" + b.upstream_jurisdiction + "->" + b.downstream_jurisdiction;
    const int k = seen[id]++;
    b.id = k ? id + "#" + std::to_string(k + 1) : id;
    n.sections.push_back(b);
  }
  for (const auto& u : s.sections) {
    MonitorSection m;
    m.id = u.id;
    m.seg = snap(n, reach_index(s, u.reach, u.origin, "section"), u.x, u.y, u.origin, "section '" + u.id + "'");
    m.river = n.mouths[n.system[m.seg]];
    m.upstream_jurisdiction = u.upstream_jurisdiction.empty() ? n.jurisdiction[m.seg] : u.upstream_jurisdiction;
    const int d = n.down[m.seg];
    m.downstream_jurisdiction =
        !u.downstream_jurisdiction.empty() ? u.downstream_jurisdiction : (d < 0 ? "sea" : n.jurisdiction[d]);
    m.x = n.xend[m.seg];
    m.y = n.yend[m.seg];
    n.sections.push_back(m);
  }
  return n;
}

RiverNetwork load_river_network(const std::string& yaml_path, const std::function<void(NetworkSpec&)>& edit) {
  const Config root = Config::load_file(yaml_path);
  const Projection proj;
  NetworkSpec spec = read_network_spec(root, proj);
  if (edit) edit(spec);
  std::vector<std::string> mouths;
  if (!spec.rivers_file.empty()) {
    const VectorData v = read_vector(spec.rivers_file, proj);
    for (const auto& p : v.points) {
      auto it = p.props.find("id");
      if (it != p.props.end()) mouths.push_back(it->second);
    }
    if (mouths.empty()) throw InputError(spec.rivers_file, "", "no river mouth points with an 'id' property");
    // A reach should end near the mouth point it names; far apart means a typo in the data.
    for (const auto& r : spec.reaches) {
      if (r.to_mouth.empty()) continue;
      for (const auto& p : v.points) {
        auto it = p.props.find("id");
        if (it == p.props.end() || it->second != r.to_mouth) continue;
        const double d = std::hypot(p.x - r.x.back(), p.y - r.y.back());
        if (d > 5000)
          throw InputError(r.origin.file, r.origin.where,
                           "reach ends " + std::to_string(static_cast<long>(d)) + " m from mouth '" + r.to_mouth +
                               "' in " + spec.rivers_file + " (more than 5 km)");
      }
    }
  }
  std::vector<PolygonFeature> polys;
  if (!spec.jurisdictions_file.empty()) polys = read_vector(spec.jurisdictions_file, proj).polygons;
  RiverNetwork n = build_network(std::move(spec), mouths, polys);
  BLOG(info) << "river network " << yaml_path << ": " << n.spec.reaches.size() << " reaches, " << n.segments()
             << " segments, " << n.mouths.size() << " mouths, " << n.sections.size() << " monitoring sections";
  return n;
}

}  // namespace beibu::rivers
