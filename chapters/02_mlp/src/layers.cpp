// Provided code (the same in the exercise and the solution variant): modules wrapping the
// chapter's exercises 02.1, 02.2, 02.4 and 02.5.
#include "nnlab/mlp/layers.hpp"

#include <sstream>

#include "nnlab/errors.hpp"
#include "nnlab/mlp/activations.hpp"
#include "nnlab/mlp/dropout.hpp"
#include "nnlab/mlp/init.hpp"
#include "nnlab/mlp/linear_layer.hpp"

namespace nnlab::mlp {

Linear::Linear(std::size_t in, std::size_t out, Rng& rng)
    : weight(xavier_uniform(in, out, rng)), bias(Tensor(xt::zeros<float>({out}))) {
  register_param("weight", weight);
  register_param("bias", bias);
}

// x: (N, in) -> y: (N, out)
Tensor Linear::forward(const Tensor& x) {
  Tensor y = linear_forward(x, weight.value, bias.value);
  x_ = x;
  has_input_ = true;
  return y;
}

// dy: (N, out) -> dx: (N, in); dW, db are added into the gradients
Tensor Linear::backward(const Tensor& dy) {
  if (!has_input_) throw ShapeError("Linear::backward", "called before forward");
  LinearGrads g = linear_backward(dy, x_, weight.value);
  weight.grad += g.dW;
  bias.grad += g.db;
  return g.dx;
}

std::string Linear::describe() const {
  return "Linear(" + std::to_string(weight.value.shape(0)) + " -> " +
         std::to_string(weight.value.shape(1)) + ")";
}

Tensor Activation::forward(const Tensor& x) {
  Tensor y = apply(x);
  x_ = x;
  has_input_ = true;
  return y;
}

Tensor Activation::backward(const Tensor& dy) {
  if (!has_input_) throw ShapeError(describe() + "::backward", "called before forward");
  return apply_backward(dy, x_);
}

Tensor ReLU::apply(const Tensor& x) const { return relu_forward(x); }
Tensor ReLU::apply_backward(const Tensor& dy, const Tensor& x) const {
  return relu_backward(dy, x);
}
Tensor Sigmoid::apply(const Tensor& x) const { return sigmoid_forward(x); }
Tensor Sigmoid::apply_backward(const Tensor& dy, const Tensor& x) const {
  return sigmoid_backward(dy, x);
}
Tensor Tanh::apply(const Tensor& x) const { return tanh_forward(x); }
Tensor Tanh::apply_backward(const Tensor& dy, const Tensor& x) const {
  return tanh_backward(dy, x);
}
Tensor GELU::apply(const Tensor& x) const { return gelu_forward(x); }
Tensor GELU::apply_backward(const Tensor& dy, const Tensor& x) const {
  return gelu_backward(dy, x);
}

Dropout::Dropout(float p, Rng& rng) : p_(p), rng_(rng) {
  if (!(p >= 0.0f && p < 1.0f)) {
    throw ShapeError("Dropout", "p = " + std::to_string(p) + " must be in [0, 1)");
  }
}

Tensor Dropout::forward(const Tensor& x) {
  Tensor y = dropout_forward(x, p_, training(), rng_, mask_);
  has_mask_ = true;
  return y;
}

Tensor Dropout::backward(const Tensor& dy) {
  if (!has_mask_) throw ShapeError("Dropout::backward", "called before forward");
  return dropout_backward(dy, mask_);
}

std::string Dropout::describe() const {
  std::ostringstream s;
  s << "Dropout(p=" << p_ << ")";
  return s.str();
}

}  // namespace nnlab::mlp
