#include "scenarios/compliance/time_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace beibu {

namespace {

constexpr double kBinRatio = 1.02;  // geometric step of the bin edges between class limits
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Bin of value v: the first edge >= v, so bin i holds (edges[i-1], edges[i]].
int bin_of(const std::vector<double>& edges, double v) {
  return static_cast<int>(std::lower_bound(edges.begin(), edges.end(), v) - edges.begin());
}

// Spreads `hours` of a segment linear in time from a to b over the bins it crosses.
void add_linear(TimeStatisticsBuilder::Histogram& h, const std::vector<double>& edges, double a, double b,
                double hours) {
  if (a > b) std::swap(a, b);
  const int ia = bin_of(edges, a), ib = bin_of(edges, b);
  h.reserve_range(ia, ib);
  if (ia == ib || !(b > a)) {
    h.w[ia - h.first] += hours;
    return;
  }
  const double span = b - a;
  for (int i = ia; i <= ib; ++i) {
    const double lo = i == ia ? a : edges[i - 1];
    const double hi = i == ib ? b : edges[i];
    h.w[i - h.first] += hours * (hi - lo) / span;
  }
}

// Fraction of a segment linear from z0 to z1 that lies beyond `limit`.
double fraction_beyond(double z0, double z1, double limit, bool higher_is_worse) {
  if (!higher_is_worse) {
    z0 = -z0;
    z1 = -z1;
    limit = -limit;
  }
  const bool b0 = z0 > limit, b1 = z1 > limit;
  if (b0 && b1) return 1.0;
  if (!b0 && !b1) return 0.0;
  return b1 ? (z1 - limit) / (z1 - z0) : (z0 - limit) / (z0 - z1);
}

double lerp(double a, double b, double s) {
  if (s <= 0) return a;
  if (s >= 1) return b;
  return a + s * (b - a);
}

}  // namespace

const ParameterStatistics* PeriodStatistics::find(const std::string& p) const {
  for (const auto& s : parameters)
    if (s.parameter == p) return &s;
  return nullptr;
}

void TimeStatisticsBuilder::Histogram::reserve_range(int lo, int hi) {
  if (w.empty()) {
    first = lo;
    w.assign(static_cast<std::size_t>(hi - lo + 1), 0.0);
    return;
  }
  if (lo < first) {
    w.insert(w.begin(), static_cast<std::size_t>(first - lo), 0.0);
    first = lo;
  }
  if (hi >= first + static_cast<int>(w.size())) w.resize(static_cast<std::size_t>(hi - first + 1), 0.0);
}

void TimeStatisticsBuilder::Histogram::add(int bin, double hours) {
  reserve_range(bin, bin);
  w[bin - first] += hours;
}

std::vector<double> histogram_edges(const std::vector<double>& limits) {
  double lmin = kInf, lmax = 0;
  for (double l : limits)
    if (l > 0) {
      lmin = std::min(lmin, l);
      lmax = std::max(lmax, l);
    }
  if (!(lmin < kInf)) lmin = lmax = 1.0;
  const double lr = std::log(kBinRatio);
  const int jlo = static_cast<int>(std::floor(std::log(1e-3) / lr));
  const int jhi = static_cast<int>(std::ceil(std::log(100.0 * lmax / lmin) / lr));
  std::vector<double> e;
  for (int j = jlo; j <= jhi; ++j) {
    const double x = lmin * std::pow(kBinRatio, j);
    bool near_limit = false;
    for (double l : limits) near_limit = near_limit || std::fabs(x - l) <= 1e-9 * std::fabs(l);
    if (!near_limit) e.push_back(x);
  }
  e.insert(e.end(), limits.begin(), limits.end());
  std::sort(e.begin(), e.end());
  e.erase(std::unique(e.begin(), e.end()), e.end());
  return e;
}

double histogram_quantile(const std::vector<double>& edges, const TimeStatisticsBuilder::Histogram& h, double q,
                          double lo, double hi) {
  double total = 0;
  for (double x : h.w) total += x;
  if (!(total > 0)) return kNaN;
  const double target = q * total;
  double cum = 0;
  std::size_t j = 0;
  for (; j < h.w.size(); ++j) {
    if (h.w[j] > 0 && cum + h.w[j] >= target) break;
    cum += h.w[j];
  }
  if (j == h.w.size()) return hi;  // round-off at q = 1
  const int i = h.first + static_cast<int>(j);
  const double blo = std::max(i == 0 ? lo : edges[i - 1], lo);
  const double bhi = std::min(i == static_cast<int>(edges.size()) ? hi : edges[i], hi);
  const double f = std::clamp((target - cum) / h.w[j], 0.0, 1.0);
  return bhi > blo ? blo + f * (bhi - blo) : blo;
}

