#pragma once
/// @file
/// Exercise 01.6: linear regression in closed form (least squares).

#include "nnlab/tensor.hpp"

namespace nnlab::linear {

/// Weights and bias of a fitted linear model.
struct LinregFit {
  Tensor w;  ///< shape `(D)`
  Tensor b;  ///< shape `(1)`
};

/// The least-squares fit of \f$ y \approx X w + b \f$, by the normal equation.
///
/// Append a column of ones to the features, \f$ A = [X \;\; \mathbf 1] \f$ of shape
/// `(N, D + 1)`, and solve
/// \f[ A^\top A\, \theta = A^\top y, \qquad \theta = (w_1, \dots, w_D, b). \f]
/// The solution minimises \f$ \sum_n (x_n^\top w + b - y_n)^2 \f$. The columns of A must be
/// linearly independent (otherwise \f$ A^\top A \f$ is singular and the result is undefined).
///
/// @param x features, shape `(N, D)`, with N >= D + 1.
/// @param y targets, shape `(N)`.
/// @return `w` of shape `(D)` and `b` of shape `(1)`.
/// @throws ShapeError naming `normal_equation` and the shapes when `x` is not 2-D, `y` is not
///         `(N)`, or N < D + 1 (too few samples to determine D + 1 unknowns).
LinregFit normal_equation(const Tensor& x, const Tensor& y);

}  // namespace nnlab::linear
