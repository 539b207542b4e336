// Exercise 01.11 — reference solution.
#include "nnlab/linear/robust_losses.hpp"

#include <cmath>
#include <string>

#include <xtensor/xmath.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::linear {

namespace {
void check_pair(const char* function, const Tensor& y_hat, const Tensor& y) {
  require(y_hat.dimension() == 1 && y_hat.shape() == y.shape(), function, "y_hat", y_hat, "y", y,
          "y_hat and y must both have shape (N)");
}
void check_delta(const char* function, float delta) {
  if (!(delta > 0.0f)) {
    throw ShapeError(function, "delta must be > 0, got " + std::to_string(delta));
  }
}
}  // namespace

// y_hat, y: (N) -> mean |y_hat - y|
float l1_loss(const Tensor& y_hat, const Tensor& y) {
  check_pair("l1_loss", y_hat, y);
  double sum = 0.0;
  for (std::size_t n = 0; n < y.size(); ++n) sum += std::abs(double(y_hat(n)) - double(y(n)));
  return static_cast<float>(sum / double(y.size()));
}

// sign(y_hat - y) / N: (N), sign(0) = 0
Tensor l1_loss_backward(const Tensor& y_hat, const Tensor& y) {
  check_pair("l1_loss_backward", y_hat, y);
  return xt::sign(y_hat - y) / static_cast<float>(y.size());
}

// y_hat, y: (N) -> mean of 0.5 d^2 (|d| < delta) or delta (|d| - delta / 2)
float huber_loss(const Tensor& y_hat, const Tensor& y, float delta) {
  check_pair("huber_loss", y_hat, y);
  check_delta("huber_loss", delta);
  double sum = 0.0;
  for (std::size_t n = 0; n < y.size(); ++n) {
    const double a = std::abs(double(y_hat(n)) - double(y(n)));
    sum += a < delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
  }
  return static_cast<float>(sum / double(y.size()));
}

// clip(y_hat - y, -delta, delta) / N: (N)
Tensor huber_loss_backward(const Tensor& y_hat, const Tensor& y, float delta) {
  check_pair("huber_loss_backward", y_hat, y);
  check_delta("huber_loss_backward", delta);
  return xt::clip(y_hat - y, -delta, delta) / static_cast<float>(y.size());
}

}  // namespace nnlab::linear
