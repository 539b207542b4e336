// Exercise 02.1 — reference solution.
#include "nnlab/mlp/linear_layer.hpp"

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

// x: (N, D), W: (D, H), b: (H) -> y: (N, H)
Tensor linear_forward(const Tensor& x, const Tensor& W, const Tensor& b) {
  require(x.dimension() == 2, "linear_forward", "x", x, "x must be 2-D (N, D)");
  require(W.dimension() == 2 && W.shape(0) == x.shape(1), "linear_forward", "x", x, "W", W,
          "W must be (D, H) with D = x.shape[1]");
  require(b.dimension() == 1 && b.shape(0) == W.shape(1), "linear_forward", "W", W, "b", b,
          "b must be (H) with H = W.shape[1]");
  Tensor y = xt::linalg::dot(x, W);
  y += xt::view(b, xt::newaxis(), xt::all());
  return y;
}

// dy: (N, H), x: (N, D), W: (D, H) -> dx: (N, D), dW: (D, H), db: (H)
LinearGrads linear_backward(const Tensor& dy, const Tensor& x, const Tensor& W) {
  require(x.dimension() == 2 && W.dimension() == 2 && W.shape(0) == x.shape(1),
          "linear_backward", "x", x, "W", W, "x must be (N, D) and W (D, H)");
  require(dy.dimension() == 2 && dy.shape(0) == x.shape(0) && dy.shape(1) == W.shape(1),
          "linear_backward", "dy", dy, "W", W, "dy must be (N, H) with H = W.shape[1]");
  LinearGrads g;
  g.dx = xt::linalg::dot(dy, xt::transpose(W));
  g.dW = xt::linalg::dot(xt::transpose(x), dy);
  g.db = xt::sum(dy, {0});
  return g;
}

}  // namespace nnlab::mlp
