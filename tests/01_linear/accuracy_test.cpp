// Graded tests of exercise 01.10, accuracy.
#include "nnlab/linear/accuracy.hpp"

#include "nnlab/testing.hpp"

namespace nnlab::linear {
namespace {

// Row argmaxes of [[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]] are [1, 0, 1, 0];
// with y = [1, 1, 1, 0] rows 0, 2 and 3 are right: accuracy 3/4.
NNLAB_TEST(Accuracy, HandComputed, 2) {
  const Tensor z = {{0.1, 0.9}, {0.8, 0.2}, {0.3, 0.7}, {0.6, 0.4}};
  EXPECT_FLOAT_EQ(accuracy(z, Labels({1, 1, 1, 0})), 0.75f);
  EXPECT_FLOAT_EQ(accuracy(z, Labels({1, 0, 1, 0})), 1.0f);
  EXPECT_FLOAT_EQ(accuracy(z, Labels({0, 1, 0, 1})), 0.0f);
}

// [[1, 1, 0], [0, 2, 2]]: the first maximum wins, so the predictions are [0, 1].
NNLAB_TEST(Accuracy, TiesGoToTheFirstIndex, 2) {
  const Tensor z = {{1, 1, 0}, {0, 2, 2}};
  EXPECT_FLOAT_EQ(accuracy(z, Labels({0, 1})), 1.0f);
  EXPECT_FLOAT_EQ(accuracy(z, Labels({1, 2})), 0.0f);
  EXPECT_FLOAT_EQ(accuracy(z, Labels({0, 2})), 0.5f);
  // Labels outside [0, K) never match.
  EXPECT_FLOAT_EQ(accuracy(z, Labels({5, -1})), 0.0f);
}

NNLAB_TEST(Accuracy, MatchesPyTorch, 2) {
  const Tensor z = testing::golden("01_linear", "accuracy_logits");         // (50, 5)
  const Labels y = testing::golden_labels("01_linear", "accuracy_labels");  // (50)
  // (z.argmax(1) == y).mean() from torch: a count over 50, exact up to one float division.
  EXPECT_FLOAT_EQ(accuracy(z, y), testing::golden("01_linear", "accuracy_acc")(0));
}

NNLAB_TEST(Accuracy, RejectsBadShapes, 1) {
  NNLAB_EXPECT_THROW_MSG(accuracy(Tensor(xt::zeros<float>({4, 3})),
                                  Labels(xt::zeros<std::int64_t>({5}))),
                         ShapeError, "accuracy", "(4, 3)", "(5)");
  NNLAB_EXPECT_THROW_MSG(accuracy(Tensor(xt::zeros<float>({4})),
                                  Labels(xt::zeros<std::int64_t>({4}))),
                         ShapeError, "accuracy", "(4)");
}

}  // namespace
}  // namespace nnlab::linear
