// Exercise 03.2 — reference solution.
#include "nnlab/cnn/padding_stride.hpp"

#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {

std::size_t conv_output_size(std::size_t in, std::size_t kernel, std::size_t pad,
                             std::size_t stride) {
  if (kernel == 0 || stride == 0) {
    throw ShapeError("conv_output_size", "kernel " + std::to_string(kernel) + " and stride " +
                                             std::to_string(stride) + " must be >= 1");
  }
  if (in + 2 * pad < kernel) {
    throw ShapeError("conv_output_size",
                     "a kernel of " + std::to_string(kernel) + " does not fit into an input of " +
                         std::to_string(in) + " padded by " + std::to_string(pad) +
                         " on each side (output size would be <= 0)");
  }
  return (in + 2 * pad - kernel) / stride + 1;
}

namespace {

// The output shape (H', W'), with the function's name in any error.
Size2 out_size(const char* fn, const Tensor& x, const Tensor& k, Size2 stride, Size2 padding) {
  require(x.dimension() == 2, fn, "x", x, "x must be 2-D (H, W)");
  require(k.dimension() == 2 && k.shape(0) >= 1 && k.shape(1) >= 1, fn, "k", k,
          "k must be 2-D (kh, kw) and not empty");
  require(stride[0] >= 1 && stride[1] >= 1, fn, "x", x, "k", k, "the stride must be >= 1");
  require(x.shape(0) + 2 * padding[0] >= k.shape(0) && x.shape(1) + 2 * padding[1] >= k.shape(1),
          fn, "x", x, "k", k, "the kernel does not fit into the padded image");
  return {conv_output_size(x.shape(0), k.shape(0), padding[0], stride[0]),
          conv_output_size(x.shape(1), k.shape(1), padding[1], stride[1])};
}

}  // namespace

// x: (H, W), k: (kh, kw) -> y: (H', W')
Tensor corr2d_strided(const Tensor& x, const Tensor& k, Size2 stride, Size2 padding) {
  const Size2 o = out_size("corr2d_strided", x, k, stride, padding);
  const long H = long(x.shape(0)), W = long(x.shape(1));
  Tensor y = xt::zeros<float>({o[0], o[1]});
  for (std::size_t i = 0; i < o[0]; ++i)
    for (std::size_t j = 0; j < o[1]; ++j) {
      float s = 0.0f;
      for (std::size_t a = 0; a < k.shape(0); ++a)
        for (std::size_t b = 0; b < k.shape(1); ++b) {
          // Position in the unpadded image; the padding is zeros and adds nothing.
          const long r = long(i * stride[0] + a) - long(padding[0]);
          const long c = long(j * stride[1] + b) - long(padding[1]);
          if (r >= 0 && r < H && c >= 0 && c < W) s += x(r, c) * k(a, b);
        }
      y(i, j) = s;
    }
  return y;
}

// dy: (H', W'), x: (H, W), k: (kh, kw) -> dx: (H, W), dk: (kh, kw)
Corr2dGrads corr2d_strided_backward(const Tensor& dy, const Tensor& x, const Tensor& k,
                                    Size2 stride, Size2 padding) {
  const Size2 o = out_size("corr2d_strided_backward", x, k, stride, padding);
  require(dy.dimension() == 2 && dy.shape(0) == o[0] && dy.shape(1) == o[1],
          "corr2d_strided_backward", "dy", dy, "x", x, "dy must have the forward output's shape");
  const long H = long(x.shape(0)), W = long(x.shape(1));
  Corr2dGrads g{xt::zeros<float>(x.shape()), xt::zeros<float>(k.shape())};
  for (std::size_t i = 0; i < o[0]; ++i)
    for (std::size_t j = 0; j < o[1]; ++j)
      for (std::size_t a = 0; a < k.shape(0); ++a)
        for (std::size_t b = 0; b < k.shape(1); ++b) {
          const long r = long(i * stride[0] + a) - long(padding[0]);
          const long c = long(j * stride[1] + b) - long(padding[1]);
          if (r < 0 || r >= H || c < 0 || c >= W) continue;  // gradient on padding is dropped
          g.dx(r, c) += dy(i, j) * k(a, b);
          g.dk(a, b) += dy(i, j) * x(r, c);
        }
  return g;
}

}  // namespace nnlab::cnn
