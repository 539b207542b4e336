// Exercise 01.4 — reference solution.
#include "nnlab/linear/minibatches.hpp"

#include <algorithm>

#include "nnlab/errors.hpp"

namespace nnlab::linear {

std::vector<std::vector<std::size_t>> minibatch_indices(std::size_t n, std::size_t batch_size,
                                                        Rng& rng) {
  if (batch_size == 0) {
    throw ShapeError("minibatch_indices", "batch_size must be at least 1, got 0");
  }
  const std::vector<std::size_t> order = rng.permutation(n);
  std::vector<std::vector<std::size_t>> batches;
  for (std::size_t start = 0; start < n; start += batch_size) {
    const std::size_t stop = std::min(start + batch_size, n);
    batches.emplace_back(order.begin() + start, order.begin() + stop);
  }
  return batches;
}

}  // namespace nnlab::linear
