#pragma once
/// @file
/// Exercise 03.1: two-dimensional cross-correlation of one channel, forward and backward.

#include "nnlab/tensor.hpp"

namespace nnlab::cnn {

/// Cross-correlation of one image with one kernel, no padding, stride 1 (what deep-learning
/// libraries call "convolution"):
/// \f[ y_{ij} = \sum_{a=0}^{k_h-1} \sum_{b=0}^{k_w-1} x_{i+a,\,j+b}\, k_{ab}. \f]
///
/// @param x image, shape `(H, W)`.
/// @param k kernel, shape `(kh, kw)` with kh <= H and kw <= W.
/// @return y, shape `(H - kh + 1, W - kw + 1)`.
/// @throws ShapeError naming `corr2d` and both shapes when x or k is not 2-D, k is empty, or
///         k is larger than x along an axis.
Tensor corr2d(const Tensor& x, const Tensor& k);

/// Gradients of a scalar loss L with respect to the two inputs of `corr2d`.
struct Corr2dGrads {
  Tensor dx;  ///< dL/dx, shape `(H, W)`.
  Tensor dk;  ///< dL/dk, shape `(kh, kw)`.
};

/// Backward pass of `corr2d`, given `dy = dL/dy`. Every output y_ij touched the window of x
/// at (i, j), so
/// \f[ \frac{\partial L}{\partial x_{i+a,\,j+b}} \mathrel{+}= dy_{ij}\, k_{ab}, \qquad
///     \frac{\partial L}{\partial k_{ab}} = \sum_{i,j} dy_{ij}\, x_{i+a,\,j+b}. \f]
/// (dk is the cross-correlation of x with dy; dx is the "full" convolution of dy with k.)
/// Returned fresh, not accumulated.
///
/// @param dy upstream gradient, shape `(H - kh + 1, W - kw + 1)`.
/// @param x the forward input, shape `(H, W)`.
/// @param k the kernel, shape `(kh, kw)`.
/// @throws ShapeError naming `corr2d_backward` and the shapes when they do not fit together.
Corr2dGrads corr2d_backward(const Tensor& dy, const Tensor& x, const Tensor& k);

}  // namespace nnlab::cnn
