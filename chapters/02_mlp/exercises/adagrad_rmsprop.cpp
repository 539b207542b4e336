// Exercise 02.8 — Adagrad and RMSprop.  Contract: include/nnlab/mlp/adagrad_rmsprop.hpp
// Check with `./nnlab check 02.8`; stuck? `./nnlab hint 02.8`.
#include "nnlab/mlp/adagrad_rmsprop.hpp"

#include <xtensor/xmath.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

void adagrad_update([[maybe_unused]] Tensor& w, [[maybe_unused]] const Tensor& g,
                    [[maybe_unused]] Tensor& sum_sq, [[maybe_unused]] float lr,
                    [[maybe_unused]] float eps) {
  // TODO(02.8): s <- s + g*g;  w <- w - lr * g / (sqrt(s) + eps)   (eps outside the root).
  // Check that g and sum_sq have w's shape first; xt::sqrt works element-wise.
  throw nnlab::NotImplemented("02.8 adagrad_update");
}

void rmsprop_update([[maybe_unused]] Tensor& w, [[maybe_unused]] const Tensor& g,
                    [[maybe_unused]] Tensor& sq_avg, [[maybe_unused]] float lr,
                    [[maybe_unused]] float alpha, [[maybe_unused]] float eps) {
  // TODO(02.8): a <- alpha * a + (1 - alpha) * g*g;  w <- w - lr * g / (sqrt(a) + eps).
  // Check shapes and 0 <= alpha < 1 before changing anything.
  throw nnlab::NotImplemented("02.8 rmsprop_update");
}

}  // namespace nnlab::mlp
