// Exercise 02.13 — the Runner's training step and evaluation.
// Contract: include/nnlab/mlp/runner.hpp. The rest of the Runner (the epoch loop, checkpoints,
// predict) is in src/runner.cpp: read it to see how your two functions are used.
// Check with `./nnlab check 02.13`; stuck? `./nnlab hint 02.13`.
#include "nnlab/mlp/runner.hpp"

#include <cmath>

#include "nnlab/errors.hpp"
#include "nnlab/mlp/grad_clip.hpp"

namespace nnlab::mlp {

// Members you can use: model_ (Module&), optimizer_ (Optimizer&), loss_ (LossFn: returns
// {loss, dlogits}), metric_ (Metric: metric_.fn(output, y) is a batch mean), clip_norm_, step_.
template <class Target>
float Runner<Target>::train_step([[maybe_unused]] const Tensor& x,
                                 [[maybe_unused]] const Target& y) {
  // TODO(02.13): training mode, zero the gradients, forward, loss (refuse a NaN/inf loss with
  // nnlab::Error before any update), backward, clip when clip_norm_ > 0, optimiser step.
  throw nnlab::NotImplemented("02.13 Runner::train_step");
}

template <class Target>
EvalResult Runner<Target>::evaluate([[maybe_unused]] DataLoader<Target>& loader) {
  // TODO(02.13): remember the mode, switch to eval; loader.start_epoch(); for each batch add
  // n * loss and n * metric (n = the batch's size); restore the mode; divide by the samples.
  throw nnlab::NotImplemented("02.13 Runner::evaluate");
}

// The two kinds of runner the chapters use (keep these lines).
template float Runner<Labels>::train_step(const Tensor&, const Labels&);
template float Runner<Tensor>::train_step(const Tensor&, const Tensor&);
template EvalResult Runner<Labels>::evaluate(DataLoader<Labels>&);
template EvalResult Runner<Tensor>::evaluate(DataLoader<Tensor>&);

}  // namespace nnlab::mlp
