// Exercise 03.8 — reference solution.
#include "nnlab/cnn/norms.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {
namespace {

// Layer and group norm both normalise `groups` contiguous blocks of M values each; value k of
// block b uses the affine parameter p(b, k). Layer norm: one block per row, p = k. Group norm:
// block (n, g) holds channels g C/G ... (g + 1) C/G - 1, S pixels each, p = g C/G + k / S.
template <class ParamIndex>
Tensor normalise_blocks(const Tensor& x, std::size_t groups, std::size_t M, const Tensor& gamma,
                        const Tensor& beta, NormCache& cache, float eps, ParamIndex p) {
  cache.x_hat = Tensor::from_shape(x.shape());
  cache.inv_std = Tensor::from_shape({groups});
  Tensor y = Tensor::from_shape(x.shape());
  for (std::size_t b = 0; b < groups; ++b) {
    const float* xb = x.data() + b * M;
    double s = 0.0;
    for (std::size_t k = 0; k < M; ++k) s += xb[k];
    const double mean = s / double(M);
    double q = 0.0;
    for (std::size_t k = 0; k < M; ++k) q += (xb[k] - mean) * (xb[k] - mean);
    const double inv_std = 1.0 / std::sqrt(q / double(M) + double(eps));
    cache.inv_std(b) = float(inv_std);
    for (std::size_t k = 0; k < M; ++k) {
      const float xh = float((xb[k] - mean) * inv_std);
      cache.x_hat.data()[b * M + k] = xh;
      y.data()[b * M + k] = gamma.data()[p(b, k)] * xh + beta.data()[p(b, k)];
    }
  }
  return y;
}

// dx = s (g - mean(g) - x_hat mean(g x_hat)) per block, g = dy gamma; dgamma, dbeta summed over
// every value that uses the parameter.
template <class ParamIndex>
NormGrads normalise_blocks_backward(const Tensor& dy, const Tensor& gamma, const NormCache& cache,
                                    std::size_t groups, std::size_t M, ParamIndex p) {
  const Tensor& xh = cache.x_hat;
  std::vector<double> dgamma(gamma.size(), 0.0), dbeta(gamma.size(), 0.0);
  NormGrads g{Tensor::from_shape(xh.shape()), Tensor::from_shape(gamma.shape()),
              Tensor::from_shape(gamma.shape())};
  for (std::size_t b = 0; b < groups; ++b) {
    const float* dyb = dy.data() + b * M;
    const float* xhb = xh.data() + b * M;
    double sum_g = 0.0, sum_g_xh = 0.0;
    for (std::size_t k = 0; k < M; ++k) {
      const double gk = double(dyb[k]) * gamma.data()[p(b, k)];
      sum_g += gk;
      sum_g_xh += gk * xhb[k];
      dgamma[p(b, k)] += double(dyb[k]) * xhb[k];
      dbeta[p(b, k)] += dyb[k];
    }
    const double s = cache.inv_std.data()[b];
    for (std::size_t k = 0; k < M; ++k) {
      const double gk = double(dyb[k]) * gamma.data()[p(b, k)];
      g.dx.data()[b * M + k] = float(s * (gk - sum_g / double(M) - xhb[k] * sum_g_xh / double(M)));
    }
  }
  for (std::size_t j = 0; j < gamma.size(); ++j) {
    g.dgamma.data()[j] = float(dgamma[j]);
    g.dbeta.data()[j] = float(dbeta[j]);
  }
  return g;
}

// Rank >= 2, groups >= 1 dividing C, gamma (and beta, when given) (C). Returns S, the pixels
// per channel.
std::size_t check_grouped(const char* fn, const Tensor& x, std::size_t groups, const Tensor& gamma,
                          const Tensor* beta) {
  require(x.dimension() >= 2, fn, "x", x, "x must be (N, C, H, W)");
  const std::size_t C = x.shape(1);
  require(groups >= 1 && C % groups == 0, fn, "x", x,
          "the " + std::to_string(C) + " channels do not split into " + std::to_string(groups) +
              " groups (G must be >= 1 and divide C)");
  const std::string rule = " must be (C) with C = x.shape[1] = " + std::to_string(C);
  require(gamma.dimension() == 1 && gamma.shape(0) == C, fn, "x", x, "gamma", gamma,
          "gamma" + rule);
  if (beta) {
    require(beta->dimension() == 1 && beta->shape(0) == C, fn, "x", x, "beta", *beta,
            "beta" + rule);
  }
  std::size_t S = 1;
  for (std::size_t d = 2; d < x.dimension(); ++d) S *= x.shape(d);
  return S;
}

// G, the number of groups cache was made with, after checking dy and gamma against it.
std::size_t check_grouped_backward(const char* fn, const Tensor& dy, const Tensor& gamma,
                                   const NormCache& cache) {
  const Tensor& xh = cache.x_hat;
  require(shape_of(dy) == shape_of(xh), fn, "dy", dy, "x", xh, "dy must have the shape of x");
  require(xh.dimension() >= 2 && cache.inv_std.dimension() == 2 &&
              cache.inv_std.shape(0) == xh.shape(0),
          fn, "x", xh, "cache.inv_std", cache.inv_std, "the cache must hold x_hat (N, C, ...) and inv_std (N, G)");
  const std::size_t G = cache.inv_std.shape(1);
  check_grouped(fn, xh, G, gamma, nullptr);
  return G;
}

}  // namespace