TimeStatisticsBuilder::TimeStatisticsBuilder(const Mesh& m, const Standard& s,
                                             const std::vector<std::string>& parameters, double t_from, double t_to)
    : m_(m), t_from_(t_from), t_to_(t_to) {
  if (!(t_to >= t_from)) throw Failure("time statistics: the period ends before it starts");
  const std::size_t nf = m.n_faces(), nz = m.zone_ids.size();
  zone_faces_.resize(nz);
  area_.resize(nf);
  for (std::size_t f = 0; f < nf; ++f) {
    area_[f] = m.face_area(f);
    const int z = m.zone.empty() ? -1 : m.zone[f];
    if (z >= 0 && static_cast<std::size_t>(z) < nz) zone_faces_[z].push_back(static_cast<long>(f));
  }
  for (const auto& name : parameters) {
    const ParameterLimit* lim = s.find(name);
    if (!lim || std::find(params_.begin(), params_.end(), name) != params_.end()) continue;
    params_.push_back(name);
    Param a;
    a.limit = lim;
    a.limits = lim->values;
    std::sort(a.limits.begin(), a.limits.end());
    a.limits.erase(std::unique(a.limits.begin(), a.limits.end()), a.limits.end());
    a.edges = histogram_edges(a.limits);
    a.integral.assign(nf, 0.0);
    a.wet_hours.assign(nf, 0.0);
    a.minimum.assign(nf, kInf);
    a.maximum.assign(nf, -kInf);
    a.hist.resize(nf);
    a.zone_prev.assign(nz, kNaN);
    a.zone_hours_worse.assign(a.limits.size(), std::vector<double>(nz, 0.0));
    p_.push_back(std::move(a));
  }
}

std::vector<double> TimeStatisticsBuilder::zone_means(const std::vector<double>& v,
                                                      const std::vector<char>& wet) const {
  std::vector<double> out(zone_faces_.size(), kNaN);
  for (std::size_t z = 0; z < zone_faces_.size(); ++z) {
    double s = 0, a = 0;
    for (long f : zone_faces_[z])
      if (wet[f]) {
        s += area_[f] * v[f];
        a += area_[f];
      }
    if (a > 0) out[z] = s / a;
  }
  return out;
}

void TimeStatisticsBuilder::add_face_segment(Param& a, std::size_t f, double c0, double c1, bool wet0, bool wet1,
                                             double hours) {
  if (!wet0 && !wet1) return;
  if (wet0 && wet1) {
    a.integral[f] += hours * 0.5 * (c0 + c1);
    a.wet_hours[f] += hours;
    a.minimum[f] = std::min({a.minimum[f], c0, c1});
    a.maximum[f] = std::max({a.maximum[f], c0, c1});
    add_linear(a.hist[f], a.edges, c0, c1, hours);
    return;
  }
  const double c = wet0 ? c0 : c1;
  a.integral[f] += 0.5 * hours * c;
  a.wet_hours[f] += 0.5 * hours;
  a.minimum[f] = std::min(a.minimum[f], c);
  a.maximum[f] = std::max(a.maximum[f], c);
  a.hist[f].add(bin_of(a.edges, c), 0.5 * hours);
}

void TimeStatisticsBuilder::add_zone_segment(Param& a, const std::vector<double>& z0, const std::vector<double>& z1,
                                             double hours) {
  const bool hw = a.limit->higher_is_worse();
  for (std::size_t z = 0; z < z0.size(); ++z) {
    const bool ok0 = !std::isnan(z0[z]), ok1 = !std::isnan(z1[z]);
    if (!ok0 && !ok1) continue;
    for (std::size_t l = 0; l < a.limits.size(); ++l) {
      const double L = a.limits[l];
      if (ok0 && ok1)
        a.zone_hours_worse[l][z] += hours * fraction_beyond(z0[z], z1[z], L, hw);
      else
        a.zone_hours_worse[l][z] += 0.5 * hours * fraction_beyond(ok0 ? z0[z] : z1[z], ok0 ? z0[z] : z1[z], L, hw);
    }
  }
}

