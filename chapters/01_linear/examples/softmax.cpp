// Demo: softmax regression on Gaussian blobs (Dive into Deep Learning §4.4).
//
// Four classes in 2-D, 250 samples each, split 800 train / 200 test. Trains W: (2, 4) and
// b: (4) with shuffled minibatches (01.4), softmax_regression_grad (01.9, on 01.7/01.8) and
// SGD (01.5); prints the loss and the train/test accuracy (01.10) per epoch.
//
//   ./nnlab run softmax [--out DIR] [--seed S] [--epochs E]
//
// Writes DIR/metrics.csv and, with gnuplot, DIR/accuracy.png (default build/runs/softmax).
// Exit code 2 when an exercise it needs is still a stub.
#include <chrono>
#include <string>

#include <fmt/format.h>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xview.hpp>

#include "nnlab/data.hpp"
#include "nnlab/demo.hpp"
#include "nnlab/errors.hpp"
#include "nnlab/io.hpp"
#include "nnlab/plot.hpp"
#include "nnlab/linear/linear.hpp"

namespace {

using namespace nnlab;
using namespace nnlab::linear;

// x: (N, D), W: (D, K), b: (K) -> logits: (N, K)
Tensor logits_of(const Tensor& x, const Param& W, const Param& b) {
  return xt::linalg::dot(x, W.value) + b.value;
}

int run(const DemoOptions& opt) {
  const std::size_t classes = 4, per_class = 250, n_train = 800, batch_size = 32;
  const float lr = 0.05f;

  Rng rng(opt.seed);
  const ClassificationData data = gaussian_blobs(classes, per_class, 2, 10.0f, 0.7f, rng);
  const std::size_t n = data.x.shape(0);
  const Tensor x_train = xt::view(data.x, xt::range(0, n_train), xt::all());
  const Labels y_train = xt::view(data.y, xt::range(0, n_train));
  const Tensor x_test = xt::view(data.x, xt::range(n_train, n), xt::all());
  const Labels y_test = xt::view(data.y, xt::range(n_train, n));

  Param W(rng.normal(Shape{2, classes}, 0.0f, 0.01f));
  Param b(Tensor(xt::zeros<float>({classes})));
  const std::vector<NamedParam> params = {{"W", &W}, {"b", &b}};
  fmt::print("softmax regression: {} classes in 2-D, {} train / {} test, batch {}, lr {}, "
             "{} epochs, seed {}\n",
             classes, n_train, n - n_train, batch_size, lr, opt.epochs, opt.seed);

  std::string csv = "epoch,loss,train_accuracy,test_accuracy,seconds\n";
  float test_acc = 0.0f;
  const auto start = std::chrono::steady_clock::now();
  for (int epoch = 1; epoch <= opt.epochs; ++epoch) {
    for (const auto& idx : minibatch_indices(n_train, batch_size, rng)) {
      const SoftmaxRegressionGrads g =
          softmax_regression_grad(take_rows(x_train, idx), W.value, b.value,
                                  take_rows(y_train, idx));
      W.grad = g.dW;  // overwritten each step: no accumulation, no zero_grad needed
      b.grad = g.db;
      sgd_step(params, lr);
    }
    const Tensor train_logits = logits_of(x_train, W, b);
    const float loss = cross_entropy(train_logits, y_train);
    const float train_acc = accuracy(train_logits, y_train);
    test_acc = accuracy(logits_of(x_test, W, b), y_test);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print("epoch {:3d}  loss {:.4f}  train acc {:.3f}  test acc {:.3f}  {:.3f} s\n", epoch,
               loss, train_acc, test_acc, secs);
    csv += fmt::format("{},{:.6g},{:.4f},{:.4f},{:.4f}\n", epoch, loss, train_acc, test_acc, secs);
  }
  fmt::print("final test accuracy {:.3f}\n", test_acc);

  write_file_atomic(opt.out + "/metrics.csv", csv);
  std::string why;
  const bool png = plot_csv(opt.out + "/metrics.csv", opt.out + "/accuracy.png",
                            {.title = "Softmax regression on Gaussian blobs",
                             .xlabel = "epoch",
                             .ylabel = "accuracy",
                             .x_column = "epoch",
                             .y_columns = {"train_accuracy", "test_accuracy"}},
                            &why);
  fmt::print("metrics      {}/metrics.csv{}\n", opt.out,
             png ? fmt::format(", {}/accuracy.png", opt.out) : " (no PNG: " + why + ")");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return nnlab::run_demo("softmax", argc, argv, {.epochs = 10}, run);
}
