// Exercise 02.4 — reference solution.
#include "nnlab/mlp/dropout.hpp"

#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

// x: any shape -> y: same shape; mask: same shape, 0 or 1/(1-p)
Tensor dropout_forward(const Tensor& x, float p, bool training, Rng& rng, Tensor& mask) {
  if (!(p >= 0.0f && p < 1.0f)) {
    throw ShapeError("dropout_forward", "p = " + std::to_string(p) + " must be in [0, 1)");
  }
  mask = xt::ones_like(x);
  if (!training) return x;
  const float scale = 1.0f / (1.0f - p);
  for (std::size_t i = 0; i < mask.size(); ++i) {
    mask.data()[i] = rng.uniform() >= p ? scale : 0.0f;
  }
  return x * mask;
}

// dy, mask: same shape -> dx
Tensor dropout_backward(const Tensor& dy, const Tensor& mask) {
  require(dy.shape() == mask.shape(), "dropout_backward", "dy", dy, "mask", mask,
          "dy and mask must have the same shape");
  return dy * mask;
}

}  // namespace nnlab::mlp
