// Graded tests of exercise 03.4, conv1x1 and conv1x1_backward.
#include "nnlab/cnn/conv1x1.hpp"

#include <string>

#include "nnlab/testing.hpp"

namespace nnlab::cnn {
namespace {

Tensor gold(const std::string& name) { return nnlab::testing::golden("03_cnn", "conv1x1_" + name); }

const Tensor kX = {{{1, 2}}, {{3, 4}}};          // (C_in = 2, H = 1, W = 2)
const Tensor kW = {{1, 0}, {0, 1}, {1, -1}};     // (C_out = 3, C_in = 2)

// Per pixel, y = w [x0, x1]: output 0 copies channel 0, output 1 copies channel 1, output 2 is
// channel 0 minus channel 1: [[1, 2]], [[3, 4]], [[1 - 3, 2 - 4]] = [[-2, -2]].
NNLAB_TEST(Conv1x1, ForwardHandComputed, 2) {
  NNLAB_EXPECT_ALLCLOSE(conv1x1(kX, kW), Tensor({{{1, 2}}, {{3, 4}}, {{-2, -2}}}), 0, 0);
}

// dY (3, 2) = [[1, 0], [0, 1], [1, 1]], X (2, 2) = [[1, 2], [3, 4]].
//   dX = w^T dY = [[1, 0, 1], [0, 1, -1]] dY = [[1 + 1, 0 + 1], [0 - 1, 1 - 1]] = [[2, 1], [-1, 0]]
//   dw = dY X^T, X^T = [[1, 3], [2, 4]]: rows [1, 3], [2, 4], [1 + 2, 3 + 4] = [3, 7]
NNLAB_TEST(Conv1x1, BackwardHandComputed, 2) {
  const Tensor dy = {{{1, 0}}, {{0, 1}}, {{1, 1}}};
  const Conv1x1Grads g = conv1x1_backward(dy, kX, kW);
  NNLAB_EXPECT_ALLCLOSE(g.dx, Tensor({{{2, 1}}, {{-1, 0}}}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(g.dw, Tensor({{1, 3}, {2, 4}, {3, 7}}), 0, 0);
}

// L = <conv1x1(x, w), g>, with respect to x and w.
NNLAB_TEST(Conv1x1, BackwardMatchesFiniteDifferences, 2) {
  Rng rng(304);
  const Tensor x = rng.normal(Shape{3, 4, 5});
  const Tensor w = rng.normal(Shape{2, 3});
  const Tensor g = rng.normal(Shape{2, 4, 5});
  const Conv1x1Grads grads = conv1x1_backward(g, x, w);
  // Linear in each argument; float rounding of the forward over 2h = 0.02: ~5e-4.
  EXPECT_TRUE(nnlab::testing::gradcheck(
      [&](const Tensor& t) { return nnlab::testing::dot(conv1x1(t, w), g); }, x, grads.dx, 2e-3,
      2e-3));
  EXPECT_TRUE(nnlab::testing::gradcheck(
      [&](const Tensor& t) { return nnlab::testing::dot(conv1x1(x, t), g); }, w, grads.dw, 2e-3,
      2e-3));
}

NNLAB_TEST(Conv1x1, MatchesPyTorch, 1) {
  // torch conv2d with a (6, 4, 1, 1) kernel in double; sums of 4 (dw: 15) float products: ~1e-6.
  NNLAB_EXPECT_ALLCLOSE(conv1x1(gold("x"), gold("w")), gold("y"), 1e-5, 1e-5);
  const Conv1x1Grads g = conv1x1_backward(gold("dy"), gold("x"), gold("w"));
  NNLAB_EXPECT_ALLCLOSE(g.dx, gold("dx"), 1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(g.dw, gold("dw"), 1e-5, 1e-5);
}

NNLAB_TEST(Conv1x1, RejectsBadShapes, 1) {
  const Tensor x = xt::zeros<float>({3, 2, 2});
  NNLAB_EXPECT_THROW_MSG(conv1x1(x, Tensor(xt::zeros<float>({4, 2}))), ShapeError, "conv1x1",
                         "(3, 2, 2)", "(4, 2)");
  NNLAB_EXPECT_THROW_MSG(conv1x1(x, Tensor(xt::zeros<float>({4, 3, 1, 1}))), ShapeError,
                         "conv1x1", "(4, 3, 1, 1)");
  NNLAB_EXPECT_THROW_MSG(
      conv1x1_backward(Tensor(xt::zeros<float>({4, 2, 3})), x, Tensor(xt::zeros<float>({4, 3}))),
      ShapeError, "conv1x1_backward", "(4, 2, 3)");
}

}  // namespace
}  // namespace nnlab::cnn
