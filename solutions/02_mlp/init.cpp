// Exercise 02.5 — reference solution.
#include "nnlab/mlp/init.hpp"

#include <cmath>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

namespace {
void check(const char* function, std::size_t fan_in, std::size_t fan_out) {
  if (fan_in == 0 || fan_out == 0) {
    throw ShapeError(function, "fan_in = " + std::to_string(fan_in) + " and fan_out = " +
                                   std::to_string(fan_out) + " must both be >= 1");
  }
}
}  // namespace

// -> (fan_in, fan_out), U(-a, a), a = sqrt(6 / (fan_in + fan_out))
Tensor xavier_uniform(std::size_t fan_in, std::size_t fan_out, Rng& rng) {
  check("xavier_uniform", fan_in, fan_out);
  const float a = static_cast<float>(std::sqrt(6.0 / double(fan_in + fan_out)));
  return rng.uniform(Shape{fan_in, fan_out}, -a, a);
}

// -> (fan_in, fan_out), N(0, 2 / fan_in)
Tensor he_normal(std::size_t fan_in, std::size_t fan_out, Rng& rng) {
  check("he_normal", fan_in, fan_out);
  const float std = static_cast<float>(std::sqrt(2.0 / double(fan_in)));
  return rng.normal(Shape{fan_in, fan_out}, 0.0f, std);
}

}  // namespace nnlab::mlp
