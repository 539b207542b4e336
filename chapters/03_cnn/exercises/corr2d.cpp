// Exercise 03.1 — two-dimensional cross-correlation.  Contract: include/nnlab/cnn/corr2d.hpp
// Check with `./nnlab check 03.1`; stuck? `./nnlab hint 03.1`.
#include "nnlab/cnn/corr2d.hpp"

#include "nnlab/errors.hpp"

namespace nnlab::cnn {

// x: (H, W), k: (kh, kw) -> y: (H - kh + 1, W - kw + 1)
Tensor corr2d([[maybe_unused]] const Tensor& x, [[maybe_unused]] const Tensor& k) {
  // TODO(03.1): y[i, j] = sum_{a, b} x[i + a, j + b] k[a, b]: slide the kernel over every
  // position where it fits entirely. Check that x and k are 2-D and k fits into x first.
  throw nnlab::NotImplemented("03.1 corr2d");
}

// dy: (H - kh + 1, W - kw + 1), x: (H, W), k: (kh, kw) -> dx: (H, W), dk: (kh, kw)
Corr2dGrads corr2d_backward([[maybe_unused]] const Tensor& dy, [[maybe_unused]] const Tensor& x,
                            [[maybe_unused]] const Tensor& k) {
  // TODO(03.1): run the forward loops again and, for each product x[i + a, j + b] k[a, b],
  // add dy[i, j] k[a, b] into dx[i + a, j + b] and dy[i, j] x[i + a, j + b] into dk[a, b].
  throw nnlab::NotImplemented("03.1 corr2d_backward");
}

}  // namespace nnlab::cnn
