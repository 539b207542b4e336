#pragma once
/// @file
/// Exercise 01.1: the forward pass of linear regression.

#include "nnlab/tensor.hpp"

namespace nnlab::linear {

/// Linear regression prediction, one number per sample:
/// \f[ \hat y_n = \sum_{d} x_{nd}\, w_d + b, \qquad \hat{\mathbf y} = X \mathbf w + b. \f]
///
/// @param x features, shape `(N, D)`: one sample per row.
/// @param w weights, shape `(D)`.
/// @param b bias, shape `(1)` (broadcast to every sample).
/// @return predictions `y_hat`, shape `(N)`.
/// @throws ShapeError naming `linreg_forward` and the shapes when `x` is not 2-D, `w` is not
///         of shape `(D)` with D = `x.shape[1]`, or `b` is not of shape `(1)`.
Tensor linreg_forward(const Tensor& x, const Tensor& w, const Tensor& b);

}  // namespace nnlab::linear
