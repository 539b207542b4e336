#pragma once
/// @file
/// Exercise 03.7: batch normalisation, forward (training and evaluation) and backward, as
/// PyTorch's `torch.nn.functional.batch_norm` (`nn.BatchNorm1d`, `nn.BatchNorm2d`).
///
/// The channel axis is axis 1. Each channel c is normalised over every other axis: over the
/// batch for `x: (N, C)` (a fully connected layer's features, `BatchNorm1d`), over the batch
/// and all pixels for `x: (N, C, H, W)` (`BatchNorm2d`). With M the number of values a
/// channel sees (M = N, or M = N H W):
/// \f[ \mu_c = \frac{1}{M} \sum_{n,i} x_{n,c,i}, \qquad
///     \sigma_c^2 = \frac{1}{M} \sum_{n,i} (x_{n,c,i} - \mu_c)^2, \f]
/// \f[ \hat x_{n,c,i} = \frac{x_{n,c,i} - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}}, \qquad
///     y_{n,c,i} = \gamma_c \hat x_{n,c,i} + \beta_c, \f]
/// i running over the pixels (none for `(N, C)`), \f$\epsilon = 10^{-5}\f$ by default.
///
/// **Training** uses these batch statistics and updates the running statistics in place with
/// momentum m = 0.1 (PyTorch's convention: m weighs the *new* value), the running variance
/// with the *unbiased* batch variance:
/// \f[ \bar\mu_c \leftarrow (1 - m)\, \bar\mu_c + m\, \mu_c, \qquad
///     \bar\sigma_c^2 \leftarrow (1 - m)\, \bar\sigma_c^2 + m\, \frac{M}{M - 1}\, \sigma_c^2. \f]
/// **Evaluation** normalises with the running statistics instead, so that one example's output
/// no longer depends on the rest of its batch, and updates nothing.

#include "nnlab/tensor.hpp"

namespace nnlab::cnn {

/// What `batch_norm_backward` needs from the forward pass.
struct BatchNormCache {
  /// \f$\hat x\f$, the normalised input, shape of x.
  Tensor x_hat;
  /// \f$1 / \sqrt{\sigma_c^2 + \epsilon}\f$ of the statistics used (batch or running), `(C)`.
  Tensor inv_std;
  /// Whether the forward pass used batch statistics (which depend on x) or running ones.
  bool training = true;
};

/// Parameter and input gradients of a normalisation layer (batch, layer, group, instance).
struct NormGrads {
  Tensor dx;      ///< dL/dx, shape of x.
  Tensor dgamma;  ///< dL/dgamma, shape of gamma.
  Tensor dbeta;   ///< dL/dbeta, shape of beta.
};

/// Batch normalisation forward pass (the maths above).
///
/// @param x input, `(N, C)` or `(N, C, H, W)` (any `(N, C, ...)` of rank >= 2 works the same).
/// @param gamma scale, `(C)`.
/// @param beta shift, `(C)`.
/// @param running_mean `(C)`: read in evaluation; updated in place in training.
/// @param running_var `(C)`: read in evaluation; updated in place (unbiased) in training.
/// @param training true: batch statistics and running-statistics update; false: running
///        statistics, nothing updated.
/// @param cache output: what the backward pass needs (`training` is recorded in it).
/// @param momentum m, the weight of the new batch statistics in the running ones.
/// @param eps \f$\epsilon\f$, added to the variance.
/// @return y, shape of x.
/// @throws ShapeError naming `batch_norm_forward` and the shapes when x has rank < 2, gamma,
///         beta, running_mean or running_var is not `(C)`, or, in training, a channel has
///         fewer than two values (M < 2: no variance to estimate).
Tensor batch_norm_forward(const Tensor& x, const Tensor& gamma, const Tensor& beta,
                          Tensor& running_mean, Tensor& running_var, bool training,
                          BatchNormCache& cache, float momentum = 0.1f, float eps = 1e-5f);

/// Batch normalisation backward pass, for a cache of either mode. With
/// \f$ g = dy \odot \gamma \f$ (\f$\gamma_c\f$ broadcast over its channel), sums over the M
/// values of channel c and \f$ s_c = 1 / \sqrt{\sigma_c^2 + \epsilon} \f$:
/// \f[ d\gamma_c = \sum_{n,i} dy_{n,c,i}\, \hat x_{n,c,i}, \qquad
///     d\beta_c = \sum_{n,i} dy_{n,c,i}, \f]
/// in training (the mean and variance depend on x)
/// \f[ dx_{n,c,i} = \frac{s_c}{M} \Big( M g_{n,c,i} - \sum_{n',i'} g_{n',c,i'}
///     - \hat x_{n,c,i} \sum_{n',i'} g_{n',c,i'} \hat x_{n',c,i'} \Big), \f]
/// in evaluation (the statistics are constants) \f$ dx_{n,c,i} = s_c\, g_{n,c,i} \f$.
///
/// @param dy upstream gradient, shape of x.
/// @param gamma scale, `(C)`.
/// @param cache from `batch_norm_forward`.
/// @return dx (shape of x), dgamma and dbeta (`(C)`), fresh (not accumulated).
/// @throws ShapeError naming `batch_norm_backward` and the shapes when dy differs from
///         cache.x_hat or gamma is not `(C)`.
NormGrads batch_norm_backward(const Tensor& dy, const Tensor& gamma, const BatchNormCache& cache);

}  // namespace nnlab::cnn
