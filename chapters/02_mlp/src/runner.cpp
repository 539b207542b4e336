// Provided part of the Runner: losses and metrics, the training loop around train_step and
// evaluate (exercise 02.13), predict, save and load.
#include "nnlab/mlp/runner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "nnlab/checkpoint.hpp"
#include "nnlab/errors.hpp"
#include "nnlab/io.hpp"
#include "nnlab/linear/accuracy.hpp"
#include "nnlab/plot.hpp"
#include "nnlab/progress.hpp"

namespace nnlab::mlp {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The output as a column of N values: (N) or (N, 1).
void require_column(const char* fn, const Tensor& out, const Tensor& y) {
  const bool ok = (out.dimension() == 1 || (out.dimension() == 2 && out.shape(1) == 1)) &&
                  y.dimension() == 1 && out.shape(0) == y.shape(0) && y.size() > 0;
  require(ok, fn, "output", out, "y", y, "output must be (N) or (N, 1) and y (N), N >= 1");
}

// Puts the model in evaluation mode for the lifetime of the guard, then restores its mode.
class EvalMode {
 public:
  explicit EvalMode(Module& m) : m_(m), was_training_(m.training()) { m_.eval(); }
  ~EvalMode() { m_.train(was_training_); }
  EvalMode(const EvalMode&) = delete;
  EvalMode& operator=(const EvalMode&) = delete;

 private:
  Module& m_;
  bool was_training_;
};

}  // namespace

LossFn<Labels> cross_entropy_loss() {
  return [](const Tensor& logits, const Labels& y) { return softmax_cross_entropy(logits, y); };
}

LossFn<Tensor> squared_error_loss() {
  return [](const Tensor& out, const Tensor& y) {
    require_column("squared_error_loss", out, y);
    const std::size_t n = y.size();
    LossAndGrad r{0.0f, Tensor::from_shape(out.shape())};
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double d = double(out.flat(i)) - double(y.flat(i));
      sum += d * d;
      r.dlogits.flat(i) = static_cast<float>(d / double(n));
    }
    r.loss = static_cast<float>(sum / (2.0 * double(n)));
    return r;
  };
}

Metric<Labels> accuracy_metric() {
  return {"acc", [](const Tensor& logits, const Labels& y) {
            return double(linear::accuracy(logits, y));
          },
          true};
}

Metric<Tensor> squared_error_metric() {
  const LossFn<Tensor> loss = squared_error_loss();
  return {"loss", [loss](const Tensor& out, const Tensor& y) { return double(loss(out, y).loss); },
          false};
}

template <class Target>
Runner<Target>::Runner(Module& model, Optimizer& optimizer, LossFn<Target> loss,
                       Metric<Target> metric, float clip_norm)
    : model_(model),
      optimizer_(optimizer),
      loss_(std::move(loss)),
      metric_(std::move(metric)),
      clip_norm_(clip_norm),
      best_metric_(kNaN) {}

template <class Target>
TrainHistory Runner<Target>::train(DataLoader<Target>& train_loader,
                                   DataLoader<Target>* dev_loader, const TrainOptions& options) {
  TrainHistory history;
  history.best_metric = best_metric_;
  double loss_sum = 0.0;
  std::size_t loss_count = 0;
  std::string csv = fmt::format("step,epoch,lr,train_loss,dev_loss,dev_{}\n", metric_.name);

  // Records the mean training loss since the last record and, with a dev set, evaluates it,
  // keeps the best model, and prints one line (clearing the progress bar `bar` first, which
  // redraws itself at its next update).
  auto record = [&](ProgressBar* bar) {
    TrainRecord r{step_, epoch_, optimizer_.lr(), loss_sum / double(loss_count), kNaN, kNaN};
    loss_sum = 0.0;
    loss_count = 0;
    std::string line = fmt::format("step {:>6}  epoch {:>3}  train loss {:.4f}", r.step,
                                   r.epoch, r.train_loss);
    if (dev_loader != nullptr) {
      const EvalResult dev = evaluate(*dev_loader);
      r.dev_loss = dev.loss;
      r.dev_metric = dev.metric;
      line += fmt::format("  dev loss {:.4f}  dev {} {:.4f}", dev.loss, metric_.name, dev.metric);
      const bool better = std::isnan(best_metric_) ||
                          (metric_.higher_is_better ? dev.metric > best_metric_
                                                    : dev.metric < best_metric_);
      if (better) {
        best_metric_ = dev.metric;
        history.best_metric = dev.metric;
        history.best_step = step_;
        if (!options.checkpoint.empty()) {
          save(options.checkpoint);
          line += "  (best, saved)";
        } else {
          line += "  (best)";
        }
      }
    }
    if (options.log) {
      if (bar != nullptr) bar->clear();
      fmt::print("{}\n", line);
      std::fflush(stdout);
    }
    history.records.push_back(r);
    if (!options.log_csv.empty()) {
      csv += fmt::format("{},{},{:.6g},{:.6g},{:.6g},{:.6g}\n", r.step, r.epoch, r.lr,
                         r.train_loss, r.dev_loss, r.dev_metric);
      write_file_atomic(options.log_csv, csv);
    }
  };

  const std::int64_t first_epoch = epoch_;
  const std::int64_t last_epoch = epoch_ + options.epochs;
  for (std::int64_t e = first_epoch; e < last_epoch; ++e) {
    if (options.lr_schedule) optimizer_.set_lr(options.lr_schedule(e));
    ++epoch_;
    train_loader.start_epoch();
    std::unique_ptr<ProgressBar> bar;
    if (options.progress) {
      bar = std::make_unique<ProgressBar>(fmt::format("epoch {}/{}", e + 1, last_epoch),
                                          train_loader.num_batches());
    }
    double epoch_sum = 0.0;
    std::size_t b = 0;
    while (auto batch = train_loader.next()) {
      const float loss = train_step(batch->x, batch->y);
      ++step_;
      ++b;
      loss_sum += loss;
      ++loss_count;
      epoch_sum += loss;
      if (bar) bar->update(b, {{"loss", epoch_sum / double(b)}});
      if (options.eval_every > 0 && step_ % std::int64_t(options.eval_every) == 0) {
        record(bar.get());
      }
    }
    if (bar) bar->finish({{"loss", b > 0 ? epoch_sum / double(b) : kNaN}});
    if (options.eval_every == 0 && loss_count > 0) record(nullptr);
  }
  if (options.eval_every > 0 && loss_count > 0) record(nullptr);  // the steps since the last
  return history;
}

