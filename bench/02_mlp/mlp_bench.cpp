// Chapter 02 on the CPU: the fully connected layer (exercise 02.1), forward and backward, on a
// batch of N = 256 MNIST-sized inputs (D = 784 -> H = 256), and one training step of the MLP
// 784-256-256-10 (zero_grad, forward, softmax cross-entropy, backward, Adam), each as
//   naive        plain loops over raw pointers, outputs preallocated  (solution program,
//                layer only)
//   reference    solutions/02_mlp through the chapter's API           (solution program)
//   student      chapters/02_mlp/exercises, the same API; skipped     (exercise program)
//                while it throws NotImplemented
//   libtorch     the layer: ATen (at::addmm, at::mm) on the same      (solution program)
//                memory (at::from_blob); the step: torch::nn::Sequential, cross_entropy,
//                autograd and torch::optim::Adam, on the same batch
//   libtorch_dx  the step again, the batch requiring a gradient: the  (solution program)
//                same maths as ours, whose Linear::backward always returns dL/dx
// Rows are `Op/implementation/sizes`; `./nnlab bench` turns them into one table. Timings are
// wall-clock (UseRealTime) so that BLAS's and libtorch's threads count.
//
// The student's training step runs the student's 02.1 (Linear), 02.2 (ReLU), 02.3 (the loss),
// 02.5 (xavier_uniform, in Linear's constructor) and 02.9 (Adam): it is skipped until all of
// them are done, with the first stub it meets as the reason.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <benchmark/benchmark.h>

#include "nnlab/bench/bench.hpp"
#include "nnlab/mlp/layers.hpp"
#include "nnlab/mlp/linear_layer.hpp"
#include "nnlab/mlp/optim.hpp"
#include "nnlab/mlp/softmax_cross_entropy.hpp"
#include "nnlab/module.hpp"

#if NNLAB_BENCH_TORCH
#include <torch/torch.h>
#endif

