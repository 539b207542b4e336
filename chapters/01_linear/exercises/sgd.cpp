// Exercise 01.5 — SGD step.  Contract: include/nnlab/linear/sgd.hpp
// Check with `./nnlab check 01.5`; stuck? `./nnlab hint 01.5`.
#include "nnlab/linear/sgd.hpp"

#include "nnlab/errors.hpp"

namespace nnlab::linear {

void sgd_step([[maybe_unused]] const std::vector<NamedParam>& params, [[maybe_unused]] float lr) {
  // TODO(01.5): for every parameter p: p.param->value -= lr * p.param->grad.
  // First loop over all parameters and check that grad has value's shape (the error names
  // p.name), and only then update: a failed call must leave every parameter unchanged.
  throw nnlab::NotImplemented("01.5 sgd_step");
}

}  // namespace nnlab::linear
