#pragma once
/// @file
/// Exercise 01.3: the backward pass of linear regression.

#include "nnlab/tensor.hpp"

namespace nnlab::linear {

/// Gradients of a scalar loss L with respect to the inputs of `linreg_forward`.
struct LinregGrads {
  Tensor dx;  ///< dL/dx, shape `(N, D)`
  Tensor dw;  ///< dL/dw, shape `(D)`
  Tensor db;  ///< dL/db, shape `(1)`
};

/// Backward pass of \f$ \hat y = X w + b \f$. Given the upstream gradient
/// \f$ g = \partial L / \partial \hat y \f$:
/// \f[ \frac{\partial L}{\partial X} = g\, w^\top \ (\text{outer product}), \qquad
///     \frac{\partial L}{\partial w} = X^\top g, \qquad
///     \frac{\partial L}{\partial b} = \sum_n g_n. \f]
///
/// @param dy upstream gradient dL/dy_hat, shape `(N)`.
/// @param x the features of the forward pass, shape `(N, D)`.
/// @param w the weights of the forward pass, shape `(D)`.
/// @return freshly computed gradients (overwritten, not accumulated).
/// @throws ShapeError naming `linreg_backward` and the shapes when `x` is not 2-D, `w` is not
///         `(D)` or `dy` is not `(N)`.
LinregGrads linreg_backward(const Tensor& dy, const Tensor& x, const Tensor& w);

}  // namespace nnlab::linear
