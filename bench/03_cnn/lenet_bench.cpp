// Chapter 03 on the CPU: one training step of LeNet (the `lenet` demo's model and batch: ReLU,
// N = 128 images of 1 x 28 x 28, 10 classes): zero_grad, forward, softmax cross-entropy,
// backward, Adam (lr 1e-3), as
//   reference  cnn::lenet from the chapter's modules on the reference    (solution program)
//              solutions of 03.2-03.6 (and chapter 02's)
//   student    the same model on the student's exercises; skipped while  (exercise program)
//              one it needs throws NotImplemented
//   libtorch   the same architecture in torch::nn, autograd and           (solution program)
//              torch::optim::Adam, on the same batch
//   libtorch_dx the same with the batch requiring a gradient: our Conv2d::backward always
//              computes dL/dx, also for the first layer, as this row does
// Rows are `LenetTrainStep/<impl>/N`.
#include <cstddef>
#include <cstdint>
#include <memory>

#include <benchmark/benchmark.h>

#include "nnlab/bench/bench.hpp"
#include "nnlab/cnn/models.hpp"
#include "nnlab/mlp/optim.hpp"
#include "nnlab/mlp/softmax_cross_entropy.hpp"

#if NNLAB_BENCH_TORCH
#include <torch/torch.h>
#endif

namespace nnlab::bench {
namespace {

constexpr std::int64_t kBatch = 128, kClasses = 10;

const Labels& labels(std::size_t n) {
  static const Labels y = [n] {
    Rng rng(7);
    Labels out = Labels::from_shape({n});
    for (auto& v : out) v = std::int64_t(rng.below(kClasses));
    return out;
  }();
  return y;
}

// Multiply-adds of LeNet at 28 x 28 (tests/03_cnn: 416,520 per image), times 2 FLOPs, times 3
// for forward, dW and dx.
void step_rates(benchmark::State& state, std::size_t n) {
  set_rates(state, 0.0, 3.0 * 2.0 * 416520.0 * double(n));
}

struct LenetStep {
  Rng rng{0};
  std::unique_ptr<Sequential> model = cnn::lenet(rng, cnn::Nonlinearity::relu);
  mlp::Adam adam{model->params(), 1e-3f};

  float step(const Tensor& x, const Labels& y) {
    adam.zero_grad();
    const Tensor logits = model->forward(x);
    const mlp::LossAndGrad loss = mlp::softmax_cross_entropy(logits, y);
    model->backward(loss.dlogits);
    adam.step();
    return loss.loss;
  }
};

void step_library(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Tensor& x = input({n, 1, 28, 28}, 1);
  const Labels& y = labels(n);
  std::unique_ptr<LenetStep> net;
  // Built and run once inside run_once: a stub's NotImplemented skips the row.
  if (!run_once(state, [&] {
        net = std::make_unique<LenetStep>();
        net->step(x, y);
      })) {
    for (auto _ : state) {
    }
    return;
  }
  time_cpu(state, [&] { benchmark::DoNotOptimize(net->step(x, y)); });
  step_rates(state, n);
}

#if NNLAB_BENCH_TORCH
void step_torch(benchmark::State& state, bool input_grad) {
  const auto n = static_cast<long>(state.range(0));
  at::Tensor x = at::from_blob(const_cast<float*>(input({std::size_t(n), 1, 28, 28}, 1).data()),
                               {n, 1, 28, 28});
  x.requires_grad_(input_grad);
  const at::Tensor y = at::from_blob(const_cast<std::int64_t*>(labels(std::size_t(n)).data()),
                                     {n}, at::TensorOptions().dtype(at::kLong));
  torch::manual_seed(0);
  namespace nn = torch::nn;
  nn::Sequential model(nn::Conv2d(nn::Conv2dOptions(1, 6, 5).padding(2)), nn::ReLU(),
                       nn::AvgPool2d(2), nn::Conv2d(6, 16, 5), nn::ReLU(), nn::AvgPool2d(2),
                       nn::Flatten(), nn::Linear(400, 120), nn::ReLU(), nn::Linear(120, 84),
                       nn::ReLU(), nn::Linear(84, kClasses));
  torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(1e-3));
  time_cpu(state, [&] {
    adam.zero_grad();
    if (input_grad) x.mutable_grad() = at::Tensor();
    const at::Tensor loss = nn::functional::cross_entropy(model->forward(x), y);
    loss.backward();
    adam.step();
    benchmark::DoNotOptimize(loss.item<float>());
  });
  step_rates(state, std::size_t(n));
}

void step_torch_plain(benchmark::State& state) { step_torch(state, false); }
void step_torch_input_grad(benchmark::State& state) { step_torch(state, true); }
#endif

using Fn = void (*)(benchmark::State&);

void add_step(const char* impl, Fn fn) {
  auto* b = benchmark::RegisterBenchmark(row("LenetTrainStep", impl).c_str(), guarded(fn));
  b->Arg(kBatch)->UseRealTime()->Unit(benchmark::kMillisecond);
}

[[maybe_unused]] const bool registered = [] {
  add_step(kLibraryRow, step_library);
#if NNLAB_BENCH_TORCH
  add_step("libtorch", step_torch_plain);
  add_step("libtorch_dx", step_torch_input_grad);
#endif
  return true;
}();

}  // namespace
}  // namespace nnlab::bench
