#pragma once
/// @file
/// Exercise 02.11: gradient clipping by the global L2 norm, as torch.nn.utils.clip_grad_norm_.
///
/// All the parameters' gradients are treated as one long vector: its L2 norm is measured and,
/// when it is too large, every gradient is scaled by the same factor, so the direction of the
/// update is kept and only its length is limited (d2l §9.5.3).

#include <vector>

#include "nnlab/module.hpp"

namespace nnlab::mlp {

/// Measures the global norm of the gradients (accumulated in double)
/// \f[ \lVert g \rVert = \sqrt{\textstyle\sum_p \sum_i g_{p,i}^2} \f]
/// and, with \f$ c = \text{max\_norm} / (\lVert g \rVert + 10^{-6}) \f$, multiplies every
/// gradient by c when c < 1 (exactly PyTorch's rule: the 1e-6 guards against a zero norm and
/// makes the clipped norm slightly below max_norm). Values are not touched.
/// @returns the norm before clipping (0 for an empty list).
/// @throws ShapeError naming `clip_grad_norm` when max_norm <= 0 (or NaN), or naming the
///         parameter when its grad has another shape than its value (checked before any change).
float clip_grad_norm(const std::vector<NamedParam>& params, float max_norm);

}  // namespace nnlab::mlp
