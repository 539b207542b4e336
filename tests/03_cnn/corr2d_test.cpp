// Graded tests of exercise 03.1, corr2d and corr2d_backward.
#include "nnlab/cnn/corr2d.hpp"

#include <string>

#include "nnlab/testing.hpp"

namespace nnlab::cnn {
namespace {

Tensor gold(const std::string& name) { return nnlab::testing::golden("03_cnn", "corr2d_" + name); }

const Tensor kX = {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}};  // (3, 3)
const Tensor kK = {{0, 1}, {2, 3}};                   // (2, 2)

// D2L §7.2: y[i, j] = sum over the 2x2 window at (i, j) of x times k:
//   (0, 0): 0*0 + 1*1 + 3*2 + 4*3 = 19     (0, 1): 1*0 + 2*1 + 4*2 + 5*3 = 25
//   (1, 0): 3*0 + 4*1 + 6*2 + 7*3 = 37     (1, 1): 4*0 + 5*1 + 7*2 + 8*3 = 43
// Edge detection (D2L): a (2, 6) image, 1 left of column 2, 0 from there, 1 again from
// column 4, and k = [1, -1] (x[j] - x[j+1]): +1 where 1 -> 0, -1 where 0 -> 1.
NNLAB_TEST(Corr2d, ForwardHandComputed, 2) {
  // Small integers: exact in float.
  NNLAB_EXPECT_ALLCLOSE(corr2d(kX, kK), Tensor({{19, 25}, {37, 43}}), 0, 0);
  const Tensor edges = {{1, 1, 0, 0, 1, 1}, {1, 1, 0, 0, 1, 1}};
  NNLAB_EXPECT_ALLCLOSE(corr2d(edges, Tensor({{1, -1}})),
                        Tensor({{0, 1, 0, -1, 0}, {0, 1, 0, -1, 0}}), 0, 0);
}

// dy = ones (2, 2):
//   dk[a, b] = sum of the 2x2 block of x at (a, b): [[0+1+3+4, 1+2+4+5], [3+4+6+7, 4+5+7+8]]
//            = [[8, 12], [20, 24]];
//   dx[r, c] = sum of k[r - i, c - j] over the windows (i, j) covering (r, c): the corners see
//   one window (k[0,0] = 0, k[0,1] = 1, k[1,0] = 2, k[1,1] = 3), the edges two, the centre all
//   four (0 + 1 + 2 + 3 = 6): [[0, 1, 1], [2, 6, 4], [2, 5, 3]].
NNLAB_TEST(Corr2d, BackwardHandComputed, 2) {
  const Corr2dGrads g = corr2d_backward(xt::ones<float>({2, 2}), kX, kK);
  NNLAB_EXPECT_ALLCLOSE(g.dk, Tensor({{8, 12}, {20, 24}}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(g.dx, Tensor({{0, 1, 1}, {2, 6, 4}, {2, 5, 3}}), 0, 0);
}

// L = <corr2d(x, k), g>, with respect to x and k.
NNLAB_TEST(Corr2d, BackwardMatchesFiniteDifferences, 3) {
  Rng rng(301);
  const Tensor x = rng.normal(Shape{5, 6});
  const Tensor k = rng.normal(Shape{3, 2});
  const Tensor g = rng.normal(Shape{3, 5});
  const Corr2dGrads grads = corr2d_backward(g, x, k);
  // L is linear in each argument: central differences are exact up to the float rounding of
  // the forward (~1e-6 of |L| ~ 10, over 2h = 0.02): ~5e-4.
  EXPECT_TRUE(nnlab::testing::gradcheck(
      [&](const Tensor& t) { return nnlab::testing::dot(corr2d(t, k), g); }, x, grads.dx, 2e-3,
      2e-3));
  EXPECT_TRUE(nnlab::testing::gradcheck(
      [&](const Tensor& t) { return nnlab::testing::dot(corr2d(x, t), g); }, k, grads.dk, 2e-3,
      2e-3));
}

NNLAB_TEST(Corr2d, MatchesPyTorch, 2) {
  // torch conv2d on (1, 1, 5, 6) in double; ours sums 6 float products: ~1e-6.
  NNLAB_EXPECT_ALLCLOSE(corr2d(gold("x"), gold("k")), gold("y"), 1e-5, 1e-5);
  const Corr2dGrads g = corr2d_backward(gold("dy"), gold("x"), gold("k"));
  NNLAB_EXPECT_ALLCLOSE(g.dx, gold("dx"), 1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(g.dk, gold("dk"), 1e-5, 1e-5);
}

NNLAB_TEST(Corr2d, RejectsBadShapes, 1) {
  const Tensor x = xt::zeros<float>({2, 2});
  NNLAB_EXPECT_THROW_MSG(corr2d(x, Tensor(xt::zeros<float>({3, 1}))), ShapeError, "corr2d",
                         "(2, 2)", "(3, 1)");
  NNLAB_EXPECT_THROW_MSG(corr2d(Tensor(xt::zeros<float>({1, 2, 2})), kK), ShapeError, "corr2d",
                         "(1, 2, 2)");
  NNLAB_EXPECT_THROW_MSG(corr2d_backward(Tensor(xt::zeros<float>({2, 3})), kX, kK), ShapeError,
                         "corr2d_backward", "(2, 3)");
}

}  // namespace
}  // namespace nnlab::cnn
