// Exercise 02.9 — reference solution.
#include "nnlab/mlp/adam.hpp"

#include <cmath>
#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

void adam_update(Tensor& w, const Tensor& g, Tensor& m, Tensor& v, std::int64_t t, float lr,
                 float beta1, float beta2, float eps, float weight_decay, bool decoupled) {
  const char* fn = "adam_update";
  require(g.shape() == w.shape(), fn, "w", w, "g", g, "g must have w's shape");
  require(m.shape() == w.shape(), fn, "w", w, "m", m, "m must have w's shape");
  require(v.shape() == w.shape(), fn, "w", w, "v", v, "v must have w's shape");
  if (!(beta1 >= 0.0f && beta1 < 1.0f)) {
    throw ShapeError(fn, "beta1 must be in [0, 1), got " + std::to_string(beta1));
  }
  if (!(beta2 >= 0.0f && beta2 < 1.0f)) {
    throw ShapeError(fn, "beta2 must be in [0, 1), got " + std::to_string(beta2));
  }
  if (t < 1) throw ShapeError(fn, "the step t is 1-based, got " + std::to_string(t));

  const double bc1 = 1.0 - std::pow(double(beta1), double(t));
  const double bc2 = 1.0 - std::pow(double(beta2), double(t));
  const float step_size = float(lr / bc1);
  const float bc2_sqrt = float(std::sqrt(bc2));
  // One pass over the four buffers, element by element, in place: no temporaries.
  float* wp = w.data();
  float* mp = m.data();
  float* vp = v.data();
  const float* gp = g.data();
  for (std::size_t i = 0; i < w.size(); ++i) {
    float grad = gp[i];
    if (decoupled) {
      wp[i] *= 1.0f - lr * weight_decay;  // AdamW: decay the weights directly
    } else if (weight_decay != 0.0f) {
      grad += weight_decay * wp[i];  // Adam: L2 penalty folded into the gradient
    }
    mp[i] = beta1 * mp[i] + (1.0f - beta1) * grad;
    vp[i] = beta2 * vp[i] + (1.0f - beta2) * grad * grad;
    wp[i] -= step_size * mp[i] / (std::sqrt(vp[i]) / bc2_sqrt + eps);
  }
}

}  // namespace nnlab::mlp
