// Demo: under- and over-fitting with polynomial regression (Dive into Deep Learning §3.6).
//
// The truth is a cubic in the features x^i / i! (common/data.hpp, polynomial_features):
//   y = 5 + 1.2 x - 3.4 x^2 / 2! + 5.6 x^3 / 3! + noise,  x ~ N(0, 1), noise ~ N(0, 0.1),
// 100 training and 100 test samples. The same linear model (one Linear layer, 02.1) is fitted
// by the Runner (02.13) with SGD (02.7) to the first 4 features (the right model), the first
// 2 (too simple: it underfits) and the first 20 (too flexible for 100 noisy samples: it
// overfits, its training loss below its test loss).
//
//   ./nnlab run polyfit [--out DIR] [--seed S] [--epochs E]
//
// Writes DIR/polyfit.csv (train and test loss per epoch of each fit) and DIR/polyfit.png
// (with gnuplot), default DIR build/runs/polyfit. Exit code 2 when an exercise it needs is a
// stub.
#include <string>
#include <vector>

#include <fmt/format.h>
#include <xtensor/xview.hpp>

#include "nnlab/data.hpp"
#include "nnlab/demo.hpp"
#include "nnlab/io.hpp"
#include "nnlab/mlp/layers.hpp"
#include "nnlab/mlp/optim.hpp"
#include "nnlab/mlp/runner.hpp"
#include "nnlab/plot.hpp"

namespace {

using namespace nnlab;
using namespace nnlab::mlp;

constexpr std::size_t kMaxFeatures = 20, kTrain = 100, kTest = 100;

struct Fit {
  std::size_t features;
  const char* what;
  std::vector<TrainRecord> records = {};
  double train_loss = 0.0, test_loss = 0.0;
  Tensor weights = {};  // the learned coefficients of x^i / i!, with the bias added to the first
};

int run(const DemoOptions& opt) {
  Rng rng(opt.seed);
  Tensor true_w = xt::zeros<float>({kMaxFeatures});
  true_w(0) = 5.0f, true_w(1) = 1.2f, true_w(2) = -3.4f, true_w(3) = 5.6f;
  const Tensor x = rng.normal({kTrain + kTest});
  const Tensor features = polynomial_features(x, kMaxFeatures);  // (N, 20)
  Tensor y = xt::zeros<float>({kTrain + kTest});
  for (std::size_t n = 0; n < y.size(); ++n) {
    double v = 0.0;
    for (std::size_t i = 0; i < kMaxFeatures; ++i) v += double(features(n, i)) * true_w(i);
    y(n) = static_cast<float>(v) + rng.normal(0.0f, 0.1f);
  }
  fmt::print("truth: y = 5 + 1.2 x - 3.4 x^2/2! + 5.6 x^3/3! + N(0, 0.1^2); {} train / {} test "
             "samples, SGD lr 0.01, batch 10, {} epochs, seed {}\n",
             kTrain, kTest, opt.epochs, opt.seed);
  fmt::print("the noise alone costs about 0.1^2 / 2 = 0.005 (half the mean squared error)\n\n");

  std::vector<Fit> fits = {{4, "the right features"}, {2, "too few: underfits"},
                           {20, "too many: overfits"}};
  for (Fit& fit : fits) {
    auto cols = xt::range(0, fit.features);
    const Tensor x_train = xt::view(features, xt::range(0, kTrain), cols);
    const Tensor x_test = xt::view(features, xt::range(kTrain, kTrain + kTest), cols);
    const Tensor y_train = xt::view(y, xt::range(0, kTrain));
    const Tensor y_test = xt::view(y, xt::range(kTrain, kTrain + kTest));

    Rng init(opt.seed + fit.features);
    Sequential model;
    auto& fc = model.emplace<Linear>(fit.features, 1, init);
    SGD sgd(model.params(), 0.01f);
    Runner<Tensor> runner(model, sgd, squared_error_loss(), squared_error_metric());
    DataLoader<Tensor> train(x_train, y_train, {.batch_size = 10}, rng);
    DataLoader<Tensor> test(x_test, y_test, {.batch_size = kTest, .shuffle = false}, rng);
    fit.records =
        runner.train(train, &test, {.epochs = opt.epochs, .progress = false, .log = false})
            .records;
    DataLoader<Tensor> train_eval(x_train, y_train, {.batch_size = kTrain, .shuffle = false}, rng);
    fit.train_loss = runner.evaluate(train_eval).loss;
    fit.test_loss = runner.evaluate(test).loss;
    fit.weights = xt::view(fc.weight.value, xt::all(), 0);
    fit.weights(0) += fc.bias.value(0);  // feature 0 is the constant 1
  }

  fmt::print("{:>8}  {:<22} {:>10} {:>10}   learned w[0..3] (truth 5, 1.2, -3.4, 5.6)\n",
             "features", "", "train loss", "test loss");
  for (const Fit& f : fits) {
    std::string w;
    for (std::size_t i = 0; i < std::min<std::size_t>(4, f.features); ++i) {
      w += fmt::format("{:7.3f}", f.weights(i));
    }
    fmt::print("{:>8}  {:<22} {:>10.4f} {:>10.4f}   {}\n", f.features, f.what, f.train_loss,
               f.test_loss, w);
  }

  std::string csv = "epoch";
  for (const Fit& f : fits) csv += fmt::format(",train_{0},test_{0}", f.features);
  csv += "\n";
  for (std::size_t e = 0; e < fits[0].records.size(); ++e) {
    csv += fmt::format("{}", e + 1);
    for (const Fit& f : fits) {
      csv += fmt::format(",{:.6g},{:.6g}", f.records[e].train_loss, f.records[e].dev_loss);
    }
    csv += "\n";
  }
  write_file_atomic(opt.out + "/polyfit.csv", csv);
  std::string why;
  const bool png = plot_csv(
      opt.out + "/polyfit.csv", opt.out + "/polyfit.png",
      {.title = "Polynomial fits: train (mean over the epoch's batches) and test loss",
       .xlabel = "epoch", .ylabel = "loss (half MSE)", .x_column = "epoch",
       .y_columns = {"train_4", "test_4", "train_2", "test_2", "train_20", "test_20"},
       .log_y = true},
      &why);
  fmt::print("\ncurves       {}/polyfit.csv{}\n", opt.out,
             png ? fmt::format(", {}/polyfit.png", opt.out) : " (no PNG: " + why + ")");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return nnlab::run_demo("polyfit", argc, argv, {.epochs = 3000}, run);
}
