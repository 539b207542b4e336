// Demo: the degradation problem and residual connections (He et al. 2016; D2L §8.6).
//
// Three networks on shapes10, each a stem (conv 3x3 stride 2 to 16 channels, batch norm, ReLU),
// then blocks of two 3x3 convolutions with batch norm, then global average pooling and a linear
// classifier:
//   plain-shallow   3 blocks  ( 8 layers), no shortcuts
//   plain-deep     12 blocks  (26 layers), no shortcuts
//   residual-deep  12 blocks  (26 layers), each block y = relu(F(x) + x)   (exercise 03.10)
// all trained the same way (SGD with momentum, same data order). The deep plain network
// trains *worse* than the shallow one, on the training set itself: depth alone degrades it.
// The same depth with identity shortcuts trains at least as well as the shallow one.
//
//   ./nnlab run residual [--out DIR] [--seed S] [--epochs E]
//
// Writes DIR/residual.csv (training loss per 20 steps of each network) and DIR/residual.png
// (with gnuplot), default DIR build/runs/residual. Exit code 2 when an exercise it needs is a
// stub.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "nnlab/cnn/blocks.hpp"
#include "nnlab/cnn/layers.hpp"
#include "nnlab/cnn/models.hpp"
#include "nnlab/cnn/norm_layers.hpp"
#include "nnlab/data.hpp"
#include "nnlab/demo.hpp"
#include "nnlab/mlp/layers.hpp"
#include "nnlab/mlp/optim.hpp"
#include "nnlab/mlp/runner.hpp"
#include "nnlab/shapes10.hpp"

namespace {

using namespace nnlab;
using namespace nnlab::mlp;
using cnn::BatchNorm;
using cnn::Conv2d;

constexpr std::size_t kWidth = 16, kLogEvery = 20;

// conv 3x3, batch norm, ReLU, conv 3x3, batch norm: F of a residual block.
std::unique_ptr<Sequential> two_convs(Rng& rng) {
  auto f = std::make_unique<Sequential>();
  f->emplace<Conv2d>(kWidth, kWidth, cnn::Size2{3, 3}, rng, cnn::Size2{1, 1}, cnn::Size2{1, 1},
                     false);
  f->emplace<BatchNorm>(kWidth);
  f->emplace<ReLU>();
  f->emplace<Conv2d>(kWidth, kWidth, cnn::Size2{3, 3}, rng, cnn::Size2{1, 1}, cnn::Size2{1, 1},
                     false);
  f->emplace<BatchNorm>(kWidth);
  return f;
}

std::unique_ptr<Sequential> network(std::size_t blocks, bool residual, Rng& rng) {
  auto net = std::make_unique<Sequential>();
  net->emplace<Conv2d>(1, kWidth, cnn::Size2{3, 3}, rng, cnn::Size2{2, 2}, cnn::Size2{1, 1},
                       false);
  net->emplace<BatchNorm>(kWidth);
  net->emplace<ReLU>();
  for (std::size_t b = 0; b < blocks; ++b) {
    if (residual) {
      net->emplace<cnn::ResidualBlock>(two_convs(rng), nullptr);  // identity shortcut, ReLU
    } else {
      net->add(two_convs(rng));
      net->emplace<ReLU>();
    }
  }
  net->emplace<cnn::GlobalAvgPool2d>();
  net->emplace<Linear>(kWidth, 10, rng);
  return net;
}

struct Contender {
  std::string name;
  std::size_t blocks;
  bool residual;
  std::vector<TrainRecord> records = {};
  double train_loss = 0, train_acc = 0, seconds = 0;
};

int run(const DemoOptions& opt) {
  ClassificationData data = shapes10(4000, opt.seed);
  data.x.reshape({data.x.shape(0), 1, 28, 28});
  std::vector<Contender> runs = {{"plain-shallow", 3, false},
                                 {"plain-deep", 12, false},
                                 {"residual-deep", 12, true}};
  fmt::print("4000 shapes10 images, SGD lr 0.05 momentum 0.9, batch 64, {} epochs, seed {}\n",
             opt.epochs, opt.seed);
  for (Contender& c : runs) {
    Rng rng(opt.seed);  // the same data order for every network
    std::unique_ptr<Sequential> net = network(c.blocks, c.residual, rng);
    fmt::print("\n{}: {} conv/linear layers, {} parameters\n", c.name, 2 * c.blocks + 2,
               net->num_params());
    SGD sgd(net->params(), 0.05f, 0.9f);
    Runner<Labels> runner(*net, sgd, cross_entropy_loss(), accuracy_metric());
    DataLoader<Labels> train(data.x, data.y, {.batch_size = 64}, rng);
    const auto start = std::chrono::steady_clock::now();
    c.records =
        runner.train(train, nullptr, {.epochs = opt.epochs, .eval_every = kLogEvery, .log = false})
            .records;
    c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // The training set itself, in evaluation mode: the degradation is not overfitting.
    DataLoader<Labels> all(data.x, data.y, {.batch_size = 500, .shuffle = false}, rng);
    const EvalResult r = runner.evaluate(all);
    c.train_loss = r.loss;
    c.train_acc = r.metric;
  }

  fmt::print("\n{:<14} {:>7} {:>17} {:>19} {:>8}\n", "network", "layers",
             "train-set loss", "train-set accuracy", "time");
  for (const Contender& c : runs) {
    fmt::print("{:<14} {:>7} {:>17.4f} {:>18.1f}% {:>7.1f}s\n", c.name, 2 * c.blocks + 2,
               c.train_loss, 100.0 * c.train_acc, c.seconds);
  }
  fmt::print("\nThe deep plain network fits its own training data worse than the shallow one "
             "(degradation);\nwith identity shortcuts the same depth trains at least as well "
             "as the shallow one.\n");

  std::vector<std::pair<std::string, std::vector<TrainRecord>>> curves;
  for (const Contender& c : runs) curves.emplace_back(c.name, c.records);
  save_loss_curves(opt.out + "/residual.csv", opt.out + "/residual.png",
                   fmt::format("Training loss (mean of {} steps)", kLogEvery), curves);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return nnlab::run_demo("residual", argc, argv, {.epochs = 3}, run);
}