namespace nnlab::bench {
namespace {

using mlp::LinearGrads;

// ---- the layer: y = x W + b, x: (N, D), W: (D, H), b: (H) ----------------------------------
constexpr std::int64_t kN = 256, kD = 784, kH = 256;

struct LayerInputs {
  std::size_t n, d, h;
  const Tensor& x;   // (N, D)
  const Tensor& W;   // (D, H)
  const Tensor& b;   // (H)
  const Tensor& dy;  // (N, H)
};

LayerInputs layer_inputs(const benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto d = static_cast<std::size_t>(state.range(1));
  const auto h = static_cast<std::size_t>(state.range(2));
  return {n, d, h, input({n, d}, 1), input({d, h}, 2), input({h}, 3), input({n, h}, 4)};
}

// Forward: reads x, W, b and writes y; 2NDH + NH FLOPs.
void forward_rates(benchmark::State& state, const LayerInputs& in) {
  const double n = double(in.n), d = double(in.d), h = double(in.h);
  set_rates(state, 4.0 * (n * d + d * h + h + n * h), 2.0 * n * d * h + n * h);
}

// Backward: reads dy, x, W and writes dx, dW, db; two products of 2NDH FLOPs each, NH for db.
void backward_rates(benchmark::State& state, const LayerInputs& in) {
  const double n = double(in.n), d = double(in.d), h = double(in.h);
  set_rates(state, 4.0 * (n * h + 2.0 * (n * d + d * h) + h), 4.0 * n * d * h + n * h);
}

void forward_library(benchmark::State& state) {
  const LayerInputs in = layer_inputs(state);
  time_cpu(state, [&] {
    const Tensor y = mlp::linear_forward(in.x, in.W, in.b);
    benchmark::DoNotOptimize(y.data());
  });
  forward_rates(state, in);
}

void backward_library(benchmark::State& state) {
  const LayerInputs in = layer_inputs(state);
  time_cpu(state, [&] {
    const LinearGrads g = mlp::linear_backward(in.dy, in.x, in.W);
    benchmark::DoNotOptimize(g.dx.data());
    benchmark::DoNotOptimize(g.dW.data());
    benchmark::DoNotOptimize(g.db.data());
  });
  backward_rates(state, in);
}

#if NNLAB_BENCH_SOLUTION
// The loops are ordered so that the innermost one runs along contiguous rows and the compiler
// can vectorise it (an axpy), except dx's, a dot product per entry: a float sum the compiler
// may not reorder without -ffast-math, so it stays scalar.
void naive_linear_forward(const float* x, const float* W, const float* b, std::size_t n,
                          std::size_t d, std::size_t h, float* y) {
  for (std::size_t i = 0; i < n; ++i) {
    float* y_row = y + i * h;
    for (std::size_t k = 0; k < h; ++k) y_row[k] = b[k];
    for (std::size_t j = 0; j < d; ++j) {
      const float a = x[i * d + j];
      const float* w_row = W + j * h;
      for (std::size_t k = 0; k < h; ++k) y_row[k] += a * w_row[k];
    }
  }
}

void naive_linear_backward(const float* dy, const float* x, const float* W, std::size_t n,
                           std::size_t d, std::size_t h, float* dx, float* dW, float* db) {
  for (std::size_t k = 0; k < d * h; ++k) dW[k] = 0.0f;
  for (std::size_t k = 0; k < h; ++k) db[k] = 0.0f;
  for (std::size_t i = 0; i < n; ++i) {
    const float* g = dy + i * h;
    for (std::size_t j = 0; j < d; ++j) {
      // dx[i, j] = sum_k dy[i, k] W[j, k]
      const float* w_row = W + j * h;
      float sum = 0.0f;
      for (std::size_t k = 0; k < h; ++k) sum += g[k] * w_row[k];
      dx[i * d + j] = sum;
      // dW[j, :] += x[i, j] dy[i, :]
      const float a = x[i * d + j];
      float* dw_row = dW + j * h;
      for (std::size_t k = 0; k < h; ++k) dw_row[k] += a * g[k];
    }
    for (std::size_t k = 0; k < h; ++k) db[k] += g[k];
  }
}

void forward_naive(benchmark::State& state) {
  const LayerInputs in = layer_inputs(state);
  std::vector<float> y(in.n * in.h);
  time_cpu(state, [&] {
    naive_linear_forward(in.x.data(), in.W.data(), in.b.data(), in.n, in.d, in.h, y.data());
    benchmark::ClobberMemory();
  });
  forward_rates(state, in);
}

void backward_naive(benchmark::State& state) {
  const LayerInputs in = layer_inputs(state);
  std::vector<float> dx(in.n * in.d), dW(in.d * in.h), db(in.h);
  time_cpu(state, [&] {
    naive_linear_backward(in.dy.data(), in.x.data(), in.W.data(), in.n, in.d, in.h, dx.data(),
                          dW.data(), db.data());
    benchmark::ClobberMemory();
  });
  backward_rates(state, in);
}
#endif

#if NNLAB_BENCH_TORCH
// ATen views of the same buffers: W is already (D, H), so y = b + x W is one addmm.
struct TorchLayer {
  at::Tensor x, W, b, dy;
};

TorchLayer torch_layer(const LayerInputs& in) {
  const auto n = long(in.n), d = long(in.d), h = long(in.h);
  auto view = [](const Tensor& t, at::IntArrayRef shape) {
    return at::from_blob(const_cast<float*>(t.data()), shape);
  };
  return {view(in.x, {n, d}), view(in.W, {d, h}), view(in.b, {h}), view(in.dy, {n, h})};
}

void forward_torch(benchmark::State& state) {
  const LayerInputs in = layer_inputs(state);
  const TorchLayer t = torch_layer(in);
  time_cpu(state, [&] {
    const at::Tensor y = at::addmm(t.b, t.x, t.W);
    benchmark::DoNotOptimize(y.data_ptr());
  });
  forward_rates(state, in);
}

void backward_torch(benchmark::State& state) {
  const LayerInputs in = layer_inputs(state);
  const TorchLayer t = torch_layer(in);
  time_cpu(state, [&] {
    const at::Tensor dx = at::mm(t.dy, t.W.t());
    const at::Tensor dW = at::mm(t.x.t(), t.dy);
    const at::Tensor db = t.dy.sum(0);
    benchmark::DoNotOptimize(dx.data_ptr());
    benchmark::DoNotOptimize(dW.data_ptr());
    benchmark::DoNotOptimize(db.data_ptr());
  });
  backward_rates(state, in);
}
#endif

// ---- one training step of the MLP D -> H -> H -> K with ReLUs, batch N ----------------------
constexpr std::int64_t kK = 10;

// The labels of the batch: (N) class ids in [0, K), fixed.
const Labels& labels(std::size_t n, std::size_t k) {
  static Labels y = [&] {
    Labels out = xt::zeros<std::int64_t>({n});
    Rng rng(6);
    for (std::size_t i = 0; i < n; ++i) out(i) = std::int64_t(rng.below(k));
    return out;
  }();
  return y;
}

// FLOPs of the maths a step needs: forward x W (2 N D_i H_i per layer), dW (the same again) and
// dx for every layer but the first (nothing needs dL/dx of the input). Our Module contract has
// Linear::backward return dx anyway, so the reference and student do 2 N D H more (a quarter
// of the step's FLOPs) than the libtorch row, whose input does not require a gradient, and as
// many as the libtorch_dx row.
void step_rates(benchmark::State& state, std::size_t n, std::size_t d, std::size_t h,
                std::size_t k) {
  const double dims[3][2] = {{double(d), double(h)}, {double(h), double(h)}, {double(h), double(k)}};
  double flops = 0.0;
  for (int i = 0; i < 3; ++i) flops += (i == 0 ? 4.0 : 6.0) * double(n) * dims[i][0] * dims[i][1];
  set_rates(state, 0.0, flops);
}

// The chapter's modules: Sequential(Linear, ReLU, Linear, ReLU, Linear), the fused loss and
// the provided Adam (lr 1e-3, PyTorch's defaults otherwise).
struct MlpStep {
  Rng rng{0};
  Sequential model;
  std::unique_ptr<mlp::Adam> adam;

