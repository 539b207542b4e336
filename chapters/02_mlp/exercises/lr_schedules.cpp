// Exercise 02.10 — learning-rate schedules.  Contract: include/nnlab/mlp/lr_schedules.hpp
// Check with `./nnlab check 02.10`; stuck? `./nnlab hint 02.10`.
#include "nnlab/mlp/lr_schedules.hpp"

#include <cmath>
#include <numbers>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

float step_lr([[maybe_unused]] float base, [[maybe_unused]] std::int64_t epoch,
              [[maybe_unused]] std::int64_t step_size, [[maybe_unused]] float gamma) {
  // TODO(02.10): base * gamma^(epoch / step_size), integer division.
  throw nnlab::NotImplemented("02.10 step_lr");
}

float multistep_lr([[maybe_unused]] float base, [[maybe_unused]] std::int64_t epoch,
                   [[maybe_unused]] const std::vector<std::int64_t>& milestones,
                   [[maybe_unused]] float gamma) {
  // TODO(02.10): base * gamma^k, k = how many milestones are <= epoch.
  throw nnlab::NotImplemented("02.10 multistep_lr");
}

float cosine_lr([[maybe_unused]] float base, [[maybe_unused]] std::int64_t epoch,
                [[maybe_unused]] std::int64_t t_max, [[maybe_unused]] float eta_min) {
  // TODO(02.10): eta_min + (base - eta_min) * (1 + cos(pi * epoch / t_max)) / 2, in double.
  throw nnlab::NotImplemented("02.10 cosine_lr");
}

float warmup_lr([[maybe_unused]] float base, [[maybe_unused]] std::int64_t step,
                [[maybe_unused]] std::int64_t warmup_steps) {
  // TODO(02.10): f = 1/W + (1 - 1/W) * min(step, W) / W; return base * f (W = warmup_steps).
  throw nnlab::NotImplemented("02.10 warmup_lr");
}

}  // namespace nnlab::mlp
