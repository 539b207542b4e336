// Exercise 03.6 — max and average pooling.  Contract: include/nnlab/cnn/pooling.hpp
// Check with `./nnlab check 03.6`; stuck? `./nnlab hint 03.6`.
#include "nnlab/cnn/pooling.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {

// x: (N, C, H, W) -> y: (N, C, H', W')
Tensor max_pool2d_forward([[maybe_unused]] const Tensor& x, [[maybe_unused]] Size2 kernel,
                          [[maybe_unused]] Size2 stride, [[maybe_unused]] Size2 padding) {
  // TODO(03.6): for every (n, c) and output (i, j), the largest x[n, c, r, col] over the rows
  // r = i s_h - p_h + a and columns col = j s_w - p_w + b that lie inside the image.
  throw nnlab::NotImplemented("03.6 max_pool2d_forward");
}

// dy: (N, C, H', W'), x: (N, C, H, W) -> dx: (N, C, H, W)
Tensor max_pool2d_backward([[maybe_unused]] const Tensor& dy, [[maybe_unused]] const Tensor& x,
                           [[maybe_unused]] Size2 kernel, [[maybe_unused]] Size2 stride,
                           [[maybe_unused]] Size2 padding) {
  // TODO(03.6): find each window's first maximum again (update only on a strictly larger
  // value) and add dy[n, c, i, j] to dx at that position.
  throw nnlab::NotImplemented("03.6 max_pool2d_backward");
}

// x: (N, C, H, W) -> y: (N, C, H', W')
Tensor avg_pool2d_forward([[maybe_unused]] const Tensor& x, [[maybe_unused]] Size2 kernel,
                          [[maybe_unused]] Size2 stride, [[maybe_unused]] Size2 padding) {
  // TODO(03.6): the sum of the window's real (non-padding) values divided by kh kw.
  throw nnlab::NotImplemented("03.6 avg_pool2d_forward");
}

// dy: (N, C, H', W'), x: (N, C, H, W) -> dx: (N, C, H, W)
Tensor avg_pool2d_backward([[maybe_unused]] const Tensor& dy, [[maybe_unused]] const Tensor& x,
                           [[maybe_unused]] Size2 kernel, [[maybe_unused]] Size2 stride,
                           [[maybe_unused]] Size2 padding) {
  // TODO(03.6): add dy[n, c, i, j] / (kh kw) to every real input of window (i, j).
  throw nnlab::NotImplemented("03.6 avg_pool2d_backward");
}

}  // namespace nnlab::cnn
