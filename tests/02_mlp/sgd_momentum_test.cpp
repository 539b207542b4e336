// Graded tests of exercise 02.7, sgd_momentum_update.
#include "nnlab/mlp/sgd_momentum.hpp"

#include <xtensor/xview.hpp>

#include "nnlab/errors.hpp"
#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

Tensor golden(const char* name) { return nnlab::testing::golden("02_mlp", name); }

// lr = 0.1, momentum = 0.9, w = [1, 2], g = [1, -2], v = [0.5, 0]:
//   v <- 0.9 [0.5, 0] + [1, -2] = [1.45, -2];  w <- [1 - 0.145, 2 + 0.2] = [0.855, 2.2].
NNLAB_TEST(SgdMomentum, HandComputed, 2) {
  Tensor w{1, 2}, v{0.5, 0};
  const Tensor g{1, -2};
  sgd_momentum_update(w, g, v, 0.1f, 0.9f);
  // A couple of float operations each: ~1e-7.
  NNLAB_EXPECT_ALLCLOSE(v, Tensor({1.45, -2}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(w, Tensor({0.855, 2.2}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(g, Tensor({1, -2}), 0.0, 0.0);  // the gradient is not touched

  // Momentum 0 is plain SGD: w <- [1, 2] - 0.5 [1, -2] = [0.5, 3] (exact), v = g.
  Tensor w2{1, 2}, v2{0, 0};
  sgd_momentum_update(w2, g, v2, 0.5f, 0.0f);
  NNLAB_EXPECT_ALLCLOSE(w2, Tensor({0.5, 3}), 0.0, 0.0);
  NNLAB_EXPECT_ALLCLOSE(v2, g, 0.0, 0.0);
}

// Five steps of torch.optim.SGD(lr=0.1) and SGD(lr=0.1, momentum=0.9) on a (4, 3) parameter
// with the same five gradients; the parameter is compared after every step.
NNLAB_TEST(SgdMomentum, MatchesPyTorch, 3) {
  const Tensor grads = golden("optim_grads");  // (5, 4, 3)
  struct Case { const char* tag; float momentum; };
  for (const Case c : {Case{"optim_sgd_w", 0.0f}, Case{"optim_momentum_w", 0.9f}}) {
    const Tensor expected = golden(c.tag);  // (5, 4, 3)
    Tensor w = golden("optim_w0");
    Tensor v = xt::zeros_like(w);
    for (std::size_t k = 0; k < grads.shape(0); ++k) {
      const Tensor g = xt::view(grads, k);
      sgd_momentum_update(w, g, v, 0.1f, c.momentum);
      // torch in double; float errors grow a little with the velocity: ~1e-6.
      NNLAB_EXPECT_ALLCLOSE(w, Tensor(xt::view(expected, k)), 1e-5, 1e-5) << c.tag << " step " << k + 1;
    }
  }
}

// Shapes and momentum are checked before anything changes.
NNLAB_TEST(SgdMomentum, RejectsBadInput, 2) {
  Tensor w{1, 2, 3}, v{0, 0, 0};
  NNLAB_EXPECT_THROW_MSG(sgd_momentum_update(w, Tensor({1, 1}), v, 0.1f, 0.9f), ShapeError,
                         "sgd_momentum_update", "(3)", "(2)");
  Tensor bad_v{{0, 0, 0}};
  NNLAB_EXPECT_THROW_MSG(sgd_momentum_update(w, Tensor({1, 1, 1}), bad_v, 0.1f, 0.9f),
                         ShapeError, "sgd_momentum_update", "(3)", "(1, 3)");
  NNLAB_EXPECT_THROW_MSG(sgd_momentum_update(w, Tensor({1, 1, 1}), v, 0.1f, 1.0f), ShapeError,
                         "sgd_momentum_update", "momentum");
  NNLAB_EXPECT_THROW_MSG(sgd_momentum_update(w, Tensor({1, 1, 1}), v, 0.1f, -0.1f), ShapeError,
                         "sgd_momentum_update", "momentum");
  NNLAB_EXPECT_ALLCLOSE(w, Tensor({1, 2, 3}), 0.0, 0.0);
  NNLAB_EXPECT_ALLCLOSE(v, Tensor({0, 0, 0}), 0.0, 0.0);
}

}  // namespace
}  // namespace nnlab::mlp
