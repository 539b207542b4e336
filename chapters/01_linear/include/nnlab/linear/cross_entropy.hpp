#pragma once
/// @file
/// Exercise 01.8: the cross-entropy loss on logits, and its gradient.

#include "nnlab/tensor.hpp"

namespace nnlab::linear {

/// Mean cross-entropy of integer labels under the softmax of the logits, through log-sum-exp:
/// \f[ L = \frac1N \sum_{n=1}^N \Big( \log \sum_k \exp z_{nk} \;-\; z_{n, y_n} \Big)
///       = -\frac1N \sum_n \log \mathrm{softmax}(z)_{n, y_n}, \f]
/// stable for logits of ±1e4 (PyTorch's `cross_entropy` with mean reduction).
///
/// @param logits shape `(N, K)`.
/// @param y class ids, shape `(N)`, each in `[0, K)`.
/// @return the scalar loss L.
/// @throws ShapeError naming `cross_entropy` and both shapes when `logits` is not 2-D or `y`
///         is not `(N)`; naming `cross_entropy`, the bad label and the range `[0, K)` when a
///         label is out of range.
float cross_entropy(const Tensor& logits, const Labels& y);

/// Gradient of `cross_entropy` with respect to the logits:
/// \f[ \frac{\partial L}{\partial z_{nk}} = \frac{\mathrm{softmax}(z)_{nk} - [k = y_n]}{N}. \f]
///
/// @param logits shape `(N, K)`.
/// @param y class ids, shape `(N)`, each in `[0, K)`.
/// @return `dlogits`, shape `(N, K)`.
/// @throws ShapeError naming `cross_entropy_backward`, as `cross_entropy`.
Tensor cross_entropy_backward(const Tensor& logits, const Labels& y);

}  // namespace nnlab::linear
