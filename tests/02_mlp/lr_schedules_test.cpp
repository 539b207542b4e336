// Graded tests of exercise 02.10, learning-rate schedules.
#include "nnlab/mlp/lr_schedules.hpp"

#include "nnlab/errors.hpp"
#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

// Schedules are compared as floats computed in double: 1e-7 absolute, 1e-6 relative.
#define EXPECT_LR(actual, expected) \
  NNLAB_EXPECT_ALLCLOSE(Tensor({(actual)}), Tensor({(expected)}), 1e-7, 1e-6)

// base 1, step_size 3, gamma 0.5: epochs 0-2 -> 1, 3-5 -> 0.5, 7 -> 0.25.
NNLAB_TEST(LrSchedules, StepHandComputed, 1) {
  EXPECT_LR(step_lr(1.0f, 0, 3, 0.5f), 1.0);
  EXPECT_LR(step_lr(1.0f, 2, 3, 0.5f), 1.0);
  EXPECT_LR(step_lr(1.0f, 3, 3, 0.5f), 0.5);
  EXPECT_LR(step_lr(1.0f, 7, 3, 0.5f), 0.25);
}

// milestones {2, 4, 4}, gamma 0.1: epoch 1 -> 1, 2 -> 0.1, 4 -> 0.001 (4 counts twice).
NNLAB_TEST(LrSchedules, MultistepHandComputed, 1) {
  EXPECT_LR(multistep_lr(1.0f, 1, {2, 4, 4}, 0.1f), 1.0);
  EXPECT_LR(multistep_lr(1.0f, 2, {2, 4, 4}, 0.1f), 0.1);
  EXPECT_LR(multistep_lr(1.0f, 4, {2, 4, 4}, 0.1f), 0.001);
  EXPECT_LR(multistep_lr(0.5f, 9, {}, 0.1f), 0.5);
}

// base 1, T_max 4: epoch 0 -> 1, 2 -> 0.5, 4 -> eta_min, 6 -> back up to 0.5.
NNLAB_TEST(LrSchedules, CosineHandComputed, 1) {
  EXPECT_LR(cosine_lr(1.0f, 0, 4, 0.0f), 1.0);
  EXPECT_LR(cosine_lr(1.0f, 2, 4, 0.0f), 0.5);
  EXPECT_LR(cosine_lr(1.0f, 4, 4, 0.2f), 0.2);
  EXPECT_LR(cosine_lr(1.0f, 6, 4, 0.0f), 0.5);
}

// base 1, W = 4: f = 1/4 + (3/4) min(s, 4) / 4: step 0 -> 0.25, 1 -> 0.4375, >= 4 -> 1.
NNLAB_TEST(LrSchedules, WarmupHandComputed, 1) {
  EXPECT_LR(warmup_lr(1.0f, 0, 4), 0.25);
  EXPECT_LR(warmup_lr(1.0f, 1, 4), 0.4375);
  EXPECT_LR(warmup_lr(1.0f, 4, 4), 1.0);
  EXPECT_LR(warmup_lr(1.0f, 10, 4), 1.0);
  EXPECT_LR(warmup_lr(2.0f, 0, 1), 2.0);
}

// torch.optim.lr_scheduler over 20 epochs from lr 0.1: StepLR(step_size=3, gamma=0.5),
// MultiStepLR([2, 5, 5, 11], gamma=0.3), CosineAnnealingLR(T_max=8, eta_min=0.001) (torch's
// recursive form differs from the closed form by ~3e-9), LinearLR(1/5, 1, total_iters=5).
NNLAB_TEST(LrSchedules, MatchesPyTorch, 3) {
  const Tensor step = nnlab::testing::golden("02_mlp", "schedule_step");
  const Tensor multistep = nnlab::testing::golden("02_mlp", "schedule_multistep");
  const Tensor cosine = nnlab::testing::golden("02_mlp", "schedule_cosine");
  const Tensor warmup = nnlab::testing::golden("02_mlp", "schedule_warmup");
  Tensor s = xt::zeros_like(step), ms = s, c = s, w = s;
  for (std::int64_t e = 0; e < std::int64_t(step.size()); ++e) {
    s(e) = step_lr(0.1f, e, 3, 0.5f);
    ms(e) = multistep_lr(0.1f, e, {2, 5, 5, 11}, 0.3f);
    c(e) = cosine_lr(0.1f, e, 8, 0.001f);
    w(e) = warmup_lr(0.1f, e, 5);
  }
  NNLAB_EXPECT_ALLCLOSE(s, step, 1e-8, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(ms, multistep, 1e-8, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(c, cosine, 1e-8, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(w, warmup, 1e-8, 1e-6);
}

NNLAB_TEST(LrSchedules, RejectsBadInput, 1) {
  NNLAB_EXPECT_THROW_MSG(step_lr(0.1f, 1, 0, 0.5f), ShapeError, "step_lr", "step_size");
  NNLAB_EXPECT_THROW_MSG(step_lr(0.1f, -1, 3, 0.5f), ShapeError, "step_lr", "epoch");
  NNLAB_EXPECT_THROW_MSG(multistep_lr(0.1f, 1, {5, 2}, 0.5f), ShapeError, "multistep_lr",
                         "sorted");
  NNLAB_EXPECT_THROW_MSG(cosine_lr(0.1f, 1, 0, 0.0f), ShapeError, "cosine_lr", "t_max");
  NNLAB_EXPECT_THROW_MSG(warmup_lr(0.1f, 1, 0), ShapeError, "warmup_lr", "warmup_steps");
}

}  // namespace
}  // namespace nnlab::mlp
