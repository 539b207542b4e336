// Graded tests of exercise 02.1, linear_forward and linear_backward.
#include "nnlab/mlp/linear_layer.hpp"

#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

const Tensor kX = {{1, 2}, {3, 4}};                 // (N=2, D=2)
const Tensor kW = {{1, 0, -1}, {2, 1, 0}};          // (D=2, H=3)
const Tensor kB = {0.5, -1, 2};                     // (H=3)

// y = x W + b:
//   row 0, x = [1, 2]: [1 + 4, 0 + 2, -1 + 0] + b = [5.5, 1, 1]
//   row 1, x = [3, 4]: [3 + 8, 0 + 4, -3 + 0] + b = [11.5, 3, -1]
NNLAB_TEST(LinearLayer, ForwardHandComputed, 2) {
  const Tensor y = {{5.5, 1, 1}, {11.5, 3, -1}};
  // Small integers and halves: exact in float.
  NNLAB_EXPECT_ALLCLOSE(linear_forward(kX, kW, kB), y, 1e-6, 0);
}

// dy = [[1, 0, 1], [0, 1, -1]]:
//   dx = dy W^T: row 0 [1 - 1, 2 + 0] = [0, 2]; row 1 [0 + 0 + 1, 0 + 1 + 0] = [1, 1]
//   dW = x^T dy: d=0 (x col [1, 3]) [1, 3, 1 - 3]; d=1 (x col [2, 4]) [2, 4, 2 - 4]
//   db = column sums of dy = [1, 1, 0]
NNLAB_TEST(LinearLayer, BackwardHandComputed, 2) {
  const Tensor dy = {{1, 0, 1}, {0, 1, -1}};
  const LinearGrads g = linear_backward(dy, kX, kW);
  // Exact in float.
  NNLAB_EXPECT_ALLCLOSE(g.dx, Tensor({{0, 2}, {1, 1}}), 1e-6, 0);
  NNLAB_EXPECT_ALLCLOSE(g.dW, Tensor({{1, 3, -2}, {2, 4, -2}}), 1e-6, 0);
  NNLAB_EXPECT_ALLCLOSE(g.db, Tensor({1, 1, 0}), 1e-6, 0);
}

// L = <linear_forward(x, W, b), g>, checked with respect to x, W and b.
NNLAB_TEST(LinearLayer, BackwardMatchesFiniteDifferences, 3) {
  Rng rng(201);
  const Tensor x = rng.normal(Shape{5, 4});
  const Tensor W = rng.normal(Shape{4, 3});
  const Tensor b = rng.normal(Shape{3});
  const Tensor g = rng.normal(Shape{5, 3});
  const LinearGrads grads = linear_backward(g, x, W);
  // L is linear in each argument, so central differences have no truncation error; what is
  // left is the float rounding of the forward pass (~1e-6 of |y| ~ 3, over 2h = 0.02): ~5e-4.
  EXPECT_TRUE(nnlab::testing::gradcheck(
      [&](const Tensor& t) { return nnlab::testing::dot(linear_forward(t, W, b), g); }, x,
      grads.dx, 2e-3, 2e-3));
  EXPECT_TRUE(nnlab::testing::gradcheck(
      [&](const Tensor& t) { return nnlab::testing::dot(linear_forward(x, t, b), g); }, W,
      grads.dW, 2e-3, 2e-3));
  EXPECT_TRUE(nnlab::testing::gradcheck(
      [&](const Tensor& t) { return nnlab::testing::dot(linear_forward(x, W, t), g); }, b,
      grads.db, 2e-3, 2e-3));
}

NNLAB_TEST(LinearLayer, MatchesPyTorch, 2) {
  auto gold = [](const char* name) {
    return nnlab::testing::golden("02_mlp", std::string("linear_layer_") + name);
  };
  // torch F.linear(x, W^T, b) and autograd in double; float products of length 4: ~1e-6.
  NNLAB_EXPECT_ALLCLOSE(linear_forward(gold("x"), gold("W"), gold("b")), gold("y"), 1e-5, 1e-5);
  const LinearGrads g = linear_backward(gold("dy"), gold("x"), gold("W"));
  NNLAB_EXPECT_ALLCLOSE(g.dx, gold("dx"), 1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(g.dW, gold("dW"), 1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(g.db, gold("db"), 1e-5, 1e-5);
}

NNLAB_TEST(LinearLayer, RejectsBadShapes, 1) {
  const Tensor x = xt::zeros<float>({4, 3});
  const Tensor W = xt::zeros<float>({2, 5});
  const Tensor W_ok = xt::zeros<float>({3, 5});
  const Tensor b = xt::zeros<float>({5});
  NNLAB_EXPECT_THROW_MSG(linear_forward(x, W, b), ShapeError, "linear_forward", "(4, 3)",
                         "(2, 5)");
  NNLAB_EXPECT_THROW_MSG(linear_forward(x, W_ok, Tensor(xt::zeros<float>({4}))), ShapeError,
                         "linear_forward", "(4)");
  NNLAB_EXPECT_THROW_MSG(linear_backward(Tensor(xt::zeros<float>({4, 2})), x, W_ok), ShapeError,
                         "linear_backward", "(4, 2)");
}

}  // namespace
}  // namespace nnlab::mlp
