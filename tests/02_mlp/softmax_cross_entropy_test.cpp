// Graded tests of exercise 02.3, the fused softmax cross-entropy.
#include "nnlab/mlp/softmax_cross_entropy.hpp"

#include <cmath>

#include <xtensor/xmath.hpp>

#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

// z = [[0, 0, 0], [1, 2, 3]], y = [0, 2]:
//   row 0: loss ln 3 = 1.098612289; softmax 1/3 each
//   row 1: logsumexp = 3.407605964, loss 0.407605964;
//          softmax [0.090030573, 0.244728471, 0.665240956]
//   L = (1.098612289 + 0.407605964) / 2 = 0.753109127
//   dz = (softmax - onehot) / 2 = [[-1/3, 1/6, 1/6], [0.045015287, 0.122364236, -0.167379522]]
NNLAB_TEST(SoftmaxCrossEntropy, HandComputed, 2) {
  const Tensor z = {{0, 0, 0}, {1, 2, 3}};
  const Labels y = {0, 2};
  const LossAndGrad r = softmax_cross_entropy(z, y);
  // Nine-digit hand values; float: ~1e-7 relative.
  EXPECT_NEAR(r.loss, 0.753109127, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(
      r.dlogits,
      Tensor({{-1.0 / 3, 1.0 / 6, 1.0 / 6}, {0.045015287, 0.122364236, -0.167379522}}), 1e-6,
      1e-5);
}

// Logits of +-1e4: exp(1e4) overflows, so the row max must come out first.
//   [1e4, -1e4], y = 0: loss 0,     softmax [1, 0], dz row [0, 0] / 3
//   [-1e4, 1e4], y = 0: loss 2e4,   softmax [0, 1], dz row [-1, 1] / 3
//   [1e4, 1e4],  y = 1: loss ln 2,  softmax [1/2, 1/2], dz row [1/2, -1/2] / 3
//   L = (2e4 + ln 2) / 3
NNLAB_TEST(SoftmaxCrossEntropy, StableForHugeLogits, 2) {
  const Tensor z = {{1e4, -1e4}, {-1e4, 1e4}, {1e4, 1e4}};
  const Labels y = {0, 0, 1};
  const LossAndGrad r = softmax_cross_entropy(z, y);
  ASSERT_TRUE(std::isfinite(r.loss)) << "  loss is " << r.loss;
  EXPECT_TRUE(xt::all(xt::isfinite(r.dlogits))) << "  dlogits has inf or nan";
  // The loss ~6667 carries float spacing ~5e-4: relative 1e-6.
  EXPECT_NEAR(r.loss, (2e4 + std::log(2.0)) / 3, 1e-2);
  NNLAB_EXPECT_ALLCLOSE(r.dlogits,
                        Tensor({{0, 0}, {-1.0 / 3, 1.0 / 3}, {1.0 / 6, -1.0 / 6}}), 1e-6, 1e-6);
}

// The returned gradient against central differences of the returned loss.
NNLAB_TEST(SoftmaxCrossEntropy, GradientMatchesFiniteDifferences, 3) {
  Rng rng(203);
  const Tensor z = rng.normal(Shape{4, 5}, 0.0f, 2.0f);
  const Labels y = {1, 0, 4, 2};
  const Tensor dz = softmax_cross_entropy(z, y).dlogits;
  // h = 1e-2: truncation ~h^2/6 |L'''| ~ 1e-5; the float loss (~2) rounds to ~2e-7, over
  // 2h = 0.02: ~1e-5. Gradients are ~0.01-0.25.
  EXPECT_TRUE(nnlab::testing::gradcheck(
      [&](const Tensor& t) { return double(softmax_cross_entropy(t, y).loss); }, z, dz, 1e-4,
      1e-3));
}

NNLAB_TEST(SoftmaxCrossEntropy, MatchesPyTorch, 2) {
  const Tensor z = nnlab::testing::golden("02_mlp", "softmax_cross_entropy_logits");  // (6, 5)
  const Labels y = nnlab::testing::golden_labels("02_mlp", "softmax_cross_entropy_labels");
  const LossAndGrad r = softmax_cross_entropy(z, y);
  // torch F.cross_entropy and autograd, in double; float: ~1e-7 relative.
  const Tensor loss = nnlab::testing::golden("02_mlp", "softmax_cross_entropy_loss");
  EXPECT_NEAR(r.loss, loss(0), 1e-5);
  NNLAB_EXPECT_ALLCLOSE(r.dlogits,
                        nnlab::testing::golden("02_mlp", "softmax_cross_entropy_dlogits"), 1e-6,
                        1e-5);
}

NNLAB_TEST(SoftmaxCrossEntropy, RejectsBadInput, 1) {
  const Tensor z = xt::zeros<float>({3, 4});
  NNLAB_EXPECT_THROW_MSG(softmax_cross_entropy(z, Labels({0, 1})), ShapeError,
                         "softmax_cross_entropy", "(3, 4)", "(2)");
  NNLAB_EXPECT_THROW_MSG(softmax_cross_entropy(Tensor(xt::zeros<float>({4})), Labels({0})),
                         ShapeError, "softmax_cross_entropy", "(4)");
  NNLAB_EXPECT_THROW_MSG(softmax_cross_entropy(z, Labels({0, 4, 1})), ShapeError,
                         "softmax_cross_entropy", "y[1] = 4");
  NNLAB_EXPECT_THROW_MSG(softmax_cross_entropy(z, Labels({0, -1, 1})), ShapeError,
                         "softmax_cross_entropy", "y[1] = -1");
}

}  // namespace
}  // namespace nnlab::mlp
