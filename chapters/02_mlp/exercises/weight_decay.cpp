// Exercise 02.6 — weight decay.  Contract: include/nnlab/mlp/weight_decay.hpp
// Check with `./nnlab check 02.6`; stuck? `./nnlab hint 02.6`.
#include "nnlab/mlp/weight_decay.hpp"

#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

// R = lambda/2 sum_weights ||w||^2
float l2_penalty([[maybe_unused]] const std::vector<NamedParam>& params,
                 [[maybe_unused]] float lambda) {
  // TODO(02.6): sum the squares of every value of each param whose name ends in "weight"
  // (in double), times lambda / 2. Biases are not decayed. Reject lambda < 0.
  throw nnlab::NotImplemented("02.6 l2_penalty");
}

// grad += lambda w, weights only
void add_l2_grad([[maybe_unused]] const std::vector<NamedParam>& params,
                 [[maybe_unused]] float lambda) {
  // TODO(02.6): for each param named "...weight": p.param->grad += lambda * p.param->value.
  throw nnlab::NotImplemented("02.6 add_l2_grad");
}

// w -= lr lambda w, weights only
void decoupled_weight_decay([[maybe_unused]] const std::vector<NamedParam>& params,
                            [[maybe_unused]] float lr, [[maybe_unused]] float lambda) {
  // TODO(02.6): for each param named "...weight": value -= lr * lambda * value. The gradient
  // is not touched. Reject lr < 0 or lambda < 0.
  throw nnlab::NotImplemented("02.6 decoupled_weight_decay");
}

}  // namespace nnlab::mlp
