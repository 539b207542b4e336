// Graded tests of exercise 02.13: Runner::train_step and Runner::evaluate.
#include "nnlab/mlp/runner.hpp"

#include <cmath>
#include <limits>
#include <memory>

#include <xtensor/xmanipulation.hpp>

#include "nnlab/errors.hpp"
#include "nnlab/mlp/layers.hpp"
#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

// Test doubles, so that these tests need no other exercise of the chapter (only the last
// test, an integration test against PyTorch, runs the chapter's real layers and Adam, and the
// clipping test calls your clip_grad_norm of exercise 02.11).

// y = x W + b, W (in, out), by plain loops; backward adds dW = x^T dy, db = sum_n dy.
class Affine : public Module {
 public:
  Affine(std::size_t in, std::size_t out)
      : weight(xt::zeros<float>({in, out})), bias(xt::zeros<float>({out})) {
    register_param("weight", weight);
    register_param("bias", bias);
  }
  Tensor forward(const Tensor& x) override {
    x_ = x;
    const std::size_t n = x.shape(0), in = x.shape(1), out = bias.value.size();
    Tensor y = Tensor::from_shape({n, out});
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t h = 0; h < out; ++h) {
        double acc = bias.value(h);
        for (std::size_t d = 0; d < in; ++d) acc += double(x(i, d)) * weight.value(d, h);
        y(i, h) = static_cast<float>(acc);
      }
    return y;
  }
  Tensor backward(const Tensor& dy) override {
    const std::size_t n = x_.shape(0), in = x_.shape(1), out = bias.value.size();
    Tensor dx = xt::zeros<float>({n, in});
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t h = 0; h < out; ++h) {
        bias.grad(h) += dy(i, h);
        for (std::size_t d = 0; d < in; ++d) {
          weight.grad(d, h) += x_(i, d) * dy(i, h);
          dx(i, d) += weight.value(d, h) * dy(i, h);
        }
      }
    return dx;
  }
  Param weight, bias;

 private:
  Tensor x_;
};

// Scales by 0.5 in training mode and passes through in evaluation mode: shows the mode.
class HalfInTraining : public Module {
 public:
  Tensor forward(const Tensor& x) override { return training() ? Tensor(x * 0.5f) : x; }
  Tensor backward(const Tensor& dy) override { return training() ? Tensor(dy * 0.5f) : dy; }
};

// theta <- theta - lr * grad, counting steps.
class PlainSGD : public Optimizer {
 public:
  using Optimizer::Optimizer;
  void step() override {
    ++steps_;
    for (const NamedParam& p : params_) p.param->value -= lr_ * p.param->grad;
  }
};

// Mean softmax cross-entropy and its gradient, in double, by the definition.
LossFn<Labels> test_cross_entropy() {
  return [](const Tensor& z, const Labels& y) {
    const std::size_t n = z.shape(0), k = z.shape(1);
    LossAndGrad r{0.0f, Tensor::from_shape(z.shape())};
    double total = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      double sum = 0.0;
      for (std::size_t j = 0; j < k; ++j) sum += std::exp(double(z(i, j)));
      for (std::size_t j = 0; j < k; ++j) {
        const double p = std::exp(double(z(i, j))) / sum;
        r.dlogits(i, j) = static_cast<float>((p - (std::int64_t(j) == y(i) ? 1.0 : 0.0)) / n);
      }
      total -= std::log(std::exp(double(z(i, std::size_t(y(i))))) / sum);
    }
    r.loss = static_cast<float>(total / double(n));
    return r;
  };
}

// A one-layer classifier Affine(2 -> 2) with W = 0, b = 0 (so every logit is 0).
struct Tiny {
  Sequential model;
  Affine* fc;
  Tiny(std::size_t in = 2, std::size_t out = 2) { fc = &model.emplace<Affine>(in, out); }
};

const Tensor kX = {{1, 2}, {3, 4}};
const Labels kY = {0, 1};

