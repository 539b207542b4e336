// Exercise 03.1 — reference solution.
#include "nnlab/cnn/corr2d.hpp"

#include "nnlab/errors.hpp"

namespace nnlab::cnn {
namespace {

void check_fits(const char* fn, const Tensor& x, const Tensor& k) {
  require(x.dimension() == 2, fn, "x", x, "x must be 2-D (H, W)");
  require(k.dimension() == 2 && k.shape(0) >= 1 && k.shape(1) >= 1, fn, "k", k,
          "k must be 2-D (kh, kw) and not empty");
  require(k.shape(0) <= x.shape(0) && k.shape(1) <= x.shape(1), fn, "x", x, "k", k,
          "the kernel must not be larger than the image");
}

}  // namespace

// x: (H, W), k: (kh, kw) -> y: (H - kh + 1, W - kw + 1)
Tensor corr2d(const Tensor& x, const Tensor& k) {
  check_fits("corr2d", x, k);
  const std::size_t kh = k.shape(0), kw = k.shape(1);
  const std::size_t oh = x.shape(0) - kh + 1, ow = x.shape(1) - kw + 1;
  Tensor y = xt::zeros<float>({oh, ow});
  for (std::size_t i = 0; i < oh; ++i)
    for (std::size_t j = 0; j < ow; ++j) {
      float s = 0.0f;
      for (std::size_t a = 0; a < kh; ++a)
        for (std::size_t b = 0; b < kw; ++b) s += x(i + a, j + b) * k(a, b);
      y(i, j) = s;
    }
  return y;
}

// dy: (H - kh + 1, W - kw + 1), x: (H, W), k: (kh, kw) -> dx: (H, W), dk: (kh, kw)
Corr2dGrads corr2d_backward(const Tensor& dy, const Tensor& x, const Tensor& k) {
  check_fits("corr2d_backward", x, k);
  const std::size_t kh = k.shape(0), kw = k.shape(1);
  const std::size_t oh = x.shape(0) - kh + 1, ow = x.shape(1) - kw + 1;
  require(dy.dimension() == 2 && dy.shape(0) == oh && dy.shape(1) == ow, "corr2d_backward",
          "dy", dy, "x", x, "dy must be (H - kh + 1, W - kw + 1)");
  Corr2dGrads g{xt::zeros<float>(x.shape()), xt::zeros<float>(k.shape())};
  for (std::size_t i = 0; i < oh; ++i)
    for (std::size_t j = 0; j < ow; ++j)
      for (std::size_t a = 0; a < kh; ++a)
        for (std::size_t b = 0; b < kw; ++b) {
          g.dx(i + a, j + b) += dy(i, j) * k(a, b);
          g.dk(a, b) += dy(i, j) * x(i + a, j + b);
        }
  return g;
}

}  // namespace nnlab::cnn
