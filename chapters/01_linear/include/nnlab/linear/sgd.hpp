#pragma once
/// @file
/// Exercise 01.5: one step of minibatch stochastic gradient descent.

#include <vector>

#include "nnlab/module.hpp"

namespace nnlab::linear {

/// One SGD step on every parameter: \f$ \theta \leftarrow \theta - \eta\, \nabla_\theta L \f$,
/// i.e. `value -= lr * grad`, element-wise, for each entry of `params` (any shape).
///
/// The gradient is used as it is: the loss already averages over the minibatch, so there is
/// no division by the batch size here. Gradients are left unchanged (call `zero_grad()`
/// before the next backward pass).
///
/// @param params the parameters, e.g. `model.params()`; every pointer must be valid.
/// @param lr the learning rate η.
/// @throws ShapeError naming `sgd_step`, the parameter's name and both shapes when a
///         parameter's `grad` does not have its `value`'s shape. All shapes are checked before
///         anything is changed, so on error no parameter has moved.
void sgd_step(const std::vector<NamedParam>& params, float lr);

}  // namespace nnlab::linear
