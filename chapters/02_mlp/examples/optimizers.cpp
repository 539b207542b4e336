// Demo: four optimisers on the same model, data and seed (Dive into Deep Learning ch. 12).
//
// An MLP 784-128-10 with ReLU on 6000 shapes10 images, batch 64, trained once each with
// SGD (02.7), SGD with momentum 0.9 (02.7), RMSProp (02.8) and Adam (02.9), every run from the
// same initial weights and the same batch order. Prints a table (final training loss, test
// accuracy, time) and plots the training loss against the step.
//
//   ./nnlab run optimizers [--out DIR] [--seed S] [--epochs E]
//
// Writes DIR/optimizers.csv and DIR/optimizers.png (with gnuplot), default DIR
// build/runs/optimizers. Exit code 2 when an exercise it needs is a stub.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "nnlab/data.hpp"
#include "nnlab/demo.hpp"
#include "nnlab/mlp/layers.hpp"
#include "nnlab/mlp/optim.hpp"
#include "nnlab/mlp/runner.hpp"
#include "nnlab/shapes10.hpp"

namespace {

using namespace nnlab;
using namespace nnlab::mlp;

using MakeOptimizer = std::function<std::unique_ptr<Optimizer>(std::vector<NamedParam>)>;

struct Contender {
  std::string name;
  std::string settings;
  MakeOptimizer make;
  std::vector<TrainRecord> records = {};
  double test_acc = 0.0, seconds = 0.0;
};

ClassificationData flat_shapes10(std::size_t n, std::uint64_t seed) {
  ClassificationData d = shapes10(n, seed);
  d.x.reshape({n, 28 * 28});
  return d;
}

int run(const DemoOptions& opt) {
  const ClassificationData train_data = flat_shapes10(6000, opt.seed);
  const ClassificationData test_data = flat_shapes10(2000, opt.seed + 1);
  constexpr std::size_t kLogEvery = 10;  // steps per point of the curve

  std::vector<Contender> runs = {
      {"sgd", "lr 0.1",
       [](auto p) { return std::make_unique<SGD>(std::move(p), 0.1f); }},
      {"momentum", "lr 0.01, momentum 0.9",
       [](auto p) { return std::make_unique<SGD>(std::move(p), 0.01f, 0.9f); }},
      {"rmsprop", "lr 1e-3, alpha 0.99",
       [](auto p) { return std::make_unique<RMSprop>(std::move(p), 1e-3f); }},
      {"adam", "lr 1e-3, betas 0.9, 0.999",
       [](auto p) { return std::make_unique<Adam>(std::move(p), 1e-3f); }},
  };
  fmt::print("MLP 784-128-10 on shapes10 (6000 train / 2000 test), batch 64, {} epochs, seed {}: "
             "the same initial weights and batch order for every optimiser\n",
             opt.epochs, opt.seed);

  for (Contender& c : runs) {
    Rng rng(opt.seed);  // same weights, same shuffles
    Sequential model;
    model.emplace<Linear>(28 * 28, 128, rng);
    model.emplace<ReLU>();
    model.emplace<Linear>(128, 10, rng);
    const std::unique_ptr<Optimizer> optimizer = c.make(model.params());
    Runner<Labels> runner(model, *optimizer, cross_entropy_loss(), accuracy_metric());
    DataLoader<Labels> train(train_data.x, train_data.y, {.batch_size = 64}, rng);
    DataLoader<Labels> test(test_data.x, test_data.y, {.batch_size = 1000, .shuffle = false},
                            rng);
    fmt::print("\n{} ({})\n", c.name, c.settings);
    const auto start = std::chrono::steady_clock::now();
    c.records = runner.train(train, nullptr, {.epochs = opt.epochs, .eval_every = kLogEvery,
                                              .log = false})
                    .records;
    c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    c.test_acc = runner.evaluate(test).metric;
  }

  fmt::print("\n{:<10} {:<26} {:>16} {:>14} {:>8}\n", "optimiser", "settings",
             "final train loss", "test accuracy", "time");
  for (const Contender& c : runs) {
    // The last point is the mean over the last kLogEvery steps (or fewer).
    fmt::print("{:<10} {:<26} {:>16.4f} {:>13.1f}% {:>7.2f}s\n", c.name, c.settings,
               c.records.back().train_loss, 100.0 * c.test_acc, c.seconds);
  }

  fmt::print("\nmomentum's steps settle at lr / (1 - momentum) = 0.1 times the gradient, SGD's "
             "step here: the two curves nearly coincide. Momentum shines where one learning rate "
             "cannot suit every direction; try --epochs 30 or other rates in this file.\n");

  std::vector<std::pair<std::string, std::vector<TrainRecord>>> curves;
  for (const Contender& c : runs) curves.emplace_back(c.name, c.records);
  save_loss_curves(opt.out + "/optimizers.csv", opt.out + "/optimizers.png",
                   fmt::format("Training loss (mean of {} steps)", kLogEvery), curves);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return nnlab::run_demo("optimizers", argc, argv, {.epochs = 10}, run);
}
