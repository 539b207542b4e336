// Graded tests of exercise 01.11, l1_loss and huber_loss with their gradients.
#include "nnlab/linear/robust_losses.hpp"

#include "nnlab/testing.hpp"

namespace nnlab::linear {
namespace {

// ---- L1 --------------------------------------------------------------------------------

// y_hat = [1, 2, 3, 4], y = [2, 2, 0, 4.5]: d = [-1, 0, 3, -0.5],
//   L = (1 + 0 + 3 + 0.5) / 4 = 1.125;  grad = sign(d) / 4 = [-0.25, 0, 0.25, -0.25].
NNLAB_TEST(L1Loss, HandComputed, 2) {
  const Tensor y_hat = {1, 2, 3, 4};
  const Tensor y = {2, 2, 0, 4.5};
  EXPECT_NEAR(l1_loss(y_hat, y), 1.125, 1e-6);  // exact in float
  NNLAB_EXPECT_ALLCLOSE(l1_loss_backward(y_hat, y), Tensor({-0.25, 0, 0.25, -0.25}), 1e-7, 0.0);
}

NNLAB_TEST(L1Loss, BackwardMatchesFiniteDifferences, 2) {
  Rng rng(12);
  const Tensor y_hat = rng.normal(Shape{9});
  // Differences of size 0.1-1 with random signs: central differences with h = 1e-2 never
  // cross the kink at d = 0, where |d| is not differentiable.
  Tensor y = y_hat;
  for (std::size_t n = 0; n < y.size(); ++n) {
    const float size = rng.uniform(0.1f, 1.0f);
    y(n) += rng.uniform() < 0.5f ? size : -size;
  }
  auto f = [&](const Tensor& t) { return double(l1_loss(t, y)); };
  // Piecewise linear: no truncation error; float rounding of L (~5e-8) over 2h gives ~3e-6.
  // Gradients are +-1/9.
  EXPECT_TRUE(testing::gradcheck(f, y_hat, l1_loss_backward(y_hat, y), 1e-4, 1e-3));
}

NNLAB_TEST(L1Loss, MatchesPyTorch, 2) {
  const Tensor y_hat = testing::golden("01_linear", "l1_y_hat");  // (12), one d exactly 0
  const Tensor y = testing::golden("01_linear", "l1_y");
  // torch l1_loss and autograd (sign(0) = 0) in double; float: ~1e-7.
  NNLAB_EXPECT_ALLCLOSE(Tensor{l1_loss(y_hat, y)}, testing::golden("01_linear", "l1_loss"), 1e-6,
                        1e-5);
  NNLAB_EXPECT_ALLCLOSE(l1_loss_backward(y_hat, y), testing::golden("01_linear", "l1_grad"), 1e-7,
                        1e-6);
}

NNLAB_TEST(L1Loss, RejectsMismatchedShapes, 1) {
  const Tensor a = xt::zeros<float>({4});
  const Tensor b = xt::zeros<float>({3});
  NNLAB_EXPECT_THROW_MSG(l1_loss(a, b), ShapeError, "l1_loss", "(4)", "(3)");
  NNLAB_EXPECT_THROW_MSG(l1_loss_backward(a, b), ShapeError, "l1_loss_backward", "(4)", "(3)");
}

// ---- Huber -----------------------------------------------------------------------------

// delta = 1, y_hat = [1.5, -1, 3, 2], y = [1, 1, 2, 2]: d = [0.5, -2, 1, 0]
//   losses: 0.5*0.25 = 0.125;  1*(2 - 0.5) = 1.5;  |d| = delta: 1*(1 - 0.5) = 0.5;  0
//   L = 2.125 / 4 = 0.53125;  grad = clip(d, -1, 1) / 4 = [0.125, -0.25, 0.25, 0]
// delta = 2, y_hat = [1, -3], y = [0, 0]: d = [1, -3]
//   losses: 0.5*1 = 0.5;  2*(3 - 1) = 4;  L = 2.25;  grad = clip(d, -2, 2) / 2 = [0.5, -1]
NNLAB_TEST(HuberLoss, HandComputed, 2) {
  const Tensor y_hat = {1.5, -1, 3, 2};
  const Tensor y = {1, 1, 2, 2};
  EXPECT_NEAR(huber_loss(y_hat, y, 1.0f), 0.53125, 1e-6);  // exact in float
  NNLAB_EXPECT_ALLCLOSE(huber_loss_backward(y_hat, y, 1.0f), Tensor({0.125, -0.25, 0.25, 0}),
                        1e-7, 0.0);
  EXPECT_NEAR(huber_loss(y_hat, y), 0.53125, 1e-6) << "  the default delta is 1";
  const Tensor y_hat2 = {1, -3};
  const Tensor y2 = {0, 0};
  EXPECT_NEAR(huber_loss(y_hat2, y2, 2.0f), 2.25, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(huber_loss_backward(y_hat2, y2, 2.0f), Tensor({0.5, -1}), 1e-7, 0.0);
}

NNLAB_TEST(HuberLoss, BackwardMatchesFiniteDifferences, 3) {
  Rng rng(13);
  // Differences on both sides of delta = 1 and delta = 0.5, each at least 0.1 away from the
  // points where the loss changes piece (|d| = delta), so that h = 1e-2 never crosses them.
  const Tensor d = {-2.5, -1.2, -0.7, -0.2, 0.0, 0.3, 0.8, 1.6, 3.0};
  const Tensor y = rng.normal(Shape{9});
  const Tensor y_hat = y + d;
  for (float delta : {1.0f, 0.5f}) {
    auto f = [&](const Tensor& t) { return double(huber_loss(t, y, delta)); };
    // Each piece is quadratic or linear: no truncation error; float rounding of L (~1e-7)
    // over 2h gives ~1e-5. Gradients are up to delta/9.
    EXPECT_TRUE(testing::gradcheck(f, y_hat, huber_loss_backward(y_hat, y, delta), 1e-4, 1e-3))
        << "  delta = " << delta;
  }
}

NNLAB_TEST(HuberLoss, MatchesPyTorch, 2) {
  const Tensor y_hat = testing::golden("01_linear", "huber_y_hat");  // (16)
  const Tensor y = testing::golden("01_linear", "huber_y");
  // torch huber_loss (delta 1 and 0.5) and autograd in double; float: ~1e-7.
  NNLAB_EXPECT_ALLCLOSE(Tensor{huber_loss(y_hat, y, 1.0f)},
                        testing::golden("01_linear", "huber_loss_d1"), 1e-6, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(huber_loss_backward(y_hat, y, 1.0f),
                        testing::golden("01_linear", "huber_grad_d1"), 1e-7, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(Tensor{huber_loss(y_hat, y, 0.5f)},
                        testing::golden("01_linear", "huber_loss_d05"), 1e-6, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(huber_loss_backward(y_hat, y, 0.5f),
                        testing::golden("01_linear", "huber_grad_d05"), 1e-7, 1e-5);
}

NNLAB_TEST(HuberLoss, RejectsBadInput, 1) {
  const Tensor a = xt::zeros<float>({4});
  const Tensor b = xt::zeros<float>({3});
  NNLAB_EXPECT_THROW_MSG(huber_loss(a, b), ShapeError, "huber_loss", "(4)", "(3)");
  NNLAB_EXPECT_THROW_MSG(huber_loss_backward(a, b), ShapeError, "huber_loss_backward", "(4)",
                         "(3)");
  NNLAB_EXPECT_THROW_MSG(huber_loss(a, a, 0.0f), ShapeError, "huber_loss", "delta");
  NNLAB_EXPECT_THROW_MSG(huber_loss_backward(a, a, -1.0f), ShapeError, "huber_loss_backward",
                         "delta");
}

}  // namespace
}  // namespace nnlab::linear
