// Graded tests of exercise 02.11, gradient clipping by the global L2 norm.
#include "nnlab/mlp/grad_clip.hpp"

#include <string>
#include <utility>
#include <vector>

#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

// Two parameters whose gradients together are the vector (3, 0, 4): global norm 5.
struct Params {
  Param a{Tensor({1.0f})};
  Param b{Tensor({{2, -1}})};
  Params() {
    a.grad = Tensor({3.0f});
    b.grad = Tensor({{0, 4}});
  }
  std::vector<NamedParam> list() { return {{"0.weight", &a}, {"0.bias", &b}}; }
};

// ||g|| = sqrt(9 + 16) = 5.
// max_norm 1: c = 1 / (5 + 1e-6) = 0.19999996, g = (0.6, 0, 0.8) to ~1e-7.
// max_norm 10: c = 10 / 5.000001 > 1, nothing changes (bit for bit).
// max_norm 5: c = 5 / 5.000001 = 0.9999998 < 1, so PyTorch's rule still scales, by 2e-7:
//   3 -> 2.9999994, 4 -> 3.9999992 (a float step at 3 is 2.4e-7, so this is visible).
// The values are never touched.
NNLAB_TEST(GradClip, HandComputed, 3) {
  Params p;
  // 9 + 16 = 25 and sqrt(25) = 5 are exact.
  EXPECT_EQ(clip_grad_norm(p.list(), 1.0f), 5.0f);
  // One division and one float product: 1e-6.
  NNLAB_EXPECT_ALLCLOSE(p.a.grad, Tensor({0.6f}), 1e-6, 0);
  NNLAB_EXPECT_ALLCLOSE(p.b.grad, Tensor({{0, 0.8}}), 1e-6, 0);
  NNLAB_EXPECT_ALLCLOSE(p.a.value, Tensor({1.0f}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(p.b.value, Tensor({{2, -1}}), 0, 0);
  // The clipped gradient has norm max_norm (less the 1e-6 guard): sqrt(0.36 + 0.64) = 1.
  EXPECT_NEAR(clip_grad_norm(p.list(), 100.0f), 1.0, 1e-6);

  Params q;
  EXPECT_EQ(clip_grad_norm(q.list(), 10.0f), 5.0f);
  NNLAB_EXPECT_ALLCLOSE(q.a.grad, Tensor({3.0f}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(q.b.grad, Tensor({{0, 4}}), 0, 0);

  Params r;
  EXPECT_EQ(clip_grad_norm(r.list(), 5.0f), 5.0f);
  // Within a float step of 3 * 5 / 5.000001, and not left at 3.
  EXPECT_NEAR(r.a.grad(0), 2.9999994, 3e-7);
  EXPECT_NE(r.a.grad(0), 3.0f);
  EXPECT_NEAR(r.b.grad(0, 1), 3.9999992, 5e-7);

  // No parameters: norm 0, nothing to do.
  EXPECT_EQ(clip_grad_norm({}, 1.0f), 0.0f);
}

// torch.nn.utils.clip_grad_norm_ on three gradients (global norm 5.34), clipped to 1.5 and
// "clipped" to 100 (unchanged). Settings repeated from tools/golden/02_mlp.py.
NNLAB_TEST(GradClip, MatchesPyTorch, 2) {
  auto gold = [](const std::string& name) {
    return nnlab::testing::golden("02_mlp", "grad_clip_" + name);
  };
  const char* names[] = {"0.weight", "0.bias", "1.weight"};
  for (const auto& [tag, max_norm] : {std::pair<std::string, float>{"clipped", 1.5f},
                                      std::pair<std::string, float>{"unclipped", 100.0f}}) {
    SCOPED_TRACE(tag);
    Param ps[3];
    std::vector<NamedParam> list;
    for (int i = 0; i < 3; ++i) {
      ps[i].grad = gold("grad" + std::to_string(i));
      ps[i].value = xt::zeros_like(ps[i].grad);
      list.push_back({names[i], &ps[i]});
    }
    // The norm of 22 floats, summed in double like torch's float64: ~1e-7 relative.
    EXPECT_NEAR(clip_grad_norm(list, max_norm), gold(tag + "_norm")(0), 1e-5);
    for (int i = 0; i < 3; ++i) {
      SCOPED_TRACE(names[i]);
      // One float product by the factor (itself rounded to float): 1e-6.
      NNLAB_EXPECT_ALLCLOSE(ps[i].grad, gold(tag + "_grad" + std::to_string(i)), 1e-6, 1e-6);
    }
  }
}

NNLAB_TEST(GradClip, RejectsBadInput, 1) {
  Params p;
  NNLAB_EXPECT_THROW_MSG(clip_grad_norm(p.list(), 0.0f), ShapeError, "clip_grad_norm",
                         "max_norm");
  NNLAB_EXPECT_THROW_MSG(clip_grad_norm(p.list(), -1.0f), ShapeError, "clip_grad_norm",
                         "max_norm");
  Param bad(Tensor({1, 2, 3}));
  bad.grad = xt::zeros<float>({2});
  NNLAB_EXPECT_THROW_MSG(clip_grad_norm({{"fc.weight", &bad}}, 1.0f), ShapeError,
                         "clip_grad_norm", "fc.weight", "(3)", "(2)");
}

}  // namespace
}  // namespace nnlab::mlp
