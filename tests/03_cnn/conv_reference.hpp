#pragma once
// Test helpers shared by the GPU convolution tests (conv2d_cuda_test.cpp, cudnn_cuda_test.cpp):
// a convolution's sizes and a plain-loop oracle in double.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

#include "nnlab/cnn/padding_stride.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::cnn::test {

// One convolution's sizes: x (N, C, H, W), weight (C_out, C, kh, kw), stride, padding.
struct Geo {
  std::size_t N, C, H, W, C_out, kh, kw, sh, sw, ph, pw;
  std::size_t oh() const { return (H + 2 * ph - kh) / sh + 1; }
  std::size_t ow() const { return (W + 2 * pw - kw) / sw + 1; }
  Shape x() const { return {N, C, H, W}; }
  Shape w() const { return {C_out, C, kh, kw}; }
  Shape y() const { return {N, C_out, oh(), ow()}; }
  Size2 kernel() const { return {kh, kw}; }
  Size2 stride() const { return {sh, sw}; }
  Size2 padding() const { return {ph, pw}; }
  std::string str() const {
    return "  x (" + std::to_string(N) + ", " + std::to_string(C) + ", " + std::to_string(H) +
           ", " + std::to_string(W) + "), " + std::to_string(C_out) + " outputs, kernel " +
           std::to_string(kh) + "x" + std::to_string(kw) + ", stride (" + std::to_string(sh) +
           ", " + std::to_string(sw) + "), padding (" + std::to_string(ph) + ", " +
           std::to_string(pw) + ")";
  }
};

// x[n, c, r, s] with r, s in padded coordinates (shifted by the padding): 0 in the padding.
inline double padded(const Tensor& x, const Geo& g, std::size_t n, std::size_t c, std::size_t r,
                     std::size_t s) {
  if (r < g.ph || s < g.pw || r - g.ph >= g.H || s - g.pw >= g.W) return 0.0;
  return x(n, c, r - g.ph, s - g.pw);
}

struct ConvReference {
  Tensor y;            // b_o + sum W x, summed in double and rounded once
  double bound = 0.0;  // max over y of |b_o| + sum |W x|
};

// y[n, o, i, j] = b[o] + sum_{c, a, b} W[o, c, a, b] padded x[n, c, i sh + a, j sw + b].
inline ConvReference conv_loop(const Tensor& x, const Tensor& w, const Tensor& bias,
                               const Geo& g) {
  ConvReference r;
  r.y = Tensor::from_shape(g.y());
  for (std::size_t n = 0; n < g.N; ++n)
    for (std::size_t o = 0; o < g.C_out; ++o)
      for (std::size_t i = 0; i < g.oh(); ++i)
        for (std::size_t j = 0; j < g.ow(); ++j) {
          double s = bias(o), s_abs = std::abs(double(bias(o)));
          for (std::size_t c = 0; c < g.C; ++c)
            for (std::size_t a = 0; a < g.kh; ++a)
              for (std::size_t b = 0; b < g.kw; ++b) {
                const double p = double(w(o, c, a, b)) * padded(x, g, n, c, i * g.sh + a,
                                                                j * g.sw + b);
                s += p;
                s_abs += std::abs(p);
              }
          r.y(n, o, i, j) = float(s);
          r.bound = std::max(r.bound, s_abs);
        }
  return r;
}

}  // namespace nnlab::cnn::test
