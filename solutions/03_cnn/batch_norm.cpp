// Exercise 03.7 — reference solution.
#include "nnlab/cnn/batch_norm.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {
namespace {

// x seen as (N, C, S): S = the product of the dims after the channel (1 for (N, C)). Channel
// c of example n is the S contiguous values at (n C + c) S.
struct Layout {
  std::size_t N, C, S;
  std::size_t at(std::size_t n, std::size_t c) const { return (n * C + c) * S; }
};

Layout layout(const char* fn, const Tensor& x) {
  require(x.dimension() >= 2, fn, "x", x, "x must be (N, C) or (N, C, H, W)");
  std::size_t S = 1;
  for (std::size_t d = 2; d < x.dimension(); ++d) S *= x.shape(d);
  return {x.shape(0), x.shape(1), S};
}

void require_per_channel(const char* fn, const Tensor& x, const char* name, const Tensor& p) {
  require(p.dimension() == 1 && p.shape(0) == x.shape(1), fn, "x", x, name, p,
          std::string(name) + " must be (C) with C = x.shape[1] = " + std::to_string(x.shape(1)));
}

}  // namespace

// x: (N, C, *), gamma, beta, running_mean, running_var: (C) -> y: shape of x
Tensor batch_norm_forward(const Tensor& x, const Tensor& gamma, const Tensor& beta,
                          Tensor& running_mean, Tensor& running_var, bool training,
                          BatchNormCache& cache, float momentum, float eps) {
  const char* fn = "batch_norm_forward";
  const Layout L = layout(fn, x);
  require_per_channel(fn, x, "gamma", gamma);
  require_per_channel(fn, x, "beta", beta);
  require_per_channel(fn, x, "running_mean", running_mean);
  require_per_channel(fn, x, "running_var", running_var);
  const std::size_t M = L.N * L.S;  // values per channel
  require(!training || M >= 2, fn, "x", x,
          "training needs at least two values per channel (N * H * W >= 2)");

  cache.x_hat = Tensor::from_shape(x.shape());
  cache.inv_std = Tensor::from_shape({L.C});
  cache.training = training;
  Tensor y = Tensor::from_shape(x.shape());
  for (std::size_t c = 0; c < L.C; ++c) {
    double mean = running_mean(c), var = running_var(c);
    if (training) {
      // Two passes in double: the mean, then the (biased) variance around it.
      double s = 0.0;
      for (std::size_t n = 0; n < L.N; ++n)
        for (std::size_t i = 0; i < L.S; ++i) s += x.data()[L.at(n, c) + i];
      mean = s / double(M);
      double q = 0.0;
      for (std::size_t n = 0; n < L.N; ++n)
        for (std::size_t i = 0; i < L.S; ++i) {
          const double d = x.data()[L.at(n, c) + i] - mean;
          q += d * d;
        }
      var = q / double(M);
      running_mean(c) = float((1.0 - momentum) * running_mean(c) + momentum * mean);
      running_var(c) =
          float((1.0 - momentum) * running_var(c) + momentum * var * double(M) / double(M - 1));
    }
    const double inv_std = 1.0 / std::sqrt(var + double(eps));
    cache.inv_std(c) = float(inv_std);
    for (std::size_t n = 0; n < L.N; ++n)
      for (std::size_t i = 0; i < L.S; ++i) {
        const std::size_t k = L.at(n, c) + i;
        const float xh = float((x.data()[k] - mean) * inv_std);
        cache.x_hat.data()[k] = xh;
        y.data()[k] = gamma(c) * xh + beta(c);
      }
  }
  return y;
}

// dy: shape of x, gamma: (C) -> dx: shape of x, dgamma, dbeta: (C)
NormGrads batch_norm_backward(const Tensor& dy, const Tensor& gamma, const BatchNormCache& cache) {
  const char* fn = "batch_norm_backward";
  const Tensor& xh = cache.x_hat;
  require(shape_of(dy) == shape_of(xh), fn, "dy", dy, "x", xh, "dy must have the shape of x");
  const Layout L = layout(fn, xh);
  require_per_channel(fn, xh, "gamma", gamma);
  require_per_channel(fn, xh, "cache.inv_std", cache.inv_std);

  const double M = double(L.N * L.S);
  NormGrads g{Tensor::from_shape(xh.shape()), Tensor::from_shape({L.C}),
              Tensor::from_shape({L.C})};
  for (std::size_t c = 0; c < L.C; ++c) {
    double sum_dy = 0.0, sum_dy_xh = 0.0;
    for (std::size_t n = 0; n < L.N; ++n)
      for (std::size_t i = 0; i < L.S; ++i) {
        const std::size_t k = L.at(n, c) + i;
        sum_dy += dy.data()[k];
        sum_dy_xh += double(dy.data()[k]) * xh.data()[k];
      }
    g.dgamma(c) = float(sum_dy_xh);
    g.dbeta(c) = float(sum_dy);
    // dx = s gamma (dy - mean(dy) - x_hat mean(dy x_hat)) in training; s gamma dy in evaluation.
    const double scale = double(cache.inv_std(c)) * gamma(c);
    const double mean_dy = cache.training ? sum_dy / M : 0.0;
    const double mean_dy_xh = cache.training ? sum_dy_xh / M : 0.0;
    for (std::size_t n = 0; n < L.N; ++n)
      for (std::size_t i = 0; i < L.S; ++i) {
        const std::size_t k = L.at(n, c) + i;
        g.dx.data()[k] = float(scale * (dy.data()[k] - mean_dy - xh.data()[k] * mean_dy_xh));
      }
  }
  return g;
}

}  // namespace nnlab::cnn
