// Exercise 01.5 — reference solution.
#include "nnlab/linear/sgd.hpp"

#include "nnlab/errors.hpp"

namespace nnlab::linear {

void sgd_step(const std::vector<NamedParam>& params, float lr) {
  // Check every parameter first, so that an error leaves the model untouched.
  for (const NamedParam& p : params) {
    require(p.param->grad.shape() == p.param->value.shape(), "sgd_step", p.name + ".value",
            p.param->value, p.name + ".grad", p.param->grad,
            "a parameter's grad must have the shape of its value");
  }
  for (const NamedParam& p : params) {
    p.param->value -= lr * p.param->grad;  // theta <- theta - lr * dL/dtheta
  }
}

}  // namespace nnlab::linear
