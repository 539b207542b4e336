// Exercise 01.9 — softmax regression.  Contract: include/nnlab/linear/softmax_regression.hpp
// Check with `./nnlab check 01.9`; stuck? `./nnlab hint 01.9`.
#include "nnlab/linear/softmax_regression.hpp"

#include <xtensor-blas/xlinalg.hpp>

#include "nnlab/errors.hpp"
#include "nnlab/linear/cross_entropy.hpp"

namespace nnlab::linear {

// x: (N, D), W: (D, K), b: (K), y: (N) -> loss, dW: (D, K), db: (K)
SoftmaxRegressionGrads softmax_regression_grad([[maybe_unused]] const Tensor& x,
                                               [[maybe_unused]] const Tensor& W,
                                               [[maybe_unused]] const Tensor& b,
                                               [[maybe_unused]] const Labels& y) {
  // TODO(01.9): logits Z = x W + b: (N, K); loss = cross_entropy(Z, y);
  // G = (softmax(Z) - onehot(y)) / N = cross_entropy_backward(Z, y); dW = x^T G, db = sum_n G[n].
  // Check the four shapes first (D and K must agree); your 01.8 functions do the rest.
  throw nnlab::NotImplemented("01.9 softmax_regression_grad");
}

}  // namespace nnlab::linear
