// Provided code (the same in the exercise and the solution variant): the LinearRegression
// module, a thin wrapper around exercises 01.1 and 01.3.
#include "nnlab/linear/models.hpp"

#include "nnlab/errors.hpp"
#include "nnlab/linear/linreg_backward.hpp"
#include "nnlab/linear/linreg_forward.hpp"

namespace nnlab::linear {

LinearRegression::LinearRegression(std::size_t num_features)
    : weight(Tensor(xt::zeros<float>({num_features}))), bias(Tensor(xt::zeros<float>({1}))) {
  register_param("weight", weight);
  register_param("bias", bias);
}

LinearRegression::LinearRegression(std::size_t num_features, Rng& rng, float init_std)
    : weight(rng.normal(Shape{num_features}, 0.0f, init_std)),
      bias(Tensor(xt::zeros<float>({1}))) {
  register_param("weight", weight);
  register_param("bias", bias);
}

// x: (N, D) -> y_hat: (N)
Tensor LinearRegression::forward(const Tensor& x) {
  Tensor y_hat = linreg_forward(x, weight.value, bias.value);
  x_ = x;
  has_input_ = true;
  return y_hat;
}

// dy: (N) -> dx: (N, D); dw, db are added into the gradients
Tensor LinearRegression::backward(const Tensor& dy) {
  if (!has_input_) throw ShapeError("LinearRegression::backward", "called before forward");
  LinregGrads g = linreg_backward(dy, x_, weight.value);
  weight.grad += g.dw;
  bias.grad += g.db;
  return g.dx;
}

std::string LinearRegression::describe() const {
  return "LinearRegression(" + std::to_string(weight.value.size()) + " -> 1)";
}

}  // namespace nnlab::linear
