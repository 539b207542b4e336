#pragma once
/// @file
/// Exercise 02.7: SGD with (heavy-ball) momentum, as torch.optim.SGD.

#include "nnlab/tensor.hpp"

namespace nnlab::mlp {

/// One SGD-with-momentum step on one parameter tensor, in place (torch.optim.SGD with
/// `dampening = 0`, `nesterov = false`, no weight decay):
/// \f[ v \leftarrow \mu\, v + g, \qquad w \leftarrow w - \eta\, v. \f]
/// `velocity` starts as zeros (so the first step is `v = g`, as in PyTorch); momentum 0 is
/// plain SGD. `w`, `g` and `velocity` may have any shape, the same for all three.
///
/// @param w the parameter, updated in place.
/// @param g its gradient dL/dw (unchanged).
/// @param velocity the momentum buffer v, updated in place.
/// @param lr the learning rate η.
/// @param momentum μ, in [0, 1).
/// @throws ShapeError naming `sgd_momentum_update` and both shapes when `g` or `velocity`
///         does not have `w`'s shape, or naming the value when momentum is outside [0, 1).
///         Nothing is changed on error.
void sgd_momentum_update(Tensor& w, const Tensor& g, Tensor& velocity, float lr, float momentum);

}  // namespace nnlab::mlp