  MlpStep(std::size_t d, std::size_t h, std::size_t k) {
    model.emplace<mlp::Linear>(d, h, rng);
    model.emplace<mlp::ReLU>();
    model.emplace<mlp::Linear>(h, h, rng);
    model.emplace<mlp::ReLU>();
    model.emplace<mlp::Linear>(h, k, rng);
    adam = std::make_unique<mlp::Adam>(model.params(), 1e-3f);
  }

  float step(const Tensor& x, const Labels& y) {
    adam->zero_grad();
    const Tensor logits = model.forward(x);
    const mlp::LossAndGrad loss = mlp::softmax_cross_entropy(logits, y);
    model.backward(loss.dlogits);
    adam->step();
    return loss.loss;
  }
};

void step_library(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto d = static_cast<std::size_t>(state.range(1));
  const auto h = static_cast<std::size_t>(state.range(2));
  const auto k = static_cast<std::size_t>(state.range(3));
  const Tensor& x = input({n, d}, 1);
  const Labels& y = labels(n, k);
  // Built inside run_once: the student's Linear calls their xavier_uniform (02.5), whose
  // NotImplemented must skip the row, not end the program.
  std::unique_ptr<MlpStep> net;
  if (!run_once(state, [&] { net = std::make_unique<MlpStep>(d, h, k); })) {
    for (auto _ : state) {
    }
    return;
  }
  time_cpu(state, [&] { benchmark::DoNotOptimize(net->step(x, y)); });
  step_rates(state, n, d, h, k);
}

#if NNLAB_BENCH_TORCH
// The same model in torch::nn (its own initialisation; the timing does not depend on the
// values), the same batch. zero_grad() zeroes the gradients in place (libtorch 1.13's
// default), as ours does. With `input_grad` the batch requires a gradient, so that autograd
// also computes dL/dx of the input, as our Linear::backward always does: the same maths as
// the reference (its dx is dropped and made afresh in each step, like ours).
void step_torch(benchmark::State& state, bool input_grad) {
  const auto n = static_cast<long>(state.range(0));
  const auto d = static_cast<long>(state.range(1));
  const auto h = static_cast<long>(state.range(2));
  const auto k = static_cast<long>(state.range(3));
  at::Tensor x =
      at::from_blob(const_cast<float*>(input({std::size_t(n), std::size_t(d)}, 1).data()), {n, d});
  x.requires_grad_(input_grad);
  const at::Tensor y = at::from_blob(const_cast<std::int64_t*>(labels(n, k).data()), {n},
                                     at::TensorOptions().dtype(at::kLong));
  torch::manual_seed(0);
  torch::nn::Sequential model(torch::nn::Linear(d, h), torch::nn::ReLU(), torch::nn::Linear(h, h),
                              torch::nn::ReLU(), torch::nn::Linear(h, k));
  torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(1e-3));
  time_cpu(state, [&] {
    adam.zero_grad();
    if (input_grad) x.mutable_grad() = at::Tensor();
    const at::Tensor loss = torch::nn::functional::cross_entropy(model->forward(x), y);
    loss.backward();
    adam.step();
    benchmark::DoNotOptimize(loss.item<float>());
  });
  step_rates(state, n, d, h, k);
}

void step_torch_plain(benchmark::State& state) { step_torch(state, false); }
void step_torch_input_grad(benchmark::State& state) { step_torch(state, true); }
#endif

// ---- registration --------------------------------------------------------------------------
using Fn = void (*)(benchmark::State&);

void add_layer(const char* op, const char* impl, Fn fn) {
  auto* b = benchmark::RegisterBenchmark(row(op, impl).c_str(), guarded(fn));
  b->Args({kN, kD, kH})->UseRealTime()->Unit(benchmark::kMicrosecond);
}

void add_step(const char* impl, Fn fn) {
  auto* b = benchmark::RegisterBenchmark(row("MlpTrainStep", impl).c_str(), guarded(fn));
  b->Args({kN, kD, kH, kK})->UseRealTime()->Unit(benchmark::kMicrosecond);
}

[[maybe_unused]] const bool registered = [] {
#if NNLAB_BENCH_SOLUTION
  add_layer("LinearForward", "naive", forward_naive);
#endif
  add_layer("LinearForward", kLibraryRow, forward_library);
#if NNLAB_BENCH_TORCH
  add_layer("LinearForward", "libtorch", forward_torch);
#endif
#if NNLAB_BENCH_SOLUTION
  add_layer("LinearBackward", "naive", backward_naive);
#endif
  add_layer("LinearBackward", kLibraryRow, backward_library);
#if NNLAB_BENCH_TORCH
  add_layer("LinearBackward", "libtorch", backward_torch);
#endif
  add_step(kLibraryRow, step_library);
#if NNLAB_BENCH_TORCH
  add_step("libtorch", step_torch_plain);
  add_step("libtorch_dx", step_torch_input_grad);
#endif
  return true;
}();

}  // namespace
}  // namespace nnlab::bench
