// Exercise 02.11 — reference solution.
#include "nnlab/mlp/grad_clip.hpp"

#include <cmath>
#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

// norm = sqrt(sum of all g^2); if max_norm / (norm + 1e-6) < 1, g *= that factor
float clip_grad_norm(const std::vector<NamedParam>& params, float max_norm) {
  if (!(max_norm > 0.0f)) {
    throw ShapeError("clip_grad_norm",
                     "max_norm = " + std::to_string(max_norm) + " must be > 0");
  }
  for (const auto& p : params) {
    require(p.param->grad.shape() == p.param->value.shape(), "clip_grad_norm", p.name + ".grad",
            p.param->grad, p.name, p.param->value, "grad must have the shape of the value");
  }
  double sum = 0.0;
  for (const auto& p : params) {
    for (float g : p.param->grad) sum += double(g) * double(g);
  }
  const double norm = std::sqrt(sum);
  const double coef = double(max_norm) / (norm + 1e-6);
  if (coef < 1.0) {
    const auto c = static_cast<float>(coef);
    for (const auto& p : params) p.param->grad *= c;
  }
  return static_cast<float>(norm);
}

}  // namespace nnlab::mlp
