// Exercise 03.2 — padding and stride.  Contract: include/nnlab/cnn/padding_stride.hpp
// Check with `./nnlab check 03.2`; stuck? `./nnlab hint 03.2`.
#include "nnlab/cnn/padding_stride.hpp"

#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {

std::size_t conv_output_size([[maybe_unused]] std::size_t in, [[maybe_unused]] std::size_t kernel,
                             [[maybe_unused]] std::size_t pad,
                             [[maybe_unused]] std::size_t stride) {
  // TODO(03.2): floor((in + 2 pad - kernel) / stride) + 1. Throw a ShapeError first when
  // kernel or stride is 0 or in + 2 pad < kernel (careful: the sizes are unsigned).
  throw nnlab::NotImplemented("03.2 conv_output_size");
}

// x: (H, W), k: (kh, kw) -> y: (H', W')
Tensor corr2d_strided([[maybe_unused]] const Tensor& x, [[maybe_unused]] const Tensor& k,
                      [[maybe_unused]] Size2 stride, [[maybe_unused]] Size2 padding) {
  // TODO(03.2): y[i, j] = sum_{a, b} x[i s_h + a - p_h, j s_w + b - p_w] k[a, b], where
  // positions outside x are the zero padding and add nothing.
  throw nnlab::NotImplemented("03.2 corr2d_strided");
}

// dy: (H', W'), x: (H, W), k: (kh, kw) -> dx: (H, W), dk: (kh, kw)
Corr2dGrads corr2d_strided_backward([[maybe_unused]] const Tensor& dy,
                                    [[maybe_unused]] const Tensor& x,
                                    [[maybe_unused]] const Tensor& k,
                                    [[maybe_unused]] Size2 stride,
                                    [[maybe_unused]] Size2 padding) {
  // TODO(03.2): the backward of 03.1 with the same index mapping as the forward; skip the
  // products that touched the padding.
  throw nnlab::NotImplemented("03.2 corr2d_strided_backward");
}

}  // namespace nnlab::cnn
