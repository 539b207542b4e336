// Exercise 03.8 — layer, group and instance normalisation.  Contract: include/nnlab/cnn/norms.hpp
// Check with `./nnlab check 03.8`; stuck? `./nnlab hint 03.8`.
#include "nnlab/cnn/norms.hpp"

#include <cmath>
#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {

// x: (..., normalized_shape), gamma, beta: normalized_shape -> y: shape of x
Tensor layer_norm_forward([[maybe_unused]] const Tensor& x, [[maybe_unused]] const Tensor& gamma,
                          [[maybe_unused]] const Tensor& beta, [[maybe_unused]] NormCache& cache,
                          [[maybe_unused]] float eps) {
  // TODO(03.8): with M = gamma.size(), x is R = x.size() / M contiguous rows of M values. Per
  // row: mean, biased variance, x_hat = (x - mean) / sqrt(var + eps), y = gamma[j] x_hat + beta[j].
  throw nnlab::NotImplemented("03.8 layer_norm_forward");
}

// dy: shape of x, gamma: normalized_shape -> dx: shape of x, dgamma, dbeta: normalized_shape
NormGrads layer_norm_backward([[maybe_unused]] const Tensor& dy,
                              [[maybe_unused]] const Tensor& gamma,
                              [[maybe_unused]] const NormCache& cache) {
  // TODO(03.8): per row, g = dy gamma and dx = inv_std (g - mean(g) - x_hat mean(g x_hat));
  // dgamma[j] and dbeta[j] sum dy x_hat and dy over the rows.
  throw nnlab::NotImplemented("03.8 layer_norm_backward");
}

// x: (N, C, H, W), gamma, beta: (C) -> y: shape of x
Tensor group_norm_forward([[maybe_unused]] const Tensor& x, [[maybe_unused]] std::size_t groups,
                          [[maybe_unused]] const Tensor& gamma, [[maybe_unused]] const Tensor& beta,
                          [[maybe_unused]] NormCache& cache, [[maybe_unused]] float eps) {
  // TODO(03.8): group (n, g) is the C/G channels g C/G ... (g + 1) C/G - 1 of example n with all
  // their pixels: contiguous in memory. Normalise each group like a layer-norm row, then
  // y = gamma[c] x_hat + beta[c] per channel; cache.inv_std is (N, G).
  throw nnlab::NotImplemented("03.8 group_norm_forward");
}

// dy: shape of x, gamma: (C) -> dx: shape of x, dgamma, dbeta: (C)
NormGrads group_norm_backward([[maybe_unused]] const Tensor& dy,
                              [[maybe_unused]] const Tensor& gamma,
                              [[maybe_unused]] const NormCache& cache) {
  // TODO(03.8): layer norm's backward per group (n, g), with g = dy gamma[c]; dgamma[c] and
  // dbeta[c] sum over n and the pixels. G = cache.inv_std.shape(1).
  throw nnlab::NotImplemented("03.8 group_norm_backward");
}

// x: (N, C, H, W), gamma, beta: (C) -> y: shape of x
Tensor instance_norm_forward([[maybe_unused]] const Tensor& x,
                             [[maybe_unused]] const Tensor& gamma,
                             [[maybe_unused]] const Tensor& beta,
                             [[maybe_unused]] NormCache& cache, [[maybe_unused]] float eps) {
  // TODO(03.8): group normalisation with G = C (after checking that x is 4-D and naming this
  // function in the errors).
  throw nnlab::NotImplemented("03.8 instance_norm_forward");
}

// dy: shape of x, gamma: (C) -> dx: shape of x, dgamma, dbeta: (C)
NormGrads instance_norm_backward([[maybe_unused]] const Tensor& dy,
                                 [[maybe_unused]] const Tensor& gamma,
                                 [[maybe_unused]] const NormCache& cache) {
  // TODO(03.8): group_norm_backward, after checking the shapes under this function's name.
  throw nnlab::NotImplemented("03.8 instance_norm_backward");
}

}  // namespace nnlab::cnn
