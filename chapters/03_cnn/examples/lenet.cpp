// Demo: LeNet on shapes10 (Dive into Deep Learning §7.6), against chapter 02's MLP.
//
// LeNet-5 (two 5x5 convolutions with average pooling, then 120-84-10) with ReLU, trained by the
// Runner with Adam on 30000 shapes10 images, evaluated on a dev set twice per epoch, the best
// model kept in a checkpoint, reloaded and scored on 5000 test images, with per-class accuracy
// and a picture of the test images it still gets wrong. Uses exercises 03.2-03.6 and 03.9
// (through the modules) and chapter 02's Runner, Adam and loss.
//
//   ./nnlab run lenet [--out DIR] [--seed S] [--epochs E] [--data DIR]
//
// With --data DIR: Fashion-MNIST (or MNIST) IDX files, as `./nnlab run mlp`.
// Writes DIR/lenet.csv (the Runner's log), DIR/lenet.ckpt, DIR/loss.png and DIR/accuracy.png
// (with gnuplot), DIR/mistakes.png; default DIR build/runs/lenet. Exit code 2 when an exercise
// it needs is still a stub.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "nnlab/cnn/models.hpp"
#include "nnlab/data.hpp"
#include "nnlab/demo.hpp"
#include "nnlab/errors.hpp"
#include "nnlab/image_data.hpp"
#include "nnlab/mlp/lr_schedules.hpp"
#include "nnlab/mlp/optim.hpp"
#include "nnlab/mlp/runner.hpp"
#include "nnlab/plot.hpp"

namespace {

using namespace nnlab;
using namespace nnlab::mlp;

// (N, H, W) -> (N, 1, H, W)
void add_channel(ClassificationData& d) {
  d.x.reshape({d.x.shape(0), 1, d.x.shape(1), d.x.shape(2)});
}

std::string pct(double v) { return fmt::format("{:.1f}%", 100.0 * v); }

int run(const DemoOptions& opt) {
  const auto start = std::chrono::steady_clock::now();
  Rng rng(opt.seed);
  ImageSplits s = load_image_splits(opt.data, opt.seed, 30000, 2000, 5000);
  if (s.train.x.shape(1) != 28 || s.train.x.shape(2) != 28) {
    throw DataError(opt.data, fmt::format("LeNet expects 28 x 28 images, the files hold {} x {}",
                                          s.train.x.shape(1), s.train.x.shape(2)));
  }
  for (ClassificationData* part : {&s.train, &s.dev, &s.test}) add_channel(*part);
  fmt::print("data: {}, {} train / {} dev / {} test images of 1 x 28 x 28\n", s.source,
             s.train.x.shape(0), s.dev.x.shape(0), s.test.x.shape(0));

  std::unique_ptr<Sequential> model = cnn::lenet(rng, cnn::Nonlinearity::relu);
  fmt::print("model: {}\n{} parameters\n", model->describe(), model->num_params());
  Adam adam(model->params(), 2e-3f);
  Runner<Labels> runner(*model, adam, cross_entropy_loss(), accuracy_metric());
  DataLoader<Labels> train(s.train.x, s.train.y, {.batch_size = 128}, rng);
  DataLoader<Labels> dev(s.dev.x, s.dev.y, {.batch_size = 500, .shuffle = false}, rng);
  DataLoader<Labels> test(s.test.x, s.test.y, {.batch_size = 500, .shuffle = false}, rng);
  const std::string ckpt = opt.out + "/lenet.ckpt", csv = opt.out + "/lenet.csv";
  fmt::print("Adam lr 2e-3 with cosine decay, batch 128, {} epochs; best model -> {}\n\n",
             opt.epochs, ckpt);
  runner.train(train, &dev,
               {.epochs = opt.epochs,
                .eval_every = std::max<std::size_t>(1, train.num_batches() / 2),
                .checkpoint = ckpt,
                .log_csv = csv,
                .lr_schedule = [&](std::int64_t e) {
                  return cosine_lr(2e-3f, e, std::max(1, opt.epochs), 1e-4f);
                }});

  runner.load(ckpt);
  const EvalResult r = runner.evaluate(test);
  const double train_secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("\nbest dev accuracy {} at step {}; test accuracy {} (loss {:.4f})\n",
             pct(runner.best_metric()), runner.steps(), pct(r.metric), r.loss);

  report_per_class("per-class test accuracy", runner.predict(s.test.x, 500), s.test.y,
                   s.class_names, s.test.x, opt.out + "/mistakes.png");

  std::string why;
  const bool a = plot_csv(csv, opt.out + "/loss.png",
                          {.title = "LeNet: loss", .xlabel = "step", .ylabel = "cross-entropy",
                           .x_column = "step", .y_columns = {"train_loss", "dev_loss"},
                           .log_y = true},
                          &why);
  const bool b = plot_csv(csv, opt.out + "/accuracy.png",
                          {.title = "LeNet: dev accuracy", .xlabel = "step",
                           .ylabel = "accuracy", .x_column = "step", .y_columns = {"dev_acc"}},
                          &why);
  fmt::print("curves       {}{}\n", csv,
             a && b ? fmt::format(", {0}/loss.png, {0}/accuracy.png", opt.out)
                    : " (no PNG: " + why + ")");
  fmt::print("\nsummary ({}): LeNet test accuracy {} in {:.0f} s\n", s.source, pct(r.metric),
             train_secs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return nnlab::run_demo("lenet", argc, argv, {.epochs = 10}, run);
}
