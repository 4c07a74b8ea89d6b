#pragma once
// A group of doubles processed as one value (GCC/Clang vector extension), for the
// transport stage's per-component loops: four with AVX (CMake option BEIBU_AVX2),
// two (one SSE2 register) otherwise. The cell arrays of the stage (concentration,
// gradient, one-ring range) are padded to whole groups, so each cell's components
// are whole groups and the padding stays 0. Every operation is the same IEEE
// operation lane by lane as the scalar formula (no fused multiply-add is enabled),
// so results are bitwise the same with either width; only the instruction count
// changes.
#include <cstddef>
#include <cstring>

// Passing vectors by value changes the calling convention between AVX and
// non-AVX builds, which GCC warns about at every function that does; the functions
// taking these types are inline (here and in the files that include this one), so no
// call crosses such a boundary. Left off for the including file too.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace beibu::lanes {

#if defined(__AVX__)
constexpr int kWidth = 4;
#else
constexpr int kWidth = 2;  // one SSE2 register
#endif
typedef double Vec __attribute__((vector_size(kWidth * sizeof(double))));
typedef long long Mask __attribute__((vector_size(kWidth * sizeof(double))));

// Components rounded up to whole groups.
constexpr std::size_t padded(std::size_t k) {
  return (k + kWidth - 1) / kWidth * kWidth;
}

inline Vec load(const double* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(double* p, Vec v) {
  std::memcpy(p, &v, sizeof v);
}
// The first n (< kWidth) lanes only.
inline void store_n(double* p, Vec v, std::size_t n) {
  std::memcpy(p, &v, n * sizeof(double));
}
inline Vec splat(double x) {
  Vec v{};
  for (int i = 0; i < kWidth; ++i) v[i] = x;
  return v;
}

// a where m, else b.
inline Vec select(Mask m, Vec a, Vec b) {
  Mask ai, bi;
  std::memcpy(&ai, &a, sizeof a);
  std::memcpy(&bi, &b, sizeof b);
  const Mask r = (m & ai) | (~m & bi);
  Vec v;
  std::memcpy(&v, &r, sizeof v);
  return v;
}
inline bool none(Mask m) {
  long long any = 0;
  for (int i = 0; i < kWidth; ++i) any |= m[i];
  return any == 0;
}
// std::min / std::max lane by lane (same operand order, so the same result for +-0).
inline Vec min(Vec a, Vec b) {
  return select(b < a, b, a);
}
inline Vec max(Vec a, Vec b) {
  return select(a < b, b, a);
}

}  // namespace beibu::lanes
