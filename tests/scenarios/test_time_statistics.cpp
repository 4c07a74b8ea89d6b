// Time statistics of a period (scenarios/compliance/time_statistics): against
// analytic results for a diurnal tidal signal (mean, percentile, duration above a
// limit), against exact percentiles of a piecewise-linear series computed here by
// bisection, per zone, through a checkpoint, and through the map file and the
// assessment. Expected values come from formulas and independent computations in
// this file, not from the code under test.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "ingest/netcdf_file.hpp"
#include "ingest/projection.hpp"
#include "mesh/attributes.hpp"
#include "mesh/synthetic.hpp"
#include "mesh/ugrid_io.hpp"
#include "scenarios/compliance/assessment.hpp"
#include "scenarios/compliance/map_assessment.hpp"
#include "scenarios/compliance/statistics_file.hpp"
#include "scenarios/compliance/time_statistics.hpp"

using namespace beibu;

namespace {

const Standard& sea() {
  static const Standard s = load_standard(std::string(BEIBU_DATA_DIR) + "/standards/gb3097-1997.yaml");
  return s;
}

// 2 x 1 squares (4 faces): faces 0, 1 west (zone 0), 2, 3 east (zone 1).
Mesh small_mesh() {
  RectangleSpec s;
  s.x0 = -2000;
  s.y0 = -1000;
  s.lx = 4000;
  s.ly = 2000;
  s.nx = 2;
  s.ny = 1;
  Mesh m = rectangle_mesh(s);
  compute_lonlat(m, Projection());
  m.zone_ids = {"west", "east"};
  m.jurisdiction_codes = {"CN.GX"};
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    double cx, cy;
    m.face_centroid(f, cx, cy);
    m.zone[f] = cx < 0 ? 0 : 1;
    m.jurisdiction[f] = 0;
  }
  return m;
}

// The K1 tide's period: a day sampled once a day sees nearly the same phase for weeks.
constexpr double kPeriod = 23.934 * 3600.0;
constexpr double kOmega = 2 * M_PI / kPeriod;

// Feeds `c(face, t)` at t = 0, dt, 2 dt, ... up to t_end (all faces wet).
template <class F>
void feed(TimeStatisticsBuilder& b, const Mesh& m, F c, double dt, double t_end, double t0 = 0) {
  for (double t = t0; t <= t_end + 1e-9; t += dt) {
    std::vector<double> v(m.n_faces());
    for (std::size_t f = 0; f < v.size(); ++f) v[f] = c(f, t);
    b.add_state(t, {{"DIN", v}}, std::vector<char>(m.n_faces(), 1));
  }
}

// Exact time-weighted quantile of a piecewise-linear series (values at equally
// spaced times, weights per series) by bisection on the time spent at or below x.
double exact_quantile(const std::vector<std::vector<double>>& series, const std::vector<double>& weight, double q) {
  auto below = [&](double x) {
    double s = 0, total = 0;
    for (std::size_t k = 0; k < series.size(); ++k)
      for (std::size_t i = 0; i + 1 < series[k].size(); ++i) {
        double a = series[k][i], b = series[k][i + 1];
        if (a > b) std::swap(a, b);
        const double frac = x >= b ? 1.0 : x <= a ? 0.0 : (x - a) / (b - a);
        s += weight[k] * frac;
        total += weight[k];
      }
    return s / total;
  };
  double lo = -1, hi = 10;
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    (below(mid) >= q ? hi : lo) = mid;
  }
  return hi;
}

}  // namespace

