// Exercise 03.3 — reference solution.
#include "nnlab/cnn/multi_channel.hpp"

#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {
namespace {

void check_fits(const char* fn, const Tensor& x, const Tensor& k) {
  require(x.dimension() == 3, fn, "x", x, "x must be 3-D (C_in, H, W)");
  require(k.dimension() == 4 && k.shape(2) >= 1 && k.shape(3) >= 1, fn, "k", k,
          "k must be 4-D (C_out, C_in, kh, kw) and not empty");
  require(k.shape(1) == x.shape(0), fn, "x", x, "k", k,
          "x has " + std::to_string(x.shape(0)) + " channels but k expects " +
              std::to_string(k.shape(1)));
  require(k.shape(2) <= x.shape(1) && k.shape(3) <= x.shape(2), fn, "x", x, "k", k,
          "the kernel must not be larger than the image");
}

}  // namespace

// x: (C_in, H, W), k: (C_out, C_in, kh, kw) -> y: (C_out, H - kh + 1, W - kw + 1)
Tensor corr2d_multi_in_out(const Tensor& x, const Tensor& k) {
  check_fits("corr2d_multi_in_out", x, k);
  const std::size_t C_out = k.shape(0), C_in = k.shape(1), kh = k.shape(2), kw = k.shape(3);
  const std::size_t oh = x.shape(1) - kh + 1, ow = x.shape(2) - kw + 1;
  Tensor y = xt::zeros<float>({C_out, oh, ow});
  for (std::size_t o = 0; o < C_out; ++o)
    for (std::size_t i = 0; i < oh; ++i)
      for (std::size_t j = 0; j < ow; ++j) {
        float s = 0.0f;
        for (std::size_t c = 0; c < C_in; ++c)
          for (std::size_t a = 0; a < kh; ++a)
            for (std::size_t b = 0; b < kw; ++b) s += x(c, i + a, j + b) * k(o, c, a, b);
        y(o, i, j) = s;
      }
  return y;
}

// dy: (C_out, H', W'), x: (C_in, H, W), k: (C_out, C_in, kh, kw)
//   -> dx: (C_in, H, W), dk: (C_out, C_in, kh, kw)
MultiChannelGrads corr2d_multi_in_out_backward(const Tensor& dy, const Tensor& x,
                                               const Tensor& k) {
  check_fits("corr2d_multi_in_out_backward", x, k);
  const std::size_t C_out = k.shape(0), C_in = k.shape(1), kh = k.shape(2), kw = k.shape(3);
  const std::size_t oh = x.shape(1) - kh + 1, ow = x.shape(2) - kw + 1;
  require(dy.dimension() == 3 && dy.shape(0) == C_out && dy.shape(1) == oh && dy.shape(2) == ow,
          "corr2d_multi_in_out_backward", "dy", dy, "k", k,
          "dy must be (C_out, H - kh + 1, W - kw + 1)");
  MultiChannelGrads g{xt::zeros<float>(x.shape()), xt::zeros<float>(k.shape())};
  for (std::size_t o = 0; o < C_out; ++o)
    for (std::size_t i = 0; i < oh; ++i)
      for (std::size_t j = 0; j < ow; ++j)
        for (std::size_t c = 0; c < C_in; ++c)
          for (std::size_t a = 0; a < kh; ++a)
            for (std::size_t b = 0; b < kw; ++b) {
              g.dx(c, i + a, j + b) += dy(o, i, j) * k(o, c, a, b);
              g.dk(o, c, a, b) += dy(o, i, j) * x(c, i + a, j + b);
            }
  return g;
}

}  // namespace nnlab::cnn
