// Graded tests of exercise 01.5, sgd_step.
#include "nnlab/linear/sgd.hpp"

#include "nnlab/testing.hpp"

namespace nnlab::linear {
namespace {

// lr = 0.1; weight [1, 2, 3] with grad [0.5, -1, 2], bias [0.5] with grad [1]:
//   weight <- [1 - 0.05, 2 + 0.1, 3 - 0.2] = [0.95, 2.1, 2.8];  bias <- [0.5 - 0.1] = [0.4].
NNLAB_TEST(SgdStep, HandComputed, 2) {
  Param w(Tensor{1, 2, 3});
  w.grad = Tensor{0.5, -1, 2};
  Param b(Tensor{0.5});
  b.grad = Tensor{1};
  sgd_step({{"weight", &w}, {"bias", &b}}, 0.1f);
  // One float multiply-subtract each: ~1e-7.
  NNLAB_EXPECT_ALLCLOSE(w.value, Tensor({0.95, 2.1, 2.8}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(b.value, Tensor({0.4}), 1e-6, 1e-6);
  // The gradients are not touched (exact).
  NNLAB_EXPECT_ALLCLOSE(w.grad, Tensor({0.5, -1, 2}), 0.0, 0.0);
  NNLAB_EXPECT_ALLCLOSE(b.grad, Tensor({1}), 0.0, 0.0);
}

// Any rank: a (2, 2) matrix with lr = 0.5, [[1, 2], [3, 4]] - 0.5 [[1, 1], [-1, -1]].
NNLAB_TEST(SgdStep, AnyRankAndNoParams, 1) {
  Param m(Tensor{{1, 2}, {3, 4}});
  m.grad = Tensor{{1, 1}, {-1, -1}};
  sgd_step({{"m", &m}}, 0.5f);
  NNLAB_EXPECT_ALLCLOSE(m.value, Tensor({{0.5, 1.5}, {3.5, 4.5}}), 0.0, 0.0);  // exact halves
  EXPECT_NO_THROW(sgd_step({}, 0.1f));
}

NNLAB_TEST(SgdStep, MatchesPyTorch, 2) {
  const float lr = testing::golden("01_linear", "sgd_lr")(0);  // 0.05
  Param w(testing::golden("01_linear", "sgd_w"));                // (4, 3)
  w.grad = testing::golden("01_linear", "sgd_w_grad");
  Param b(testing::golden("01_linear", "sgd_b"));  // (3)
  b.grad = testing::golden("01_linear", "sgd_b_grad");
  sgd_step({{"weight", &w}, {"bias", &b}}, lr);
  // One step of torch.optim.SGD (in double); float: ~1e-7.
  NNLAB_EXPECT_ALLCLOSE(w.value, testing::golden("01_linear", "sgd_w_next"), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(b.value, testing::golden("01_linear", "sgd_b_next"), 1e-6, 1e-6);
}

// A gradient of the wrong shape raises before any parameter moves.
NNLAB_TEST(SgdStep, RejectsMismatchedGrad, 2) {
  Param w(Tensor{1, 2, 3});
  w.grad = Tensor{1, 1, 1};
  Param b(Tensor{0.5});
  b.grad = Tensor{1, 1};  // (2) for a (1) value
  NNLAB_EXPECT_THROW_MSG(sgd_step({{"weight", &w}, {"bias", &b}}, 0.1f), ShapeError, "sgd_step",
                         "bias", "(1)", "(2)");
  NNLAB_EXPECT_ALLCLOSE(w.value, Tensor({1, 2, 3}), 0.0, 0.0);
  NNLAB_EXPECT_ALLCLOSE(b.value, Tensor({0.5}), 0.0, 0.0);
}

}  // namespace
}  // namespace nnlab::linear
