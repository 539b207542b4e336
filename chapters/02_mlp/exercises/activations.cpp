// Exercise 02.2 — activations.  Contract: include/nnlab/mlp/activations.hpp
// Check with `./nnlab check 02.2`; stuck? `./nnlab hint 02.2`.
#include "nnlab/mlp/activations.hpp"

#include <cmath>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

Tensor relu_forward([[maybe_unused]] const Tensor& x) {
  // TODO(02.2): y = max(x, 0), element-wise.
  throw nnlab::NotImplemented("02.2 relu_forward");
}

Tensor relu_backward([[maybe_unused]] const Tensor& dy, [[maybe_unused]] const Tensor& x) {
  // TODO(02.2): dx = dy where x > 0, else 0 (also at x = 0). Require dy.shape() == x.shape().
  throw nnlab::NotImplemented("02.2 relu_backward");
}

Tensor sigmoid_forward([[maybe_unused]] const Tensor& x) {
  // TODO(02.2): s = 1 / (1 + exp(-x)) for x >= 0 and exp(x) / (1 + exp(x)) for x < 0, so
  // that exp() never sees a positive argument (x = -1e4 would overflow otherwise).
  throw nnlab::NotImplemented("02.2 sigmoid_forward");
}

Tensor sigmoid_backward([[maybe_unused]] const Tensor& dy, [[maybe_unused]] const Tensor& x) {
  // TODO(02.2): dx = dy * s (1 - s), s = sigmoid(x).
  throw nnlab::NotImplemented("02.2 sigmoid_backward");
}

Tensor tanh_forward([[maybe_unused]] const Tensor& x) {
  // TODO(02.2): y = tanh(x), element-wise (std::tanh is stable).
  throw nnlab::NotImplemented("02.2 tanh_forward");
}

Tensor tanh_backward([[maybe_unused]] const Tensor& dy, [[maybe_unused]] const Tensor& x) {
  // TODO(02.2): dx = dy * (1 - tanh(x)^2).
  throw nnlab::NotImplemented("02.2 tanh_backward");
}

Tensor gelu_forward([[maybe_unused]] const Tensor& x) {
  // TODO(02.2): y = x Phi(x) = 0.5 x (1 + erf(x / sqrt 2)) (std::erf), the exact form.
  throw nnlab::NotImplemented("02.2 gelu_forward");
}

Tensor gelu_backward([[maybe_unused]] const Tensor& dy, [[maybe_unused]] const Tensor& x) {
  // TODO(02.2): dx = dy * (Phi(x) + x phi(x)), phi(x) = exp(-x^2 / 2) / sqrt(2 pi).
  throw nnlab::NotImplemented("02.2 gelu_backward");
}

}  // namespace nnlab::mlp
