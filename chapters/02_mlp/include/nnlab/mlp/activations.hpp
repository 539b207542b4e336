#pragma once
/// @file
/// Exercise 02.2: element-wise activations and their backward passes.
///
/// Every function works on a tensor of any shape. Each backward takes the upstream gradient
/// `dy = dL/dy` and the forward *input* `x` (same shape) and returns ``dL/dx = dy * f'(x)``.
/// @throws ShapeError naming the backward function and both shapes when dy and x differ.

#include "nnlab/tensor.hpp"

namespace nnlab::mlp {

/// \f[ \mathrm{relu}(x) = \max(x, 0). \f]
Tensor relu_forward(const Tensor& x);
/// \f[ dx = dy \cdot [x > 0] \f] (the derivative at exactly 0 is taken to be 0, as PyTorch does).
Tensor relu_backward(const Tensor& dy, const Tensor& x);

/// \f[ \sigma(x) = \frac{1}{1 + e^{-x}}, \f] computed stably: for x < 0 as
/// \f$ e^{x} / (1 + e^{x}) \f$, so that no exponent is positive and x = ±1e4 gives 1 and 0,
/// never inf or nan.
Tensor sigmoid_forward(const Tensor& x);
/// \f[ dx = dy \cdot \sigma(x)\,(1 - \sigma(x)). \f]
Tensor sigmoid_backward(const Tensor& dy, const Tensor& x);

/// \f[ \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} \f] (named `tanh_forward` so that it
/// never clashes with `std::tanh`).
Tensor tanh_forward(const Tensor& x);
/// \f[ dx = dy \cdot (1 - \tanh^2 x). \f]
Tensor tanh_backward(const Tensor& dy, const Tensor& x);

/// The exact GELU (PyTorch's default ``approximate='none'``), with \f$\Phi\f$ the standard
/// normal CDF:
/// \f[ \mathrm{gelu}(x) = x\,\Phi(x)
///     = \frac{x}{2}\Big(1 + \mathrm{erf}\big(x/\sqrt 2\big)\Big). \f]
Tensor gelu_forward(const Tensor& x);
/// \f[ dx = dy \cdot \big(\Phi(x) + x\,\varphi(x)\big), \qquad
///     \varphi(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}. \f]
Tensor gelu_backward(const Tensor& dy, const Tensor& x);

}  // namespace nnlab::mlp
