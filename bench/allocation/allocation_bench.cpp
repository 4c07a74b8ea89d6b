// Times what `beibu allocate` and scenario screening do with a source-receptor matrix:
//   1. evaluating one load combination (c = b + R x) for 500 zone/station receptors and
//      for every cell of a full-size mesh (100 000 receptors; also into a reused result,
//      as screening many combinations does), or of a saved matrix.nc;
//   2. allocating allowable loads over 50 sources x 500 receptors with each fairness rule.
// The synthetic matrix decays with distance from each source, like a coastal plume.
// usage: bench_allocation [MATRIX.nc]   (prints figures; not a test)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>

#include "scenarios/apportion/allocation.hpp"
#include "scenarios/apportion/apportion.hpp"

using namespace beibu;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

AllocationProblem synthetic(std::size_t n_src, std::size_t n_rec, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  AllocationProblem p;
  std::vector<double> sx(n_src), sy(n_src);
  for (std::size_t i = 0; i < n_src; ++i) {
    p.sources.push_back("s" + std::to_string(i));
    sx[i] = 200e3 * u(rng);
    sy[i] = 200e3 * u(rng);
    p.current.push_back(50 + 450 * u(rng));     // g/s: a river mouth or a large outfall
    p.lower.push_back(0.1 * p.current.back());  // natural share
  }
  for (std::size_t j = 0; j < n_rec; ++j) {
    p.receptors.push_back("r" + std::to_string(j));
    const double x = 200e3 * u(rng), y = 200e3 * u(rng);
    for (std::size_t i = 0; i < n_src; ++i) {
      const double d = std::hypot(x - sx[i], y - sy[i]);
      p.R.push_back(2e-4 / (1.0 + (d / 10e3) * (d / 10e3)));  // (g/m3) per (g/s)
    }
    p.background.push_back(0.05 + 0.05 * u(rng));
    p.target.push_back(u(rng) < 0.3 ? 0.20 : 0.30);
  }
  p.margin = 0.1;
  return p;
}

template <class F>
double best_of(int reps, F&& f) {
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, seconds_since(t0));
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::printf("bench_allocation: source-receptor matrix evaluation and allowable-load LP (GLPK)\n");
  volatile double sink = 0;
  {
    const AllocationProblem p = synthetic(50, 500, 1);
    std::vector<double> x(p.current);
    const double t = best_of(20, [&] { sink = sink + evaluate_loads(p, x)[0]; });
    std::printf("evaluate one load combination, 500 receptors x 50 sources: %.3f ms\n", 1e3 * t);
  }
  {
    const AllocationProblem p = synthetic(50, 100000, 2);
    const double t = best_of(5, [&] { sink = sink + evaluate_loads(p, p.current)[0]; });
    std::printf("evaluate one load combination, 100000 cells x 50 sources: %.3f ms\n", 1e3 * t);
    std::vector<double> c;  // screening many combinations: the result's storage is reused
    const double tr = best_of(5, [&] {
      evaluate_loads(p, p.current, c);
      sink = sink + c[0];
    });
    std::printf("evaluate one load combination, 100000 cells x 50 sources, reusing the result: %.3f ms\n", 1e3 * tr);
  }
  if (argc > 1) {
    const SourceReceptorMatrix m = read_matrix(argv[1]);
    for (std::size_t k = 0; k < m.constituents.size(); ++k) {
      AllocationProblem p;
      p.sources = m.groups;
      p.receptors = m.receptors;
      p.R.assign(m.response.begin() + static_cast<long>(k * m.nr() * m.ng()),
                 m.response.begin() + static_cast<long>((k + 1) * m.nr() * m.ng()));
      p.background.assign(m.background.begin() + static_cast<long>(k * m.nr()),
                          m.background.begin() + static_cast<long>((k + 1) * m.nr()));
      std::vector<double> x(m.current_load.begin() + static_cast<long>(k * m.ng()),
                            m.current_load.begin() + static_cast<long>((k + 1) * m.ng()));
      for (double& v : x) v *= 0.7;
      const double t = best_of(10, [&] { sink = sink + evaluate_loads(p, x)[0]; });
      std::printf("evaluate from %s, %s: %zu receptors x %zu groups: %.3f ms\n", argv[1], m.constituents[k].c_str(),
                  m.nr(), m.ng(), 1e3 * t);
    }
  }
  for (const char* rule : {"max-total", "cost-optimal", "equal-cut", "proportional"}) {
    AllocationProblem p = synthetic(50, 500, 3);
    p.fairness = parse_fairness(rule);
    p.cost.assign(p.sources.size(), 1.0);
    for (std::size_t i = 0; i < p.cost.size(); ++i) p.cost[i] = 1.0 + static_cast<double>(i % 5);
    AllocationResult r;
    const double t = best_of(3, [&] { r = allocate(p); });
    int binding = 0;
    for (bool b : r.binding) binding += b;
    std::printf("allocate 50 sources x 500 receptors, %-12s: %.1f ms (%s, %d binding, total %.0f of %.0f g/s; %s)\n",
                rule, 1e3 * t, r.feasible ? "feasible" : "infeasible", binding, r.total_allowed, r.total_current,
                r.method.c_str());
  }
  return sink == 12345.678 ? 1 : 0;
}
