// Exercise 03.4 — reference solution.
#include "nnlab/cnn/conv1x1.hpp"

#include <string>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xstrided_view.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {
namespace {

void check(const char* fn, const Tensor& x, const Tensor& w) {
  require(x.dimension() == 3, fn, "x", x, "x must be 3-D (C_in, H, W)");
  require(w.dimension() == 2, fn, "w", w, "w must be 2-D (C_out, C_in)");
  require(w.shape(1) == x.shape(0), fn, "x", x, "w", w,
          "x has " + std::to_string(x.shape(0)) + " channels but w expects " +
              std::to_string(w.shape(1)));
}

}  // namespace

// x: (C_in, H, W), w: (C_out, C_in) -> y: (C_out, H, W)
Tensor conv1x1(const Tensor& x, const Tensor& w) {
  check("conv1x1", x, w);
  const std::size_t H = x.shape(1), W = x.shape(2);
  const Tensor X = xt::reshape_view(x, {x.shape(0), H * W});  // (C_in, H W)
  Tensor y = xt::linalg::dot(w, X);                            // (C_out, H W)
  y.reshape({w.shape(0), H, W});
  return y;
}

// dy: (C_out, H, W), x: (C_in, H, W), w: (C_out, C_in) -> dx: (C_in, H, W), dw: (C_out, C_in)
Conv1x1Grads conv1x1_backward(const Tensor& dy, const Tensor& x, const Tensor& w) {
  check("conv1x1_backward", x, w);
  const std::size_t H = x.shape(1), W = x.shape(2);
  require(dy.dimension() == 3 && dy.shape(0) == w.shape(0) && dy.shape(1) == H && dy.shape(2) == W,
          "conv1x1_backward", "dy", dy, "x", x, "dy must be (C_out, H, W)");
  const Tensor X = xt::reshape_view(x, {x.shape(0), H * W});    // (C_in, H W)
  const Tensor dY = xt::reshape_view(dy, {w.shape(0), H * W});  // (C_out, H W)
  Conv1x1Grads g;
  g.dx = xt::linalg::dot(xt::transpose(w), dY);  // (C_in, H W)
  g.dx.reshape({x.shape(0), H, W});
  g.dw = xt::linalg::dot(dY, xt::transpose(X));  // (C_out, C_in)
  return g;
}

}  // namespace nnlab::cnn
