#pragma once
/// @file
/// Exercise 03.8: layer, group and instance normalisation, forward and backward, as PyTorch's
/// `nn.LayerNorm`, `nn.GroupNorm` and `nn.InstanceNorm2d`.
///
/// All three normalise groups of values with the group's own mean and (biased) variance, then
/// scale and shift; unlike batch normalisation (03.7) every group lies inside one example, so
/// training and evaluation compute the same thing and there are no running statistics. For a
/// group of M values \f$x_1 \dots x_M\f$:
/// \f[ \mu = \frac{1}{M} \sum_k x_k, \qquad \sigma^2 = \frac{1}{M} \sum_k (x_k - \mu)^2, \qquad
///     \hat x_k = \frac{x_k - \mu}{\sqrt{\sigma^2 + \epsilon}}, \f]
/// \f$\epsilon = 10^{-5}\f$ by default. They differ in what a group is and in the shape of the
/// scale \f$\gamma\f$ and shift \f$\beta\f$:
///
/// | norm           | x               | one group                          | gamma, beta         |
/// |----------------|-----------------|------------------------------------|---------------------|
/// | layer          | `(..., D1, D2)` | one example's trailing dims D1 D2  | `(D1, D2)`, per element |
/// | group (G)      | `(N, C, H, W)`  | C/G channels of one example, all pixels | `(C)`, per channel |
/// | instance       | `(N, C, H, W)`  | one channel of one example         | `(C)`, per channel  |
///
/// Instance normalisation *is* group normalisation with G = C groups of one channel each
/// (`instance_norm_forward` calls `group_norm_forward(x, C, ...)`); layer normalisation of
/// `(N, C, H, W)` over `(C, H, W)` equals group normalisation with G = 1 except for the shape
/// of the affine parameters.
///
/// The backward pass is the same for all three. For one group, with \f$ g_k = dy_k \gamma_k \f$
/// (\f$\gamma\f$ of x_k's element or channel) and \f$ s = 1 / \sqrt{\sigma^2 + \epsilon} \f$:
/// \f[ dx_k = \frac{s}{M} \Big( M g_k - \sum_j g_j - \hat x_k \sum_j g_j \hat x_j \Big), \f]
/// and \f$d\gamma\f$, \f$d\beta\f$ add up \f$dy\,\hat x\f$ and \f$dy\f$ over every position
/// that shares the parameter.

#include <cstddef>

#include <xtensor/xbuilder.hpp>

#include "nnlab/cnn/batch_norm.hpp"  // NormGrads
#include "nnlab/tensor.hpp"

