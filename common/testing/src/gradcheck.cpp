#include <fmt/format.h>

#include "nnlab/testing.hpp"

namespace nnlab::testing {

double dot(const Tensor& a, const Tensor& b) {
  if (shape_of(a) != shape_of(b)) {
    throw ShapeError("testing::dot", "a", shape_of(a), "b", shape_of(b), "shapes must be equal");
  }
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += double(a.data()[i]) * double(b.data()[i]);
  return s;
}

xt::xarray<double> numerical_gradient(const std::function<double(const Tensor&)>& f,
                                      const Tensor& x, double h) {
  xt::xarray<double> grad = xt::zeros<double>(x.shape());
  Tensor xp = x;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float orig = xp.data()[i];
    xp.data()[i] = static_cast<float>(orig + h);
    const double up = f(xp);
    xp.data()[i] = static_cast<float>(orig - h);
    const double down = f(xp);
    xp.data()[i] = orig;
    // Divide by the step actually taken in float, not the nominal h.
    const double step = double(static_cast<float>(orig + h)) - double(static_cast<float>(orig - h));
    grad.data()[i] = (up - down) / step;
  }
  return grad;
}

::testing::AssertionResult gradcheck(const std::function<double(const Tensor&)>& f,
                                     const Tensor& x, const Tensor& analytic, double atol,
                                     double rtol, double h) {
  if (shape_of(analytic) != shape_of(x)) {
    return ::testing::AssertionFailure() << "the analytic gradient has shape "
                                         << shape_str_of(analytic) << " but x has shape "
                                         << shape_str_of(x);
  }
  const xt::xarray<double> numeric = numerical_gradient(f, x, h);
  const xt::xarray<double> a = xt::cast<double>(analytic);
  auto r = all_close(a, numeric, atol, rtol);
  if (!r) r << " (analytic vs central differences with h = " << h << ")";
  return r;
}

::testing::AssertionResult gradcheck_module(Module& module, const Tensor& x, Rng& rng,
                                            double atol, double rtol, double h) {
  const Tensor y = module.forward(x);
  const Tensor g = rng.normal(shape_of(y));
  module.zero_grad();
  const Tensor dx = module.backward(g);
  auto loss = [&](const Tensor& input) { return dot(module.forward(input), g); };

  auto r = gradcheck(loss, x, dx, atol, rtol, h);
  if (!r) return r << " for the input gradient dx of " << module.describe();
  for (auto& np : module.params()) {
    Param& p = *np.param;
    const Tensor analytic = p.grad;
    const Tensor saved = p.value;
    auto loss_p = [&](const Tensor& value) {
      p.value = value;
      return dot(module.forward(x), g);
    };
    r = gradcheck(loss_p, saved, analytic, atol, rtol, h);
    p.value = saved;
    if (!r) return r << " for parameter '" << np.name << "' of " << module.describe();
  }
  return ::testing::AssertionSuccess();
}

}  // namespace nnlab::testing