// W = 0, b = 0, x = [[1, 2], [3, 4]], y = [0, 1], SGD(lr 0.1):
//   logits 0 -> softmax [1/2, 1/2] for both rows -> loss = ln 2 = 0.693147.
//   dlogits = (softmax - onehot) / N = [[-0.25, 0.25], [0.25, -0.25]]
//   dW = x^T dlogits = [[1*-0.25 + 3*0.25, 1*0.25 + 3*-0.25],
//                       [2*-0.25 + 4*0.25, 2*0.25 + 4*-0.25]] = [[0.5, -0.5], [0.5, -0.5]]
//   db = column sums = [0, 0]
//   W <- W - 0.1 dW = [[-0.05, 0.05], [-0.05, 0.05]], b stays 0.
NNLAB_TEST(Runner, TrainStepHandComputed, 3) {
  Tiny t;
  PlainSGD sgd(t.model.params(), 0.1f);
  Runner<Labels> runner(t.model, sgd, test_cross_entropy(), accuracy_metric());
  const float loss = runner.train_step(kX, kY);
  EXPECT_NEAR(loss, std::log(2.0), 1e-6);
  NNLAB_EXPECT_ALLCLOSE(t.fc->weight.value, (Tensor{{-0.05, 0.05}, {-0.05, 0.05}}), 1e-6, 1e-7);
  NNLAB_EXPECT_ALLCLOSE(t.fc->bias.value, (Tensor{0, 0}), 0.0, 1e-7);
  EXPECT_EQ(sgd.steps(), 1) << "train_step must take exactly one optimiser step";
}

// With lr = 0 the parameters never move, so every step sees the same gradient, the one above:
// [[0.5, -0.5], [0.5, -0.5]]. Gradients left over from an earlier step (no zero_grad) would
// double it.
NNLAB_TEST(Runner, TrainStepZeroesGradients, 1) {
  Tiny t;
  PlainSGD sgd(t.model.params(), 0.0f);
  Runner<Labels> runner(t.model, sgd, test_cross_entropy(), accuracy_metric());
  t.fc->weight.grad = Tensor{{7, 7}, {7, 7}};  // stale gradient from elsewhere
  runner.train_step(kX, kY);
  runner.train_step(kX, kY);
  NNLAB_EXPECT_ALLCLOSE(t.fc->weight.grad, (Tensor{{0.5, -0.5}, {0.5, -0.5}}), 1e-6, 1e-7);
}

// The gradient above has global norm sqrt(4 * 0.25) = 1. Clipping at 0.5 scales it by
// c = 0.5 / (1 + 1e-6), so W = -0.1 c dW = [[-0.025, 0.025], [-0.025, 0.025]] (to 1e-7);
// clipping at 2 changes nothing.
NNLAB_TEST(Runner, TrainStepClipsGradients, 2) {
  {
    Tiny t;
    PlainSGD sgd(t.model.params(), 0.1f);
    Runner<Labels> runner(t.model, sgd, test_cross_entropy(), accuracy_metric(), 0.5f);
    runner.train_step(kX, kY);
    NNLAB_EXPECT_ALLCLOSE(t.fc->weight.value, (Tensor{{-0.025, 0.025}, {-0.025, 0.025}}), 1e-5,
                          1e-7);
  }
  {
    Tiny t;
    PlainSGD sgd(t.model.params(), 0.1f);
    Runner<Labels> runner(t.model, sgd, test_cross_entropy(), accuracy_metric(), 2.0f);
    runner.train_step(kX, kY);
    NNLAB_EXPECT_ALLCLOSE(t.fc->weight.value, (Tensor{{-0.05, 0.05}, {-0.05, 0.05}}), 1e-6,
                          1e-7);
  }
}

// A model left in evaluation mode is switched to training mode (dropout must be active while
// training); a NaN loss stops the step before any update, naming train_step.
NNLAB_TEST(Runner, TrainStepModeAndNonFiniteLoss, 1) {
  Tiny t;
  PlainSGD sgd(t.model.params(), 0.1f);
  Runner<Labels> runner(t.model, sgd, test_cross_entropy(), accuracy_metric());
  t.model.eval();
  runner.train_step(kX, kY);
  EXPECT_TRUE(t.model.training()) << "train_step must put the model in training mode";

  const Tensor before = t.fc->weight.value;
  LossFn<Labels> nan_loss = [](const Tensor& out, const Labels&) {
    return LossAndGrad{std::numeric_limits<float>::quiet_NaN(), xt::ones_like(out)};
  };
  Runner<Labels> bad(t.model, sgd, nan_loss, accuracy_metric());
  EXPECT_TRUE(nnlab::testing::throws_with<Error>([&] { bad.train_step(kX, kY); }, {"train_step"}));
  NNLAB_EXPECT_ALLCLOSE(t.fc->weight.value, before, 0.0, 0.0);
  EXPECT_EQ(sgd.steps(), 1) << "no optimiser step after a NaN loss";
}

