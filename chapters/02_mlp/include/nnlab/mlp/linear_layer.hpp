#pragma once
/// @file
/// Exercise 02.1: the fully connected (affine) layer, forward and backward, on a batch.

#include "nnlab/tensor.hpp"

namespace nnlab::mlp {

/// Affine layer on a batch of N row vectors:
/// \f[ y = x W + b, \qquad y_{nh} = \sum_{d} x_{nd} W_{dh} + b_h. \f]
///
/// @param x input, shape `(N, D)`.
/// @param W weight, shape `(D, H)` (input dimension first, so `x W` needs no transpose).
/// @param b bias, shape `(H)`, added to every row.
/// @return y, shape `(N, H)`.
/// @throws ShapeError naming `linear_forward` and the shapes when x is not 2-D, W is not
///         `(D, H)` with D = x.shape[1], or b is not `(H)`.
Tensor linear_forward(const Tensor& x, const Tensor& W, const Tensor& b);

/// Gradients of a scalar loss L with respect to the three inputs of `linear_forward`.
struct LinearGrads {
  Tensor dx;  ///< dL/dx, shape `(N, D)`.
  Tensor dW;  ///< dL/dW, shape `(D, H)`.
  Tensor db;  ///< dL/db, shape `(H)`.
};

/// Backward pass of `y = x W + b`, given `dy = dL/dy`:
/// \f[ \frac{\partial L}{\partial x} = dy\, W^\top, \qquad
///     \frac{\partial L}{\partial W} = x^\top dy, \qquad
///     \frac{\partial L}{\partial b_h} = \sum_n dy_{nh}. \f]
/// The gradients are returned fresh (not accumulated anywhere).
///
/// @param dy upstream gradient, shape `(N, H)`.
/// @param x the forward input, shape `(N, D)`.
/// @param W the weight, shape `(D, H)`.
/// @throws ShapeError naming `linear_backward` and the shapes when they do not fit together.
LinearGrads linear_backward(const Tensor& dy, const Tensor& x, const Tensor& W);

}  // namespace nnlab::mlp
