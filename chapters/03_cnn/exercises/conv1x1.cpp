// Exercise 03.4 — the 1x1 convolution.  Contract: include/nnlab/cnn/conv1x1.hpp
// Check with `./nnlab check 03.4`; stuck? `./nnlab hint 03.4`.
#include "nnlab/cnn/conv1x1.hpp"

#include <string>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xstrided_view.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {

// x: (C_in, H, W), w: (C_out, C_in) -> y: (C_out, H, W)
Tensor conv1x1([[maybe_unused]] const Tensor& x, [[maybe_unused]] const Tensor& w) {
  // TODO(03.4): view x as X (C_in, H W), compute Y = w X (C_out, H W), reshape Y to
  // (C_out, H, W).
  throw nnlab::NotImplemented("03.4 conv1x1");
}

// dy: (C_out, H, W), x: (C_in, H, W), w: (C_out, C_in) -> dx: (C_in, H, W), dw: (C_out, C_in)
Conv1x1Grads conv1x1_backward([[maybe_unused]] const Tensor& dy, [[maybe_unused]] const Tensor& x,
                              [[maybe_unused]] const Tensor& w) {
  // TODO(03.4): with the same views, dX = w^T dY and dw = dY X^T (02.1's linear layer, with
  // pixels in the place of the batch).
  throw nnlab::NotImplemented("03.4 conv1x1_backward");
}

}  // namespace nnlab::cnn
