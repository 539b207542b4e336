#pragma once
/// @file
/// Exercise 02.8: per-coordinate step sizes, Adagrad and RMSprop, as torch.optim.

#include "nnlab/tensor.hpp"

namespace nnlab::mlp {

/// One Adagrad step on one parameter tensor, in place (torch.optim.Adagrad with
/// `lr_decay = 0`, `weight_decay = 0`, `initial_accumulator_value = 0`):
/// \f[ s \leftarrow s + g \odot g, \qquad w \leftarrow w - \eta\, \frac{g}{\sqrt{s} + \epsilon}. \f]
/// Note that ε is added *outside* the square root, as PyTorch does. `sum_sq` starts as zeros.
///
/// @param w the parameter, updated in place.
/// @param g its gradient (unchanged).
/// @param sum_sq the running sum of squared gradients s, updated in place.
/// @param lr the learning rate η.
/// @param eps ε (PyTorch's default is 1e-10).
/// @throws ShapeError naming `adagrad_update` and both shapes when `g` or `sum_sq` does not
///         have `w`'s shape. Nothing is changed on error.
void adagrad_update(Tensor& w, const Tensor& g, Tensor& sum_sq, float lr, float eps);

/// One RMSprop step on one parameter tensor, in place (torch.optim.RMSprop with
/// `momentum = 0`, `centered = false`, `weight_decay = 0`):
/// \f[ a \leftarrow \alpha\, a + (1 - \alpha)\, g \odot g, \qquad
///     w \leftarrow w - \eta\, \frac{g}{\sqrt{a} + \epsilon}. \f]
/// ε is added outside the square root. `sq_avg` starts as zeros (no bias correction).
///
/// @param w the parameter, updated in place.
/// @param g its gradient (unchanged).
/// @param sq_avg the moving average of squared gradients a, updated in place.
/// @param lr the learning rate η.
/// @param alpha the smoothing constant α, in [0, 1) (PyTorch's default is 0.99).
/// @param eps ε (PyTorch's default is 1e-8).
/// @throws ShapeError naming `rmsprop_update` and both shapes when `g` or `sq_avg` does not
///         have `w`'s shape, or naming alpha when it is outside [0, 1). Nothing is changed on error.
void rmsprop_update(Tensor& w, const Tensor& g, Tensor& sq_avg, float lr, float alpha, float eps);

}  // namespace nnlab::mlp
