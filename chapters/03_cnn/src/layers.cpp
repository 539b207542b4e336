// Provided code (the same in the exercise and the solution variant): modules wrapping the
// chapter's exercises 03.5 and 03.6, initialised with chapter 02's he_normal (02.5).
#include "nnlab/cnn/layers.hpp"

#include <string>
#include <utility>

#include <xtensor/xmanipulation.hpp>

#include "nnlab/cnn/conv2d.hpp"
#include "nnlab/cnn/pooling.hpp"
#include "nnlab/errors.hpp"
#include "nnlab/mlp/init.hpp"

namespace nnlab::cnn {
namespace {

std::string size2_str(Size2 s) { return std::to_string(s[0]) + "x" + std::to_string(s[1]); }

// He-normal weight (C_out, C_in, kh, kw) with fan_in = C_in kh kw: he_normal gives
// (fan_in, C_out); its transpose is one row per output channel.
Tensor conv_he_normal(std::size_t in, std::size_t out, Size2 kernel, Rng& rng) {
  if (in == 0 || out == 0 || kernel[0] == 0 || kernel[1] == 0) {
    throw ShapeError("Conv2d", "channels and kernel sizes must be >= 1, got " +
                                   std::to_string(in) + " -> " + std::to_string(out) +
                                   ", kernel " + size2_str(kernel));
  }
  const std::size_t fan_in = in * kernel[0] * kernel[1];
  Tensor w = xt::transpose(mlp::he_normal(fan_in, out, rng));  // (C_out, fan_in)
  w.reshape({out, in, kernel[0], kernel[1]});
  return w;
}

}  // namespace

Conv2d::Conv2d(std::size_t in_channels, std::size_t out_channels, Size2 kernel, Rng& rng,
               Size2 stride, Size2 padding, bool bias)
    : weight(conv_he_normal(in_channels, out_channels, kernel, rng)),
      bias(Tensor(xt::zeros<float>({out_channels}))),
      stride_(stride),
      padding_(padding),
      has_bias_(bias) {
  register_param("weight", weight);
  if (has_bias_) register_param("bias", this->bias);
}

// x: (N, C_in, H, W) -> y: (N, C_out, H', W')
Tensor Conv2d::forward(const Tensor& x) {
  Tensor y = conv2d_forward(x, weight.value, bias.value, stride_, padding_);
  x_ = x;
  has_input_ = true;
  return y;
}

// dy: (N, C_out, H', W') -> dx: (N, C_in, H, W); dweight, dbias are added into the gradients
Tensor Conv2d::backward(const Tensor& dy) {
  if (!has_input_) throw ShapeError("Conv2d::backward", "called before forward");
  Conv2dGrads g = conv2d_backward(dy, x_, weight.value, stride_, padding_);
  weight.grad += g.dweight;
  if (has_bias_) bias.grad += g.dbias;
  return g.dx;
}

std::string Conv2d::describe() const {
  const auto& s = weight.value.shape();
  return "Conv2d(" + std::to_string(s[1]) + " -> " + std::to_string(s[0]) + ", kernel " +
         size2_str({s[2], s[3]}) + ", stride " + size2_str(stride_) + ", padding " +
         size2_str(padding_) + (has_bias_ ? "" : ", no bias") + ")";
}

Pool2d::Pool2d(std::string name, Size2 kernel, Size2 stride, Size2 padding)
    : name_(std::move(name)), kernel_(kernel), stride_(stride), padding_(padding) {}

Tensor Pool2d::forward(const Tensor& x) {
  Tensor y = pool(x);
  x_ = x;
  has_input_ = true;
  return y;
}

Tensor Pool2d::backward(const Tensor& dy) {
  if (!has_input_) throw ShapeError(name_ + "::backward", "called before forward");
  return unpool(dy, x_);
}

std::string Pool2d::describe() const {
  return name_ + "(kernel " + size2_str(kernel_) + ", stride " + size2_str(stride_) +
         ", padding " + size2_str(padding_) + ")";
}

Tensor MaxPool2d::pool(const Tensor& x) const {
  return max_pool2d_forward(x, kernel(), stride(), padding());
}

Tensor MaxPool2d::unpool(const Tensor& dy, const Tensor& x) const {
  return max_pool2d_backward(dy, x, kernel(), stride(), padding());
}

Tensor AvgPool2d::pool(const Tensor& x) const {
  return avg_pool2d_forward(x, kernel(), stride(), padding());
}

Tensor AvgPool2d::unpool(const Tensor& dy, const Tensor& x) const {
  return avg_pool2d_backward(dy, x, kernel(), stride(), padding());
}

// x: (N, d1, d2, ...) -> y: (N, d1 d2 ...)
Tensor Flatten::forward(const Tensor& x) {
  require(x.dimension() >= 1, "Flatten::forward", "x", x, "x needs a batch dimension");
  shape_ = shape_of(x);
  has_input_ = true;
  const std::size_t n = x.shape(0);
  Tensor y = x;
  y.reshape({n, n == 0 ? std::size_t(0) : x.size() / n});
  return y;
}

// dy: (N, d1 d2 ...) -> dx: (N, d1, d2, ...)
Tensor Flatten::backward(const Tensor& dy) {
  if (!has_input_) throw ShapeError("Flatten::backward", "called before forward");
  std::size_t total = 1;
  for (std::size_t d : shape_) total *= d;
  require(dy.size() == total && dy.dimension() == 2, "Flatten::backward", "dy", dy,
          "dy must be (N, features) of the last forward's input " + shape_str(shape_));
  Tensor dx = dy;
  dx.reshape(shape_);
  return dx;
}

}  // namespace nnlab::cnn
