// Exercise 02.7 — SGD with momentum.  Contract: include/nnlab/mlp/sgd_momentum.hpp
// Check with `./nnlab check 02.7`; stuck? `./nnlab hint 02.7`.
#include "nnlab/mlp/sgd_momentum.hpp"

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

// w, g, velocity: any shape, all the same.
void sgd_momentum_update([[maybe_unused]] Tensor& w, [[maybe_unused]] const Tensor& g,
                         [[maybe_unused]] Tensor& velocity, [[maybe_unused]] float lr,
                         [[maybe_unused]] float momentum) {
  // TODO(02.7): v <- momentum * v + g;  w <- w - lr * v  (torch.optim.SGD, dampening 0).
  // Check first, before changing anything: g and velocity have w's shape (nnlab::require),
  // and 0 <= momentum < 1 (else throw ShapeError("sgd_momentum_update", "...")).
  throw nnlab::NotImplemented("02.7 sgd_momentum_update");
}

}  // namespace nnlab::mlp
