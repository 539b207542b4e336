// Graded tests of exercise 02.4, inverted dropout.
#include "nnlab/mlp/dropout.hpp"

#include <cmath>

#include <xtensor/xmath.hpp>

#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

// p = 0.5 with Rng(9): the mask is what one uniform draw per element in row-major order gives,
// u >= 0.5 -> 1 / (1 - 0.5) = 2, else 0. In evaluation y = x, the mask is ones and no number
// is drawn; with p = 0 in training every u >= 0, so the mask is ones too.
NNLAB_TEST(Dropout, HandComputed, 2) {
  const Tensor x = {{1, -2, 3, 4}, {0.5, 6, -7, 8}, {9, 10, 11, -12}};
  Rng rng(9), draws(9);
  Tensor mask;
  const Tensor y = dropout_forward(x, 0.5f, true, rng, mask);
  Tensor expected_mask = xt::zeros<float>({3, 4});
  for (auto& m : expected_mask) m = draws.uniform() >= 0.5f ? 2.0f : 0.0f;
  // Exact: 0 or 2 times small integers.
  NNLAB_EXPECT_ALLCLOSE(mask, expected_mask, 0, 0);
  NNLAB_EXPECT_ALLCLOSE(y, x * expected_mask, 0, 0);

  Rng eval_rng(9), fresh(9);
  const Tensor y_eval = dropout_forward(x, 0.5f, false, eval_rng, mask);
  NNLAB_EXPECT_ALLCLOSE(y_eval, x, 0, 0);
  NNLAB_EXPECT_ALLCLOSE(mask, Tensor(xt::ones<float>({3, 4})), 0, 0);
  EXPECT_EQ(eval_rng.next_u64(), fresh.next_u64()) << "  evaluation must not draw numbers";

  Rng rng0(10);
  NNLAB_EXPECT_ALLCLOSE(dropout_forward(x, 0.0f, true, rng0, mask), x, 0, 0);
  NNLAB_EXPECT_ALLCLOSE(mask, Tensor(xt::ones<float>({3, 4})), 0, 0);
}

// 100 000 elements, p = 0.3: the kept share is Binomial(1e5, 0.7) / 1e5, standard deviation
// sqrt(0.7 * 0.3 / 1e5) = 1.45e-3; we allow 5 of them (7.3e-3; false alarm < 1e-6). Every kept
// value is 1 / 0.7, so for x = 1 the mean output is kept share / 0.7 = 1 +- 1.04e-2.
NNLAB_TEST(Dropout, KeptShareWithinBounds, 2) {
  Rng rng(204);
  const Tensor x = xt::ones<float>({100, 1000});
  Tensor mask;
  const Tensor y = dropout_forward(x, 0.3f, true, rng, mask);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < mask.size(); ++i) {
    const float m = mask.data()[i];
    ASSERT_TRUE(m == 0.0f || std::abs(m - 1.0f / 0.7f) < 1e-6f) << "  mask value " << m;
    if (m != 0.0f) ++kept;
  }
  const double share = double(kept) / double(mask.size());
  EXPECT_NEAR(share, 0.7, 7.3e-3);
  EXPECT_NEAR(double(xt::mean(y)()), 1.0, 1.04e-2);
}

// L = <dropout(x), g> with the mask fixed by re-seeding the generator on every call.
NNLAB_TEST(Dropout, BackwardMatchesFiniteDifferences, 2) {
  Rng rng(205);
  const Tensor x = rng.normal(Shape{4, 6});
  const Tensor g = rng.normal(Shape{4, 6});
  Tensor mask;
  Rng r0(7);
  dropout_forward(x, 0.4f, true, r0, mask);
  const Tensor dx = dropout_backward(g, mask);
  auto f = [&](const Tensor& t) {
    Rng r(7);
    Tensor m;
    return nnlab::testing::dot(dropout_forward(t, 0.4f, true, r, m), g);
  };
  // L is linear in x: only the float rounding of x * m (~1e-7 of ~3) over 2h = 0.02 remains.
  EXPECT_TRUE(nnlab::testing::gradcheck(f, x, dx, 1e-4, 1e-4));
}

NNLAB_TEST(Dropout, MatchesPyTorch, 2) {
  const Tensor x = nnlab::testing::golden("02_mlp", "dropout_x");  // (4, 5)
  const Tensor dy = nnlab::testing::golden("02_mlp", "dropout_dy");
  Rng rng(5);
  Tensor mask;
  const Tensor y = dropout_forward(x, 0.3f, true, rng, mask);
  // The mask from a Python model of Rng(5) (exact), y = x * mask and its backward by torch
  // in double: one float product, ~1e-7 relative.
  NNLAB_EXPECT_ALLCLOSE(mask, nnlab::testing::golden("02_mlp", "dropout_mask"), 0, 1e-7);
  NNLAB_EXPECT_ALLCLOSE(y, nnlab::testing::golden("02_mlp", "dropout_y"), 1e-7, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(dropout_backward(dy, mask), nnlab::testing::golden("02_mlp", "dropout_dx"),
                        1e-7, 1e-6);
}

NNLAB_TEST(Dropout, RejectsBadInput, 1) {
  const Tensor x = xt::zeros<float>({2, 3});
  Rng rng(1);
  Tensor mask;
  NNLAB_EXPECT_THROW_MSG(dropout_forward(x, 1.0f, true, rng, mask), ShapeError,
                         "dropout_forward", "p = 1");
  NNLAB_EXPECT_THROW_MSG(dropout_forward(x, -0.1f, false, rng, mask), ShapeError,
                         "dropout_forward", "p = -0.1");
  NNLAB_EXPECT_THROW_MSG(dropout_backward(x, Tensor(xt::ones<float>({3, 2}))), ShapeError,
                         "dropout_backward", "(2, 3)", "(3, 2)");
}

}  // namespace
}  // namespace nnlab::mlp
