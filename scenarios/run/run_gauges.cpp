#include "scenarios/run/run_gauges.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <sstream>

#include "core/log.hpp"
#include "ingest/projection.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/mesh.hpp"

namespace beibu {

hydro::TideGaugeFile run_gauge_file(const HydroSetup& hs) {
  if (hs.tide_gauges_file.empty() || hs.tides_file.empty() || !hs.stored_file.empty()) return {};
  return hydro::load_tide_gauges(hs.tide_gauges_file);
}

std::unique_ptr<RunGauges> make_run_gauges(const hydro::TideGaugeFile& file, const Mesh& mesh, const LocalMesh& lm,
                                           double t_from) {
  if (file.gauges.empty()) return nullptr;
  auto g = std::make_unique<RunGauges>();
  g->mesh = &mesh;
  g->file = file;
  const hydro::GaugeComparisonOptions opt;
  const std::size_t nf = mesh.n_faces();
  std::vector<double> d(nf);
  std::vector<long> order(nf), all;
  for (const hydro::TideGauge& tg : file.gauges) {
    const hydro::GaugeLocation any = hydro::locate_gauge(mesh, tg, file.file, {}, opt);  // InputError if outside
    double x, y;
    Projection().forward(tg.lon, tg.lat, x, y);
    for (std::size_t f = 0; f < nf; ++f) {
      double cx, cy;
      mesh.face_centroid(f, cx, cy);
      d[f] = std::hypot(cx - x, cy - y);
    }
    std::iota(order.begin(), order.end(), 0L);
    const std::size_t k = std::min<std::size_t>(kGaugeCandidates, nf);
    std::partial_sort(order.begin(), order.begin() + static_cast<long>(k), order.end(),
                      [&](long a, long b) { return d[a] < d[b] || (d[a] == d[b] && a < b); });
    std::vector<long> cand(order.begin(), order.begin() + static_cast<long>(k));
    if (any.inside && std::find(cand.begin(), cand.end(), any.face) == cand.end()) cand.insert(cand.begin(), any.face);
    all.insert(all.end(), cand.begin(), cand.end());
    g->candidates.push_back(std::move(cand));
  }
  g->recorder = std::make_unique<hydro::GaugeRecorder>(lm, all, t_from);
  return g;
}

hydro::GaugeComparison write_run_gauges(const RunGauges& g, const std::string& out_dir, const std::string& start_utc) {
  const Mesh& mesh = *g.mesh;
  const hydro::GaugeComparisonOptions opt;
  const std::vector<std::vector<double>> recorded = g.recorder->series();
  std::vector<hydro::GaugeLocation> loc;
  std::vector<std::vector<double>> series;
  std::size_t k0 = 0;  // the gauge's first candidate in the record
  for (std::size_t i = 0; i < g.file.gauges.size(); ++i) {
    const hydro::TideGauge& tg = g.file.gauges[i];
    const std::vector<long>& cand = g.candidates[i];
    // Wet: depth + eta above opt.min_depth_m at every record (unrecorded cells are not candidates).
    std::vector<char> wet(mesh.n_faces(), 0), recorded_cell(mesh.n_faces(), 0);
    for (std::size_t k = 0; k < cand.size(); ++k) {
      const auto f = static_cast<std::size_t>(cand[k]);
      recorded_cell[f] = 1;
      wet[f] = 1;
      for (double e : recorded[k0 + k])
        if (!(mesh.depth[f] + e > opt.min_depth_m)) wet[f] = 0;
    }
    hydro::GaugeLocation l = hydro::locate_gauge(mesh, tg, g.file.file, wet, opt);
    if (l.face < 0) {
      BLOG(warning) << "tide gauge '" << tg.id << "': none of the " << cand.size()
                    << " cells nearest it stayed wet over the record; compared at the nearest all the same";
      l = hydro::locate_gauge(mesh, tg, g.file.file, recorded_cell, opt);
    }
    const std::size_t k = static_cast<std::size_t>(std::find(cand.begin(), cand.end(), l.face) - cand.begin());
    series.push_back(recorded[k0 + k]);
    loc.push_back(l);
    k0 += cand.size();
  }
  hydro::GaugeComparison c = hydro::compare_gauge_records(g.recorder->times(), series, loc, start_utc, g.file, opt);
  c.run = out_dir;
  const std::string dir = out_dir + "/gauges";
  std::filesystem::create_directories(dir);
  hydro::write_gauge_comparison(c, dir);
  std::istringstream table(hydro::format_gauge_comparison(c));
  for (std::string line; std::getline(table, line);) BLOG(info) << line;
  return c;
}

}  // namespace beibu
