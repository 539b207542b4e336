// Exercise 02.10 — reference solution.
#include "nnlab/mlp/lr_schedules.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {
namespace {

void require_epoch(const char* fn, std::int64_t epoch) {
  if (epoch < 0) throw ShapeError(fn, "epoch must be at least 0, got " + std::to_string(epoch));
}

}  // namespace

float step_lr(float base, std::int64_t epoch, std::int64_t step_size, float gamma) {
  require_epoch("step_lr", epoch);
  if (step_size < 1) {
    throw ShapeError("step_lr", "step_size must be at least 1, got " + std::to_string(step_size));
  }
  return float(double(base) * std::pow(double(gamma), double(epoch / step_size)));
}

float multistep_lr(float base, std::int64_t epoch, const std::vector<std::int64_t>& milestones,
                   float gamma) {
  require_epoch("multistep_lr", epoch);
  std::int64_t k = 0;
  for (std::size_t i = 0; i < milestones.size(); ++i) {
    if (i > 0 && milestones[i] < milestones[i - 1]) {
      throw ShapeError("multistep_lr", "milestones must be sorted, got " +
                                           std::to_string(milestones[i - 1]) + " before " +
                                           std::to_string(milestones[i]));
    }
    if (milestones[i] <= epoch) ++k;
  }
  return float(double(base) * std::pow(double(gamma), double(k)));
}

float cosine_lr(float base, std::int64_t epoch, std::int64_t t_max, float eta_min) {
  require_epoch("cosine_lr", epoch);
  if (t_max < 1) {
    throw ShapeError("cosine_lr", "t_max must be at least 1, got " + std::to_string(t_max));
  }
  const double c = std::cos(std::numbers::pi * double(epoch) / double(t_max));
  return float(double(eta_min) + 0.5 * (double(base) - double(eta_min)) * (1.0 + c));
}

float warmup_lr(float base, std::int64_t step, std::int64_t warmup_steps) {
  require_epoch("warmup_lr", step);
  if (warmup_steps < 1) {
    throw ShapeError("warmup_lr",
                     "warmup_steps must be at least 1, got " + std::to_string(warmup_steps));
  }
  const double start = 1.0 / double(warmup_steps);
  const double s = double(std::min(step, warmup_steps));
  return float(double(base) * (start + (1.0 - start) * s / double(warmup_steps)));
}

}  // namespace nnlab::mlp
