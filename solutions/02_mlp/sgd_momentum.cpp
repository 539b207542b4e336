// Exercise 02.7 — reference solution.
#include "nnlab/mlp/sgd_momentum.hpp"

#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

void sgd_momentum_update(Tensor& w, const Tensor& g, Tensor& velocity, float lr, float momentum) {
  const char* fn = "sgd_momentum_update";
  require(g.shape() == w.shape(), fn, "w", w, "g", g, "g must have w's shape");
  require(velocity.shape() == w.shape(), fn, "w", w, "velocity", velocity,
          "velocity must have w's shape");
  if (!(momentum >= 0.0f && momentum < 1.0f)) {
    throw ShapeError(fn, "momentum must be in [0, 1), got " + std::to_string(momentum));
  }
  velocity = momentum * velocity + g;  // v <- mu v + g
  w -= lr * velocity;                  // w <- w - lr v
}

}  // namespace nnlab::mlp
