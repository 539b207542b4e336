// Provided code (the same in the exercise and the solution variant): the shape checks of the
// GPU convolution, im2col and pooling, and the scratch tensors of the launchers.
// Contract: include/nnlab/cnn/cuda.hpp.
#include <cstddef>
#include <map>
#include <string>

#include "nnlab/cnn/cuda.hpp"
#include "nnlab/errors.hpp"

namespace nnlab::cnn {
namespace {

constexpr std::size_t kIndexLimit = std::size_t(1) << 31;  // kernels index with int

std::string dims(std::size_t a, std::size_t b) {
  return "(" + std::to_string(a) + ", " + std::to_string(b) + ")";
}

std::string dims(std::size_t a, std::size_t b, std::size_t c, std::size_t d) {
  return "(" + std::to_string(a) + ", " + std::to_string(b) + ", " + std::to_string(c) + ", " +
         std::to_string(d) + ")";
}

// x (N, C, H, W) with a kernel, stride and padding: everything but the output's shape.
ConvGeometry window_geometry(const char* fn, const gpu::DeviceTensor& x, Size2 kernel,
                             Size2 stride, Size2 padding) {
  require(x.shape().size() == 4, fn, "x", x, "x must be 4-D (N, C, H, W)");
  require(kernel[0] >= 1 && kernel[1] >= 1 && stride[0] >= 1 && stride[1] >= 1, fn, "x", x,
          "kernel sizes and strides must be >= 1");
  require(x.dim(2) + 2 * padding[0] >= kernel[0] && x.dim(3) + 2 * padding[1] >= kernel[1], fn,
          "x", x,
          "the " + std::to_string(kernel[0]) + "x" + std::to_string(kernel[1]) +
              " kernel does not fit into the padded input");
  ConvGeometry g;
  g.N = x.dim(0), g.C = x.dim(1), g.H = x.dim(2), g.W = x.dim(3);
  g.kh = kernel[0], g.kw = kernel[1], g.sh = stride[0], g.sw = stride[1];
  g.ph = padding[0], g.pw = padding[1];
  // The output-size formula of conv_output_size, written out: that function is exercise 03.2,
  // and these checks must not depend on it.
  g.oh = (g.H + 2 * g.ph - g.kh) / g.sh + 1;
  g.ow = (g.W + 2 * g.pw - g.kw) / g.sw + 1;
  require(x.size() < kIndexLimit, fn, "x", x, "x must have fewer than 2^31 elements");
  return g;
}

}  // namespace

ConvGeometry im2col_geometry(const gpu::DeviceTensor& x, Size2 kernel, Size2 stride,
                             Size2 padding, const gpu::DeviceTensor& col) {
  const char* fn = "im2col_cuda";
  const ConvGeometry g = window_geometry(fn, x, kernel, stride, padding);
  require(col.shape() == Shape{g.rows(), g.cols()}, fn, "x", x, "col", col,
          "col must be (C kh kw, N H' W') = " + dims(g.rows(), g.cols()));
  require(col.size() < kIndexLimit, fn, "x", x, "col", col,
          "col must have fewer than 2^31 elements");
  return g;
}

ConvGeometry conv2d_geometry(const char* fn, const gpu::DeviceTensor& x,
                             const gpu::DeviceTensor& weight, const gpu::DeviceTensor& bias,
                             Size2 stride, Size2 padding, const gpu::DeviceTensor& y) {
  require(x.shape().size() == 4, fn, "x", x, "x must be 4-D (N, C_in, H, W)");
  require(weight.shape().size() == 4, fn, "weight", weight,
          "weight must be 4-D (C_out, C_in, kh, kw)");
  require(x.dim(1) == weight.dim(1), fn, "x", x, "weight", weight,
          "x has " + std::to_string(x.dim(1)) + " channels but weight expects " +
              std::to_string(weight.dim(1)));
  ConvGeometry g = window_geometry(fn, x, {weight.dim(2), weight.dim(3)}, stride, padding);
  g.C_out = weight.dim(0);
  require(bias.shape() == Shape{g.C_out}, fn, "weight", weight, "bias", bias,
          "bias must be (C_out)");
  require(y.shape() == Shape{g.N, g.C_out, g.oh, g.ow}, fn, "x", x, "y", y,
          "y must be (N, C_out, H', W') = " + dims(g.N, g.C_out, g.oh, g.ow));
  // The im2col matrix and the GEMM's (C_out, N H' W') output are indexed with int too.
  const double col = double(g.rows()) * double(g.cols());
  const double out = double(g.C_out) * double(g.cols());
  require(y.size() < kIndexLimit && col < double(kIndexLimit) && out < double(kIndexLimit) &&
              weight.size() < kIndexLimit,
          fn, "x", x, "weight", weight,
          "y, the weight and the im2col matrix (C_in kh kw, N H' W') must each have fewer "
          "than 2^31 elements");
  return g;
}

ConvGeometry pool_geometry(const char* fn, const gpu::DeviceTensor& x, Size2 kernel,
                           Size2 stride, Size2 padding, const gpu::DeviceTensor& y) {
  require(x.shape().size() == 4, fn, "x", x, "x must be 4-D (N, C, H, W)");
  require(kernel[0] >= 1 && kernel[1] >= 1 && stride[0] >= 1 && stride[1] >= 1, fn, "x", x,
          "kernel sizes and strides must be >= 1");
  require(padding[0] <= kernel[0] / 2 && padding[1] <= kernel[1] / 2, fn, "x", x,
          "the padding (" + std::to_string(padding[0]) + ", " + std::to_string(padding[1]) +
              ") must be at most half the kernel (" + std::to_string(kernel[0]) + ", " +
              std::to_string(kernel[1]) + ")");
  ConvGeometry g = window_geometry(fn, x, kernel, stride, padding);
  g.C_out = g.C;
  // With H, W >= 1 and the padding at most half the window, every window holds a real pixel.
  require(g.H >= 1 && g.W >= 1, fn, "x", x, "x must have H >= 1 and W >= 1");
  require(y.shape() == Shape{g.N, g.C, g.oh, g.ow}, fn, "x", x, "y", y,
          "y must be (N, C, H', W') = " + dims(g.N, g.C, g.oh, g.ow));
  require(y.size() < kIndexLimit, fn, "x", x, "y", y, "y must have fewer than 2^31 elements");
  return g;
}

gpu::DeviceTensor& scratch_tensor(std::size_t slot, const Shape& shape) {
  // One map per host thread (its nodes never move, so the references handed out stay valid
  // when later slots are added), never destroyed: freeing device memory at exit could run after
  // the CUDA runtime has shut down.
  thread_local auto* slots = new std::map<std::size_t, gpu::DeviceTensor>();
  gpu::DeviceTensor& t = (*slots)[slot];
  if (t.shape() != shape) {
    t = gpu::DeviceTensor();       // cudaFree first (it waits for work still using it)...
    t = gpu::DeviceTensor(shape);  // ...so that the old and new never coexist
  }
  return t;
}

}  // namespace nnlab::cnn
