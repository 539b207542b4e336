// Exercise 02.11 — gradient clipping.  Contract: include/nnlab/mlp/grad_clip.hpp
// Check with `./nnlab check 02.11`; stuck? `./nnlab hint 02.11`.
#include "nnlab/mlp/grad_clip.hpp"

#include <cmath>
#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

// norm = sqrt(sum of all g^2); if max_norm / (norm + 1e-6) < 1, g *= that factor
float clip_grad_norm([[maybe_unused]] const std::vector<NamedParam>& params,
                     [[maybe_unused]] float max_norm) {
  // TODO(02.11): reject max_norm <= 0 and any grad whose shape differs from its value; sum the
  // squares of every gradient entry in double, take the square root, and scale every gradient by
  // max_norm / (norm + 1e-6) when that factor is below 1. Return the norm before clipping.
  throw nnlab::NotImplemented("02.11 clip_grad_norm");
}

}  // namespace nnlab::mlp