TEST_CASE("Time statistics of a diurnal tide: exact mean, percentile and duration, unlike daily snapshots",
          "[statistics]") {
  const Mesh m = small_mesh();
  // DIN = 0.3 + 0.15 sin(wt + 1.2) mg/L over 30 whole K1 periods, sampled every hour
  // (a coupling interval) and, as the map file did, once a day at 00:00.
  const double B = 0.3, A = 0.15, phi = 1.2, T = 30 * kPeriod;
  auto c = [&](std::size_t, double t) { return B + A * std::sin(kOmega * t + phi); };
  TimeStatisticsBuilder hourly(m, sea(), {"DIN"}, 0, T);
  feed(hourly, m, c, 3600, T + 3600);
  const PeriodStatistics ps = hourly.finish();
  const ParameterStatistics& p = *ps.find("DIN");
  CHECK(ps.hours == Approx(T / 3600).epsilon(1e-12));
  // Mean over whole periods: B exactly; the trapezoidal rule on hourly states is within 1e-5 mg/L.
  CHECK(std::fabs(p.mean[0] - B) < 1e-5);
  // The mean of the daily snapshots is that of one tidal phase, drifting 2.2 h over the month.
  double daily = 0;
  int n = 0;
  for (double t = 86400; t <= T + 1; t += 86400, ++n) daily += c(0, t);
  daily /= n;
  CHECK(std::fabs(daily - B) > 0.1);  // more than 30 % off
  // 90th percentile of a sinusoid: B + A sin(0.4 pi); hourly chords and 2 % bins: within 0.002 mg/L.
  CHECK(std::fabs(p.percentile[0] - (B + A * std::sin(0.4 * M_PI))) < 2e-3);
  // Hours above each class limit L: the fraction 1/2 - asin((L - B)/A)/pi of the period.
  REQUIRE(p.limits == std::vector<double>{0.2, 0.3, 0.4, 0.5});
  for (std::size_t l = 0; l < p.limits.size(); ++l) {
    const double x = std::clamp((p.limits[l] - B) / A, -1.0, 1.0);
    const double exact = (0.5 - std::asin(x) / M_PI) * T / 3600;
    CHECK(std::fabs(p.hours_worse[l][0] - exact) < 2e-3 * T / 3600);
    // The zone's mean is the same signal (uniform field): the same duration.
    CHECK(std::fabs(p.zone_hours_worse[l][0] - exact) < 2e-3 * T / 3600);
  }
  CHECK(p.maximum[0] <= B + A);
  CHECK(p.maximum[0] > B + A - 1e-2);
}

TEST_CASE("Time statistics: percentiles of piecewise-linear series against exact ones, per face and zone",
          "[statistics]") {
  const Mesh m = small_mesh();
  // Deterministic pseudo-random series per face, spread over the DIN classes.
  std::vector<std::vector<double>> series(m.n_faces());
  unsigned x = 12345;
  for (auto& s : series)
    for (int i = 0; i <= 500; ++i) {
      x = x * 1103515245u + 12345u;
      s.push_back(0.05 + 0.6 * ((x >> 8) % 100000) / 100000.0);
    }
  const double dt = 3600, T = 500 * dt;
  TimeStatisticsBuilder b(m, sea(), {"DIN", "salinity"}, 0, T);
  feed(
      b, m, [&](std::size_t f, double t) { return series[f][static_cast<std::size_t>(std::lround(t / dt))]; }, dt, T);
  const PeriodStatistics ps = b.finish();
  CHECK(ps.parameters.size() == 1);  // salinity is not in GB 3097
  const ParameterStatistics& p = *ps.find("DIN");
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    const double exact = exact_quantile({series[f]}, {1.0}, 0.9);
    CHECK(std::fabs(p.percentile[f] - exact) <= 0.02 * exact);  // within one 2 % bin
    CHECK(classify(*sea().find("DIN"), p.percentile[f]) == classify(*sea().find("DIN"), exact));
    double mean = 0;
    for (std::size_t i = 0; i + 1 < series[f].size(); ++i) mean += 0.5 * (series[f][i] + series[f][i + 1]);
    CHECK(p.mean[f] == Approx(mean / 500).epsilon(1e-12));
  }
  // Zone west: faces 0 and 1, weighted by area and time.
  std::vector<std::vector<double>> zs;
  std::vector<double> w;
  for (std::size_t f = 0; f < m.n_faces(); ++f)
    if (m.zone[f] == 0) {
      zs.push_back(series[f]);
      w.push_back(m.face_area(f));
    }
  const double zexact = exact_quantile(zs, w, 0.9);
  CHECK(std::fabs(p.zone_percentile[0] - zexact) <= 0.02 * zexact);
}

