#pragma once
/// @file
/// The Runner: how every later chapter trains, evaluates and keeps its models (after the
/// "Runner V3" of Neural Networks and Deep Learning, Qiu, §4.5).
///
/// A Runner ties a model, an optimiser, a loss and a metric together:
/// @code
/// mlp::Runner<Labels> runner(model, adam, mlp::cross_entropy_loss(), mlp::accuracy_metric());
/// auto history = runner.train(train_loader, &dev_loader,
///                             {.epochs = 10, .checkpoint = out + "/best.ckpt"});
/// runner.load(out + "/best.ckpt");             // the best model seen on the dev set
/// mlp::EvalResult test = runner.evaluate(test_loader);
/// Tensor logits = runner.predict(x);
/// @endcode
///
/// Exercise 02.13 is the heart of it, `train_step` and `evaluate`; the loop around them
/// (`train`: epochs, schedules, periodic evaluation, best-model checkpoints, progress, the
/// CSV log) and `predict`, `save`, `load` are provided.
///
/// `Target` is what the loss compares the model's output with: `Labels` (class ids) for
/// classification, `Tensor` for regression. Both are instantiated.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "nnlab/data.hpp"
#include "nnlab/module.hpp"
#include "nnlab/mlp/optim.hpp"
#include "nnlab/mlp/softmax_cross_entropy.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::mlp {

/// A loss: the mean loss over the batch and its gradient with respect to the model's output.
template <class Target>
using LossFn = std::function<LossAndGrad(const Tensor& output, const Target& y)>;

/// A metric: its batch mean (`fn`), how to name it, and which way is better.
template <class Target>
struct Metric {
  std::string name;                                          ///< e.g. `"acc"`
  std::function<double(const Tensor& output, const Target& y)> fn;  ///< mean over the batch
  bool higher_is_better = true;
};

/// Softmax cross-entropy on logits `(N, K)` and class ids `(N)` (exercise 02.3).
LossFn<Labels> cross_entropy_loss();
/// Half the mean squared error, \f$ \frac{1}{2N}\sum_n (\hat y_n - y_n)^2 \f$ (chapter 01's
/// squared loss), for outputs `(N, 1)` or `(N)` and targets `(N)`; the gradient has the
/// output's shape.
LossFn<Tensor> squared_error_loss();
/// Classification accuracy, `"acc"`: the share of rows whose argmax is the label.
Metric<Labels> accuracy_metric();
/// Half the mean squared error as a metric, `"loss"`, lower is better.
Metric<Tensor> squared_error_metric();

/// The mean loss and metric over a data set.
struct EvalResult {
  double loss = 0.0;         ///< per-sample mean of the loss
  double metric = 0.0;       ///< per-sample mean of the metric
  std::size_t samples = 0;   ///< how many samples were seen
};

/// How `Runner::train` runs.
struct TrainOptions {
  int epochs = 1;
  /// Evaluate on the dev set every this many steps; 0 evaluates at the end of every epoch.
  std::size_t eval_every = 0;
  /// Where to save the best model (by the dev metric); empty saves nothing. Saves are atomic:
  /// a run cut off mid-save still leaves the previous best checkpoint.
  std::string checkpoint = "";
  /// Where to write one CSV row per evaluation (`step,epoch,lr,train_loss,dev_loss,dev_<metric>`);
  /// rewritten atomically after each evaluation, so it is complete up to the last one.
  std::string log_csv = "";
  /// The learning rate of each epoch (counted from 0), e.g. a schedule of exercise 02.10;
  /// empty keeps the optimiser's rate.
  std::function<float(std::int64_t epoch)> lr_schedule = {};
  /// Draw a progress bar on stderr.
  bool progress = true;
  /// Print one line per evaluation on stdout.
  bool log = true;
};

/// One evaluation during training.
struct TrainRecord {
  std::int64_t step = 0;     ///< optimiser steps taken so far
  std::int64_t epoch = 0;    ///< epochs begun (1 during the first)
  double lr = 0.0;           ///< the learning rate of the last step
  double train_loss = 0.0;   ///< mean training loss since the previous record
  double dev_loss = 0.0;     ///< NaN without a dev set
  double dev_metric = 0.0;   ///< NaN without a dev set
};

