// Exercise 01.2 — squared loss.  Contract: include/nnlab/linear/squared_loss.hpp
// Check with `./nnlab check 01.2`; stuck? `./nnlab hint 01.2`.
#include "nnlab/linear/squared_loss.hpp"

#include "nnlab/errors.hpp"

namespace nnlab::linear {

// y_hat: (N), y: (N)  ->  L = 1/(2N) sum_n (y_hat[n] - y[n])^2
float squared_loss([[maybe_unused]] const Tensor& y_hat, [[maybe_unused]] const Tensor& y) {
  // TODO(01.2): L = 1/(2N) * sum_n (y_hat[n] - y[n])^2 (half of PyTorch's mse_loss).
  // Require both to be 1-D of the same shape; sum the squares in a double accumulator.
  throw nnlab::NotImplemented("01.2 squared_loss");
}

// y_hat: (N), y: (N)  ->  dL/dy_hat: (N)
Tensor squared_loss_backward([[maybe_unused]] const Tensor& y_hat,
                             [[maybe_unused]] const Tensor& y) {
  // TODO(01.2): dL/dy_hat[n] = (y_hat[n] - y[n]) / N: the ½ cancels the 2 of the square.
  // Same shape checks as squared_loss; xtensor does the arithmetic element-wise.
  throw nnlab::NotImplemented("01.2 squared_loss_backward");
}

}  // namespace nnlab::linear
