// Exercise 02.5 — weight initialisation.  Contract: include/nnlab/mlp/init.hpp
// Check with `./nnlab check 02.5`; stuck? `./nnlab hint 02.5`.
#include "nnlab/mlp/init.hpp"

#include <cmath>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

// -> (fan_in, fan_out), U(-a, a), a = sqrt(6 / (fan_in + fan_out))
Tensor xavier_uniform([[maybe_unused]] std::size_t fan_in, [[maybe_unused]] std::size_t fan_out,
                      [[maybe_unused]] Rng& rng) {
  // TODO(02.5): a = sqrt(6 / (fan_in + fan_out)); return rng.uniform(Shape{fan_in, fan_out},
  // -a, a). Reject a fan of 0 with a ShapeError.
  throw nnlab::NotImplemented("02.5 xavier_uniform");
}

// -> (fan_in, fan_out), N(0, 2 / fan_in)
Tensor he_normal([[maybe_unused]] std::size_t fan_in, [[maybe_unused]] std::size_t fan_out,
                 [[maybe_unused]] Rng& rng) {
  // TODO(02.5): std = sqrt(2 / fan_in); return rng.normal(Shape{fan_in, fan_out}, 0, std).
  throw nnlab::NotImplemented("02.5 he_normal");
}

}  // namespace nnlab::mlp
