#pragma once
// Evaluating one load combination from a source-receptor matrix, c = b + R x,
// the inner loop of scenario screening and of every allocation rule.
//
// R is receptor-major (row j holds receptor j's response to every source), so
// one pass reads it once, in address order; at 100 000 cells x 50 sources that
// is 40 MB per combination and the time is set by memory bandwidth.
#include <cstddef>

namespace beibu {

// out[j] = background[j] + sum_i R[j * n_sources + i] * loads[i] for j < n_receptors.
// Writes `out` only (no allocation); `out` must not overlap the inputs. Each row's
// sum is formed in a fixed order, so the result does not depend on the machine's
// memory speed or on where the arrays lie.
void evaluate_combination(const double* R, const double* background, const double* loads, std::size_t n_receptors,
                          std::size_t n_sources, double* out);

}  // namespace beibu
