// Exercise 02.2 — reference solution.
#include "nnlab/mlp/activations.hpp"

#include <cmath>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

namespace {
void check(const char* function, const Tensor& dy, const Tensor& x) {
  require(dy.shape() == x.shape(), function, "dy", dy, "x", x, "dy and x must have the same shape");
}
float sigmoid(float v) {
  if (v >= 0.0f) return 1.0f / (1.0f + std::exp(-v));
  const float e = std::exp(v);  // in (0, 1): no overflow for v = -1e4
  return e / (1.0f + e);
}
constexpr double kInvSqrt2 = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;
}  // namespace

Tensor relu_forward(const Tensor& x) {
  Tensor y = x;
  for (auto& v : y) v = v > 0.0f ? v : 0.0f;
  return y;
}

Tensor relu_backward(const Tensor& dy, const Tensor& x) {
  check("relu_backward", dy, x);
  Tensor dx = dy;
  const float* xs = x.data();
  float* d = dx.data();
  // A select, not a branch: with signs at random, a branch would be mispredicted half the time.
  for (std::size_t i = 0; i < dx.size(); ++i) d[i] = xs[i] > 0.0f ? d[i] : 0.0f;
  return dx;
}

Tensor sigmoid_forward(const Tensor& x) {
  Tensor y = x;
  for (auto& v : y) v = sigmoid(v);
  return y;
}

Tensor sigmoid_backward(const Tensor& dy, const Tensor& x) {
  check("sigmoid_backward", dy, x);
  Tensor dx = dy;
  for (std::size_t i = 0; i < dx.size(); ++i) {
    const float s = sigmoid(x.data()[i]);
    dx.data()[i] *= s * (1.0f - s);
  }
  return dx;
}

Tensor tanh_forward(const Tensor& x) {
  Tensor y = x;
  for (auto& v : y) v = std::tanh(v);
  return y;
}

Tensor tanh_backward(const Tensor& dy, const Tensor& x) {
  check("tanh_backward", dy, x);
  Tensor dx = dy;
  for (std::size_t i = 0; i < dx.size(); ++i) {
    const float t = std::tanh(x.data()[i]);
    dx.data()[i] *= 1.0f - t * t;
  }
  return dx;
}

Tensor gelu_forward(const Tensor& x) {
  Tensor y = x;
  for (auto& v : y) {
    const double d = v;
    v = static_cast<float>(0.5 * d * (1.0 + std::erf(d * kInvSqrt2)));
  }
  return y;
}

Tensor gelu_backward(const Tensor& dy, const Tensor& x) {
  check("gelu_backward", dy, x);
  Tensor dx = dy;
  for (std::size_t i = 0; i < dx.size(); ++i) {
    const double d = x.data()[i];
    const double cdf = 0.5 * (1.0 + std::erf(d * kInvSqrt2));
    const double pdf = kInvSqrt2Pi * std::exp(-0.5 * d * d);
    dx.data()[i] = static_cast<float>(dx.data()[i] * (cdf + d * pdf));
  }
  return dx;
}

}  // namespace nnlab::mlp