// x: (..., normalized_shape), gamma, beta: normalized_shape -> y: shape of x
Tensor layer_norm_forward(const Tensor& x, const Tensor& gamma, const Tensor& beta,
                          NormCache& cache, float eps) {
  const char* fn = "layer_norm_forward";
  const std::size_t k = gamma.dimension();
  require(k >= 1, fn, "gamma", gamma, "gamma (normalized_shape) must have at least one dim");
  require(shape_of(beta) == shape_of(gamma), fn, "gamma", gamma, "beta", beta,
          "beta must have the shape of gamma");
  bool fits = x.dimension() >= k;
  for (std::size_t d = 0; fits && d < k; ++d) fits = x.shape(x.dimension() - k + d) == gamma.shape(d);
  require(fits, fn, "x", x, "gamma", gamma, "x's last dims must equal gamma's shape");
  const std::size_t M = gamma.size();
  const std::size_t R = M == 0 ? 0 : x.size() / M;
  auto y = normalise_blocks(x, R, M, gamma, beta, cache, eps,
                            [](std::size_t, std::size_t j) { return j; });
  return y;
}

// dy: shape of x, gamma: normalized_shape -> dx: shape of x, dgamma, dbeta: normalized_shape
NormGrads layer_norm_backward(const Tensor& dy, const Tensor& gamma, const NormCache& cache) {
  const char* fn = "layer_norm_backward";
  const Tensor& xh = cache.x_hat;
  require(shape_of(dy) == shape_of(xh), fn, "dy", dy, "x", xh, "dy must have the shape of x");
  const std::size_t k = gamma.dimension();
  bool fits = k >= 1 && xh.dimension() >= k;
  for (std::size_t d = 0; fits && d < k; ++d) fits = xh.shape(xh.dimension() - k + d) == gamma.shape(d);
  require(fits, fn, "x", xh, "gamma", gamma, "x's last dims must equal gamma's shape");
  const std::size_t M = gamma.size();
  const std::size_t R = M == 0 ? 0 : xh.size() / M;
  require(cache.inv_std.size() == R, fn, "x", xh, "cache.inv_std", cache.inv_std,
          "the cache does not fit x");
  return normalise_blocks_backward(dy, gamma, cache, R, M,
                                   [](std::size_t, std::size_t j) { return j; });
}

// x: (N, C, *), gamma, beta: (C) -> y: shape of x
Tensor group_norm_forward(const Tensor& x, std::size_t groups, const Tensor& gamma,
                          const Tensor& beta, NormCache& cache, float eps) {
  const std::size_t S = check_grouped("group_norm_forward", x, groups, gamma, &beta);
  const std::size_t N = x.shape(0), Cg = x.shape(1) / groups, M = Cg * S;
  Tensor y = normalise_blocks(x, N * groups, M, gamma, beta, cache, eps,
                              [=](std::size_t b, std::size_t k) { return (b % groups) * Cg + k / S; });
  cache.inv_std.reshape({N, groups});
  return y;
}

// dy: shape of x, gamma: (C) -> dx: shape of x, dgamma, dbeta: (C)
NormGrads group_norm_backward(const Tensor& dy, const Tensor& gamma, const NormCache& cache) {
  const std::size_t G = check_grouped_backward("group_norm_backward", dy, gamma, cache);
  const Tensor& xh = cache.x_hat;
  const std::size_t N = xh.shape(0), Cg = xh.shape(1) / G;
  std::size_t S = 1;
  for (std::size_t d = 2; d < xh.dimension(); ++d) S *= xh.shape(d);
  const std::size_t M = Cg * S;
  return normalise_blocks_backward(dy, gamma, cache, N * G, M,
                                   [=](std::size_t b, std::size_t k) { return (b % G) * Cg + k / S; });
}

// Instance norm is group norm with one channel per group.
Tensor instance_norm_forward(const Tensor& x, const Tensor& gamma, const Tensor& beta,
                             NormCache& cache, float eps) {
  require(x.dimension() == 4, "instance_norm_forward", "x", x, "x must be (N, C, H, W)");
  check_grouped("instance_norm_forward", x, x.shape(1), gamma, &beta);
  return group_norm_forward(x, x.shape(1), gamma, beta, cache, eps);
}

NormGrads instance_norm_backward(const Tensor& dy, const Tensor& gamma, const NormCache& cache) {
  const std::size_t G = check_grouped_backward("instance_norm_backward", dy, gamma, cache);
  require(G == cache.x_hat.shape(1), "instance_norm_backward", "x", cache.x_hat, "cache.inv_std",
          cache.inv_std, "the cache is not one of instance normalisation (one group per channel)");
  return group_norm_backward(dy, gamma, cache);
}

}  // namespace nnlab::cnn
