#pragma once
/// @file
/// Exercise 02.3: softmax and cross-entropy fused into one stable loss with its gradient.

#include "nnlab/tensor.hpp"

namespace nnlab::mlp {

/// A loss value and its gradient with respect to the logits.
struct LossAndGrad {
  float loss;       ///< mean cross-entropy over the batch.
  Tensor dlogits;   ///< dL/dlogits, shape `(N, K)`.
};

/// Mean cross-entropy of the softmax of the logits, and its gradient, in one pass:
/// \f[ L = \frac{1}{N}\sum_n \Big( m_n + \log\sum_k e^{z_{nk} - m_n} - z_{n,y_n} \Big),
///     \qquad m_n = \max_k z_{nk}, \f]
/// \f[ \frac{\partial L}{\partial z_{nk}}
///     = \frac{1}{N}\big(\mathrm{softmax}(z)_{nk} - [k = y_n]\big). \f]
/// Stable for logits of ±1e4 (every exponent is <= 0); never log(softmax(z)).
///
/// @param logits shape `(N, K)`, N >= 1, K >= 1.
/// @param y class ids, shape `(N)`, each in `[0, K)`.
/// @throws ShapeError naming `softmax_cross_entropy` and both shapes when they do not fit,
///         or naming the offending label when one is outside `[0, K)`.
LossAndGrad softmax_cross_entropy(const Tensor& logits, const Labels& y);

}  // namespace nnlab::mlp
