// Exercise 03.9 — reference solution: global average pooling, counting parameters and
// multiply-adds, receptive fields.
#include "nnlab/cnn/model_stats.hpp"

#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {

// x: (N, C, H, W) -> y: (N, C), the mean of each (n, c) plane
Tensor global_avg_pool_forward(const Tensor& x) {
  require(x.dimension() == 4, "global_avg_pool_forward", "x", x, "x must be (N, C, H, W)");
  const std::size_t planes = x.shape(0) * x.shape(1), hw = x.shape(2) * x.shape(3);
  require(hw > 0, "global_avg_pool_forward", "x", x, "x must have at least one pixel");
  Tensor y = Tensor::from_shape({x.shape(0), x.shape(1)});
  for (std::size_t p = 0; p < planes; ++p) {
    const float* plane = x.data() + p * hw;
    double s = 0.0;
    for (std::size_t k = 0; k < hw; ++k) s += plane[k];
    y.data()[p] = static_cast<float>(s / double(hw));
  }
  return y;
}

// dy: (N, C) -> dx: (N, C, H, W), dy[n, c] / (H W) on every pixel of plane (n, c)
Tensor global_avg_pool_backward(const Tensor& dy, const Shape& x_shape) {
  if (x_shape.size() != 4 || x_shape[2] * x_shape[3] == 0) {
    throw ShapeError("global_avg_pool_backward", "dy", shape_of(dy), "x", x_shape,
                     "x must be (N, C, H, W) with at least one pixel");
  }
  if (dy.dimension() != 2 || dy.shape(0) != x_shape[0] || dy.shape(1) != x_shape[1]) {
    throw ShapeError("global_avg_pool_backward", "dy", shape_of(dy), "x", x_shape,
                     "dy must be (N, C) of x");
  }
  const std::size_t planes = x_shape[0] * x_shape[1], hw = x_shape[2] * x_shape[3];
  Tensor dx = Tensor::from_shape(x_shape);
  for (std::size_t p = 0; p < planes; ++p) {
    const float g = dy.data()[p] / float(hw);
    float* plane = dx.data() + p * hw;
    for (std::size_t k = 0; k < hw; ++k) plane[k] = g;
  }
  return dx;
}

std::size_t count_params(Module& model) {
  std::size_t n = 0;
  for (const NamedParam& p : model.params()) n += p.param->value.size();
  return n;
}

// N C_out H' W' output values, each a dot product of length C_in kh kw
std::uint64_t conv2d_macs(const Shape& out_shape, std::size_t in_channels, Size2 kernel) {
  if (out_shape.size() != 4 || in_channels == 0 || kernel[0] == 0 || kernel[1] == 0) {
    throw ShapeError("conv2d_macs", "out", out_shape,
                     "must be (N, C_out, H', W') with C_in = " + std::to_string(in_channels) +
                         " >= 1 and a kernel of at least 1x1");
  }
  std::uint64_t outputs = 1;
  for (std::size_t d : out_shape) outputs *= d;
  return outputs * in_channels * kernel[0] * kernel[1];
}

// N out output values, each a dot product of length in
std::uint64_t linear_macs(const Shape& out_shape, std::size_t in_features) {
  if (out_shape.size() != 2 || in_features == 0) {
    throw ShapeError("linear_macs", "out", out_shape,
                     "must be (N, out) with in = " + std::to_string(in_features) + " >= 1");
  }
  return std::uint64_t(out_shape[0]) * out_shape[1] * in_features;
}

std::vector<ReceptiveField> receptive_fields(const std::vector<LayerGeometry>& layers) {
  std::vector<ReceptiveField> out;
  ReceptiveField rf;  // the input: r = 1, j = 1, start = 0
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerGeometry& l = layers[i];
    if (l.kernel == 0 || l.stride == 0 || l.dilation == 0) {
      throw ShapeError("receptive_fields",
                       "layer " + std::to_string(i) + ": kernel, stride and dilation must be >= 1");
    }
    const std::size_t k_eff = l.dilation * (l.kernel - 1) + 1;
    rf.start += (double(k_eff - 1) / 2.0 - double(l.padding)) * double(rf.jump);
    rf.size += (k_eff - 1) * rf.jump;
    rf.jump *= l.stride;
    out.push_back(rf);
  }
  return out;
}

}  // namespace nnlab::cnn
