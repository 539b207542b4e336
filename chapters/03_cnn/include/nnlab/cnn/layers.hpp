#pragma once
/// @file
/// Provided modules built on the chapter's exercises: Conv2d, MaxPool2d, AvgPool2d, Flatten.
/// Each `forward` caches what its backward needs; each `backward` returns dL/dx and *adds*
/// parameter gradients into `Param::grad`. Inputs are batches `(N, C, H, W)`.

#include <string>

#include "nnlab/cnn/padding_stride.hpp"
#include "nnlab/module.hpp"
#include "nnlab/random.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::cnn {

/// 2-D convolution layer (`conv2d_forward` / `conv2d_backward`, exercise 03.5), as PyTorch's
/// `nn.Conv2d(in_channels, out_channels, kernel, stride, padding, bias)`. Parameters `"weight"`
/// `(C_out, C_in, kh, kw)`, He-normal with fan_in = C_in kh kw (`mlp::he_normal`, exercise
/// 02.5), and `"bias"` `(C_out)`, zeros. With `bias = false` (a convolution followed by batch
/// normalisation, whose shift makes a bias redundant, as in ResNet) there is no `"bias"`
/// parameter: `bias.value` stays zeros, unregistered, and is never updated.
class Conv2d : public Module {
 public:
  Conv2d(std::size_t in_channels, std::size_t out_channels, Size2 kernel, Rng& rng,
         Size2 stride = {1, 1}, Size2 padding = {0, 0}, bool bias = true);
  /// x: `(N, C_in, H, W)` -> y: ``(N, C_out, H', W')``.
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  /// E.g. `"Conv2d(3 -> 8, kernel 3x3, stride 1x1, padding 1x1)"`, with `", no bias"` before
  /// the closing parenthesis when there is no bias.
  std::string describe() const override;
  /// `{s_h, s_w}`.
  Size2 stride() const { return stride_; }
  /// `{p_h, p_w}`.
  Size2 padding() const { return padding_; }
  /// Whether `"bias"` is a parameter.
  bool has_bias() const { return has_bias_; }
  Param weight;
  Param bias;

 private:
  Size2 stride_, padding_;
  bool has_bias_;
  Tensor x_;
  bool has_input_ = false;
};

/// Base of the two pooling layers: the window geometry, the cached input, and the
/// description; a subclass supplies the pooling and its backward. No parameters.
class Pool2d : public Module {
 public:
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  /// E.g. `"MaxPool2d(kernel 2x2, stride 2x2, padding 0x0)"`.
  std::string describe() const override;
  /// `{kh, kw}`.
  Size2 kernel() const { return kernel_; }
  /// `{s_h, s_w}`.
  Size2 stride() const { return stride_; }
  /// `{p_h, p_w}`.
  Size2 padding() const { return padding_; }

 protected:
  Pool2d(std::string name, Size2 kernel, Size2 stride, Size2 padding);
  /// y for x, both `(N, C, ., .)`.
  virtual Tensor pool(const Tensor& x) const = 0;
  /// dL/dx for dL/dy and the forward input x.
  virtual Tensor unpool(const Tensor& dy, const Tensor& x) const = 0;

 private:
  std::string name_;
  Size2 kernel_, stride_, padding_;
  Tensor x_;
  bool has_input_ = false;
};

/// Max pooling (`max_pool2d_forward` / `max_pool2d_backward`, exercise 03.6); ties go to the
/// first maximum in row-major window order, as in PyTorch.
class MaxPool2d : public Pool2d {
 public:
  /// Non-overlapping windows: stride = kernel, no padding (PyTorch's default).
  explicit MaxPool2d(Size2 kernel) : MaxPool2d(kernel, kernel) {}
  MaxPool2d(Size2 kernel, Size2 stride, Size2 padding = {0, 0})
      : Pool2d("MaxPool2d", kernel, stride, padding) {}

 protected:
  Tensor pool(const Tensor& x) const override;
  Tensor unpool(const Tensor& dy, const Tensor& x) const override;
};

/// Average pooling, padding counted in the divisor (`avg_pool2d_forward` /
/// `avg_pool2d_backward`, exercise 03.6).
class AvgPool2d : public Pool2d {
 public:
  /// Non-overlapping windows: stride = kernel, no padding (PyTorch's default).
  explicit AvgPool2d(Size2 kernel) : AvgPool2d(kernel, kernel) {}
  AvgPool2d(Size2 kernel, Size2 stride, Size2 padding = {0, 0})
      : Pool2d("AvgPool2d", kernel, stride, padding) {}

 protected:
  Tensor pool(const Tensor& x) const override;
  Tensor unpool(const Tensor& dy, const Tensor& x) const override;
};

/// Flattens every dimension after the first: `(N, d1, d2, ...)` -> `(N, d1 d2 ...)`, the
/// bridge from convolutional features to a `mlp::Linear` layer. Backward reshapes back.
class Flatten : public Module {
 public:
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  std::string describe() const override { return "Flatten"; }

 private:
  Shape shape_;
  bool has_input_ = false;
};

}  // namespace nnlab::cnn