TEST_CASE("Time statistics: dry ends, the period's ends, minimum limits", "[statistics]") {
  const Mesh m = small_mesh();
  const Standard& s = sea();
  // DO has a minimum limit: the bad side is the 10th percentile, durations below the limits.
  TimeStatisticsBuilder b(m, s, {"DO"}, 3600, 3 * 3600);
  auto state = [&](double t, double v, bool wet) {
    b.add_state(t, {{"DO", std::vector<double>(m.n_faces(), v)}}, std::vector<char>(m.n_faces(), wet ? 1 : 0));
  };
  state(0, 8, true);          // before the period: only its value at 3600 s counts (6.5, interpolated)
  state(2 * 3600, 5, true);   // 6.5 -> 5 in the first hour: below 6 for 2/3 h
  state(3 * 3600, 4, false);  // dry at the end: the wet end's 5 counts for half an hour
  state(4 * 3600, 3, true);   // after the period
  const PeriodStatistics ps = b.finish();
  const ParameterStatistics& p = *ps.find("DO");
  CHECK(p.wet_hours[0] == Approx(1.5));
  CHECK(p.mean[0] == Approx((0.5 * (6.5 + 5) * 1 + 5 * 0.5) / 1.5));
  CHECK(p.minimum[0] == 5);
  CHECK(p.maximum[0] == 6.5);
  CHECK(p.quantile == 0.1);
  // Limits 3, 4, 5, 6 ascending. Below 6: 2/3 h of the falling segment and the half hour
  // at 5; below 4: nothing.
  REQUIRE(p.limits == std::vector<double>{3, 4, 5, 6});
  CHECK(p.hours_worse[3][0] == Approx(2.0 / 3 + 0.5));
  CHECK(p.hours_worse[1][0] == 0);
}

TEST_CASE("Time statistics: a restored state continues bitwise", "[statistics]") {
  const Mesh m = small_mesh();
  auto c = [](std::size_t f, double t) { return 0.25 + 0.1 * f + 0.2 * std::sin(kOmega * t); };
  const double T = 3 * 86400;
  TimeStatisticsBuilder full(m, sea(), {"DIN"}, 86400, T);
  feed(full, m, c, 3600, T);
  TimeStatisticsBuilder first(m, sea(), {"DIN"}, 86400, T);
  feed(first, m, c, 3600, 1.5 * 86400);
  TimeStatisticsBuilder second(m, sea(), {"DIN"}, 86400, T);
  second.restore(first.state());
  feed(second, m, c, 3600, T, 1.5 * 86400 + 3600);
  CHECK(second.state() == full.state());
  CHECK_THROWS(second.restore(std::vector<double>(first.state().begin(), first.state().end() - 1)));
}

TEST_CASE("Time statistics in the map file: written, read back, assessed the same", "[statistics]") {
  const Mesh m = small_mesh();
  const std::string path =
      (std::filesystem::temp_directory_path() / ("beibu_stats_" + std::to_string(::getpid()) + ".nc")).string();
  {
    NcFile nc = NcFile::create(path);
    define_ugrid(nc, m);
    nc.enddef();
    write_ugrid_data(nc, m);
    nc.close();
  }
  auto c = [](std::size_t f, double t) { return 0.25 + 0.1 * f + 0.2 * std::sin(kOmega * t); };
  TimeStatisticsBuilder b(m, sea(), {"DIN"}, 86400, 4 * 86400);
  feed(b, m, c, 3600, 4 * 86400);
  const PeriodStatistics ps = b.finish();
  write_period_statistics(path, ps, m, sea(), "seconds since 2024-07-01 00:00:00", "test");
  const auto back = read_period_statistics(path, m, sea());
  REQUIRE(back);
  const ParameterStatistics &p = *ps.find("DIN"), &q = *back->find("DIN");
  CHECK(q.mean == p.mean);
  CHECK(q.percentile == p.percentile);
  CHECK(q.hours_worse == p.hours_worse);
  CHECK(q.zone_percentile == p.zone_percentile);
  CHECK(q.zone_hours_worse == p.zone_hours_worse);
  CHECK(back->hours == ps.hours);
  NcFile nc = NcFile::open(path);
  CHECK(nc.att_text("DIN_mean", "cell_methods").rfind("period: mean", 0) == 0);
  CHECK(nc.att_text("period", "bounds") == "period_bnds");
  CHECK(nc.att_text("DIN_p90", "cell_methods").empty());  // CF has no percentile method
  std::filesystem::remove(path);
}