// Logits = x (W = identity, b = 0), a = ln 3, so a row [a, 0] has softmax [3/4, 1/4]:
//   a correct row costs -ln(3/4) = 0.2876821, a wrong one -ln(1/4) = 1.3862944.
// Five samples in batches of 2, 2, 1 (in order):
//   rows [a,0] y0 ok, [0,a] y1 ok | [a,0] y0 ok, [a,0] y1 wrong | [0,a] y0 wrong
//   batch accuracies 1, 0.5, 0: the mean over samples is 3/5 = 0.6 (over batches: 0.5);
//   loss over samples (3 * 0.2876821 + 2 * 1.3862944) / 5 = 0.7271270 (over batches: 0.8369877).
struct FiveSamples {
  Rng rng{2};
  Sequential model;
  Affine* fc;
  explicit FiveSamples(bool with_mode_probe) {
    fc = &model.emplace<Affine>(2, 2);
    fc->weight.value = Tensor{{1, 0}, {0, 1}};
    if (with_mode_probe) model.emplace<HalfInTraining>();
  }
  static DataLoader<Labels> loader(Rng& rng) {
    const float a = static_cast<float>(std::log(3.0));
    Tensor x = {{a, 0}, {0, a}, {a, 0}, {a, 0}, {0, a}};
    Labels y = {0, 1, 0, 1, 0};
    return DataLoader<Labels>(x, y, {.batch_size = 2, .shuffle = false}, rng);
  }
};

NNLAB_TEST(Runner, EvaluateWeightsBatchesBySize, 2) {
  FiveSamples f(false);
  PlainSGD sgd(f.model.params(), 0.1f);
  Runner<Labels> runner(f.model, sgd, test_cross_entropy(), accuracy_metric());
  auto loader = FiveSamples::loader(f.rng);
  const EvalResult r = runner.evaluate(loader);
  EXPECT_EQ(r.samples, 5u);
  EXPECT_NEAR(r.metric, 0.6, 1e-6);
  EXPECT_NEAR(r.loss, 0.7271270, 1e-5);
  // A second pass starts the loader over and gives the same result.
  const EvalResult again = runner.evaluate(loader);
  EXPECT_EQ(again.samples, 5u);
  EXPECT_NEAR(again.metric, 0.6, 1e-6);
  // No samples: no mean to take.
  DataLoader<Labels> empty(xt::zeros<float>({0, 2}), Labels::from_shape({0}), {}, f.rng);
  EXPECT_TRUE(nnlab::testing::throws_with<Error>([&] { runner.evaluate(empty); }, {"evaluate"}));
}

// evaluate runs in evaluation mode (HalfInTraining passes everything through, so the
// numbers are those above), leaves values and gradients alone, and restores the mode.
NNLAB_TEST(Runner, EvaluateUsesEvalModeAndChangesNothing, 2) {
  FiveSamples f(true);
  PlainSGD sgd(f.model.params(), 0.1f);
  Runner<Labels> runner(f.model, sgd, test_cross_entropy(), accuracy_metric());
  f.fc->weight.grad = Tensor{{1, 2}, {3, 4}};
  auto loader = FiveSamples::loader(f.rng);
  const EvalResult r = runner.evaluate(loader);
  EXPECT_NEAR(r.metric, 0.6, 1e-6);
  EXPECT_NEAR(r.loss, 0.7271270, 1e-5);
  EXPECT_TRUE(f.model.training()) << "evaluate must restore training mode";
  NNLAB_EXPECT_ALLCLOSE(f.fc->weight.value, (Tensor{{1, 0}, {0, 1}}), 0.0, 0.0);
  NNLAB_EXPECT_ALLCLOSE(f.fc->weight.grad, (Tensor{{1, 2}, {3, 4}}), 0.0, 0.0);
  EXPECT_EQ(sgd.steps(), 0);

  f.model.eval();
  runner.evaluate(loader);
  EXPECT_FALSE(f.model.training()) << "evaluate must leave a model in evaluation mode as it was";
}

