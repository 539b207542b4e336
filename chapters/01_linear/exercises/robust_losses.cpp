// Exercise 01.11 — L1 and Huber losses.  Contract: include/nnlab/linear/robust_losses.hpp
// Check with `./nnlab check 01.11`; stuck? `./nnlab hint 01.11`.
#include "nnlab/linear/robust_losses.hpp"

#include <cmath>

#include <xtensor/xmath.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::linear {

// y_hat, y: (N) -> L = 1/N sum_n |d[n]|, d = y_hat - y
float l1_loss([[maybe_unused]] const Tensor& y_hat, [[maybe_unused]] const Tensor& y) {
  // TODO(01.11): L = 1/N sum_n |y_hat[n] - y[n]|.
  // Require both 1-D with the same shape; accumulate in double.
  throw nnlab::NotImplemented("01.11 l1_loss");
}

// y_hat, y: (N) -> dL/dy_hat: (N)
Tensor l1_loss_backward([[maybe_unused]] const Tensor& y_hat, [[maybe_unused]] const Tensor& y) {
  // TODO(01.11): dL/dy_hat[n] = sign(d[n]) / N with sign(0) = 0 (xt::sign does exactly that).
  throw nnlab::NotImplemented("01.11 l1_loss_backward");
}

// y_hat, y: (N) -> L = 1/N sum_n huber(d[n])
float huber_loss([[maybe_unused]] const Tensor& y_hat, [[maybe_unused]] const Tensor& y,
                 [[maybe_unused]] float delta) {
  // TODO(01.11): huber(d) = 0.5 d^2 if |d| < delta, else delta (|d| - 0.5 delta); L = mean.
  // Check shapes and delta > 0 (a ShapeError that mentions delta).
  throw nnlab::NotImplemented("01.11 huber_loss");
}

// y_hat, y: (N) -> dL/dy_hat: (N)
Tensor huber_loss_backward([[maybe_unused]] const Tensor& y_hat, [[maybe_unused]] const Tensor& y,
                           [[maybe_unused]] float delta) {
  // TODO(01.11): dL/dy_hat[n] = d[n] / N if |d[n]| < delta, else delta sign(d[n]) / N:
  // that is d clipped to [-delta, delta], divided by N (see xt::clip).
  throw nnlab::NotImplemented("01.11 huber_loss_backward");
}

}  // namespace nnlab::linear
