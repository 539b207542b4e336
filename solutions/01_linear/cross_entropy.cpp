// Exercise 01.8 — reference solution.
#include "nnlab/linear/cross_entropy.hpp"

#include <string>

#include "nnlab/errors.hpp"
#include "nnlab/linear/softmax.hpp"

namespace nnlab::linear {

namespace {
void check(const char* function, const Tensor& logits, const Labels& y) {
  require(logits.dimension() == 2 && y.dimension() == 1 && y.shape(0) == logits.shape(0),
          function, "logits", logits, "y", y, "logits must be (N, K) and y must be (N)");
  const auto K = static_cast<std::int64_t>(logits.shape(1));
  for (std::size_t n = 0; n < y.size(); ++n) {
    if (y(n) < 0 || y(n) >= K) {
      throw ShapeError(function, "label y[" + std::to_string(n) + "] = " + std::to_string(y(n)) +
                                     " is outside [0, " + std::to_string(K) + ")");
    }
  }
}
}  // namespace

// logits: (N, K), y: (N) -> L = mean_n (logsumexp(z_n) - z_n[y_n])
float cross_entropy(const Tensor& logits, const Labels& y) {
  check("cross_entropy", logits, y);
  const Tensor logp = log_softmax(logits);  // (N, K), stable
  double sum = 0.0;
  for (std::size_t n = 0; n < y.size(); ++n) sum -= logp(n, y(n));
  return static_cast<float>(sum / double(y.size()));
}

// logits: (N, K), y: (N) -> dlogits = (softmax - onehot) / N: (N, K)
Tensor cross_entropy_backward(const Tensor& logits, const Labels& y) {
  check("cross_entropy_backward", logits, y);
  Tensor g = softmax(logits);
  for (std::size_t n = 0; n < y.size(); ++n) g(n, y(n)) -= 1.0f;
  g /= static_cast<float>(y.size());
  return g;
}

}  // namespace nnlab::linear
