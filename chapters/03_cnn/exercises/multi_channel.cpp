// Exercise 03.3 — multiple input and output channels.  Contract:
// include/nnlab/cnn/multi_channel.hpp
// Check with `./nnlab check 03.3`; stuck? `./nnlab hint 03.3`.
#include "nnlab/cnn/multi_channel.hpp"

#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {

// x: (C_in, H, W), k: (C_out, C_in, kh, kw) -> y: (C_out, H - kh + 1, W - kw + 1)
Tensor corr2d_multi_in_out([[maybe_unused]] const Tensor& x, [[maybe_unused]] const Tensor& k) {
  // TODO(03.3): y[o, i, j] = sum_c sum_{a, b} x[c, i + a, j + b] k[o, c, a, b]. Check that
  // k.shape[1] equals x's channel count C_in before anything else.
  throw nnlab::NotImplemented("03.3 corr2d_multi_in_out");
}

// dy: (C_out, H', W'), x: (C_in, H, W), k: (C_out, C_in, kh, kw)
//   -> dx: (C_in, H, W), dk: (C_out, C_in, kh, kw)
MultiChannelGrads corr2d_multi_in_out_backward([[maybe_unused]] const Tensor& dy,
                                               [[maybe_unused]] const Tensor& x,
                                               [[maybe_unused]] const Tensor& k) {
  // TODO(03.3): as in 03.1, for every product x[c, i + a, j + b] k[o, c, a, b] of the forward
  // pass add dy[o, i, j] times the other factor into the gradient of each factor.
  throw nnlab::NotImplemented("03.3 corr2d_multi_in_out_backward");
}

}  // namespace nnlab::cnn
