// Exercise 01.1 — linear regression forward.  Contract: include/nnlab/linear/linreg_forward.hpp
// Check with `./nnlab check 01.1`; stuck? `./nnlab hint 01.1`.
#include "nnlab/linear/linreg_forward.hpp"

#include <xtensor-blas/xlinalg.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::linear {

// x: (N, D), w: (D), b: (1)  ->  y_hat: (N)
Tensor linreg_forward([[maybe_unused]] const Tensor& x, [[maybe_unused]] const Tensor& w,
                      [[maybe_unused]] const Tensor& b) {
  // TODO(01.1): y_hat[n] = sum_d x[n, d] w[d] + b[0], i.e. y_hat = x w + b.
  // First check the shapes with nnlab::require (x 2-D, w of length D = x.shape(1), b of
  // shape (1)); then xt::linalg::dot(x, w) gives the (N) vector x w.
  throw nnlab::NotImplemented("01.1 linreg_forward");
}

}  // namespace nnlab::linear
