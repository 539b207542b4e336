#pragma once
/// @file
/// Exercise 02.5: weight initialisation that keeps activations and gradients at a steady scale.

#include <cstddef>

#include "nnlab/random.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::mlp {

/// Xavier/Glorot uniform initialisation (Glorot and Bengio, 2010), for tanh/sigmoid layers:
/// \f[ W_{ij} \sim U(-a, a), \qquad a = \sqrt{\frac{6}{\text{fan\_in} + \text{fan\_out}}}, \f]
/// so that Var W = a^2/3 = 2 / (fan_in + fan_out). Drawn with `rng.uniform(lo, hi)` in
/// row-major order.
///
/// @return W, shape `(fan_in, fan_out)`.
/// @throws ShapeError naming `xavier_uniform` when fan_in or fan_out is 0.
Tensor xavier_uniform(std::size_t fan_in, std::size_t fan_out, Rng& rng);

/// He/Kaiming normal initialisation (He et al., 2015), for ReLU layers:
/// \f[ W_{ij} \sim \mathcal N\Big(0, \frac{2}{\text{fan\_in}}\Big), \f]
/// i.e. standard deviation sqrt(2 / fan_in), drawn with `rng.normal(...)` in row-major order.
///
/// @return W, shape `(fan_in, fan_out)`.
/// @throws ShapeError naming `he_normal` when fan_in or fan_out is 0.
Tensor he_normal(std::size_t fan_in, std::size_t fan_out, Rng& rng);

}  // namespace nnlab::mlp
