// Graded tests of exercise 01.3, linreg_backward.
#include "nnlab/linear/linreg_backward.hpp"

#include "nnlab/testing.hpp"

namespace nnlab::linear {
namespace {

// L = <x w + b, g> in double: its gradients are exactly what linreg_backward(g, x, w) returns.
// Written here rather than through linreg_forward so that 01.3 is graded on its own.
double reference_loss(const Tensor& x, const Tensor& w, const Tensor& b, const Tensor& g) {
  double L = 0.0;
  for (std::size_t n = 0; n < x.shape(0); ++n) {
    double y = b(0);
    for (std::size_t d = 0; d < x.shape(1); ++d) y += double(x(n, d)) * double(w(d));
    L += y * double(g(n));
  }
  return L;
}

// x = [[1, 2], [3, 4]], w = [0.5, -1], dy = [1, -2]:
//   dx = dy w^T = [[0.5, -1], [-1, 2]]
//   dw = x^T dy = [1*1 + 3*(-2), 2*1 + 4*(-2)] = [-5, -6]
//   db = 1 - 2 = -1
NNLAB_TEST(LinregBackward, HandComputed, 2) {
  const Tensor x = {{1, 2}, {3, 4}};
  const Tensor w = {0.5, -1};
  const Tensor dy = {1, -2};
  const LinregGrads g = linreg_backward(dy, x, w);
  // Small integers and halves: exact in float.
  NNLAB_EXPECT_ALLCLOSE(g.dx, Tensor({{0.5, -1}, {-1, 2}}), 1e-6, 0.0);
  NNLAB_EXPECT_ALLCLOSE(g.dw, Tensor({-5, -6}), 1e-6, 0.0);
  NNLAB_EXPECT_ALLCLOSE(g.db, Tensor({-1}), 1e-6, 0.0);
}

NNLAB_TEST(LinregBackward, MatchesFiniteDifferences, 3) {
  Rng rng(5);
  const Tensor x = rng.normal(Shape{5, 3});
  const Tensor w = rng.normal(Shape{3});
  const Tensor b = rng.normal(Shape{1});
  const Tensor g = rng.normal(Shape{5});
  const LinregGrads grads = linreg_backward(g, x, w);
  // L is linear in each argument and evaluated in double: central differences are exact up to
  // the float rounding of x + h (relative step error ~1e-5), so gradients of size ~1-3 are
  // matched to ~1e-4.
  EXPECT_TRUE(testing::gradcheck([&](const Tensor& t) { return reference_loss(t, w, b, g); }, x,
                                 grads.dx, 1e-4, 1e-3))
      << "  dx";
  EXPECT_TRUE(testing::gradcheck([&](const Tensor& t) { return reference_loss(x, t, b, g); }, w,
                                 grads.dw, 1e-4, 1e-3))
      << "  dw";
  EXPECT_TRUE(testing::gradcheck([&](const Tensor& t) { return reference_loss(x, w, t, g); }, b,
                                 grads.db, 1e-4, 1e-3))
      << "  db";
}

NNLAB_TEST(LinregBackward, MatchesPyTorch, 2) {
  const Tensor x = testing::golden("01_linear", "linreg_backward_x");    // (6, 4)
  const Tensor w = testing::golden("01_linear", "linreg_backward_w");    // (4)
  const Tensor dy = testing::golden("01_linear", "linreg_backward_dy");  // (6)
  const LinregGrads g = linreg_backward(dy, x, w);
  // torch autograd in double; float sums of <= 6 terms: ~1e-6.
  NNLAB_EXPECT_ALLCLOSE(g.dx, testing::golden("01_linear", "linreg_backward_dx"), 1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(g.dw, testing::golden("01_linear", "linreg_backward_dw"), 1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(g.db, testing::golden("01_linear", "linreg_backward_db"), 1e-5, 1e-5);
}

NNLAB_TEST(LinregBackward, RejectsBadShapes, 2) {
  const Tensor x = xt::zeros<float>({4, 3});
  const Tensor w = xt::zeros<float>({3});
  // dy has N = 3 entries but x has N = 4 rows.
  NNLAB_EXPECT_THROW_MSG(linreg_backward(Tensor(xt::zeros<float>({3})), x, w), ShapeError,
                         "linreg_backward", "(3)", "(4, 3)");
  // w of length 2 for D = 3.
  NNLAB_EXPECT_THROW_MSG(linreg_backward(Tensor(xt::zeros<float>({4})), x,
                                         Tensor(xt::zeros<float>({2}))),
                         ShapeError, "linreg_backward", "(4, 3)", "(2)");
}

}  // namespace
}  // namespace nnlab::linear
