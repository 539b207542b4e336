#pragma once
/// @file
/// Exercise 01.11: losses that are robust to outliers, L1 and Huber, with their gradients.

#include "nnlab/tensor.hpp"

namespace nnlab::linear {

/// Mean absolute error, with \f$ d_n = \hat y_n - y_n \f$:
/// \f[ L = \frac1N \sum_n |d_n| \f]
/// (PyTorch's `l1_loss`, mean reduction).
///
/// @param y_hat predictions, shape `(N)`.
/// @param y targets, shape `(N)`.
/// @return the scalar loss L.
/// @throws ShapeError naming `l1_loss` and both shapes when they differ or are not 1-D.
float l1_loss(const Tensor& y_hat, const Tensor& y);

/// Gradient of `l1_loss`: \f$ \partial L / \partial \hat y_n = \mathrm{sign}(d_n) / N \f$,
/// with sign(0) = 0 (the subgradient PyTorch uses).
///
/// @return `dy_hat`, shape `(N)`.
/// @throws ShapeError naming `l1_loss_backward` and both shapes, as `l1_loss`.
Tensor l1_loss_backward(const Tensor& y_hat, const Tensor& y);

/// Mean Huber loss with threshold δ, with \f$ d_n = \hat y_n - y_n \f$:
/// \f[ L = \frac1N \sum_n \ell_\delta(d_n), \qquad
///     \ell_\delta(d) = \begin{cases} \tfrac12 d^2 & |d| < \delta \\ \delta\,(|d| - \tfrac12\delta)
///                      & \text{otherwise} \end{cases} \f]
/// Quadratic near 0, linear (like L1) for large errors; the two pieces meet with the same
/// value and slope at |d| = δ (PyTorch's `nn.HuberLoss`, mean reduction).
///
/// @param y_hat predictions, shape `(N)`.
/// @param y targets, shape `(N)`.
/// @param delta the threshold δ > 0.
/// @return the scalar loss L.
/// @throws ShapeError naming `huber_loss` and both shapes when they differ or are not 1-D;
///         naming `huber_loss` and `delta` when δ <= 0.
float huber_loss(const Tensor& y_hat, const Tensor& y, float delta = 1.0f);

/// Gradient of `huber_loss`:
/// \f$ \partial L / \partial \hat y_n = d_n / N \f$ when \f$ |d_n| < \delta \f$, else
/// \f$ \delta\, \mathrm{sign}(d_n) / N \f$ (i.e. d clipped to [-δ, δ], divided by N).
///
/// @return `dy_hat`, shape `(N)`.
/// @throws ShapeError naming `huber_loss_backward`, as `huber_loss`.
Tensor huber_loss_backward(const Tensor& y_hat, const Tensor& y, float delta = 1.0f);

}  // namespace nnlab::linear
