#pragma once
/// @file
/// Provided models of chapter 01, built on the exercises.

#include <cstddef>
#include <string>

#include "nnlab/module.hpp"
#include "nnlab/random.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::linear {

/// Linear regression as a `Module`: `y_hat = x w + b`, x: `(N, D)` -> y_hat: `(N)`.
///
/// Parameters, in this order: `"weight"` of shape `(D)` and `"bias"` of shape `(1)`.
/// `forward` calls `linreg_forward` (exercise 01.1) and caches x; `backward` calls
/// `linreg_backward` (exercise 01.3), **adds** dw and db into the parameters' gradients and
/// returns dx: `(N, D)`.
class LinearRegression : public Module {
 public:
  /// D = `num_features`; weights and bias start at zero.
  explicit LinearRegression(std::size_t num_features);
  /// Weights drawn from N(0, `init_std`²) with `rng`, bias zero (Dive into Deep Learning §3.4).
  LinearRegression(std::size_t num_features, Rng& rng, float init_std = 0.01f);

  /// @throws ShapeError as `linreg_forward`.
  Tensor forward(const Tensor& x) override;
  /// @throws ShapeError when called before `forward`, or as `linreg_backward`.
  Tensor backward(const Tensor& dy) override;
  /// `"LinearRegression(D -> 1)"`.
  std::string describe() const override;

  Param weight;  ///< w: (D)
  Param bias;    ///< b: (1)

 private:
  Tensor x_;  ///< the input of the last forward, (N, D)
  bool has_input_ = false;
};

}  // namespace nnlab::linear
