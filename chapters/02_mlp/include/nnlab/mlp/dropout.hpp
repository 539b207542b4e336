#pragma once
/// @file
/// Exercise 02.4: inverted dropout.

#include "nnlab/random.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::mlp {

/// Inverted dropout. In training, each element is kept with probability 1 - p and scaled by
/// 1 / (1 - p), so the expected output equals the input and evaluation needs no rescaling:
/// \f[ m_i = \begin{cases} \frac{1}{1-p} & u_i \ge p \\ 0 & u_i < p \end{cases},
///     \qquad y = x \odot m, \f]
/// with one `u_i = rng.uniform()` drawn per element in row-major order (so a seed fixes the
/// mask). In evaluation (`training == false`) y = x, the mask is all ones and no number is
/// drawn.
///
/// @param x input, any shape.
/// @param p drop probability, in `[0, 1)`.
/// @param training whether to drop (true) or pass through (false).
/// @param rng the generator the mask is drawn from.
/// @param mask output: the mask, shape of x, holding 0 or 1/(1-p) (ones in evaluation).
/// @return y, shape of x.
/// @throws ShapeError naming `dropout_forward` and p when p is outside `[0, 1)`.
Tensor dropout_forward(const Tensor& x, float p, bool training, Rng& rng, Tensor& mask);

/// Backward of dropout: \f$ dx = dy \odot m \f$.
/// @throws ShapeError naming `dropout_backward` and both shapes when dy and mask differ.
Tensor dropout_backward(const Tensor& dy, const Tensor& mask);

}  // namespace nnlab::mlp
