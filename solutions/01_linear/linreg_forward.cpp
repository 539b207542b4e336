// Exercise 01.1 — reference solution.
#include "nnlab/linear/linreg_forward.hpp"

#include <xtensor-blas/xlinalg.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::linear {

// x: (N, D), w: (D), b: (1)  ->  y_hat: (N)
Tensor linreg_forward(const Tensor& x, const Tensor& w, const Tensor& b) {
  require(x.dimension() == 2, "linreg_forward", "x", x, "x must be 2-D (N, D)");
  require(w.dimension() == 1 && w.shape(0) == x.shape(1), "linreg_forward", "x", x, "w", w,
          "w must have shape (D) with D = x.shape[1]");
  require(b.dimension() == 1 && b.shape(0) == 1, "linreg_forward", "b", b,
          "b must have shape (1)");
  Tensor y_hat = xt::linalg::dot(x, w);  // (N)
  y_hat += b(0);
  return y_hat;
}

}  // namespace nnlab::linear
