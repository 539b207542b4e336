#pragma once
/// @file
/// Exercise 03.5: batched 2-D convolution (cross-correlation) by im2col and one matrix product
/// per image, forward and backward (col2im). Stride and padding are free; dilation is 1 and
/// there are no groups.

#include "nnlab/cnn/padding_stride.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::cnn {

/// Unfolds the windows of one image into the columns of a matrix. With
/// H' = conv_output_size(H, kh, p_h, s_h), W' likewise, row r = (c kh + a) kw + b and
/// column q = i W' + j,
/// \f[ \text{col}_{r,q} = \tilde x_{c,\; i s_h + a,\; j s_w + b} \f]
/// (\f$\tilde x\f$: x zero-padded), so column q holds the window under output pixel (i, j),
/// in the order of a weight row `W[o]` flattened from `(C, kh, kw)`. Windows overlap, so an
/// input value appears in up to kh kw columns.
///
/// @param x one image, shape `(C, H, W)`.
/// @param kernel `{kh, kw}`, each >= 1.
/// @param stride `{s_h, s_w}`, each >= 1.
/// @param padding `{p_h, p_w}`, zeros on both sides.
/// @return col, shape ``(C kh kw, H' W')``.
/// @throws ShapeError naming `im2col` and x's shape when x is not 3-D, a kernel size or stride
///         is 0, or the kernel does not fit into the padded image.
Tensor im2col(const Tensor& x, Size2 kernel, Size2 stride, Size2 padding);

/// The adjoint of `im2col`: adds every column entry back onto the input pixel it was copied
/// from (entries that came from the padding are dropped). Overlapping windows make values
/// **add up**, so `col2im(im2col(x))` is not x; instead
/// \f$\langle \text{im2col}(x), c\rangle = \langle x, \text{col2im}(c)\rangle\f$ for all x, c.
///
/// @param col shape ``(C kh kw, H' W')``.
/// @param image_shape `(C, H, W)`, the shape of the image `im2col` was given.
/// @param kernel `{kh, kw}`, as given to `im2col`.
/// @param stride `{s_h, s_w}`, as given to `im2col`.
/// @param padding `{p_h, p_w}`, as given to `im2col`.
/// @return the image gradient, shape `(C, H, W)`.
/// @throws ShapeError naming `col2im` and the shapes when col does not have the shape `im2col`
///         would give for image_shape, kernel, stride and padding.
Tensor col2im(const Tensor& col, const Shape& image_shape, Size2 kernel, Size2 stride,
              Size2 padding);

/// Convolution layer on a batch, as `torch.nn.functional.conv2d(x, weight, bias, stride,
/// padding)`:
/// \f[ y_{n,o,i,j} = b_o + \sum_{c,a,b} W_{o,c,a,b}\; \tilde x_{n,c,\; i s_h + a,\; j s_w + b}. \f]
/// Computed per image n as one matrix product: with W viewed as `(C_out, C_in kh kw)`,
/// \f$ y_n = W\, \text{im2col}(x_n) + b \f$ viewed as ``(C_out, H' W')``.
///
/// @param x input, shape `(N, C_in, H, W)`.
/// @param weight shape `(C_out, C_in, kh, kw)`.
/// @param bias shape `(C_out)`.
/// @param stride `{s_h, s_w}`, each >= 1.
/// @param padding `{p_h, p_w}`, zeros on both sides.
/// @return y, shape ``(N, C_out, H', W')``, H' = conv_output_size(H, kh, p_h, s_h), W' likewise.
/// @throws ShapeError naming `conv2d_forward` and the shapes when x is not 4-D, weight not 4-D,
///         the channel counts differ (e.g. "x has 3 channels but weight expects 2"), bias is
///         not `(C_out)`, a stride is 0 or the kernel does not fit into the padded input.
Tensor conv2d_forward(const Tensor& x, const Tensor& weight, const Tensor& bias,
                      Size2 stride = {1, 1}, Size2 padding = {0, 0});

/// Gradients of a scalar loss L with respect to the three inputs of `conv2d_forward`.
struct Conv2dGrads {
  Tensor dx;       ///< dL/dx, shape `(N, C_in, H, W)`.
  Tensor dweight;  ///< dL/dweight, shape `(C_out, C_in, kh, kw)`.
  Tensor dbias;    ///< dL/dbias, shape `(C_out)`.
};

/// Backward pass of `conv2d_forward`, given `dy = dL/dy` viewed per image as ``(C_out, H' W')``:
/// \f[ \frac{\partial L}{\partial W} = \sum_n dy_n\, \text{im2col}(x_n)^\top, \qquad
///     \frac{\partial L}{\partial x_n} = \text{col2im}\big(W^\top dy_n\big), \qquad
///     \frac{\partial L}{\partial b_o} = \sum_{n,i,j} dy_{n,o,i,j}. \f]
/// Returned fresh, not accumulated.
///
/// @param dy upstream gradient, shape ``(N, C_out, H', W')``.
/// @param x the forward input, shape `(N, C_in, H, W)`.
/// @param weight shape `(C_out, C_in, kh, kw)`.
/// @param stride `{s_h, s_w}`, as in the forward pass.
/// @param padding `{p_h, p_w}`, as in the forward pass.
/// @throws ShapeError naming `conv2d_backward` and the shapes when they do not fit together.
Conv2dGrads conv2d_backward(const Tensor& dy, const Tensor& x, const Tensor& weight,
                            Size2 stride = {1, 1}, Size2 padding = {0, 0});

}  // namespace nnlab::cnn
