#pragma once
/// @file
/// Exercise 03.2: padding, stride and the output-size formula.

#include <array>
#include <cstddef>

#include "nnlab/cnn/corr2d.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::cnn {

/// A size for each of the two spatial axes, `{height, width}`: a stride `{2, 1}` steps two
/// rows down and one column right; a padding `{1, 0}` adds one row of zeros above and below.
using Size2 = std::array<std::size_t, 2>;

/// Output length along one axis of a window of length `kernel` sliding over `in` values
/// padded with `pad` zeros on **both** sides, in steps of `stride`:
/// \f[ \text{out} = \Big\lfloor \frac{\text{in} + 2p - k}{s} \Big\rfloor + 1. \f]
/// Windows that would run past the padded end are dropped (PyTorch's `ceil_mode=False`).
///
/// @throws ShapeError naming `conv_output_size` and the numbers when kernel or stride is 0 or
///         the window does not fit (in + 2 pad < kernel, i.e. an output length <= 0).
std::size_t conv_output_size(std::size_t in, std::size_t kernel, std::size_t pad,
                             std::size_t stride);

/// Cross-correlation of one channel with zero padding and a stride:
/// \f[ y_{ij} = \sum_{a,b} \tilde x_{i s_h + a,\; j s_w + b}\, k_{ab}, \f]
/// where \f$\tilde x\f$ is x with `padding[0]` rows of zeros above and below and `padding[1]`
/// columns of zeros left and right. Same result as `torch.nn.functional.conv2d` on one
/// channel with `stride` and `padding`.
///
/// @param x image, shape `(H, W)`.
/// @param k kernel, shape `(kh, kw)`.
/// @param stride `{s_h, s_w}`, each >= 1.
/// @param padding `{p_h, p_w}`.
/// @return y, shape ``(H', W')`` with H' = conv_output_size(H, kh, p_h, s_h), W' likewise.
/// @throws ShapeError naming `corr2d_strided` and the shapes when x or k is not 2-D, a stride
///         is 0 or the kernel does not fit into the padded image.
Tensor corr2d_strided(const Tensor& x, const Tensor& k, Size2 stride, Size2 padding);

/// Backward pass of `corr2d_strided`, given `dy = dL/dy`: as `corr2d_backward`, with output
/// (i, j) reading the padded input at (i s_h + a, j s_w + b); gradient that lands on the
/// padding is dropped.
///
/// @param dy upstream gradient, shape ``(H', W')``.
/// @param x the forward input, shape `(H, W)`.
/// @param k the kernel, shape `(kh, kw)`.
/// @param stride `{s_h, s_w}`, as in the forward pass.
/// @param padding `{p_h, p_w}`, as in the forward pass.
/// @return dx `(H, W)` and dk `(kh, kw)`, fresh.
/// @throws ShapeError naming `corr2d_strided_backward` and the shapes when they do not fit.
Corr2dGrads corr2d_strided_backward(const Tensor& dy, const Tensor& x, const Tensor& k,
                                    Size2 stride, Size2 padding);

}  // namespace nnlab::cnn
