// Exercise 03.7 — batch normalisation.  Contract: include/nnlab/cnn/batch_norm.hpp
// Check with `./nnlab check 03.7`; stuck? `./nnlab hint 03.7`.
#include "nnlab/cnn/batch_norm.hpp"

#include <cmath>
#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {

// x: (N, C) or (N, C, H, W), gamma, beta, running_mean, running_var: (C) -> y: shape of x
Tensor batch_norm_forward([[maybe_unused]] const Tensor& x, [[maybe_unused]] const Tensor& gamma,
                          [[maybe_unused]] const Tensor& beta,
                          [[maybe_unused]] Tensor& running_mean,
                          [[maybe_unused]] Tensor& running_var, [[maybe_unused]] bool training,
                          [[maybe_unused]] BatchNormCache& cache, [[maybe_unused]] float momentum,
                          [[maybe_unused]] float eps) {
  // TODO(03.7): per channel c, over the M = N H W values x[n, c, ...]: in training the batch
  // mean and biased variance (and running = (1 - momentum) running + momentum batch, with the
  // unbiased variance M / (M - 1) var), in evaluation running_mean and running_var. Then
  // x_hat = (x - mean) / sqrt(var + eps) and y = gamma[c] x_hat + beta[c]; fill the cache.
  throw nnlab::NotImplemented("03.7 batch_norm_forward");
}

// dy: shape of x, gamma: (C) -> dx: shape of x, dgamma, dbeta: (C)
NormGrads batch_norm_backward([[maybe_unused]] const Tensor& dy,
                              [[maybe_unused]] const Tensor& gamma,
                              [[maybe_unused]] const BatchNormCache& cache) {
  // TODO(03.7): per channel, dbeta = sum(dy), dgamma = sum(dy x_hat); in training
  // dx = inv_std gamma (dy - mean(dy) - x_hat mean(dy x_hat)), in evaluation inv_std gamma dy.
  throw nnlab::NotImplemented("03.7 batch_norm_backward");
}

}  // namespace nnlab::cnn
