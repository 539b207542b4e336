#pragma once
/// @file
/// Exercise 01.2: the squared loss and its gradient.

#include "nnlab/tensor.hpp"

namespace nnlab::linear {

/// Mean squared loss with the ½ of Dive into Deep Learning:
/// \f[ L = \frac{1}{2N} \sum_{n=1}^{N} (\hat y_n - y_n)^2 \f]
/// (half of PyTorch's `mse_loss`, so that the gradient has no factor 2).
///
/// @param y_hat predictions, shape `(N)`.
/// @param y targets, shape `(N)`.
/// @return the scalar loss L.
/// @throws ShapeError naming `squared_loss` and both shapes when they differ or are not 1-D.
float squared_loss(const Tensor& y_hat, const Tensor& y);

/// Gradient of `squared_loss` with respect to the predictions:
/// \f[ \frac{\partial L}{\partial \hat y_n} = \frac{\hat y_n - y_n}{N}. \f]
///
/// @param y_hat predictions, shape `(N)`.
/// @param y targets, shape `(N)`.
/// @return `dy_hat`, shape `(N)` (a new tensor; nothing is accumulated).
/// @throws ShapeError naming `squared_loss_backward` and both shapes, as `squared_loss`.
Tensor squared_loss_backward(const Tensor& y_hat, const Tensor& y);

}  // namespace nnlab::linear