void TimeStatisticsBuilder::add_state(double t, const std::map<std::string, std::vector<double>>& values,
                                      const std::vector<char>& wet) {
  const std::size_t nf = m_.n_faces();
  if (wet.size() != nf) throw Failure("time statistics: the wet flags do not cover the mesh");
  for (const auto& p : params_) {
    auto it = values.find(p);
    if (it == values.end() || it->second.size() != nf)
      throw Failure("time statistics: the state lacks parameter '" + p + "' on every face");
  }
  if (have_prev_ && !(t > t_prev_)) throw Failure("time statistics: states must follow each other in time");
  std::vector<std::vector<double>> zone_now(p_.size());
  for (std::size_t k = 0; k < p_.size(); ++k) zone_now[k] = zone_means(values.at(params_[k]), wet);
  if (have_prev_) {
    const double ta = std::max(t_prev_, t_from_), tb = std::min(t, t_to_);
    if (tb > ta) {
      const double span = t - t_prev_, sa = (ta - t_prev_) / span, sb = (tb - t_prev_) / span;
      const double hours = (tb - ta) / 3600.0;
      for (std::size_t k = 0; k < p_.size(); ++k) {
        Param& a = p_[k];
        const auto& v0 = prev_.at(params_[k]);
        const auto& v1 = values.at(params_[k]);
        for (std::size_t f = 0; f < nf; ++f)
          add_face_segment(a, f, lerp(v0[f], v1[f], sa), lerp(v0[f], v1[f], sb), prev_wet_[f] != 0, wet[f] != 0, hours);
        std::vector<double> z0(a.zone_prev.size()), z1(a.zone_prev.size());
        for (std::size_t z = 0; z < z0.size(); ++z) {
          const bool ok0 = !std::isnan(a.zone_prev[z]), ok1 = !std::isnan(zone_now[k][z]);
          z0[z] = ok0 && ok1 ? lerp(a.zone_prev[z], zone_now[k][z], sa) : a.zone_prev[z];
          z1[z] = ok0 && ok1 ? lerp(a.zone_prev[z], zone_now[k][z], sb) : zone_now[k][z];
        }
        add_zone_segment(a, z0, z1, hours);
      }
      hours_ += hours;
      ++intervals_;
    }
    spacing_ = std::max(spacing_, t - t_prev_);
  }
  for (std::size_t k = 0; k < p_.size(); ++k) {
    prev_[params_[k]] = values.at(params_[k]);
    p_[k].zone_prev = std::move(zone_now[k]);
  }
  prev_wet_ = wet;
  t_prev_ = t;
  have_prev_ = true;
}

PeriodStatistics TimeStatisticsBuilder::finish() const {
  PeriodStatistics ps;
  ps.t_from = t_from_;
  ps.t_to = t_to_;
  ps.hours = hours_;
  ps.intervals = intervals_;
  ps.spacing_s = spacing_;
  const std::size_t nf = m_.n_faces();
  for (std::size_t k = 0; k < p_.size(); ++k) {
    const Param& a = p_[k];
    ParameterStatistics s;
    s.parameter = params_[k];
    s.higher_is_worse = a.limit->higher_is_worse();
    s.quantile = s.higher_is_worse ? 0.9 : 0.1;
    s.limits = a.limits;
    s.mean.assign(nf, kNaN);
    s.percentile.assign(nf, kNaN);
    s.minimum.assign(nf, kNaN);
    s.maximum.assign(nf, kNaN);
    s.wet_hours = a.wet_hours;
    s.hours_worse.assign(a.limits.size(), std::vector<double>(nf, kNaN));
    std::vector<int> limit_edge;
    for (double L : a.limits) limit_edge.push_back(bin_of(a.edges, L));  // edges[limit_edge] == L
    for (std::size_t f = 0; f < nf; ++f) {
      if (!(a.wet_hours[f] > 0)) continue;
      s.mean[f] = a.integral[f] / a.wet_hours[f];
      s.minimum[f] = a.minimum[f];
      s.maximum[f] = a.maximum[f];
      s.percentile[f] = histogram_quantile(a.edges, a.hist[f], s.quantile, a.minimum[f], a.maximum[f]);
      const Histogram& h = a.hist[f];
      for (std::size_t l = 0; l < a.limits.size(); ++l) {
        double worse = 0;
        for (std::size_t j = 0; j < h.w.size(); ++j) {
          const int i = h.first + static_cast<int>(j);
          if (s.higher_is_worse ? i > limit_edge[l] : i <= limit_edge[l]) worse += h.w[j];
        }
        s.hours_worse[l][f] = worse;
      }
    }
    // Zones: the faces' histograms merged with area weights.
    const std::size_t nz = zone_faces_.size();
    s.zone_percentile.assign(nz, kNaN);
    for (std::size_t z = 0; z < nz; ++z) {
      int lo = std::numeric_limits<int>::max(), hi = std::numeric_limits<int>::min();
      double vmin = kInf, vmax = -kInf;
      for (long f : zone_faces_[z]) {
        if (a.hist[f].w.empty() || !(a.wet_hours[f] > 0)) continue;
        lo = std::min(lo, a.hist[f].first);
        hi = std::max(hi, a.hist[f].first + static_cast<int>(a.hist[f].w.size()) - 1);
        vmin = std::min(vmin, a.minimum[f]);
        vmax = std::max(vmax, a.maximum[f]);
      }
      if (lo > hi) continue;
      Histogram merged;
      merged.reserve_range(lo, hi);
      for (long f : zone_faces_[z]) {
        const Histogram& h = a.hist[f];
        for (std::size_t j = 0; j < h.w.size(); ++j) merged.w[h.first + static_cast<int>(j) - lo] += area_[f] * h.w[j];
      }
      s.zone_percentile[z] = histogram_quantile(a.edges, merged, s.quantile, vmin, vmax);
    }
    s.zone_hours_worse = a.zone_hours_worse;
    ps.parameters.push_back(std::move(s));
  }
  return ps;
}

