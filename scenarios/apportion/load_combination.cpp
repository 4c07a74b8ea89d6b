#include "scenarios/apportion/load_combination.hpp"

namespace beibu {

namespace {

// How far ahead of the row being summed the matrix is requested from memory
// (doubles; 8 KB). The hardware prefetcher does not follow a stream across a
// 4 KB page, so without this every page starts with a full memory latency;
// 2-16 KB ahead measured alike on the development machine, 1 KB was too short.
constexpr std::size_t kPrefetchAhead = 1024;
constexpr std::size_t kDoublesPerLine = 8;  // 64-byte cache lines

// An ordinary prefetch into all cache levels, not a non-temporal one: lines
// fetched non-temporally are not kept in the last-level cache, so screening many
// combinations re-reads the whole matrix from memory each time (measured 2.3x
// slower on the 105 MB L3 of the development machine, where 40 MB partly stays).
inline void prefetch(const double* p) {
#if defined(__GNUC__)
  __builtin_prefetch(p, 0, 3);
#else
  (void)p;
#endif
}

// Four partial sums so the multiply-adds are independent (a single running sum
// is a dependency chain); the remainder goes to the first. The order is fixed.
inline double row_dot(const double* __restrict r, const double* __restrict x, std::size_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += r[i] * x[i];
    s1 += r[i + 1] * x[i + 1];
    s2 += r[i + 2] * x[i + 2];
    s3 += r[i + 3] * x[i + 3];
  }
  for (; i < n; ++i) s0 += r[i] * x[i];
  return (s0 + s1) + (s2 + s3);
}

}  // namespace

void evaluate_combination(const double* R, const double* background, const double* loads, std::size_t n_receptors,
                          std::size_t n_sources, double* out) {
  const std::size_t total = n_receptors * n_sources;
  for (std::size_t j = 0; j < n_receptors; ++j) {
    const std::size_t row = j * n_sources;
    if (row + kPrefetchAhead + n_sources <= total)
      for (std::size_t k = 0; k < n_sources; k += kDoublesPerLine) prefetch(R + row + kPrefetchAhead + k);
    out[j] = background[j] + row_dot(R + row, loads, n_sources);
  }
}

}  // namespace beibu
