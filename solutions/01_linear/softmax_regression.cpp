// Exercise 01.9 — reference solution.
#include "nnlab/linear/softmax_regression.hpp"

#include <xtensor-blas/xlinalg.hpp>

#include "nnlab/errors.hpp"
#include "nnlab/linear/cross_entropy.hpp"

namespace nnlab::linear {

// x: (N, D), W: (D, K), b: (K), y: (N) -> loss, dW: (D, K), db: (K)
SoftmaxRegressionGrads softmax_regression_grad(const Tensor& x, const Tensor& W, const Tensor& b,
                                               const Labels& y) {
  const char* fn = "softmax_regression_grad";
  require(x.dimension() == 2, fn, "x", x, "x must be 2-D (N, D)");
  require(W.dimension() == 2 && W.shape(0) == x.shape(1), fn, "x", x, "W", W,
          "W must have shape (D, K) with D = x.shape[1]");
  require(b.dimension() == 1 && b.shape(0) == W.shape(1), fn, "b", b, "W", W,
          "b must have shape (K) with K = W.shape[1]");
  require(y.dimension() == 1 && y.shape(0) == x.shape(0), fn, "x", x, "y", y,
          "y must have shape (N) with N = x.shape[0]");

  const Tensor logits = xt::linalg::dot(x, W) + b;  // (N, K); b broadcast over rows
  SoftmaxRegressionGrads out;
  out.loss = cross_entropy(logits, y);
  const Tensor G = cross_entropy_backward(logits, y);  // (N, K) = (softmax - onehot) / N
  out.dW = xt::linalg::dot(xt::transpose(x), G);        // (D, K)
  out.db = xt::sum(G, {0});                             // (K)
  return out;
}

}  // namespace nnlab::linear
