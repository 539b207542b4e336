#pragma once
/// @file
/// Exercise 01.4: shuffled minibatch indices, one epoch at a time.

#include <cstddef>
#include <vector>

#include "nnlab/random.hpp"

namespace nnlab::linear {

/// The sample indices of one epoch of minibatch training, shuffled and cut into batches.
///
/// The order is `rng.permutation(n)`, drawn exactly once per call (so the same seed gives the
/// same batches on every machine), cut into consecutive chunks of `batch_size`; the last batch
/// keeps the remainder when `batch_size` does not divide `n`. Example: n = 5, batch_size = 2,
/// permutation `{3, 0, 4, 1, 2}` gives `{{3, 0}, {4, 1}, {2}}`.
///
/// @param n number of samples N; `n = 0` gives no batches.
/// @param batch_size samples per batch B (at least 1).
/// @param rng the random source; advanced by one `permutation(n)` call.
/// @return ceil(N / B) batches; together they hold every index in `[0, N)` exactly once.
/// @throws ShapeError naming `minibatch_indices` and `batch_size` when `batch_size` is 0.
std::vector<std::vector<std::size_t>> minibatch_indices(std::size_t n, std::size_t batch_size,
                                                        Rng& rng);

}  // namespace nnlab::linear
