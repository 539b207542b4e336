#pragma once
/// @file
/// Exercise 02.6: L2 regularisation, coupled (through the gradient) and decoupled (AdamW-style).
///
/// Only parameters whose name ends in `"weight"` are decayed (`"0.weight"`, `"fc.weight"`);
/// biases (and anything else) are left alone: shrinking a bias towards 0 does not limit the
/// capacity of the model and only adds bias to it. This is the usual practice (d2l §3.7).

#include <vector>

#include "nnlab/module.hpp"

namespace nnlab::mlp {

/// The L2 penalty over the decayed parameters:
/// \f[ R = \frac{\lambda}{2} \sum_{w \in \text{weights}} \lVert w \rVert_2^2. \f]
/// @throws ShapeError naming `l2_penalty` when lambda < 0.
float l2_penalty(const std::vector<NamedParam>& params, float lambda);

/// Adds the gradient of `l2_penalty` to every decayed parameter's gradient (coupled decay):
/// \f[ g_w \leftarrow g_w + \lambda w. \f]
/// @throws ShapeError naming `add_l2_grad` when lambda < 0 or a decayed parameter's grad
///         has another shape than its value.
void add_l2_grad(const std::vector<NamedParam>& params, float lambda);

/// Decoupled weight decay (Loshchilov and Hutter, 2019), applied to the values directly,
/// independently of the gradient and the optimiser:
/// \f[ w \leftarrow w - \eta \lambda w. \f]
/// @throws ShapeError naming `decoupled_weight_decay` when lr < 0 or lambda < 0.
void decoupled_weight_decay(const std::vector<NamedParam>& params, float lr, float lambda);

}  // namespace nnlab::mlp
