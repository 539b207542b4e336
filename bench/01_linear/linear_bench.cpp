// Chapter 01 on the CPU: the squared loss (exercise 01.2) and the gradient of linear regression
// (exercise 01.3), each as
//   naive      a plain loop over raw pointers, outputs preallocated    (solution program)
//   reference  solutions/01_linear, through the chapter's API          (solution program)
//   student    chapters/01_linear/exercises, the same API; skipped     (exercise program)
//              while it throws NotImplemented
//   libtorch   ATen, on the same memory (at::from_blob), when found    (solution program)
// Rows are `Op/implementation/sizes`; `./nnlab bench` turns them into one table. Timings are
// wall-clock (UseRealTime) so that libtorch's threads count.
#include <algorithm>
#include <cstddef>
#include <vector>

#include <benchmark/benchmark.h>

#include "nnlab/bench/bench.hpp"
#include "nnlab/linear/linreg_backward.hpp"
#include "nnlab/linear/squared_loss.hpp"

#if NNLAB_BENCH_TORCH
#include <ATen/ATen.h>
#endif

namespace nnlab::bench {
namespace {

using linear::LinregGrads;

// ---- squared loss: L = 1/(2N) sum_n (y_hat[n] - y[n])^2 ------------------------------------
// Reads 2N floats; 3 FLOPs per element (subtract, multiply, add).
constexpr std::size_t kLossSizes[] = {std::size_t(1) << 16, std::size_t(1) << 20};

void loss_rates(benchmark::State& state, std::size_t n) {
  set_rates(state, 8.0 * double(n), 3.0 * double(n));
}

// The chapter's squared_loss: the reference in the solution program, the student's in the
// exercise program.
void loss_library(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Tensor& y_hat = input({n}, 1);
  const Tensor& y = input({n}, 2);
  time_cpu(state, [&] { benchmark::DoNotOptimize(linear::squared_loss(y_hat, y)); });
  loss_rates(state, n);
}

#if NNLAB_BENCH_SOLUTION
float naive_squared_loss(const float* y_hat, const float* y, std::size_t n) {
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = double(y_hat[i]) - double(y[i]);
    sum += d * d;
  }
  return static_cast<float>(sum / (2.0 * double(n)));
}

void loss_naive(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Tensor& y_hat = input({n}, 1);
  const Tensor& y = input({n}, 2);
  time_cpu(state, [&] { benchmark::DoNotOptimize(naive_squared_loss(y_hat.data(), y.data(), n)); });
  loss_rates(state, n);
}
#endif

#if NNLAB_BENCH_TORCH
// Ours is half of PyTorch's mse_loss (the mean of the squares).
void loss_torch(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const at::Tensor y_hat = at::from_blob(const_cast<float*>(input({n}, 1).data()), {long(n)});
  const at::Tensor y = at::from_blob(const_cast<float*>(input({n}, 2).data()), {long(n)});
  time_cpu(state, [&] { benchmark::DoNotOptimize((at::mse_loss(y_hat, y) * 0.5).item<float>()); });
  loss_rates(state, n);
}
#endif

// ---- linear-regression gradient: dx = dy w^T, dw = x^T dy, db = sum(dy) -------------------
// x: (N, D). Reads x and writes dx (8ND bytes, plus the vectors); 3ND + N FLOPs.
constexpr std::size_t kBackwardD = 64;
constexpr std::size_t kBackwardN[] = {std::size_t(1) << 10, std::size_t(1) << 14};

void backward_rates(benchmark::State& state, std::size_t n, std::size_t d) {
  set_rates(state, 4.0 * (2.0 * double(n * d) + double(n) + 2.0 * double(d) + 1.0),
            3.0 * double(n * d) + double(n));
}

void backward_library(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto d = static_cast<std::size_t>(state.range(1));
  const Tensor& dy = input({n}, 3);
  const Tensor& x = input({n, d}, 4);
  const Tensor& w = input({d}, 5);
  time_cpu(state, [&] {
    LinregGrads g = linear::linreg_backward(dy, x, w);
    benchmark::DoNotOptimize(g.dx.data());
    benchmark::DoNotOptimize(g.dw.data());
    benchmark::DoNotOptimize(g.db.data());
  });
  backward_rates(state, n, d);
}

#if NNLAB_BENCH_SOLUTION
// One pass over x: each row n gives dx[n, :] = dy[n] w and adds dy[n] x[n, :] into dw.
void naive_linreg_backward(const float* dy, const float* x, const float* w, std::size_t n,
                           std::size_t d, float* dx, float* dw, float* db) {
  std::fill(dw, dw + d, 0.0f);
  float sum = 0.0f;
  for (std::size_t i = 0; i < n; ++i) {
    const float g = dy[i];
    for (std::size_t j = 0; j < d; ++j) {
      dx[i * d + j] = g * w[j];
      dw[j] += x[i * d + j] * g;
    }
    sum += g;
  }
  *db = sum;
}

void backward_naive(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto d = static_cast<std::size_t>(state.range(1));
  const Tensor& dy = input({n}, 3);
  const Tensor& x = input({n, d}, 4);
  const Tensor& w = input({d}, 5);
  std::vector<float> dx(n * d), dw(d);
  float db = 0.0f;
  time_cpu(state, [&] {
    naive_linreg_backward(dy.data(), x.data(), w.data(), n, d, dx.data(), dw.data(), &db);
    benchmark::ClobberMemory();
  });
  backward_rates(state, n, d);
}
#endif

#if NNLAB_BENCH_TORCH
void backward_torch(benchmark::State& state) {
  const auto n = static_cast<long>(state.range(0));
  const auto d = static_cast<long>(state.range(1));
  const at::Tensor dy = at::from_blob(const_cast<float*>(input({std::size_t(n)}, 3).data()), {n});
  const at::Tensor x =
      at::from_blob(const_cast<float*>(input({std::size_t(n), std::size_t(d)}, 4).data()), {n, d});
  const at::Tensor w = at::from_blob(const_cast<float*>(input({std::size_t(d)}, 5).data()), {d});
  time_cpu(state, [&] {
    at::Tensor dx = at::outer(dy, w);
    at::Tensor dw = at::mv(x.t(), dy);
    at::Tensor db = dy.sum().reshape({1});
    benchmark::DoNotOptimize(dx.data_ptr());
    benchmark::DoNotOptimize(dw.data_ptr());
    benchmark::DoNotOptimize(db.data_ptr());
  });
  backward_rates(state, std::size_t(n), std::size_t(d));
}
#endif

// ---- registration --------------------------------------------------------------------------
using Fn = void (*)(benchmark::State&);

void add_loss(const char* impl, Fn fn) {
  auto* b = benchmark::RegisterBenchmark(row("SquaredLoss", impl).c_str(), guarded(fn));
  for (std::size_t n : kLossSizes) b->Arg(static_cast<std::int64_t>(n));
  b->UseRealTime()->Unit(benchmark::kMicrosecond);
}

void add_backward(const char* impl, Fn fn) {
  auto* b = benchmark::RegisterBenchmark(row("LinregBackward", impl).c_str(), guarded(fn));
  for (std::size_t n : kBackwardN) {
    b->Args({static_cast<std::int64_t>(n), static_cast<std::int64_t>(kBackwardD)});
  }
  b->UseRealTime()->Unit(benchmark::kMicrosecond);
}

[[maybe_unused]] const bool registered = [] {
#if NNLAB_BENCH_SOLUTION
  add_loss("naive", loss_naive);
#endif
  add_loss(kLibraryRow, loss_library);
#if NNLAB_BENCH_TORCH
  add_loss("libtorch", loss_torch);
#endif
#if NNLAB_BENCH_SOLUTION
  add_backward("naive", backward_naive);
#endif
  add_backward(kLibraryRow, backward_library);
#if NNLAB_BENCH_TORCH
  add_backward("libtorch", backward_torch);
#endif
  return true;
}();

}  // namespace
}  // namespace nnlab::bench
