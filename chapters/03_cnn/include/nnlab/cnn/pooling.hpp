#pragma once
/// @file
/// Exercise 03.6: max and average pooling, forward and backward, on a batch of images.
///
/// Both slide a `{kh, kw}` window over every channel separately, as `torch.nn.functional`'s
/// `max_pool2d` and `avg_pool2d` with `ceil_mode=False`: output size
/// H' = conv_output_size(H, kh, p_h, s_h), W' likewise. As in PyTorch, the padding may be at
/// most half the window (p_h <= kh / 2, p_w <= kw / 2), so no window lies wholly in the padding.
///
/// - **Max pooling** treats the padding as -infinity (it never wins). Ties go to the **first**
///   maximum in row-major window order (top row first, left to right), as PyTorch does: the
///   backward pass sends the whole gradient of an output to that one input. A NaN in a
///   window wins (it propagates), as in PyTorch.
/// - **Average pooling** treats the padding as zeros and always divides by kh kw, padding
///   included (PyTorch's default `count_include_pad=True`).

#include "nnlab/cnn/padding_stride.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::cnn {

/// \f[ y_{n,c,i,j} = \max_{a,b}\; \tilde x_{n,c,\; i s_h + a,\; j s_w + b}, \f]
/// \f$\tilde x\f$ padded with -infinity.
///
/// @param x input, shape `(N, C, H, W)`.
/// @param kernel `{kh, kw}`, each >= 1.
/// @param stride `{s_h, s_w}`, each >= 1.
/// @param padding `{p_h, p_w}`, p_h <= kh / 2 and p_w <= kw / 2.
/// @return y, shape ``(N, C, H', W')``.
/// @throws ShapeError naming `max_pool2d_forward` and x's shape when x is not 4-D, H or W is 0,
///         a kernel size or stride is 0, the padding is more than half the window, or the window does
///         not fit into the padded input.
Tensor max_pool2d_forward(const Tensor& x, Size2 kernel, Size2 stride, Size2 padding = {0, 0});

/// Backward pass of `max_pool2d_forward`: each dy_{n,c,i,j} is added to the input element that
/// won window (i, j) (the first maximum; found again from x), all other inputs get nothing
/// from that window. Overlapping windows (stride < kernel) can add several dy into one input.
///
/// @param dy upstream gradient, shape ``(N, C, H', W')``.
/// @param x the forward input, shape `(N, C, H, W)`.
/// @param kernel `{kh, kw}`, as in the forward pass.
/// @param stride `{s_h, s_w}`, as in the forward pass.
/// @param padding `{p_h, p_w}`, as in the forward pass.
/// @return dx, shape `(N, C, H, W)`, fresh.
/// @throws ShapeError naming `max_pool2d_backward` and the shapes when they do not fit.
Tensor max_pool2d_backward(const Tensor& dy, const Tensor& x, Size2 kernel, Size2 stride,
                           Size2 padding = {0, 0});

/// \f[ y_{n,c,i,j} = \frac{1}{k_h k_w} \sum_{a,b} \tilde x_{n,c,\; i s_h + a,\; j s_w + b}, \f]
/// \f$\tilde x\f$ padded with zeros, which count in the divisor.
///
/// @param x input, shape `(N, C, H, W)`.
/// @param kernel `{kh, kw}`, each >= 1.
/// @param stride `{s_h, s_w}`, each >= 1.
/// @param padding `{p_h, p_w}`, p_h <= kh / 2 and p_w <= kw / 2.
/// @return y, shape ``(N, C, H', W')``.
/// @throws ShapeError naming `avg_pool2d_forward`, as `max_pool2d_forward`.
Tensor avg_pool2d_forward(const Tensor& x, Size2 kernel, Size2 stride, Size2 padding = {0, 0});

/// Backward pass of `avg_pool2d_forward`: each dy_{n,c,i,j} / (kh kw) is added to every real
/// (not padding) input of window (i, j).
///
/// @param dy upstream gradient, shape ``(N, C, H', W')``.
/// @param x the forward input, shape `(N, C, H, W)` (only its shape is used).
/// @param kernel `{kh, kw}`, as in the forward pass.
/// @param stride `{s_h, s_w}`, as in the forward pass.
/// @param padding `{p_h, p_w}`, as in the forward pass.
/// @return dx, shape `(N, C, H, W)`, fresh.
/// @throws ShapeError naming `avg_pool2d_backward` and the shapes when they do not fit.
Tensor avg_pool2d_backward(const Tensor& dy, const Tensor& x, Size2 kernel, Size2 stride,
                           Size2 padding = {0, 0});

}  // namespace nnlab::cnn
