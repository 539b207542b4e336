// Exercise 02.6 — reference solution.
#include "nnlab/mlp/weight_decay.hpp"

#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

namespace {
bool decayed(const NamedParam& p) {
  const std::string suffix = "weight";
  return p.name.size() >= suffix.size() &&
         p.name.compare(p.name.size() - suffix.size(), suffix.size(), suffix) == 0;
}
void check_nonneg(const char* function, const char* what, float v) {
  if (!(v >= 0.0f)) {
    throw ShapeError(function, std::string(what) + " = " + std::to_string(v) + " must be >= 0");
  }
}
}  // namespace

// R = lambda/2 sum_weights ||w||^2
float l2_penalty(const std::vector<NamedParam>& params, float lambda) {
  check_nonneg("l2_penalty", "lambda", lambda);
  double sum = 0.0;
  for (const auto& p : params) {
    if (!decayed(p)) continue;
    for (float v : p.param->value) sum += double(v) * double(v);
  }
  return static_cast<float>(0.5 * lambda * sum);
}

// grad += lambda w, weights only
void add_l2_grad(const std::vector<NamedParam>& params, float lambda) {
  check_nonneg("add_l2_grad", "lambda", lambda);
  for (const auto& p : params) {
    if (!decayed(p)) continue;
    require(p.param->grad.shape() == p.param->value.shape(), "add_l2_grad", p.name + ".grad",
            p.param->grad, p.name, p.param->value, "grad must have the shape of the value");
    p.param->grad += lambda * p.param->value;
  }
}

// w -= lr lambda w, weights only
void decoupled_weight_decay(const std::vector<NamedParam>& params, float lr, float lambda) {
  check_nonneg("decoupled_weight_decay", "lr", lr);
  check_nonneg("decoupled_weight_decay", "lambda", lambda);
  for (const auto& p : params) {
    if (!decayed(p)) continue;
    p.param->value *= 1.0f - lr * lambda;
  }
}

}  // namespace nnlab::mlp
