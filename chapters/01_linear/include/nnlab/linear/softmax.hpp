#pragma once
/// @file
/// Exercise 01.7: softmax, log-softmax and the softmax backward pass, row by row.

#include "nnlab/tensor.hpp"

namespace nnlab::linear {

/// Row-wise softmax:
/// \f[ \mathrm{softmax}(z)_{nk} = \frac{\exp(z_{nk} - m_n)}{\sum_j \exp(z_{nj} - m_n)},
///     \qquad m_n = \max_j z_{nj}. \f]
/// Subtracting the row maximum changes nothing mathematically but keeps every exponent
/// <= 0, so logits of ±1e4 give finite results (no inf, no nan).
///
/// @param logits shape `(N, K)`, K >= 1.
/// @return probabilities, shape `(N, K)`; each row sums to 1.
/// @throws ShapeError naming `softmax` and the shape when `logits` is not 2-D with K >= 1.
Tensor softmax(const Tensor& logits);

/// Row-wise log-softmax, computed stably through log-sum-exp:
/// \f[ \log\mathrm{softmax}(z)_{nk} = z_{nk} - m_n - \log \sum_j \exp(z_{nj} - m_n). \f]
/// Never `log(softmax(z))`, which gives -inf where the softmax underflows to 0.
///
/// @param logits shape `(N, K)`, K >= 1.
/// @return log-probabilities, shape `(N, K)`.
/// @throws ShapeError naming `log_softmax` and the shape, as `softmax`.
Tensor log_softmax(const Tensor& logits);

/// Backward pass of `y = softmax(z)`, given the upstream gradient `dy = dL/dy`:
/// \f[ \frac{\partial L}{\partial z_{nk}}
///     = y_{nk} \Big( dy_{nk} - \sum_j dy_{nj}\, y_{nj} \Big). \f]
///
/// @param dy upstream gradient, shape `(N, K)`.
/// @param y the softmax output of the forward pass, shape `(N, K)`.
/// @return `dz`, shape `(N, K)`.
/// @throws ShapeError naming `softmax_backward` and both shapes when they differ or are not 2-D.
Tensor softmax_backward(const Tensor& dy, const Tensor& y);

}  // namespace nnlab::linear
