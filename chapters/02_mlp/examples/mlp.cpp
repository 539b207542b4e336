// Demo: a multilayer perceptron on shapes10 or Fashion-MNIST (Dive into Deep Learning §5.2).
//
// First a baseline, softmax regression on the raw pixels (one Linear layer), then the MLP
// 784-256-128-10 with ReLU, both trained by the Runner (02.13) with Adam (02.9) on the fused
// softmax cross-entropy (02.3), evaluated on a dev set after every epoch; the best MLP is kept
// in a checkpoint, reloaded and scored on the test set, with per-class accuracies and a picture
// of the test images it gets wrong.
//
//   ./nnlab run mlp [--out DIR] [--seed S] [--epochs E] [--data DIR]
//
// Without --data: shapes10, 20000 train / 2000 dev / 5000 test images drawn from the seed.
// With --data DIR: Fashion-MNIST (or MNIST) as downloaded, DIR/{train,t10k}-{images-idx3,
// labels-idx1}-ubyte, gzip-compressed (.gz) or not; the last 5000 training images are the dev set.
//
// Writes, for each model M in {softmax, mlp}: DIR/M.csv (the Runner's log), DIR/M.ckpt (its best
// checkpoint), DIR/M_loss.png and DIR/M_accuracy.png (with gnuplot); and DIR/mistakes.png
// (default DIR build/runs/mlp). Exit code 2 when an exercise it needs is a stub. The class
// names printed with --data are Fashion-MNIST's.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "nnlab/data.hpp"
#include "nnlab/demo.hpp"
#include "nnlab/errors.hpp"
#include "nnlab/image_data.hpp"
#include "nnlab/mlp/layers.hpp"
#include "nnlab/mlp/optim.hpp"
#include "nnlab/mlp/runner.hpp"
#include "nnlab/plot.hpp"

namespace {

using namespace nnlab;
using namespace nnlab::mlp;

// (N, H, W) images -> (N, H*W) rows.
void flatten(ClassificationData& d) { d.x.reshape({d.x.shape(0), d.x.shape(1) * d.x.shape(2)}); }

std::string pct(double v) { return fmt::format("{:.1f}%", 100.0 * v); }

// Trains `model` with Adam on the split, keeping the best dev model in `ckpt`; returns the
// test result of that best model.
EvalResult fit(const std::string& title, Sequential& model, const ImageSplits& s, int epochs,
               const DemoOptions& opt, Rng& rng, const std::string& tag) {
  Adam adam(model.params(), 1e-3f);
  Runner<Labels> runner(model, adam, cross_entropy_loss(), accuracy_metric());
  DataLoader<Labels> train(s.train.x, s.train.y, {.batch_size = 128}, rng);
  DataLoader<Labels> dev(s.dev.x, s.dev.y, {.batch_size = 1000, .shuffle = false}, rng);
  DataLoader<Labels> test(s.test.x, s.test.y, {.batch_size = 1000, .shuffle = false}, rng);
  fmt::print("\n{}: {} ({} parameters), Adam lr 1e-3, batch 128, {} epochs\n", title,
             model.describe(), model.num_params(), epochs);
  const std::string ckpt = opt.out + "/" + tag + ".ckpt";
  // Two evaluations per epoch, for smoother curves (the dev set is small).
  runner.train(train, &dev,
               {.epochs = epochs, .eval_every = std::max<std::size_t>(1, train.num_batches() / 2),
                .checkpoint = ckpt, .log_csv = opt.out + "/" + tag + ".csv"});
  runner.load(ckpt);
  const EvalResult r = runner.evaluate(test);
  fmt::print("{}: best dev accuracy {} (step {}), test accuracy {} (test loss {:.4f})\n", title,
             pct(runner.best_metric()), runner.steps(), pct(r.metric), r.loss);
  return r;
}

int run(const DemoOptions& opt) {
  const auto start = std::chrono::steady_clock::now();
  Rng rng(opt.seed);
  ImageSplits s = load_image_splits(opt.data, opt.seed, 20000, 2000, 5000);
  for (ClassificationData* part : {&s.train, &s.dev, &s.test}) flatten(*part);
  const std::size_t d = s.train.x.shape(1);
  fmt::print("data: {}, {} train / {} dev / {} test, {} features, loaded in {:.1f} s\n", s.source,
             s.train.x.shape(0), s.dev.x.shape(0), s.test.x.shape(0), d,
             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());

  Sequential softmax;
  softmax.emplace<Linear>(d, 10, rng);
  const EvalResult base =
      fit("softmax regression", softmax, s, opt.epochs, opt, rng, "softmax");

  Sequential mlp;
  mlp.emplace<Linear>(d, 256, rng);
  mlp.emplace<ReLU>();
  mlp.emplace<Linear>(256, 128, rng);
  mlp.emplace<ReLU>();
  mlp.emplace<Linear>(128, 10, rng);
  const EvalResult best = fit("MLP", mlp, s, opt.epochs, opt, rng, "mlp");

  // Per-class accuracy of the best MLP, and its mistakes as a picture.
  Adam unused(mlp.params(), 0.0f);
  Runner<Labels> runner(mlp, unused, cross_entropy_loss(), accuracy_metric());
  report_per_class("per-class test accuracy of the MLP", runner.predict(s.test.x), s.test.y,
                   s.class_names, s.test.x, opt.out + "/mistakes.png");

  // Curves: dev loss and accuracy of both models per epoch.
  std::vector<std::string> plotted;
  for (const std::string tag : {"softmax", "mlp"}) {
    std::string why;
    const std::string csv = opt.out + "/" + tag + ".csv";
    const bool a = plot_csv(csv, opt.out + "/" + tag + "_loss.png",
                            {.title = tag + ": loss", .xlabel = "step", .ylabel = "loss",
                             .x_column = "step", .y_columns = {"train_loss", "dev_loss"}},
                            &why);
    const bool b = plot_csv(csv, opt.out + "/" + tag + "_accuracy.png",
                            {.title = tag + ": dev accuracy", .xlabel = "step",
                             .ylabel = "accuracy", .x_column = "step", .y_columns = {"dev_acc"}},
                            &why);
    if (a && b) plotted.push_back(tag);
    if (!a || !b) fmt::print("no PNG curves: {}\n", why);
  }

  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("\nsummary ({}): softmax regression {} test accuracy, MLP {}; {:.1f} s in all\n",
             s.source, pct(base.metric), pct(best.metric), secs);
  fmt::print("files: {}/{{softmax,mlp}}.csv, .ckpt{}\n", opt.out,
             plotted.empty() ? "" : ", *_loss.png, *_accuracy.png");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return nnlab::run_demo("mlp", argc, argv, {.epochs = 8}, run);
}
