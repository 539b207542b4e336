// Exercise 03.6 — reference solution.
#include "nnlab/cnn/pooling.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {
namespace {

// One (H, W) plane and the windows that slide over it.
struct Pool {
  std::size_t N, C, H, W, kh, kw, sh, sw, ph, pw, oh, ow;

  // The real (non-padding) rows [r0, r1) and columns [c0, c1) of window (i, j). Never empty,
  // since the padding is at most half the window.
  void window(std::size_t i, std::size_t j, std::size_t& r0, std::size_t& r1, std::size_t& c0,
              std::size_t& c1) const {
    const long top = long(i * sh) - long(ph), left = long(j * sw) - long(pw);
    r0 = std::size_t(std::max(top, 0L));
    r1 = std::size_t(std::min(top + long(kh), long(H)));
    c0 = std::size_t(std::max(left, 0L));
    c1 = std::size_t(std::min(left + long(kw), long(W)));
  }
};

Pool make_pool(const char* fn, const Tensor& x, Size2 kernel, Size2 stride, Size2 padding) {
  require(x.dimension() == 4, fn, "x", x, "x must be 4-D (N, C, H, W)");
  require(x.shape(2) >= 1 && x.shape(3) >= 1, fn, "x", x,
          "x must have H >= 1 and W >= 1 (a window of padding only has no maximum)");
  require(kernel[0] >= 1 && kernel[1] >= 1 && stride[0] >= 1 && stride[1] >= 1, fn, "x", x,
          "kernel sizes and strides must be >= 1");
  require(padding[0] <= kernel[0] / 2 && padding[1] <= kernel[1] / 2, fn, "x", x,
          "the padding (" + std::to_string(padding[0]) + ", " + std::to_string(padding[1]) +
              ") must be at most half the kernel (" + std::to_string(kernel[0]) + ", " +
              std::to_string(kernel[1]) + ")");
  require(x.shape(2) + 2 * padding[0] >= kernel[0] && x.shape(3) + 2 * padding[1] >= kernel[1],
          fn, "x", x, "the window does not fit into the padded input");
  Pool p{x.shape(0), x.shape(1), x.shape(2), x.shape(3), kernel[0], kernel[1], stride[0],
         stride[1], padding[0], padding[1], 0, 0};
  p.oh = conv_output_size(p.H, p.kh, p.ph, p.sh);
  p.ow = conv_output_size(p.W, p.kw, p.pw, p.sw);
  return p;
}

void check_dy(const char* fn, const Tensor& dy, const Tensor& x, const Pool& p) {
  require(dy.dimension() == 4 && dy.shape(0) == p.N && dy.shape(1) == p.C && dy.shape(2) == p.oh &&
              dy.shape(3) == p.ow,
          fn, "dy", dy, "x", x,
          "dy must be (N, C, H', W') with H' = " + std::to_string(p.oh) +
              ", W' = " + std::to_string(p.ow));
}

// Offset in the plane of the first maximum of window (i, j), row-major; padding is -inf and
// never wins; a NaN wins, as in PyTorch.
std::size_t argmax_window(const float* plane, const Pool& p, std::size_t i, std::size_t j) {
  std::size_t r0, r1, c0, c1;
  p.window(i, j, r0, r1, c0, c1);
  std::size_t best = r0 * p.W + c0;
  for (std::size_t r = r0; r < r1; ++r)
    for (std::size_t c = c0; c < c1; ++c) {
      const float v = plane[r * p.W + c];
      if (v > plane[best] || std::isnan(v)) best = r * p.W + c;  // strict: ties keep the first
    }
  return best;
}

}  // namespace

// x: (N, C, H, W) -> y: (N, C, H', W')
Tensor max_pool2d_forward(const Tensor& x, Size2 kernel, Size2 stride, Size2 padding) {
  const Pool p = make_pool("max_pool2d_forward", x, kernel, stride, padding);
  Tensor y = Tensor::from_shape({p.N, p.C, p.oh, p.ow});
  float* out = y.data();
  for (std::size_t nc = 0; nc < p.N * p.C; ++nc) {
    const float* plane = x.data() + nc * p.H * p.W;
    for (std::size_t i = 0; i < p.oh; ++i)
      for (std::size_t j = 0; j < p.ow; ++j) *out++ = plane[argmax_window(plane, p, i, j)];
  }
  return y;
}

// dy: (N, C, H', W'), x: (N, C, H, W) -> dx: (N, C, H, W)
Tensor max_pool2d_backward(const Tensor& dy, const Tensor& x, Size2 kernel, Size2 stride,
                           Size2 padding) {
  const Pool p = make_pool("max_pool2d_backward", x, kernel, stride, padding);
  check_dy("max_pool2d_backward", dy, x, p);
  Tensor dx = xt::zeros<float>(x.shape());
  const float* g = dy.data();
  for (std::size_t nc = 0; nc < p.N * p.C; ++nc) {
    const float* plane = x.data() + nc * p.H * p.W;
    float* dplane = dx.data() + nc * p.H * p.W;
    for (std::size_t i = 0; i < p.oh; ++i)
      for (std::size_t j = 0; j < p.ow; ++j) dplane[argmax_window(plane, p, i, j)] += *g++;
  }
  return dx;
}

// x: (N, C, H, W) -> y: (N, C, H', W')
Tensor avg_pool2d_forward(const Tensor& x, Size2 kernel, Size2 stride, Size2 padding) {
  const Pool p = make_pool("avg_pool2d_forward", x, kernel, stride, padding);
  const float inv = 1.0f / float(p.kh * p.kw);  // padding counts in the divisor
  Tensor y = Tensor::from_shape({p.N, p.C, p.oh, p.ow});
  float* out = y.data();
  for (std::size_t nc = 0; nc < p.N * p.C; ++nc) {
    const float* plane = x.data() + nc * p.H * p.W;
    for (std::size_t i = 0; i < p.oh; ++i)
      for (std::size_t j = 0; j < p.ow; ++j) {
        std::size_t r0, r1, c0, c1;
        p.window(i, j, r0, r1, c0, c1);
        float s = 0.0f;
        for (std::size_t r = r0; r < r1; ++r)
          for (std::size_t c = c0; c < c1; ++c) s += plane[r * p.W + c];
        *out++ = s * inv;
      }
  }
  return y;
}

// dy: (N, C, H', W'), x: (N, C, H, W) -> dx: (N, C, H, W)
Tensor avg_pool2d_backward(const Tensor& dy, const Tensor& x, Size2 kernel, Size2 stride,
                           Size2 padding) {
  const Pool p = make_pool("avg_pool2d_backward", x, kernel, stride, padding);
  check_dy("avg_pool2d_backward", dy, x, p);
  const float inv = 1.0f / float(p.kh * p.kw);
  Tensor dx = xt::zeros<float>(x.shape());
  const float* g = dy.data();
  for (std::size_t nc = 0; nc < p.N * p.C; ++nc) {
    float* dplane = dx.data() + nc * p.H * p.W;
    for (std::size_t i = 0; i < p.oh; ++i)
      for (std::size_t j = 0; j < p.ow; ++j) {
        std::size_t r0, r1, c0, c1;
        p.window(i, j, r0, r1, c0, c1);
        const float share = *g++ * inv;
        for (std::size_t r = r0; r < r1; ++r)
          for (std::size_t c = c0; c < c1; ++c) dplane[r * p.W + c] += share;
      }
  }
  return dx;
}

}  // namespace nnlab::cnn
