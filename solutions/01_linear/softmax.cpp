// Exercise 01.7 — reference solution.
#include "nnlab/linear/softmax.hpp"

#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::linear {

namespace {
void check_logits(const char* function, const Tensor& logits) {
  require(logits.dimension() == 2 && logits.shape(1) >= 1, function, "logits", logits,
          "logits must be 2-D (N, K) with K >= 1");
}
// z - max_k z: (N, K), every entry <= 0.
Tensor shifted(const Tensor& logits) {
  const Tensor m = xt::amax(logits, {1});  // (N)
  return logits - xt::view(m, xt::all(), xt::newaxis());
}
}  // namespace

// logits: (N, K) -> (N, K)
Tensor softmax(const Tensor& logits) {
  check_logits("softmax", logits);
  const Tensor e = xt::exp(shifted(logits));  // (N, K), in (0, 1]
  const Tensor s = xt::sum(e, {1});           // (N), >= 1
  return e / xt::view(s, xt::all(), xt::newaxis());
}

// logits: (N, K) -> (N, K)
Tensor log_softmax(const Tensor& logits) {
  check_logits("log_softmax", logits);
  const Tensor z = shifted(logits);
  const Tensor e = xt::exp(z);                // (N, K), in (0, 1]
  const Tensor lse = xt::log(xt::sum(e, {1}));  // (N), log sum_k exp(z - m)
  return z - xt::view(lse, xt::all(), xt::newaxis());
}

// dy: (N, K), y: (N, K) -> dz: (N, K)
Tensor softmax_backward(const Tensor& dy, const Tensor& y) {
  require(dy.dimension() == 2 && dy.shape() == y.shape(), "softmax_backward", "dy", dy, "y", y,
          "dy and y must both have shape (N, K)");
  const Tensor dot = xt::sum(dy * y, {1});  // (N): sum_j dy[n, j] y[n, j]
  return y * (dy - xt::view(dot, xt::all(), xt::newaxis()));
}

}  // namespace nnlab::linear
