// Exercise 01.3 — reference solution.
#include "nnlab/linear/linreg_backward.hpp"

#include <xtensor-blas/xlinalg.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::linear {

// dy: (N), x: (N, D), w: (D)  ->  dx: (N, D), dw: (D), db: (1)
LinregGrads linreg_backward(const Tensor& dy, const Tensor& x, const Tensor& w) {
  require(x.dimension() == 2, "linreg_backward", "x", x, "x must be 2-D (N, D)");
  require(w.dimension() == 1 && w.shape(0) == x.shape(1), "linreg_backward", "x", x, "w", w,
          "w must have shape (D) with D = x.shape[1]");
  require(dy.dimension() == 1 && dy.shape(0) == x.shape(0), "linreg_backward", "dy", dy, "x", x,
          "dy must have shape (N) with N = x.shape[0]");
  LinregGrads g;
  g.dx = xt::linalg::outer(dy, w);                     // dx[n, d] = dy[n] w[d]
  g.dw = xt::linalg::dot(xt::transpose(x), dy);        // dw[d] = sum_n x[n, d] dy[n]
  g.db = Tensor({1}, static_cast<float>(xt::sum(dy)()));  // db = sum_n dy[n]
  return g;
}

}  // namespace nnlab::linear
