// Exercise 02.4 — inverted dropout.  Contract: include/nnlab/mlp/dropout.hpp
// Check with `./nnlab check 02.4`; stuck? `./nnlab hint 02.4`.
#include "nnlab/mlp/dropout.hpp"

#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

// x: any shape -> y: same shape; mask: same shape, 0 or 1/(1-p)
Tensor dropout_forward([[maybe_unused]] const Tensor& x, [[maybe_unused]] float p,
                       [[maybe_unused]] bool training, [[maybe_unused]] Rng& rng,
                       [[maybe_unused]] Tensor& mask) {
  // TODO(02.4): reject p outside [0, 1) with a ShapeError. In evaluation: mask = ones, y = x.
  // In training: for each element in row-major order draw u = rng.uniform(); mask = 1/(1-p)
  // when u >= p, else 0; y = x * mask.
  throw nnlab::NotImplemented("02.4 dropout_forward");
}

// dy, mask: same shape -> dx
Tensor dropout_backward([[maybe_unused]] const Tensor& dy, [[maybe_unused]] const Tensor& mask) {
  // TODO(02.4): dx = dy * mask (the mask already holds the 1/(1-p) scale).
  throw nnlab::NotImplemented("02.4 dropout_backward");
}

}  // namespace nnlab::mlp
