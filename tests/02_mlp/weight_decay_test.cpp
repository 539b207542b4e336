// Graded tests of exercise 02.6, L2 penalty, coupled and decoupled weight decay.
#include "nnlab/mlp/weight_decay.hpp"

#include <string>
#include <vector>

#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

// Three parameters as a model's params() would list them.
struct Params {
  Param w1{Tensor({{1, -2}, {0, 2}})};  // "0.weight", sum of squares 9
  Param b1{Tensor({3.0f, 4.0f})};       // "0.bias", not decayed
  Param w2{Tensor({{-1, 0}})};          // "fc.weight", sum of squares 1
  std::vector<NamedParam> list() {
    return {{"0.weight", &w1}, {"0.bias", &b1}, {"fc.weight", &w2}};
  }
};

// lambda = 0.5: R = 0.5 / 2 * (9 + 1) = 2.5 (the bias's 25 does not count).
// add_l2_grad adds 0.5 w to the weights' gradients (starting from ones here: accumulated):
//   w1.grad = [[1.5, 0], [1, 2]], w2.grad = [[0.5, 1]], b1.grad stays [1, 1].
// decoupled_weight_decay(lr 0.1, lambda 0.5) scales the weights by 1 - 0.05 = 0.95:
//   w1 = [[0.95, -1.9], [0, 1.9]], w2 = [[-0.95, 0]], b1 unchanged, gradients untouched.
NNLAB_TEST(WeightDecay, HandComputed, 3) {
  Params p;
  // Sums of squares of small integers: exact; one float product.
  EXPECT_NEAR(l2_penalty(p.list(), 0.5f), 2.5, 1e-6);
  EXPECT_NEAR(l2_penalty(p.list(), 0.0f), 0.0, 1e-12);
  for (NamedParam np : p.list()) np.param->grad = xt::ones_like(np.param->value);
  add_l2_grad(p.list(), 0.5f);
  NNLAB_EXPECT_ALLCLOSE(p.w1.grad, Tensor({{1.5, 0}, {1, 2}}), 1e-6, 0);
  NNLAB_EXPECT_ALLCLOSE(p.w2.grad, Tensor({{0.5, 1}}), 1e-6, 0);
  NNLAB_EXPECT_ALLCLOSE(p.b1.grad, Tensor({1.0f, 1.0f}), 0, 0);
  Params q;
  decoupled_weight_decay(q.list(), 0.1f, 0.5f);
  // 0.95 is not exact in float: 1e-6.
  NNLAB_EXPECT_ALLCLOSE(q.w1.value, Tensor({{0.95, -1.9}, {0, 1.9}}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(q.w2.value, Tensor({{-0.95, 0}}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(q.b1.value, Tensor({3.0f, 4.0f}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(q.w1.grad, Tensor({{0, 0}, {0, 0}}), 0, 0);
}

// add_l2_grad (from a zero gradient) is the gradient of l2_penalty.
NNLAB_TEST(WeightDecay, GradMatchesFiniteDifferences, 2) {
  Rng rng(208);
  Param w(rng.normal(Shape{3, 4}));
  add_l2_grad({{"layer.weight", &w}}, 0.3f);
  auto f = [&](const Tensor& t) {
    Param tmp(t);
    return double(l2_penalty({{"layer.weight", &tmp}}, 0.3f));
  };
  // R is quadratic, so central differences are exact but for the float penalty (~1, rounded
  // to ~1e-7) over 2h = 0.02: ~1e-5.
  EXPECT_TRUE(nnlab::testing::gradcheck(f, w.value, w.grad, 1e-4, 1e-3));
}

NNLAB_TEST(WeightDecay, MatchesPyTorch, 2) {
  auto gold = [](const std::string& name) {
    return nnlab::testing::golden("02_mlp", "weight_decay_" + name);
  };
  const char* names[] = {"0.weight", "0.bias", "1.weight"};
  Param ps[3];
  std::vector<NamedParam> list;
  for (int i = 0; i < 3; ++i) {
    ps[i].value = gold("value" + std::to_string(i));
    ps[i].grad = gold("grad" + std::to_string(i));
    list.push_back({names[i], &ps[i]});
  }
  // The penalty by torch in double; float sum of 20 squares: ~1e-6 relative.
  EXPECT_NEAR(l2_penalty(list, 0.1f), gold("penalty")(0), 1e-5);
  add_l2_grad(list, 0.1f);
  // torch.optim.AdamW, one step with zero gradients (decoupled decay only), lr 0.5, lambda 0.1.
  decoupled_weight_decay(list, 0.5f, 0.1f);
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE(names[i]);
    // g + lambda w by autograd; w (1 - lr lambda) by AdamW: one or two float operations.
    NNLAB_EXPECT_ALLCLOSE(ps[i].grad, gold("coupled_grad" + std::to_string(i)), 1e-6, 1e-6);
    NNLAB_EXPECT_ALLCLOSE(ps[i].value, gold("decoupled_value" + std::to_string(i)), 1e-6, 1e-6);
  }
}

NNLAB_TEST(WeightDecay, RejectsBadInput, 1) {
  Params p;
  NNLAB_EXPECT_THROW_MSG(l2_penalty(p.list(), -1.0f), ShapeError, "l2_penalty", "lambda");
  NNLAB_EXPECT_THROW_MSG(decoupled_weight_decay(p.list(), -0.1f, 0.1f), ShapeError,
                         "decoupled_weight_decay", "lr");
  Param bad(Tensor({1, 2, 3}));
  bad.grad = xt::zeros<float>({2});
  NNLAB_EXPECT_THROW_MSG(add_l2_grad({{"x.weight", &bad}}, 0.1f), ShapeError, "add_l2_grad",
                         "(3)", "(2)");
}

}  // namespace
}  // namespace nnlab::mlp
