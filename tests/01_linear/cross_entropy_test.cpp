// Graded tests of exercise 01.8, cross_entropy and cross_entropy_backward.
#include "nnlab/linear/cross_entropy.hpp"

#include <cmath>

#include "nnlab/testing.hpp"

namespace nnlab::linear {
namespace {

// z = [[0, 0, 0], [1, 2, 3]], y = [1, 2]:
//   row 0: logsumexp = ln 3 = 1.098612289, minus z[0, 1] = 0  -> 1.098612289
//   row 1: logsumexp = 3.407605964,        minus z[1, 2] = 3  -> 0.407605964
//   L = (1.098612289 + 0.407605964) / 2 = 0.753109127
//   grad = (softmax - onehot) / 2:
//     row 0: [1/6, 1/6 - 1/2, 1/6]                  = [0.166666667, -0.333333333, 0.166666667]
//     row 1: [0.090030573, 0.244728471, 0.665240956 - 1] / 2
//                                                   = [0.045015287, 0.122364236, -0.167379522]
NNLAB_TEST(CrossEntropy, HandComputed, 2) {
  const Tensor z = {{0, 0, 0}, {1, 2, 3}};
  const Labels y = {1, 2};
  EXPECT_NEAR(cross_entropy(z, y), 0.753109127, 1e-6);  // float log/exp: ~1e-7
  const Tensor expected = {{0.166666667, -0.333333333, 0.166666667},
                           {0.045015287, 0.122364236, -0.167379522}};
  NNLAB_EXPECT_ALLCLOSE(cross_entropy_backward(z, y), expected, 1e-6, 1e-5);
}

// z = [[1e4, 0, -1e4], [1e4, 1e4, -1e4]], y = [0, 2]:
//   row 0: logsumexp = 1e4 (+ ln(1 + e^-1e4 + ...) = 0), minus 1e4 -> 0
//   row 1: logsumexp = 1e4 + ln 2, minus -1e4 -> 2e4 + ln 2
//   L = 1e4 + ln(2) / 2 = 10000.346574
//   grad: row 0 softmax [1, 0, 0] - onehot(0) = 0;  row 1 ([1/2, 1/2, 0] - [0, 0, 1]) / 2
NNLAB_TEST(CrossEntropy, StableForHugeLogits, 2) {
  const Tensor z = {{1e4, 0, -1e4}, {1e4, 1e4, -1e4}};
  const Labels y = {0, 2};
  const float L = cross_entropy(z, y);
  ASSERT_TRUE(std::isfinite(L)) << L;
  // Float spacing at 1e4 is ~1e-3.
  EXPECT_NEAR(L, 10000.346574, 2e-3);
  const Tensor expected = {{0, 0, 0}, {0.25, 0.25, -0.5}};
  NNLAB_EXPECT_ALLCLOSE(cross_entropy_backward(z, y), expected, 1e-6, 1e-6);
}

NNLAB_TEST(CrossEntropy, BackwardMatchesFiniteDifferences, 3) {
  Rng rng(8);
  const Tensor z = rng.normal(Shape{6, 4}, 0.0f, 2.0f);
  const Labels y = {0, 3, 1, 1, 2, 3};
  auto f = [&](const Tensor& t) { return double(cross_entropy(t, y)); };
  // f is your float cross_entropy (~1.5): its rounding (~2e-7) over 2h = 0.02 gives ~1e-5;
  // the truncation h^2/6 |f'''| is ~2e-5 / N. Gradients here are ~0.01-0.15.
  EXPECT_TRUE(testing::gradcheck(f, z, cross_entropy_backward(z, y), 2e-4, 1e-3));
}

NNLAB_TEST(CrossEntropy, MatchesPyTorch, 2) {
  const Tensor z = testing::golden("01_linear", "cross_entropy_logits");         // (8, 5)
  const Labels y = testing::golden_labels("01_linear", "cross_entropy_labels");  // (8)
  // torch cross_entropy and autograd in double; float: ~1e-7 relative.
  NNLAB_EXPECT_ALLCLOSE(Tensor{cross_entropy(z, y)},
                        testing::golden("01_linear", "cross_entropy_loss"), 1e-6, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(cross_entropy_backward(z, y),
                        testing::golden("01_linear", "cross_entropy_grad"), 1e-6, 1e-5);
}

NNLAB_TEST(CrossEntropy, RejectsBadInput, 2) {
  const Tensor z = xt::zeros<float>({2, 3});
  // Labels must lie in [0, K) = [0, 3).
  NNLAB_EXPECT_THROW_MSG(cross_entropy(z, Labels({0, 3})), ShapeError, "cross_entropy", "3",
                         "[0, 3)");
  NNLAB_EXPECT_THROW_MSG(cross_entropy(z, Labels({-1, 0})), ShapeError, "cross_entropy", "-1",
                         "[0, 3)");
  NNLAB_EXPECT_THROW_MSG(cross_entropy_backward(z, Labels({0, 3})), ShapeError,
                         "cross_entropy_backward", "[0, 3)");
  // N disagrees: 4 rows of logits, 5 labels.
  const Tensor z4 = xt::zeros<float>({4, 3});
  const Labels y5 = xt::zeros<std::int64_t>({5});
  NNLAB_EXPECT_THROW_MSG(cross_entropy(z4, y5), ShapeError, "cross_entropy", "(4, 3)", "(5)");
  NNLAB_EXPECT_THROW_MSG(cross_entropy_backward(z4, y5), ShapeError, "cross_entropy_backward",
                         "(4, 3)", "(5)");
}

}  // namespace
}  // namespace nnlab::linear
