// Exercise 01.7 — softmax and log-softmax.  Contract: include/nnlab/linear/softmax.hpp
// Check with `./nnlab check 01.7`; stuck? `./nnlab hint 01.7`.
#include "nnlab/linear/softmax.hpp"

#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::linear {

// logits: (N, K) -> (N, K)
Tensor softmax([[maybe_unused]] const Tensor& logits) {
  // TODO(01.7): per row n, with m = max_k z[n, k]:
  //   softmax[n, k] = exp(z[n, k] - m) / sum_j exp(z[n, j] - m).
  // Subtracting the row max keeps exp() from overflowing at z = 1e4; xt::amax(z, {1}) and
  // xt::view(m, xt::all(), xt::newaxis()) broadcast the max over the row.
  throw nnlab::NotImplemented("01.7 softmax");
}

// logits: (N, K) -> (N, K)
Tensor log_softmax([[maybe_unused]] const Tensor& logits) {
  // TODO(01.7): log_softmax[n, k] = z[n, k] - m - log(sum_j exp(z[n, j] - m)), m the row max.
  // Do not take log(softmax(z)): it is -inf wherever the softmax underflows to 0.
  throw nnlab::NotImplemented("01.7 log_softmax");
}

// dy: (N, K), y: (N, K) -> dz: (N, K)
Tensor softmax_backward([[maybe_unused]] const Tensor& dy, [[maybe_unused]] const Tensor& y) {
  // TODO(01.7): dz[n, k] = y[n, k] * (dy[n, k] - sum_j dy[n, j] y[n, j]), y = softmax(z).
  // It follows from dy_j/dz_k = y_j ([j = k] - y_k); compute the row sums once.
  throw nnlab::NotImplemented("01.7 softmax_backward");
}

}  // namespace nnlab::linear
