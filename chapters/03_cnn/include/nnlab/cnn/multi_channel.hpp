#pragma once
/// @file
/// Exercise 03.3: cross-correlation with several input and several output channels, written
/// as plain loops: the readable definition that 03.5 computes fast.

#include "nnlab/tensor.hpp"

namespace nnlab::cnn {

/// Multi-input, multi-output cross-correlation (no padding, stride 1, no bias): each output
/// channel o sums, over the input channels c, the cross-correlation of channel c with its own
/// kernel slice k[o, c]:
/// \f[ y_{o,i,j} = \sum_{c=0}^{C_\text{in}-1} \sum_{a,b} x_{c,\,i+a,\,j+b}\; k_{o,c,a,b}. \f]
///
/// @param x input, shape `(C_in, H, W)`.
/// @param k kernel, shape `(C_out, C_in, kh, kw)` (PyTorch's weight layout).
/// @return y, shape `(C_out, H - kh + 1, W - kw + 1)`.
/// @throws ShapeError naming `corr2d_multi_in_out` and both shapes when x is not 3-D, k is
///         not 4-D, their channel counts differ, or the kernel is larger than the image.
Tensor corr2d_multi_in_out(const Tensor& x, const Tensor& k);

/// Gradients of a scalar loss L with respect to the inputs of `corr2d_multi_in_out`.
struct MultiChannelGrads {
  Tensor dx;  ///< dL/dx, shape `(C_in, H, W)`.
  Tensor dk;  ///< dL/dk, shape `(C_out, C_in, kh, kw)`.
};

/// Backward pass of `corr2d_multi_in_out`, given `dy = dL/dy`:
/// \f[ \frac{\partial L}{\partial x_{c,\,i+a,\,j+b}} \mathrel{+}= \sum_o dy_{o,i,j}\, k_{o,c,a,b},
///     \qquad
///     \frac{\partial L}{\partial k_{o,c,a,b}} = \sum_{i,j} dy_{o,i,j}\, x_{c,\,i+a,\,j+b}. \f]
/// An input channel feeds every output channel, so its gradient sums over o.
///
/// @param dy upstream gradient, shape `(C_out, H - kh + 1, W - kw + 1)`.
/// @param x the forward input, shape `(C_in, H, W)`.
/// @param k the kernel, shape `(C_out, C_in, kh, kw)`.
/// @return fresh gradients.
/// @throws ShapeError naming `corr2d_multi_in_out_backward` and the shapes when they do not fit.
MultiChannelGrads corr2d_multi_in_out_backward(const Tensor& dy, const Tensor& x,
                                               const Tensor& k);

}  // namespace nnlab::cnn
