// Reference solution of exercise 02.13: the Runner's training step and evaluation.
#include "nnlab/mlp/runner.hpp"

#include <cmath>

#include "nnlab/errors.hpp"
#include "nnlab/mlp/grad_clip.hpp"

namespace nnlab::mlp {

template <class Target>
float Runner<Target>::train_step(const Tensor& x, const Target& y) {
  model_.train();
  optimizer_.zero_grad();
  const Tensor out = model_.forward(x);
  const LossAndGrad lg = loss_(out, y);
  if (!std::isfinite(lg.loss)) {
    throw Error("train_step: the loss is " + std::to_string(lg.loss) + " at step " +
                std::to_string(step_ + 1) +
                "; lower the learning rate, clip the gradients, or check the data");
  }
  model_.backward(lg.dlogits);
  if (clip_norm_ > 0.0f) clip_grad_norm(optimizer_.params(), clip_norm_);
  optimizer_.step();
  return lg.loss;
}

template <class Target>
EvalResult Runner<Target>::evaluate(DataLoader<Target>& loader) {
  const bool was_training = model_.training();
  model_.eval();
  EvalResult r;
  double loss_sum = 0.0, metric_sum = 0.0;
  loader.start_epoch();
  while (auto batch = loader.next()) {
    const Tensor out = model_.forward(batch->x);
    const double n = double(batch->indices.size());
    loss_sum += n * double(loss_(out, batch->y).loss);
    metric_sum += n * metric_.fn(out, batch->y);
    r.samples += batch->indices.size();
  }
  model_.train(was_training);
  if (r.samples == 0) throw Error("evaluate: the loader yielded no samples");
  r.loss = loss_sum / double(r.samples);
  r.metric = metric_sum / double(r.samples);
  return r;
}

// The two kinds of runner the chapters use (keep these lines).
template float Runner<Labels>::train_step(const Tensor&, const Labels&);
template float Runner<Tensor>::train_step(const Tensor&, const Tensor&);
template EvalResult Runner<Labels>::evaluate(DataLoader<Labels>&);
template EvalResult Runner<Tensor>::evaluate(DataLoader<Tensor>&);

}  // namespace nnlab::mlp