namespace nnlab::cnn {

/// What the backward passes of this file need from their forward pass.
struct NormCache {
  /// \f$\hat x\f$, the normalised input, shape of x.
  Tensor x_hat;
  /// \f$1 / \sqrt{\sigma^2 + \epsilon}\f$, one per group: `(R)` for layer norm (R = the product
  /// of x's leading, not normalised, dims), `(N, G)` for group norm, `(N, C)` for instance norm.
  Tensor inv_std;
};

/// Layer normalisation (Ba et al. 2016) over x's trailing dims, `normalized_shape` = the shape
/// of gamma, with an element-wise affine:
/// \f$ y_{r,j} = \gamma_j \hat x_{r,j} + \beta_j \f$, r a position in x's leading dims, j one in
/// its trailing dims (each row r is one group).
///
/// @param x input, `(..., D1, ..., Dk)`: its last k dims must equal gamma's shape.
/// @param gamma scale, `normalized_shape` = `(D1, ..., Dk)`, k >= 1.
/// @param beta shift, the same shape as gamma.
/// @param cache output: x_hat and inv_std `(R)`.
/// @param eps \f$\epsilon\f$.
/// @return y, shape of x.
/// @throws ShapeError naming `layer_norm_forward` and the shapes when gamma is 0-D, beta's
///         shape differs from gamma's, or x's trailing dims are not gamma's shape.
Tensor layer_norm_forward(const Tensor& x, const Tensor& gamma, const Tensor& beta,
                          NormCache& cache, float eps = 1e-5f);

/// Backward pass of `layer_norm_forward` (the formula above, one group per row).
/// @param dy upstream gradient, shape of x.
/// @param gamma scale, `normalized_shape`.
/// @param cache from `layer_norm_forward`.
/// @return dx (shape of x), dgamma and dbeta (shape of gamma), fresh.
/// @throws ShapeError naming `layer_norm_backward` and the shapes when dy differs from
///         cache.x_hat or gamma does not fit it.
NormGrads layer_norm_backward(const Tensor& dy, const Tensor& gamma, const NormCache& cache);

/// Group normalisation (Wu and He 2018): the C channels split into G consecutive groups of C/G;
/// each example's group (n, g) is normalised over its C/G channels and all their pixels, then
/// each channel gets its own affine: \f$ y_{n,c,i} = \gamma_c \hat x_{n,c,i} + \beta_c \f$.
///
/// @param x input, `(N, C, H, W)` (any `(N, C, ...)` of rank >= 2 works the same).
/// @param groups G, >= 1, dividing C.
/// @param gamma scale, `(C)`.
/// @param beta shift, `(C)`.
/// @param cache output: x_hat and inv_std `(N, G)`.
/// @param eps \f$\epsilon\f$.
/// @return y, shape of x.
/// @throws ShapeError naming `group_norm_forward` and the shapes when x has rank < 2, G is 0 or
///         does not divide C, or gamma or beta is not `(C)`.
Tensor group_norm_forward(const Tensor& x, std::size_t groups, const Tensor& gamma,
                          const Tensor& beta, NormCache& cache, float eps = 1e-5f);

/// Backward pass of `group_norm_forward` (the formula above, per group (n, g)).
/// @param dy upstream gradient, shape of x.
/// @param gamma scale, `(C)`.
/// @param cache from `group_norm_forward` (G is cache.inv_std.shape(1)).
/// @return dx (shape of x), dgamma and dbeta (`(C)`), fresh.
/// @throws ShapeError naming `group_norm_backward` and the shapes when dy differs from
///         cache.x_hat or gamma is not `(C)`.
NormGrads group_norm_backward(const Tensor& dy, const Tensor& gamma, const NormCache& cache);

/// Instance normalisation (Ulyanov et al. 2016): each channel of each example normalised over
/// its own pixels, then the per-channel affine, as `nn.InstanceNorm2d(C, affine=True)`
/// (`track_running_stats=False`). This is `group_norm_forward(x, C, gamma, beta, cache, eps)`.
///
/// @param x input, `(N, C, H, W)`.
/// @param gamma scale, `(C)`.
/// @param beta shift, `(C)`.
/// @param cache output: x_hat and inv_std `(N, C)`.
/// @param eps \f$\epsilon\f$.
/// @return y, shape of x.
/// @throws ShapeError naming `instance_norm_forward` and the shapes when x is not 4-D or gamma
///         or beta is not `(C)`.
Tensor instance_norm_forward(const Tensor& x, const Tensor& gamma, const Tensor& beta,
                             NormCache& cache, float eps = 1e-5f);

/// Backward pass of `instance_norm_forward`: `group_norm_backward` with G = C.
/// @return dx (shape of x), dgamma and dbeta (`(C)`), fresh.
/// @throws ShapeError naming `instance_norm_backward` and the shapes when dy differs from
///         cache.x_hat or gamma is not `(C)`.
NormGrads instance_norm_backward(const Tensor& dy, const Tensor& gamma, const NormCache& cache);

/// Instance normalisation without affine parameters (`nn.InstanceNorm2d(C)`, PyTorch's
/// default): gamma = 1, beta = 0.
inline Tensor instance_norm_forward(const Tensor& x, NormCache& cache, float eps = 1e-5f) {
  const std::size_t C = x.dimension() >= 2 ? x.shape(1) : 0;
  return instance_norm_forward(x, Tensor(xt::ones<float>({C})), Tensor(xt::zeros<float>({C})),
                               cache, eps);
}

/// Backward pass of the instance normalisation without affine parameters: dx only.
inline Tensor instance_norm_backward(const Tensor& dy, const NormCache& cache) {
  const std::size_t C = cache.x_hat.dimension() >= 2 ? cache.x_hat.shape(1) : 0;
  return instance_norm_backward(dy, Tensor(xt::ones<float>({C})), cache).dx;
}

}  // namespace nnlab::cnn
