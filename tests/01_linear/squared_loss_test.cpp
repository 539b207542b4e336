// Graded tests of exercise 01.2, squared_loss and squared_loss_backward.
#include "nnlab/linear/squared_loss.hpp"

#include "nnlab/testing.hpp"

namespace nnlab::linear {
namespace {

// y_hat = [1, 2, 3], y = [1, 0, 5]: d = [0, 2, -2], sum d^2 = 8,
//   L = 8 / (2 * 3) = 4/3;  dL/dy_hat = d / 3 = [0, 2/3, -2/3].
NNLAB_TEST(SquaredLoss, HandComputed, 2) {
  const Tensor y_hat = {1, 2, 3};
  const Tensor y = {1, 0, 5};
  EXPECT_NEAR(squared_loss(y_hat, y), 4.0 / 3.0, 1e-6);  // one float rounding
  const Tensor expected = {0.0, 2.0 / 3.0, -2.0 / 3.0};
  NNLAB_EXPECT_ALLCLOSE(squared_loss_backward(y_hat, y), expected, 1e-7, 1e-6);
}

NNLAB_TEST(SquaredLoss, BackwardMatchesFiniteDifferences, 3) {
  Rng rng(3);
  const Tensor y_hat = rng.normal(Shape{7});
  const Tensor y = rng.normal(Shape{7});
  auto f = [&](const Tensor& yh) { return double(squared_loss(yh, y)); };
  // The loss is quadratic, so central differences have no truncation error; what is left is
  // float rounding of L (~1e-7) divided by 2h = 0.02: ~1e-5. Gradients are ~0.2.
  EXPECT_TRUE(testing::gradcheck(f, y_hat, squared_loss_backward(y_hat, y), 1e-4, 1e-3));
}

NNLAB_TEST(SquaredLoss, MatchesPyTorch, 2) {
  const Tensor y_hat = testing::golden("01_linear", "squared_loss_y_hat");  // (10)
  const Tensor y = testing::golden("01_linear", "squared_loss_y");          // (10)
  // Expected: 0.5 * torch mse_loss and its autograd gradient, in double. Float: ~1e-7.
  NNLAB_EXPECT_ALLCLOSE(Tensor{squared_loss(y_hat, y)},
                        testing::golden("01_linear", "squared_loss_loss"), 1e-6, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(squared_loss_backward(y_hat, y),
                        testing::golden("01_linear", "squared_loss_grad"), 1e-6, 1e-5);
}

NNLAB_TEST(SquaredLoss, RejectsMismatchedShapes, 2) {
  const Tensor a = xt::zeros<float>({4});
  const Tensor b = xt::zeros<float>({3});
  NNLAB_EXPECT_THROW_MSG(squared_loss(a, b), ShapeError, "squared_loss", "(4)", "(3)");
  NNLAB_EXPECT_THROW_MSG(squared_loss_backward(a, b), ShapeError, "squared_loss_backward", "(4)",
                         "(3)");
  // No silent broadcast of (4, 1) against (4).
  NNLAB_EXPECT_THROW_MSG(squared_loss(Tensor(xt::zeros<float>({4, 1})), a), ShapeError,
                         "squared_loss", "(4, 1)", "(4)");
}

}  // namespace
}  // namespace nnlab::linear
