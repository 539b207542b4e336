// Exercise 01.2 — reference solution.
#include "nnlab/linear/squared_loss.hpp"

#include "nnlab/errors.hpp"

namespace nnlab::linear {

namespace {
void check_pair(const char* function, const Tensor& y_hat, const Tensor& y) {
  require(y_hat.dimension() == 1 && y_hat.shape() == y.shape(), function, "y_hat", y_hat, "y", y,
          "y_hat and y must both have shape (N)");
}
}  // namespace

// y_hat: (N), y: (N)  ->  L = 1/(2N) sum (y_hat - y)^2
float squared_loss(const Tensor& y_hat, const Tensor& y) {
  check_pair("squared_loss", y_hat, y);
  double sum = 0.0;  // accumulate in double: N can be large
  for (std::size_t n = 0; n < y.size(); ++n) {
    const double d = double(y_hat(n)) - double(y(n));
    sum += d * d;
  }
  return static_cast<float>(sum / (2.0 * double(y.size())));
}

// dL/dy_hat = (y_hat - y) / N: (N)
Tensor squared_loss_backward(const Tensor& y_hat, const Tensor& y) {
  check_pair("squared_loss_backward", y_hat, y);
  return (y_hat - y) / static_cast<float>(y.size());
}

}  // namespace nnlab::linear
