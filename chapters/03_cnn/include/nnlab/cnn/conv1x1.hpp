#pragma once
/// @file
/// Exercise 03.4: the 1x1 convolution is a matrix product over the channels.

#include "nnlab/tensor.hpp"

namespace nnlab::cnn {

/// 1x1 convolution: at every pixel, the C_in channel values are mixed into C_out by the same
/// matrix w,
/// \f[ y_{o,h,w} = \sum_c w_{o,c}\, x_{c,h,w}, \qquad
///     Y = w\, X \quad\text{with}\quad X = x \text{ viewed as } (C_\text{in}, H W),\;
///     Y = y \text{ viewed as } (C_\text{out}, H W). \f]
/// Equal to `corr2d_multi_in_out(x, k)` with k = w reshaped to `(C_out, C_in, 1, 1)`.
///
/// @param x input, shape `(C_in, H, W)`.
/// @param w weight, shape `(C_out, C_in)`.
/// @return y, shape `(C_out, H, W)`.
/// @throws ShapeError naming `conv1x1` and both shapes when x is not 3-D, w is not 2-D, or
///         w.shape[1] != C_in.
Tensor conv1x1(const Tensor& x, const Tensor& w);

/// Gradients of a scalar loss L with respect to the inputs of `conv1x1`.
struct Conv1x1Grads {
  Tensor dx;  ///< dL/dx, shape `(C_in, H, W)`.
  Tensor dw;  ///< dL/dw, shape `(C_out, C_in)`.
};

/// Backward pass of `conv1x1`, given `dy = dL/dy`, with the same (channels, pixels) views:
/// \f[ dX = w^\top dY \;(C_\text{in}, HW), \qquad
///     dw = dY\, X^\top \;(C_\text{out}, C_\text{in}). \f]
///
/// @param dy upstream gradient, shape `(C_out, H, W)`.
/// @param x the forward input, shape `(C_in, H, W)`.
/// @param w the weight, shape `(C_out, C_in)`.
/// @return fresh gradients.
/// @throws ShapeError naming `conv1x1_backward` and the shapes when they do not fit.
Conv1x1Grads conv1x1_backward(const Tensor& dy, const Tensor& x, const Tensor& w);

}  // namespace nnlab::cnn