/// What `Runner::train` returns: every record, and the best dev metric and its step.
struct TrainHistory {
  std::vector<TrainRecord> records;
  double best_metric = 0.0;    ///< NaN without a dev set
  std::int64_t best_step = -1; ///< -1 without a dev set
};

/// Trains, evaluates and checkpoints a model; see the file comment.
template <class Target>
class Runner {
 public:
  /// The model and optimiser must outlive the runner; the optimiser must hold the model's
  /// parameters. `clip_norm > 0` clips the gradients' global norm (exercise 02.11) before
  /// each step.
  Runner(Module& model, Optimizer& optimizer, LossFn<Target> loss, Metric<Target> metric,
         float clip_norm = 0.0f);

  /// **Exercise 02.13.** One training step on one batch, in this order: switch the model to
  /// training mode, zero the gradients, forward, loss and its gradient, backward, clip (when
  /// `clip_norm > 0`), one optimiser step.
  /// @returns the batch's mean loss (before the step).
  /// @throws Error naming `train_step` when the loss is NaN or infinite (parameters untouched).
  float train_step(const Tensor& x, const Target& y);

  /// **Exercise 02.13.** The loss and metric over every batch of `loader` (one pass, from
  /// `start_epoch()`), in evaluation mode and without touching parameters or gradients.
  /// Batches may differ in size (the last one), so each batch mean is weighted by its number
  /// of samples: the result is the mean over samples, not over batches. The model's mode
  /// (training or evaluation) is restored afterwards.
  /// @throws Error naming `evaluate` when the loader yields no samples.
  EvalResult evaluate(DataLoader<Target>& loader);

  /// Trains for `options.epochs` epochs over `train_loader`, evaluating on `dev_loader` (may
  /// be null) as `options` says, keeping the best model in `options.checkpoint`. Progress goes
  /// to stderr, one line per evaluation to stdout (each can be turned off). With
  /// `eval_every > 0` the last steps are evaluated too, after the last epoch. Calling `train` again continues the step
  /// and epoch counts.
  TrainHistory train(DataLoader<Target>& train_loader, DataLoader<Target>* dev_loader,
                     const TrainOptions& options);

  /// The model's outputs for every row of `x`, in evaluation mode, `batch_size` rows at a time
  /// (the mode is restored afterwards).
  Tensor predict(const Tensor& x, std::size_t batch_size = 256);

  /// Saves the model (`model.*`), the optimiser's state (`optim.*`) and the runner's counters
  /// (`runner.step`, `runner.epoch`, `runner.best_metric`) atomically to `path`.
  void save(const std::string& path) const;
  /// Restores what `save` wrote; nothing changes unless all of it fits.
  /// @throws DataError naming the file and the problem.
  void load(const std::string& path);

  Module& model() { return model_; }
  Optimizer& optimizer() { return optimizer_; }
  /// Optimiser steps taken through this runner (and restored by `load`).
  std::int64_t steps() const { return step_; }
  /// Epochs begun through this runner (and restored by `load`).
  std::int64_t epochs() const { return epoch_; }
  /// The best dev metric seen by `train` (NaN before any evaluation).
  double best_metric() const { return best_metric_; }

 private:
  Module& model_;
  Optimizer& optimizer_;
  LossFn<Target> loss_;
  Metric<Target> metric_;
  float clip_norm_;
  std::int64_t step_ = 0;
  std::int64_t epoch_ = 0;
  double best_metric_;
};

/// Writes the training-loss curves of several runs side by side, for comparing them: a CSV
/// file (`step`, then one column per run, headed by its name) and, when gnuplot is installed,
/// a PNG with a logarithmic loss axis. Every run must have its records at the same steps (the
/// same loader and `eval_every`). Prints one line saying where the files went.
/// @throws ShapeError naming `save_loss_curves` when the runs' records do not line up.
void save_loss_curves(const std::string& csv_path, const std::string& png_path,
                      const std::string& title,
                      const std::vector<std::pair<std::string, std::vector<TrainRecord>>>& runs);

extern template class Runner<Labels>;
extern template class Runner<Tensor>;

}  // namespace nnlab::mlp
