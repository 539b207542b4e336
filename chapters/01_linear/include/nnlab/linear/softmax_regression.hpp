#pragma once
/// @file
/// Exercise 01.9: loss and gradients of softmax regression.

#include "nnlab/tensor.hpp"

namespace nnlab::linear {

/// Loss and gradients of softmax regression on one minibatch.
struct SoftmaxRegressionGrads {
  float loss;  ///< mean cross-entropy
  Tensor dW;   ///< dL/dW, shape `(D, K)`
  Tensor db;   ///< dL/db, shape `(K)`
};

/// Softmax regression: logits \f$ Z = X W + b \f$ (b added to every row), loss
/// \f$ L = \mathrm{cross\_entropy}(Z, y) \f$, and with
/// \f$ G = (\mathrm{softmax}(Z) - \mathrm{onehot}(y)) / N \f$ of shape `(N, K)`:
/// \f[ \frac{\partial L}{\partial W} = X^\top G, \qquad
///     \frac{\partial L}{\partial b} = \sum_n G_{n\cdot}. \f]
///
/// @param x features, shape `(N, D)`.
/// @param W weights, shape `(D, K)`.
/// @param b biases, shape `(K)`.
/// @param y class ids, shape `(N)`, each in `[0, K)`.
/// @return the loss and freshly computed gradients (overwritten, not accumulated).
/// @throws ShapeError naming `softmax_regression_grad` and the shapes when `x` or `W` is not
///         2-D, `W` is not `(D, K)`, `b` is not `(K)` or `y` is not `(N)`; when a label is out
///         of `[0, K)` (the message may come from `cross_entropy`).
SoftmaxRegressionGrads softmax_regression_grad(const Tensor& x, const Tensor& W, const Tensor& b,
                                               const Labels& y);

}  // namespace nnlab::linear
