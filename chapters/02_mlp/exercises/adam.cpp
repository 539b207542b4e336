// Exercise 02.9 — Adam and AdamW.  Contract: include/nnlab/mlp/adam.hpp
// Check with `./nnlab check 02.9`; stuck? `./nnlab hint 02.9`.
#include "nnlab/mlp/adam.hpp"

#include <cmath>

#include <xtensor/xmath.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

void adam_update([[maybe_unused]] Tensor& w, [[maybe_unused]] const Tensor& g,
                 [[maybe_unused]] Tensor& m, [[maybe_unused]] Tensor& v,
                 [[maybe_unused]] std::int64_t t, [[maybe_unused]] float lr,
                 [[maybe_unused]] float beta1, [[maybe_unused]] float beta2,
                 [[maybe_unused]] float eps, [[maybe_unused]] float weight_decay,
                 [[maybe_unused]] bool decoupled) {
  // TODO(02.9): decoupled: w *= 1 - lr*wd;  otherwise grad = g + wd*w (a copy).
  // m <- b1 m + (1-b1) grad;  v <- b2 v + (1-b2) grad^2;
  // w <- w - lr/(1 - b1^t) * m / (sqrt(v)/sqrt(1 - b2^t) + eps).
  // Check shapes, 0 <= beta1, beta2 < 1 and t >= 1 before changing anything.
  throw nnlab::NotImplemented("02.9 adam_update");
}

}  // namespace nnlab::mlp
