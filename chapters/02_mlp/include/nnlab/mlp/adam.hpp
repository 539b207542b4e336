#pragma once
/// @file
/// Exercise 02.9: Adam and AdamW, as torch.optim.Adam / torch.optim.AdamW.

#include <cstdint>

#include "nnlab/tensor.hpp"

namespace nnlab::mlp {

/// One Adam step on one parameter tensor, in place. With λ = `weight_decay`:
///
/// - `decoupled == false` (torch.optim.Adam, L2 penalty): \f$ g \leftarrow g + \lambda w \f$
///   (a local copy: the caller's `g` is unchanged);
/// - `decoupled == true` (torch.optim.AdamW): \f$ w \leftarrow w - \eta \lambda w \f$ first.
///
/// Then, with the 1-based step t:
/// \f[ m \leftarrow \beta_1 m + (1 - \beta_1) g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2) g \odot g, \f]
/// \f[ w \leftarrow w - \frac{\eta}{1 - \beta_1^t}\,
///     \frac{m}{\sqrt{v} / \sqrt{1 - \beta_2^t} + \epsilon}. \f]
/// ε is added after the bias-corrected square root, exactly as PyTorch does. `m` and `v`
/// start as zeros.
///
/// @param w the parameter, updated in place.
/// @param g its gradient (unchanged).
/// @param m the first-moment estimate, updated in place.
/// @param v the second-moment estimate, updated in place.
/// @param t the step number, 1 for the first update.
/// @param lr η. @param beta1 β₁ in [0, 1). @param beta2 β₂ in [0, 1). @param eps ε.
/// @param weight_decay λ. @param decoupled AdamW (true) or Adam with L2 (false).
/// @throws ShapeError naming `adam_update` and both shapes when `g`, `m` or `v` does not have
///         `w`'s shape, or naming the bad value when β₁ or β₂ is outside [0, 1) or t < 1.
///         Nothing is changed on error.
void adam_update(Tensor& w, const Tensor& g, Tensor& m, Tensor& v, std::int64_t t, float lr,
                 float beta1, float beta2, float eps, float weight_decay, bool decoupled);

}  // namespace nnlab::mlp
