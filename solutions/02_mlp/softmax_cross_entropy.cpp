// Exercise 02.3 — reference solution.
#include "nnlab/mlp/softmax_cross_entropy.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

// logits: (N, K), y: (N) -> mean loss, dlogits: (N, K)
LossAndGrad softmax_cross_entropy(const Tensor& logits, const Labels& y) {
  require(logits.dimension() == 2 && logits.shape(0) >= 1 && logits.shape(1) >= 1 &&
              y.dimension() == 1 && y.shape(0) == logits.shape(0),
          "softmax_cross_entropy", "logits", logits, "y", y,
          "logits must be (N, K) with N, K >= 1 and y must be (N)");
  const std::size_t N = logits.shape(0), K = logits.shape(1);
  for (std::size_t n = 0; n < N; ++n) {
    if (y(n) < 0 || y(n) >= static_cast<std::int64_t>(K)) {
      throw ShapeError("softmax_cross_entropy", "label y[" + std::to_string(n) + "] = " +
                                                    std::to_string(y(n)) + " is outside [0, " +
                                                    std::to_string(K) + ")");
    }
  }
  LossAndGrad out{0.0f, Tensor(xt::zeros<float>({N, K}))};
  double total = 0.0;
  for (std::size_t n = 0; n < N; ++n) {
    double m = logits(n, 0);
    for (std::size_t k = 1; k < K; ++k) m = std::max(m, double(logits(n, k)));
    double s = 0.0;
    for (std::size_t k = 0; k < K; ++k) s += std::exp(double(logits(n, k)) - m);
    total += m + std::log(s) - double(logits(n, y(n)));
    for (std::size_t k = 0; k < K; ++k) {
      const double p = std::exp(double(logits(n, k)) - m) / s;
      out.dlogits(n, k) = static_cast<float>((p - (k == std::size_t(y(n)) ? 1.0 : 0.0)) / N);
    }
  }
  out.loss = static_cast<float>(total / N);
  return out;
}

}  // namespace nnlab::mlp
