// Graded tests of exercise 02.5, Xavier-uniform and He-normal initialisation.
// (No gradient check: initialisers have no backward pass.)
#include "nnlab/mlp/init.hpp"

#include <cmath>

#include <xtensor/xmath.hpp>

#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

// xavier_uniform(2, 4): a = sqrt(6 / 6) = 1, so W is exactly rng.uniform({2, 4}, -1, 1) from the
// same seed. he_normal(8, 3): std = sqrt(2 / 8) = 0.5, W is rng.normal({8, 3}, 0, 0.5).
NNLAB_TEST(Init, HandComputed, 2) {
  Rng rng(31), ref(31);
  const Tensor W = xavier_uniform(2, 4, rng);
  ASSERT_EQ(shape_of(W), Shape({2, 4}));
  NNLAB_EXPECT_ALLCLOSE(W, ref.uniform({2, 4}, -1.0f, 1.0f), 1e-7, 1e-6);
  Rng rng2(32), ref2(32);
  const Tensor H = he_normal(8, 3, rng2);
  ASSERT_EQ(shape_of(H), Shape({8, 3}));
  NNLAB_EXPECT_ALLCLOSE(H, ref2.normal({8, 3}, 0.0f, 0.5f), 1e-7, 1e-6);
}

// fan_in = 200, fan_out = 300: 60 000 draws from U(-a, a), a = sqrt(6 / 500) = 0.10954.
// Var = a^2 / 3 = 0.004. The sample mean has std sqrt(0.004 / 6e4) = 2.6e-4: bound 5 std
// = 1.3e-3. The sample second moment has relative std sqrt((a^4/5 - a^4/9) / 6e4) / (a^2/3)
// = 3.7e-3: bound 2% (5.4 std). Every draw lies in [-a, a]; the extremes come within 1% of
// +-a (missing that has probability 0.995^6e4 ~ 1e-130).
NNLAB_TEST(Init, XavierStatistics, 2) {
  Rng rng(206);
  const Tensor W = xavier_uniform(200, 300, rng);
  ASSERT_EQ(shape_of(W), Shape({200, 300}));
  const double a = std::sqrt(6.0 / 500.0);
  EXPECT_NEAR(double(xt::mean(W)()), 0.0, 1.3e-3);
  const double second = double(xt::mean(W * W)());
  EXPECT_NEAR(second / (a * a / 3.0), 1.0, 0.02);
  EXPECT_LE(double(xt::amax(W)()), a);
  EXPECT_GE(double(xt::amin(W)()), -a);
  EXPECT_GE(double(xt::amax(W)()), 0.99 * a);
  EXPECT_LE(double(xt::amin(W)()), -0.99 * a);
}

// fan_in = 400, fan_out = 150: 60 000 draws from N(0, 2/400), std s = 0.0707. Sample mean std
// s / sqrt(6e4) = 2.9e-4: bound 1.45e-3 (5 std). Sample variance relative std sqrt(2 / 6e4)
// = 5.8e-3: bound 3% (5.2 std). Share within one std: 0.6827, std sqrt(0.68 * 0.32 / 6e4)
// = 1.9e-3: bound 1e-2 (5.3 std) -- a uniform of the same variance would give 0.577.
NNLAB_TEST(Init, HeNormalStatistics, 2) {
  Rng rng(207);
  const Tensor W = he_normal(400, 150, rng);
  ASSERT_EQ(shape_of(W), Shape({400, 150}));
  const double s = std::sqrt(2.0 / 400.0);
  EXPECT_NEAR(double(xt::mean(W)()), 0.0, 1.45e-3);
  EXPECT_NEAR(double(xt::mean(W * W)()) / (s * s), 1.0, 0.03);
  std::size_t within = 0;
  for (float v : W) within += std::abs(v) < s ? 1 : 0;
  EXPECT_NEAR(double(within) / double(W.size()), 0.6827, 1e-2);
}

NNLAB_TEST(Init, MatchesPyTorch, 2) {
  // Draws from a Python model of Rng(11) / Rng(12) scaled by the bound and std that
  // torch.nn.init uses (xavier_uniform_ gain 1; kaiming_normal_ fan_in, relu gain sqrt 2).
  // Same float arithmetic on both sides: 1e-7 absolute, 1e-6 relative.
  Rng rng(11);
  NNLAB_EXPECT_ALLCLOSE(xavier_uniform(3, 5, rng), nnlab::testing::golden("02_mlp", "init_xavier"),
                        1e-7, 1e-6);
  Rng rng2(12);
  NNLAB_EXPECT_ALLCLOSE(he_normal(4, 3, rng2), nnlab::testing::golden("02_mlp", "init_he"), 1e-7,
                        1e-6);
}

NNLAB_TEST(Init, RejectsZeroFan, 1) {
  Rng rng(1);
  NNLAB_EXPECT_THROW_MSG(xavier_uniform(0, 3, rng), ShapeError, "xavier_uniform", "fan_in = 0");
  NNLAB_EXPECT_THROW_MSG(he_normal(3, 0, rng), ShapeError, "he_normal", "fan_out = 0");
}

}  // namespace
}  // namespace nnlab::mlp
