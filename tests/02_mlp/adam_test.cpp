// Graded tests of exercise 02.9, adam_update (Adam with L2 weight decay, and AdamW).
#include "nnlab/mlp/adam.hpp"

#include <xtensor/xview.hpp>

#include "nnlab/errors.hpp"
#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

Tensor golden(const char* name) { return nnlab::testing::golden("02_mlp", name); }

// First step (t = 1, m = v = 0): the bias corrections give m_hat = g and v_hat = g^2, so each
// coordinate moves by lr * g / |g| (eps = 0): w = [1, -1], g = [0.5, -2], lr = 0.1 -> [0.9, -0.9].
// Second step from a given state, beta1 = beta2 = 0.5, lr = 1, eps = 0, t = 2, m = 0.1,
// v = 0.01, g = 0.3:  m = 0.2, v = 0.05, w = 1 - (0.2 / 0.75) / (sqrt(0.05) / sqrt(0.75)).
NNLAB_TEST(AdamUpdate, HandComputed, 2) {
  Tensor w{1, -1}, m{0, 0}, v{0, 0};
  const Tensor g{0.5, -2};
  adam_update(w, g, m, v, 1, 0.1f, 0.9f, 0.999f, 0.0f, 0.0f, false);
  // A handful of float operations: ~1e-7.
  NNLAB_EXPECT_ALLCLOSE(w, Tensor({0.9, -0.9}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(m, Tensor({0.05, -0.2}), 1e-6, 1e-6);
  // 1 - 0.999 rounds to float with a relative error of 1.3e-5: rtol 1e-4.
  NNLAB_EXPECT_ALLCLOSE(v, Tensor({0.00025, 0.004}), 1e-9, 1e-4);
  NNLAB_EXPECT_ALLCLOSE(g, Tensor({0.5, -2}), 0.0, 0.0);

  Tensor w2{1}, m2{0.1}, v2{0.01};
  adam_update(w2, Tensor({0.3}), m2, v2, 2, 1.0f, 0.5f, 0.5f, 0.0f, 0.0f, false);
  NNLAB_EXPECT_ALLCLOSE(m2, Tensor({0.2}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(v2, Tensor({0.05}), 1e-7, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(w2, Tensor({-0.03279555898864439}), 1e-6, 1e-5);
}

// Weight decay, w = [2], g = [1], lr = 0.1, wd = 0.5, t = 1, eps = 1e-8:
//   Adam (L2): g' = 1 + 0.5 * 2 = 2, the first step moves by lr -> 1.9;
//   AdamW: w <- 2 (1 - 0.05) = 1.9 first, then the step moves by lr -> 1.8.
NNLAB_TEST(AdamUpdate, WeightDecayCoupledAndDecoupled, 2) {
  const Tensor g{1};
  Tensor w{2}, m{0}, v{0};
  adam_update(w, g, m, v, 1, 0.1f, 0.9f, 0.999f, 1e-8f, 0.5f, false);
  NNLAB_EXPECT_ALLCLOSE(w, Tensor({1.9}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(m, Tensor({0.2}), 1e-6, 1e-6);  // (1 - 0.9) * 2: the decayed gradient
  NNLAB_EXPECT_ALLCLOSE(g, Tensor({1}), 0.0, 0.0);      // the caller's gradient is unchanged
  Tensor w2{2}, m2{0}, v2{0};
  adam_update(w2, g, m2, v2, 1, 0.1f, 0.9f, 0.999f, 1e-8f, 0.5f, true);
  NNLAB_EXPECT_ALLCLOSE(w2, Tensor({1.8}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(m2, Tensor({0.1}), 1e-6, 1e-6);
}

// Runs adam_update for the five golden gradients and compares with torch after each step.
void expect_matches(const char* tag, float lr, float beta1, float beta2, float eps, float wd,
                    bool decoupled) {
  const Tensor grads = golden("optim_grads"), expected = golden(tag);
  Tensor w = golden("optim_w0");
  Tensor m = xt::zeros_like(w), v = xt::zeros_like(w);
  for (std::size_t k = 0; k < grads.shape(0); ++k) {
    adam_update(w, Tensor(xt::view(grads, k)), m, v, std::int64_t(k) + 1, lr, beta1, beta2, eps,
                wd, decoupled);
    // torch in double; float: steps of ~lr with ~1e-6 relative error.
    NNLAB_EXPECT_ALLCLOSE(w, Tensor(xt::view(expected, k)), 1e-5, 1e-5) << tag << " step " << k + 1;
  }
}

// torch.optim.Adam(lr=0.01, betas=(0.9, 0.999), eps=1e-8), five steps.
NNLAB_TEST(AdamUpdate, MatchesPyTorchAdam, 2) {
  expect_matches("optim_adam_w", 0.01f, 0.9f, 0.999f, 1e-8f, 0.0f, false);
}

// torch.optim.Adam(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1), five steps.
NNLAB_TEST(AdamUpdate, MatchesPyTorchAdamL2, 1) {
  expect_matches("optim_adam_l2_w", 0.01f, 0.8f, 0.99f, 1e-6f, 0.1f, false);
}

// torch.optim.AdamW(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1), five steps.
NNLAB_TEST(AdamUpdate, MatchesPyTorchAdamW, 2) {
  expect_matches("optim_adamw_w", 0.01f, 0.8f, 0.99f, 1e-6f, 0.1f, true);
}

// Shapes, betas and t are checked before anything changes.
NNLAB_TEST(AdamUpdate, RejectsBadInput, 2) {
  Tensor w{1, 2, 3}, m{0, 0, 0}, v{0, 0, 0}, bad{0, 0};
  const Tensor g{1, 1, 1};
  NNLAB_EXPECT_THROW_MSG(adam_update(w, Tensor({1, 1}), m, v, 1, 0.1f, 0.9f, 0.999f, 1e-8f, 0.0f,
                                     false),
                         ShapeError, "adam_update", "(3)", "(2)");
  NNLAB_EXPECT_THROW_MSG(adam_update(w, g, bad, v, 1, 0.1f, 0.9f, 0.999f, 1e-8f, 0.0f, false),
                         ShapeError, "adam_update", "(3)", "(2)");
  NNLAB_EXPECT_THROW_MSG(adam_update(w, g, m, bad, 1, 0.1f, 0.9f, 0.999f, 1e-8f, 0.0f, true),
                         ShapeError, "adam_update", "(3)", "(2)");
  NNLAB_EXPECT_THROW_MSG(adam_update(w, g, m, v, 1, 0.1f, 1.0f, 0.999f, 1e-8f, 0.0f, false),
                         ShapeError, "adam_update", "beta1");
  NNLAB_EXPECT_THROW_MSG(adam_update(w, g, m, v, 1, 0.1f, 0.9f, -0.5f, 1e-8f, 0.0f, false),
                         ShapeError, "adam_update", "beta2");
  NNLAB_EXPECT_THROW_MSG(adam_update(w, g, m, v, 0, 0.1f, 0.9f, 0.999f, 1e-8f, 0.0f, false),
                         ShapeError, "adam_update", "1-based");
  NNLAB_EXPECT_ALLCLOSE(w, Tensor({1, 2, 3}), 0.0, 0.0);
  NNLAB_EXPECT_ALLCLOSE(m, Tensor({0, 0, 0}), 0.0, 0.0);
  NNLAB_EXPECT_ALLCLOSE(v, Tensor({0, 0, 0}), 0.0, 0.0);
}

}  // namespace
}  // namespace nnlab::mlp
