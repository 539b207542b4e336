// Graded tests of exercise 02.8, adagrad_update and rmsprop_update.
#include "nnlab/mlp/adagrad_rmsprop.hpp"

#include <xtensor/xview.hpp>

#include "nnlab/errors.hpp"
#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

Tensor golden(const char* name) { return nnlab::testing::golden("02_mlp", name); }

// lr = 0.5, eps = 1 (large on purpose: it must sit outside the root), w = [1, 1], g = [3, -4],
// s = [0, 9]:  s <- [9, 25];  w <- [1 - 0.5 * 3 / (3 + 1), 1 + 0.5 * 4 / (5 + 1)]
//                                  = [0.625, 1.333333].
NNLAB_TEST(AdagradUpdate, HandComputed, 2) {
  Tensor w{1, 1}, s{0, 9};
  const Tensor g{3, -4};
  adagrad_update(w, g, s, 0.5f, 1.0f);
  // A few float operations: ~1e-7.
  NNLAB_EXPECT_ALLCLOSE(s, Tensor({9, 25}), 0.0, 0.0);
  NNLAB_EXPECT_ALLCLOSE(w, Tensor({0.625, 4.0 / 3.0}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(g, Tensor({3, -4}), 0.0, 0.0);
}

// Five steps of torch.optim.Adagrad(lr=0.1, eps=1e-10), the parameter after each.
NNLAB_TEST(AdagradUpdate, MatchesPyTorch, 2) {
  const Tensor grads = golden("optim_grads"), expected = golden("optim_adagrad_w");
  Tensor w = golden("optim_w0");
  Tensor s = xt::zeros_like(w);
  for (std::size_t k = 0; k < grads.shape(0); ++k) {
    adagrad_update(w, Tensor(xt::view(grads, k)), s, 0.1f, 1e-10f);
    // torch in double; float: ~1e-6 after five steps.
    NNLAB_EXPECT_ALLCLOSE(w, Tensor(xt::view(expected, k)), 1e-5, 1e-5) << "step " << k + 1;
  }
}

NNLAB_TEST(AdagradUpdate, RejectsBadShapes, 1) {
  Tensor w{1, 2, 3}, s{0, 0, 0}, bad_s{0, 0};
  NNLAB_EXPECT_THROW_MSG(adagrad_update(w, Tensor({{1, 1, 1}}), s, 0.1f, 1e-10f), ShapeError,
                         "adagrad_update", "(3)", "(1, 3)");
  NNLAB_EXPECT_THROW_MSG(adagrad_update(w, Tensor({1, 1, 1}), bad_s, 0.1f, 1e-10f), ShapeError,
                         "adagrad_update", "(3)", "(2)");
  NNLAB_EXPECT_ALLCLOSE(w, Tensor({1, 2, 3}), 0.0, 0.0);
  NNLAB_EXPECT_ALLCLOSE(s, Tensor({0, 0, 0}), 0.0, 0.0);
}

// lr = 0.1, alpha = 0.75, eps = 0.5, w = [1, 1], g = [2, -1], a = [0, 1]:
//   a <- [0.25 * 4, 0.75 + 0.25] = [1, 1];  w <- [1 - 0.1 * 2 / 1.5, 1 + 0.1 / 1.5].
NNLAB_TEST(RmspropUpdate, HandComputed, 2) {
  Tensor w{1, 1}, a{0, 1};
  const Tensor g{2, -1};
  rmsprop_update(w, g, a, 0.1f, 0.75f, 0.5f);
  NNLAB_EXPECT_ALLCLOSE(a, Tensor({1, 1}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(w, Tensor({1.0 - 0.2 / 1.5, 1.0 + 0.1 / 1.5}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(g, Tensor({2, -1}), 0.0, 0.0);
}

// Five steps of torch.optim.RMSprop(lr=0.01, alpha=0.9, eps=1e-8), the parameter after each.
NNLAB_TEST(RmspropUpdate, MatchesPyTorch, 2) {
  const Tensor grads = golden("optim_grads"), expected = golden("optim_rmsprop_w");
  Tensor w = golden("optim_w0");
  Tensor a = xt::zeros_like(w);
  for (std::size_t k = 0; k < grads.shape(0); ++k) {
    rmsprop_update(w, Tensor(xt::view(grads, k)), a, 0.01f, 0.9f, 1e-8f);
    NNLAB_EXPECT_ALLCLOSE(w, Tensor(xt::view(expected, k)), 1e-5, 1e-5) << "step " << k + 1;
  }
}

NNLAB_TEST(RmspropUpdate, RejectsBadInput, 1) {
  Tensor w{1, 2, 3}, a{0, 0, 0}, bad_a{0, 0};
  NNLAB_EXPECT_THROW_MSG(rmsprop_update(w, Tensor({1, 1, 1}), bad_a, 0.1f, 0.9f, 1e-8f),
                         ShapeError, "rmsprop_update", "(3)", "(2)");
  NNLAB_EXPECT_THROW_MSG(rmsprop_update(w, Tensor({1, 1}), a, 0.1f, 0.9f, 1e-8f), ShapeError,
                         "rmsprop_update", "(3)", "(2)");
  NNLAB_EXPECT_THROW_MSG(rmsprop_update(w, Tensor({1, 1, 1}), a, 0.1f, 1.0f, 1e-8f), ShapeError,
                         "rmsprop_update", "alpha");
  NNLAB_EXPECT_ALLCLOSE(w, Tensor({1, 2, 3}), 0.0, 0.0);
  NNLAB_EXPECT_ALLCLOSE(a, Tensor({0, 0, 0}), 0.0, 0.0);
}

}  // namespace
}  // namespace nnlab::mlp
