#pragma once
/// @file
/// Exercise 01.10: classification accuracy.

#include "nnlab/tensor.hpp"

namespace nnlab::linear {

/// Share of samples whose predicted class, the row's argmax, equals the label:
/// \f[ \mathrm{acc} = \frac1N \sum_n [\operatorname{argmax}_k z_{nk} = y_n]. \f]
/// Ties go to the first (smallest) index, as in NumPy and PyTorch.
///
/// @param logits scores, shape `(N, K)` (logits or probabilities: the argmax is the same).
/// @param y class ids, shape `(N)`; a label outside `[0, K)` simply never matches.
/// @return a value in [0, 1].
/// @throws ShapeError naming `accuracy` and both shapes when `logits` is not 2-D or `y` is not
///         `(N)`.
float accuracy(const Tensor& logits, const Labels& y);

}  // namespace nnlab::linear
