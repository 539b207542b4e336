// Graded tests of exercise 01.1, linreg_forward.
#include "nnlab/linear/linreg_forward.hpp"

#include "nnlab/testing.hpp"

namespace nnlab::linear {
namespace {

// x = [[1, 2], [3, 4], [0, -1]], w = [0.5, -1], b = [2]:
//   y_hat[0] = 1*0.5 + 2*(-1) + 2    =  0.5
//   y_hat[1] = 3*0.5 + 4*(-1) + 2    = -0.5
//   y_hat[2] = 0*0.5 + (-1)*(-1) + 2 =  3
NNLAB_TEST(LinregForward, HandComputed, 2) {
  const Tensor x = {{1, 2}, {3, 4}, {0, -1}};
  const Tensor w = {0.5, -1};
  const Tensor b = {2};
  const Tensor expected = {0.5, -0.5, 3};
  // Halves and small integers: exact in float, up to one rounding per product.
  NNLAB_EXPECT_ALLCLOSE(linreg_forward(x, w, b), expected, 1e-6, 0.0);
}

// Random sizes against a plain loop in double, including N = 1 and D = 1.
NNLAB_TEST(LinregForward, MatchesLoopInDouble, 2) {
  Rng rng(11);
  for (auto [N, D] : {std::pair<std::size_t, std::size_t>{1, 1}, {37, 5}, {4, 1}, {1, 6}}) {
    const Tensor x = rng.normal(Shape{N, D});
    const Tensor w = rng.normal(Shape{D});
    const Tensor b = rng.normal(Shape{1});
    Tensor expected = xt::zeros<float>({N});
    for (std::size_t n = 0; n < N; ++n) {
      double s = b(0);
      for (std::size_t d = 0; d < D; ++d) s += double(x(n, d)) * double(w(d));
      expected(n) = static_cast<float>(s);
    }
    const Tensor y_hat = linreg_forward(x, w, b);
    // A float dot product of <= 6 terms of size ~1: rounding error ~1e-6.
    NNLAB_EXPECT_ALLCLOSE(y_hat, expected, 1e-5, 1e-5) << "  N = " << N << ", D = " << D;
  }
}

NNLAB_TEST(LinregForward, MatchesPyTorch, 2) {
  const Tensor x = testing::golden("01_linear", "linreg_forward_x");  // (8, 3)
  const Tensor w = testing::golden("01_linear", "linreg_forward_w");  // (3)
  const Tensor b = testing::golden("01_linear", "linreg_forward_b");  // (1)
  // PyTorch computed in double from the same float inputs; float error ~1e-6.
  NNLAB_EXPECT_ALLCLOSE(linreg_forward(x, w, b), testing::golden("01_linear", "linreg_forward_y"),
                        1e-5, 1e-5);
}

NNLAB_TEST(LinregForward, RejectsBadShapes, 2) {
  const Tensor x = xt::zeros<float>({4, 3});
  const Tensor w3 = xt::zeros<float>({3});
  const Tensor b1 = xt::zeros<float>({1});
  // w of length 2 for D = 3 features.
  NNLAB_EXPECT_THROW_MSG(linreg_forward(x, Tensor(xt::zeros<float>({2})), b1), ShapeError,
                         "linreg_forward", "(4, 3)", "(2)");
  // b must be (1).
  NNLAB_EXPECT_THROW_MSG(linreg_forward(x, w3, Tensor(xt::zeros<float>({2}))), ShapeError,
                         "linreg_forward", "(2)");
  // x must be 2-D.
  NNLAB_EXPECT_THROW_MSG(linreg_forward(Tensor(xt::zeros<float>({3})), w3, b1), ShapeError,
                         "linreg_forward", "(3)");
}

}  // namespace
}  // namespace nnlab::linear