// A regression runner: Affine(1 -> 1) with w = 0, b = 0, x = [[1], [2]], y = [2, 4], SGD(0.1):
//   out = [0, 0], loss = (2^2 + 4^2) / (2 * 2) = 5, dout = (out - y) / N = [-1, -2]
//   dw = 1 * -1 + 2 * -2 = -5, db = -3  ->  w = 0.5, b = 0.3
// then evaluate: out = [0.8, 1.3], errors -1.2, -2.7: (1.44 + 7.29) / 4 = 2.1825.
NNLAB_TEST(Runner, RegressionTargets, 1) {
  Tiny t(1, 1);
  PlainSGD sgd(t.model.params(), 0.1f);
  Runner<Tensor> runner(t.model, sgd, squared_error_loss(), squared_error_metric());
  const Tensor x = xt::reshape_view(Tensor{1, 2}, {2, 1});
  const Tensor y = {2, 4};
  EXPECT_NEAR(runner.train_step(x, y), 5.0, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(t.fc->weight.value, xt::reshape_view(Tensor{0.5}, {1, 1}), 1e-6, 1e-7);
  NNLAB_EXPECT_ALLCLOSE(t.fc->bias.value, (Tensor{0.3}), 1e-6, 1e-7);
  Rng rng(3);
  DataLoader<Tensor> loader(x, y, {.batch_size = 1, .shuffle = false}, rng);
  const EvalResult r = runner.evaluate(loader);
  EXPECT_NEAR(r.loss, 2.1825, 1e-5);
  EXPECT_NEAR(r.metric, 2.1825, 1e-5);
}

// Integration test: the chapter's own Linear, ReLU, softmax cross-entropy, Adam and clipping
// (exercises 02.1-02.3, 02.5, 02.9, 02.11) driven by your Runner. It passes once those pass.
// Golden (tools/golden/02_mlp.py, runner()): six steps of a 4-5-3 MLP with Adam(0.01) and
// clipping at 0.5, three epochs over 8 samples in batches of 4 in order, against PyTorch; then
// evaluate over all 8 samples in batches of 3 (3 + 3 + 2).
NNLAB_TEST(Runner, GoldenAdamMlpAgainstPyTorch, 2) {
  using nnlab::testing::golden;
  Rng rng(4);
  Sequential model;
  auto& fc1 = model.emplace<Linear>(4, 5, rng);
  model.emplace<ReLU>();
  auto& fc2 = model.emplace<Linear>(5, 3, rng);
  fc1.weight.value = golden("02_mlp", "runner_W1");
  fc1.bias.value = golden("02_mlp", "runner_b1");
  fc2.weight.value = golden("02_mlp", "runner_W2");
  fc2.bias.value = golden("02_mlp", "runner_b2");
  Adam adam(model.params(), 0.01f);
  Runner<Labels> runner(model, adam, cross_entropy_loss(), accuracy_metric(), 0.5f);

  const Tensor x = golden("02_mlp", "runner_x");
  const Labels y = nnlab::testing::golden_labels("02_mlp", "runner_y");
  DataLoader<Labels> train(x, y, {.batch_size = 4, .shuffle = false}, rng);
  const Tensor losses = golden("02_mlp", "runner_losses");
  std::size_t step = 0;
  for (int epoch = 0; epoch < 3; ++epoch) {
    train.start_epoch();
    while (auto b = train.next()) {
      EXPECT_NEAR(runner.train_step(b->x, b->y), losses(step), 1e-5) << "step " << step;
      ++step;
    }
  }
  NNLAB_EXPECT_ALLCLOSE(fc1.weight.value, golden("02_mlp", "runner_W1_after"), 1e-4, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(fc1.bias.value, golden("02_mlp", "runner_b1_after"), 1e-4, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(fc2.weight.value, golden("02_mlp", "runner_W2_after"), 1e-4, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(fc2.bias.value, golden("02_mlp", "runner_b2_after"), 1e-4, 1e-6);

  DataLoader<Labels> all(x, y, {.batch_size = 3, .shuffle = false}, rng);
  const EvalResult r = runner.evaluate(all);
  EXPECT_NEAR(r.loss, golden("02_mlp", "runner_eval_loss")(0), 1e-5);
  EXPECT_NEAR(r.metric, golden("02_mlp", "runner_eval_acc")(0), 1e-6);
}

}  // namespace
}  // namespace nnlab::mlp
