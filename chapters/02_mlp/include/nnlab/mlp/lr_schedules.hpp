#pragma once
/// @file
/// Exercise 02.10: learning-rate schedules in closed form, as torch.optim.lr_scheduler.
///
/// Each function returns the learning rate to use in `epoch` (or `step`), counted from 0, given
/// the base rate. Call it before each epoch and pass the result to `Optimizer::set_lr`.

#include <cstdint>
#include <vector>

namespace nnlab::mlp {

/// StepLR: \f$ \eta_e = \eta_0\, \gamma^{\lfloor e / s \rfloor} \f$ (s = `step_size`).
/// @throws ShapeError naming `step_lr` when step_size < 1 or epoch < 0.
float step_lr(float base, std::int64_t epoch, std::int64_t step_size, float gamma);

/// MultiStepLR: \f$ \eta_e = \eta_0\, \gamma^{k} \f$, k = the number of milestones ≤ e
/// (a milestone listed twice counts twice, as in PyTorch). `milestones` must be sorted
/// non-decreasingly.
/// @throws ShapeError naming `multistep_lr` when the milestones are not sorted or epoch < 0.
float multistep_lr(float base, std::int64_t epoch, const std::vector<std::int64_t>& milestones,
                   float gamma);

/// CosineAnnealingLR in closed form:
/// \f$ \eta_e = \eta_{min} + \tfrac12 (\eta_0 - \eta_{min}) (1 + \cos(\pi e / T_{max})) \f$.
/// Beyond T_max the cosine goes on (the rate rises again), as PyTorch's scheduler does.
/// Compute in double, return as float.
/// @throws ShapeError naming `cosine_lr` when t_max < 1 or epoch < 0.
float cosine_lr(float base, std::int64_t epoch, std::int64_t t_max, float eta_min);

/// Linear warm-up, LinearLR(start_factor = 1/W, end_factor = 1, total_iters = W) with
/// W = `warmup_steps`:
/// \f$ \eta_s = \eta_0 \left( \tfrac1W + (1 - \tfrac1W)\, \tfrac{\min(s, W)}{W} \right) \f$,
/// so step 0 uses η₀/W, the rate grows linearly, and from step W on it is η₀.
/// Compute in double, return as float.
/// @throws ShapeError naming `warmup_lr` when warmup_steps < 1 or step < 0.
float warmup_lr(float base, std::int64_t step, std::int64_t warmup_steps);

}  // namespace nnlab::mlp
