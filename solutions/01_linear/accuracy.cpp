// Exercise 01.10 — reference solution.
#include "nnlab/linear/accuracy.hpp"

#include "nnlab/errors.hpp"

namespace nnlab::linear {

// logits: (N, K), y: (N) -> share of rows with argmax == label
float accuracy(const Tensor& logits, const Labels& y) {
  require(logits.dimension() == 2 && y.dimension() == 1 && y.shape(0) == logits.shape(0),
          "accuracy", "logits", logits, "y", y, "logits must be (N, K) and y must be (N)");
  const std::size_t N = logits.shape(0), K = logits.shape(1);
  std::size_t correct = 0;
  for (std::size_t n = 0; n < N; ++n) {
    std::size_t best = 0;
    for (std::size_t k = 1; k < K; ++k) {
      if (logits(n, k) > logits(n, best)) best = k;  // strict: ties keep the first index
    }
    if (K > 0 && static_cast<std::int64_t>(best) == y(n)) ++correct;
  }
  return static_cast<float>(correct) / static_cast<float>(N);
}

}  // namespace nnlab::linear