// Layout: have_prev, t_prev, hours, intervals, spacing; the previous state (per
// parameter its values, then the wet flags) if there is one; per parameter the face
// accumulators (integral, wet hours, minimum, maximum), the zone means of the previous
// state and the zone hours per limit, then per face its histogram (first bin, count, weights).
std::vector<double> TimeStatisticsBuilder::state() const {
  std::vector<double> v{have_prev_ ? 1.0 : 0.0, t_prev_, hours_, static_cast<double>(intervals_), spacing_};
  auto put = [&](const std::vector<double>& x) { v.insert(v.end(), x.begin(), x.end()); };
  if (have_prev_) {
    for (const auto& p : params_) put(prev_.at(p));
    for (char w : prev_wet_) v.push_back(w ? 1.0 : 0.0);
  }
  for (const Param& a : p_) {
    put(a.integral);
    put(a.wet_hours);
    put(a.minimum);
    put(a.maximum);
    put(a.zone_prev);
    for (const auto& z : a.zone_hours_worse) put(z);
    for (const Histogram& h : a.hist) {
      v.push_back(h.first);
      v.push_back(static_cast<double>(h.w.size()));
      put(h.w);
    }
  }
  return v;
}

void TimeStatisticsBuilder::restore(const std::vector<double>& v) {
  std::size_t i = 0;
  auto take = [&](std::size_t n) {
    if (i + n > v.size()) throw Failure("time statistics state does not fit this run (too short)");
    const auto b = v.begin() + static_cast<std::ptrdiff_t>(i);
    i += n;
    return std::vector<double>(b, b + static_cast<std::ptrdiff_t>(n));
  };
  const std::size_t nf = m_.n_faces(), nz = zone_faces_.size();
  const auto head = take(5);
  have_prev_ = head[0] != 0;
  t_prev_ = head[1];
  hours_ = head[2];
  intervals_ = static_cast<long>(head[3]);
  spacing_ = head[4];
  prev_.clear();
  prev_wet_.clear();
  if (have_prev_) {
    for (const auto& p : params_) prev_[p] = take(nf);
    for (double w : take(nf)) prev_wet_.push_back(w != 0 ? 1 : 0);
  }
  for (Param& a : p_) {
    a.integral = take(nf);
    a.wet_hours = take(nf);
    a.minimum = take(nf);
    a.maximum = take(nf);
    a.zone_prev = take(nz);
    for (auto& z : a.zone_hours_worse) z = take(nz);
    for (Histogram& h : a.hist) {
      const auto fh = take(2);
      if (fh[1] < 0 || fh[1] > 1e7) throw Failure("time statistics state: bad histogram length");
      h.first = static_cast<int>(fh[0]);
      h.w = take(static_cast<std::size_t>(fh[1]));
    }
  }
  if (i != v.size()) throw Failure("time statistics state does not fit this run (too long)");
}

}  // namespace beibu
