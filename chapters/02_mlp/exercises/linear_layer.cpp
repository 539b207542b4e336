// Exercise 02.1 — the fully connected layer.  Contract: include/nnlab/mlp/linear_layer.hpp
// Check with `./nnlab check 02.1`; stuck? `./nnlab hint 02.1`.
#include "nnlab/mlp/linear_layer.hpp"

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

// x: (N, D), W: (D, H), b: (H) -> y: (N, H)
Tensor linear_forward([[maybe_unused]] const Tensor& x, [[maybe_unused]] const Tensor& W,
                      [[maybe_unused]] const Tensor& b) {
  // TODO(02.1): y[n, h] = sum_d x[n, d] W[d, h] + b[h], i.e. y = x W + b with b added to
  // every row. Check the three shapes first with nnlab::require.
  throw nnlab::NotImplemented("02.1 linear_forward");
}

// dy: (N, H), x: (N, D), W: (D, H) -> dx: (N, D), dW: (D, H), db: (H)
LinearGrads linear_backward([[maybe_unused]] const Tensor& dy, [[maybe_unused]] const Tensor& x,
                            [[maybe_unused]] const Tensor& W) {
  // TODO(02.1): dx = dy W^T, dW = x^T dy, db[h] = sum_n dy[n, h]. Each shape must match the
  // forward input it is the gradient of.
  throw nnlab::NotImplemented("02.1 linear_backward");
}

}  // namespace nnlab::mlp
