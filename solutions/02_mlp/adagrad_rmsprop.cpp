// Exercise 02.8 — reference solution.
#include "nnlab/mlp/adagrad_rmsprop.hpp"

#include <string>

#include <xtensor/xmath.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

void adagrad_update(Tensor& w, const Tensor& g, Tensor& sum_sq, float lr, float eps) {
  const char* fn = "adagrad_update";
  require(g.shape() == w.shape(), fn, "w", w, "g", g, "g must have w's shape");
  require(sum_sq.shape() == w.shape(), fn, "w", w, "sum_sq", sum_sq,
          "sum_sq must have w's shape");
  sum_sq += g * g;                           // s <- s + g^2
  w -= lr * g / (xt::sqrt(sum_sq) + eps);    // eps outside the root, as torch
}

void rmsprop_update(Tensor& w, const Tensor& g, Tensor& sq_avg, float lr, float alpha, float eps) {
  const char* fn = "rmsprop_update";
  require(g.shape() == w.shape(), fn, "w", w, "g", g, "g must have w's shape");
  require(sq_avg.shape() == w.shape(), fn, "w", w, "sq_avg", sq_avg,
          "sq_avg must have w's shape");
  if (!(alpha >= 0.0f && alpha < 1.0f)) {
    throw ShapeError(fn, "alpha must be in [0, 1), got " + std::to_string(alpha));
  }
  sq_avg = alpha * sq_avg + (1.0f - alpha) * g * g;  // a <- alpha a + (1 - alpha) g^2
  w -= lr * g / (xt::sqrt(sq_avg) + eps);
}

}  // namespace nnlab::mlp