template <class Target>
Tensor Runner<Target>::predict(const Tensor& x, std::size_t batch_size) {
  require(x.dimension() >= 1 && batch_size > 0, "predict", "x", x,
          "x must have a batch axis and batch_size must be positive");
  EvalMode guard(model_);
  const std::size_t n = x.shape(0);
  Tensor out;
  for (std::size_t start = 0; start < n; start += batch_size) {
    std::vector<std::size_t> rows;
    for (std::size_t i = start; i < std::min(n, start + batch_size); ++i) rows.push_back(i);
    const Tensor y = model_.forward(take_rows(x, rows));
    if (start == 0) {
      Shape shape(y.shape().begin(), y.shape().end());
      shape[0] = n;
      out = Tensor::from_shape(shape);
    }
    const std::size_t row = y.size() / rows.size();
    std::copy(y.begin(), y.end(), out.data() + start * row);
  }
  return out;
}

template <class Target>
void Runner<Target>::save(const std::string& path) const {
  Checkpoint ckpt;
  add_params(ckpt, model_);
  optimizer_.save_state(ckpt);
  ckpt.meta["runner.step"] = std::int64_t{step_};
  ckpt.meta["runner.epoch"] = std::int64_t{epoch_};
  ckpt.meta["runner.best_metric"] = best_metric_;
  ckpt.meta["runner.metric"] = metric_.name;
  save_checkpoint(path, ckpt);
}

template <class Target>
void Runner<Target>::load(const std::string& path) {
  const Checkpoint ckpt = load_checkpoint(path);
  // Read every counter first, so that a missing key changes nothing.
  const std::int64_t step = ckpt.meta_int("runner.step");
  const std::int64_t epoch = ckpt.meta_int("runner.epoch");
  const double best = ckpt.meta_double("runner.best_metric");
  const std::string& metric = ckpt.meta_string("runner.metric");
  if (metric != metric_.name) {
    throw DataError(path, "saved with metric '" + metric + "', this runner uses '" +
                              metric_.name + "'");
  }
  // load_params and load_state each change nothing unless everything fits; when the model
  // fits but the optimiser's state does not, the model's old values are put back.
  Checkpoint backup;
  add_params(backup, model_);
  load_params(ckpt, model_);
  try {
    optimizer_.load_state(ckpt);
  } catch (...) {
    load_params(backup, model_);
    throw;
  }
  step_ = step;
  epoch_ = epoch;
  best_metric_ = best;
}

void save_loss_curves(const std::string& csv_path, const std::string& png_path,
                      const std::string& title,
                      const std::vector<std::pair<std::string, std::vector<TrainRecord>>>& runs) {
  if (runs.empty()) throw ShapeError("save_loss_curves", "no runs to save");
  const std::vector<TrainRecord>& first = runs.front().second;
  std::string csv = "step";
  std::vector<std::string> columns;
  for (const auto& [name, records] : runs) {
    bool same = records.size() == first.size();
    for (std::size_t i = 0; same && i < records.size(); ++i) same = records[i].step == first[i].step;
    if (!same) {
      throw ShapeError("save_loss_curves", "run '" + name + "' has its records at other steps "
                                           "than run '" + runs.front().first + "'");
    }
    csv += "," + name;
    columns.push_back(name);
  }
  csv += "\n";
  for (std::size_t i = 0; i < first.size(); ++i) {
    csv += fmt::format("{}", first[i].step);
    for (const auto& run : runs) csv += fmt::format(",{:.6g}", run.second[i].train_loss);
    csv += "\n";
  }
  write_file_atomic(csv_path, csv);
  std::string why;
  const bool png = plot_csv(csv_path, png_path,
                            {.title = title, .xlabel = "step", .ylabel = "training loss",
                             .x_column = "step", .y_columns = columns, .log_y = true},
                            &why);
  fmt::print("\ncurves       {}{}\n", csv_path,
             png ? ", " + png_path : " (no PNG: " + why + ")");
}

template class Runner<Labels>;
template class Runner<Tensor>;

}  // namespace nnlab::mlp
