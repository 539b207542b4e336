// Demo: vanishing and exploding gradients (Dive into Deep Learning §5.4).
//
// A 12-layer MLP (width 256) on one batch of 256 random inputs with random labels: one forward
// and backward pass (02.1, 02.2, 02.3), then the norm of each layer's weight gradient, from the
// first layer (next to the input) to the last. Four set-ups with the same inputs:
//   sigmoid + Xavier (02.5)  the sigmoid's slope is at most 1/4: gradients shrink layer by layer
//   ReLU + N(0, 1)           weights far too large: activations and gradients blow up
//   ReLU + He (02.5)         the variance is kept: the gradients stay within a small factor
//   tanh + Xavier            likewise
//
//   ./nnlab run gradients [--out DIR] [--seed S]
//
// Writes DIR/gradients.csv and DIR/gradients.png (with gnuplot), default DIR
// build/runs/gradients. Exit code 2 when an exercise it needs is a stub.
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <xtensor/xnorm.hpp>

#include "nnlab/demo.hpp"
#include "nnlab/io.hpp"
#include "nnlab/mlp/init.hpp"
#include "nnlab/mlp/layers.hpp"
#include "nnlab/mlp/softmax_cross_entropy.hpp"
#include "nnlab/plot.hpp"

namespace {

using namespace nnlab;
using namespace nnlab::mlp;

constexpr std::size_t kLayers = 12, kWidth = 256, kBatch = 256, kClasses = 10;

struct Setup {
  std::string name;
  std::function<void(Sequential&)> activation;
  std::function<Tensor(std::size_t, std::size_t, Rng&)> init;
  std::vector<double> grad_norms = {};  // ||dL/dW|| per layer, first layer first
  double output_std = 0.0;
};

int run(const DemoOptions& opt) {
  Rng data_rng(opt.seed);
  const Tensor x = data_rng.normal({kBatch, kWidth});
  Labels y = Labels::from_shape({kBatch});
  for (auto& v : y) v = static_cast<std::int64_t>(data_rng.below(kClasses));

  std::vector<Setup> setups = {
      {"sigmoid_xavier", [](Sequential& m) { m.emplace<Sigmoid>(); }, xavier_uniform},
      {"relu_normal1", [](Sequential& m) { m.emplace<ReLU>(); },
       [](std::size_t in, std::size_t out, Rng& r) { return r.normal({in, out}); }},
      {"relu_he", [](Sequential& m) { m.emplace<ReLU>(); }, he_normal},
      {"tanh_xavier", [](Sequential& m) { m.emplace<Tanh>(); }, xavier_uniform},
  };
  fmt::print("{} layers of width {}, one batch of {} N(0, 1) inputs with random labels, "
             "seed {}\n\n",
             kLayers, kWidth, kBatch, opt.seed);

  for (Setup& s : setups) {
    Rng rng(opt.seed + 1);
    Sequential model;
    std::vector<Linear*> layers;
    for (std::size_t l = 0; l < kLayers; ++l) {
      const std::size_t out = l + 1 == kLayers ? kClasses : kWidth;
      Linear& fc = model.emplace<Linear>(kWidth, out, rng);
      fc.weight.value = s.init(kWidth, out, rng);
      layers.push_back(&fc);
      if (l + 1 < kLayers) s.activation(model);
    }
    const Tensor logits = model.forward(x);
    s.output_std = std::sqrt(double(xt::variance(logits)()));
    const LossAndGrad lg = softmax_cross_entropy(logits, y);
    model.zero_grad();
    model.backward(lg.dlogits);
    for (const Linear* fc : layers) s.grad_norms.push_back(double(xt::norm_l2(fc->weight.grad)()));
  }

  fmt::print("||dL/dW|| per layer (1 = next to the input):\n{:>6}", "layer");
  for (const Setup& s : setups) fmt::print(" {:>15}", s.name);
  fmt::print("\n");
  std::string csv = "layer";
  for (const Setup& s : setups) csv += "," + s.name;
  csv += "\n";
  for (std::size_t l = 0; l < kLayers; ++l) {
    fmt::print("{:>6}", l + 1);
    csv += fmt::format("{}", l + 1);
    for (const Setup& s : setups) {
      fmt::print(" {:>15.3e}", s.grad_norms[l]);
      csv += fmt::format(",{:.6g}", s.grad_norms[l]);
    }
    fmt::print("\n");
    csv += "\n";
  }
  fmt::print("{:>6}", "ratio");
  for (const Setup& s : setups) fmt::print(" {:>15.3e}", s.grad_norms.front() / s.grad_norms.back());
  fmt::print("   (first layer / last layer)\n{:>6}", "std");
  for (const Setup& s : setups) fmt::print(" {:>15.3e}", s.output_std);
  fmt::print("   (of the logits)\n");
  fmt::print("\nsigmoid + Xavier: the first layers get ~{:.0e} of the last layer's gradient, so "
             "they hardly learn;\nReLU + N(0, 1): logits of std {:.1e} and gradients to match "
             "(they overflow with a few more layers);\nReLU + He and tanh + Xavier keep every layer "
             "within a factor of {:.0f} of the others: the reason for 02.5.\n",
             setups[0].grad_norms.front() / setups[0].grad_norms.back(), setups[1].output_std,
             std::max(setups[2].grad_norms.back() / setups[2].grad_norms.front(),
                      setups[3].grad_norms.front() / setups[3].grad_norms.back()));

  write_file_atomic(opt.out + "/gradients.csv", csv);
  std::string why;
  const bool png = plot_csv(opt.out + "/gradients.csv", opt.out + "/gradients.png",
                            {.title = "Weight-gradient norm per layer",
                             .xlabel = "layer (1 = input side)", .ylabel = "||dL/dW||",
                             .x_column = "layer",
                             .y_columns = {"sigmoid_xavier", "relu_normal1", "relu_he",
                                           "tanh_xavier"},
                             .log_y = true},
                            &why);
  fmt::print("\ntable        {}/gradients.csv{}\n", opt.out,
             png ? fmt::format(", {}/gradients.png", opt.out) : " (no PNG: " + why + ")");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return nnlab::run_demo("gradients", argc, argv, {.epochs = 1}, run);
}
