// Graded tests of exercise 01.6, normal_equation.
#include "nnlab/linear/normal_equation.hpp"

#include "nnlab/data.hpp"
#include "nnlab/testing.hpp"

namespace nnlab::linear {
namespace {

// Mean squared residual 1/(2N) sum_n (x_n w + b - y_n)^2, in double.
double residual_loss(const Tensor& x, const Tensor& y, const Tensor& w, const Tensor& b) {
  double L = 0.0;
  for (std::size_t n = 0; n < x.shape(0); ++n) {
    double r = double(b(0)) - double(y(n));
    for (std::size_t d = 0; d < x.shape(1); ++d) r += double(x(n, d)) * double(w(d));
    L += r * r;
  }
  return L / (2.0 * double(x.shape(0)));
}

// Case 1: the points (0, 1), (1, 3), (2, 5) lie on y = 2x + 1, so w = [2], b = [1].
// Case 2: (0, 1), (1, 2), (2, 2). A = [[0, 1], [1, 1], [2, 1]],
//   A^T A = [[5, 3], [3, 3]], A^T y = [6, 5], det = 6:
//   w = (3*6 - 3*5) / 6 = 1/2,  b = (5*5 - 3*6) / 6 = 7/6.
NNLAB_TEST(NormalEquation, HandComputed, 2) {
  Tensor x = {0, 1, 2};
  x.reshape({3, 1});  // (N, D) = (3, 1)
  const LinregFit line = normal_equation(x, Tensor{1, 3, 5});
  // A 2x2 system with small integer entries: float or double, ~1e-6.
  NNLAB_EXPECT_ALLCLOSE(line.w, Tensor({2}), 1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(line.b, Tensor({1}), 1e-5, 1e-5);
  const LinregFit fit = normal_equation(x, Tensor{1, 2, 2});
  NNLAB_EXPECT_ALLCLOSE(fit.w, Tensor({0.5}), 1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(fit.b, Tensor({7.0 / 6.0}), 1e-5, 1e-5);
}

// At the least-squares solution the gradient of the squared residual is zero. Central
// differences of the double-precision loss at the returned w and b must vanish.
NNLAB_TEST(NormalEquation, GradientVanishesAtSolution, 2) {
  Rng rng(4);
  const Tensor x = rng.normal(Shape{30, 3});
  const Tensor y = rng.normal(Shape{30}, 0.0f, 2.0f);
  const LinregFit fit = normal_equation(x, y);
  ASSERT_EQ(shape_of(fit.w), Shape({3}));
  ASSERT_EQ(shape_of(fit.b), Shape({1}));
  const xt::xarray<double> dw = testing::numerical_gradient(
      [&](const Tensor& w) { return residual_loss(x, y, w, fit.b); }, fit.w);
  const xt::xarray<double> db = testing::numerical_gradient(
      [&](const Tensor& b) { return residual_loss(x, y, fit.w, b); }, fit.b);
  // Rounding the exact solution to float moves it by ~1e-7, which leaves a gradient ~1e-7;
  // the loss is quadratic, so central differences add only float-step rounding (~1e-6).
  // Any other w, b off by 0.01 gives a gradient of ~0.01.
  EXPECT_TRUE(testing::all_close(dw, xt::zeros<double>({3}), 1e-4, 0.0)) << "  dL/dw";
  EXPECT_TRUE(testing::all_close(db, xt::zeros<double>({1}), 1e-4, 0.0)) << "  dL/db";
}

// The chapter's regression set: w = [2, -3.4], b = 4.2, noise 0.01, N = 1000.
NNLAB_TEST(NormalEquation, RecoversSyntheticWeights, 2) {
  Rng rng(42);
  const RegressionData data = synthetic_regression(Tensor{2.0, -3.4}, 4.2f, 1000, 0.01f, rng);
  const LinregFit fit = normal_equation(data.x, data.y);
  // The standard error of each estimate is ~0.01 / sqrt(1000) = 3e-4; 5e-3 is > 10 of them.
  NNLAB_EXPECT_ALLCLOSE(fit.w, Tensor({2.0, -3.4}), 5e-3, 0.0);
  NNLAB_EXPECT_ALLCLOSE(fit.b, Tensor({4.2}), 5e-3, 0.0);
}

NNLAB_TEST(NormalEquation, MatchesPyTorch, 2) {
  const Tensor x = testing::golden("01_linear", "normal_equation_x");  // (20, 3)
  const Tensor y = testing::golden("01_linear", "normal_equation_y");  // (20)
  const LinregFit fit = normal_equation(x, y);
  // torch.linalg.lstsq on [x 1] in double. A well-conditioned 4x4 system: solving it in
  // float loses ~1e-5; 1e-3 leaves room for any reasonable float method.
  NNLAB_EXPECT_ALLCLOSE(fit.w, testing::golden("01_linear", "normal_equation_w"), 1e-3, 1e-3);
  NNLAB_EXPECT_ALLCLOSE(fit.b, testing::golden("01_linear", "normal_equation_b"), 1e-3, 1e-3);
}

NNLAB_TEST(NormalEquation, RejectsBadShapes, 2) {
  // 2 samples cannot determine 3 weights and a bias.
  NNLAB_EXPECT_THROW_MSG(normal_equation(Tensor(xt::zeros<float>({2, 3})),
                                         Tensor(xt::zeros<float>({2}))),
                         ShapeError, "normal_equation", "(2, 3)");
  // y of length 5 for 4 samples.
  NNLAB_EXPECT_THROW_MSG(normal_equation(Tensor(xt::zeros<float>({4, 3})),
                                         Tensor(xt::zeros<float>({5}))),
                         ShapeError, "normal_equation", "(4, 3)", "(5)");
}

}  // namespace
}  // namespace nnlab::linear
