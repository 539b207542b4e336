// Exercise 01.3 — linear regression backward.  Contract: include/nnlab/linear/linreg_backward.hpp
// Check with `./nnlab check 01.3`; stuck? `./nnlab hint 01.3`.
#include "nnlab/linear/linreg_backward.hpp"

#include <xtensor-blas/xlinalg.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::linear {

// dy: (N), x: (N, D), w: (D)  ->  dx: (N, D), dw: (D), db: (1)
LinregGrads linreg_backward([[maybe_unused]] const Tensor& dy, [[maybe_unused]] const Tensor& x,
                            [[maybe_unused]] const Tensor& w) {
  // TODO(01.3): y_hat[n] = sum_d x[n, d] w[d] + b, so by the chain rule
  //   dx[n, d] = dy[n] w[d],   dw[d] = sum_n x[n, d] dy[n],   db[0] = sum_n dy[n].
  // Check the shapes first; xt::linalg::outer and xt::linalg::dot(xt::transpose(x), dy) help.
  throw nnlab::NotImplemented("01.3 linreg_backward");
}

}  // namespace nnlab::linear
