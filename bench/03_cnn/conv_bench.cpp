// Chapter 03 on the CPU: 2-D convolution (exercise 03.5), forward and backward, as
//   naive      seven nested loops over raw pointers, no im2col       (solution program)
//   reference  solutions/03_cnn/conv2d.cpp: im2col + one GEMM/image  (solution program)
//   student    chapters/03_cnn/exercises/conv2d.cpp; skipped while   (exercise program)
//              it throws NotImplemented
//   libtorch   at::conv2d / at::convolution_backward on the same memory, when found
// for the two layer shapes of a small CIFAR-style network: N = 32 images of 32 x 32, 3 x 3
// kernels, padding 1, stride 1, and 3 -> 64 and 64 -> 64 channels. Rows are
// `Conv2dForward/<impl>/N/C_in/C_out/H` and `Conv2dBackward/...`; one multiply-add is 2 FLOPs.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "nnlab/bench/bench.hpp"
#include "nnlab/cnn/conv2d.hpp"

#if NNLAB_BENCH_TORCH
#include <ATen/ATen.h>
#endif

namespace nnlab::bench {
namespace {

constexpr std::size_t kN = 32, kK = 3, kPad = 1;

struct ConvShape {
  std::size_t n, c_in, c_out, h;
  explicit ConvShape(const benchmark::State& s)
      : n(std::size_t(s.range(0))), c_in(std::size_t(s.range(1))),
        c_out(std::size_t(s.range(2))), h(std::size_t(s.range(3))) {}
  Shape x() const { return {n, c_in, h, h}; }
  Shape w() const { return {c_out, c_in, kK, kK}; }
  Shape y() const { return {n, c_out, h, h}; }  // 3 x 3, padding 1, stride 1: same size
  double macs() const { return double(n * c_out * h * h) * double(c_in * kK * kK); }
};

// Forward: reads x and W, writes y; backward: reads dy, x, W, writes dx, dW, db (2 products).
void rates(benchmark::State& state, const ConvShape& s, bool backward) {
  const double x = double(s.n * s.c_in * s.h * s.h), y = double(s.n * s.c_out * s.h * s.h);
  const double w = double(s.c_out * s.c_in * kK * kK);
  set_rates(state, backward ? 4.0 * (2 * x + 2 * w + y) : 4.0 * (x + w + y),
            (backward ? 4.0 : 2.0) * s.macs());
}

void forward_library(benchmark::State& state) {
  const ConvShape s(state);
  const Tensor& x = input(s.x(), 1);
  const Tensor& w = input(s.w(), 2);
  const Tensor& b = input({s.c_out}, 3);
  time_cpu(state, [&] {
    benchmark::DoNotOptimize(cnn::conv2d_forward(x, w, b, {1, 1}, {kPad, kPad}).data());
  });
  rates(state, s, false);
}

void backward_library(benchmark::State& state) {
  const ConvShape s(state);
  const Tensor& x = input(s.x(), 1);
  const Tensor& w = input(s.w(), 2);
  const Tensor& dy = input(s.y(), 4);
  time_cpu(state, [&] {
    cnn::Conv2dGrads g = cnn::conv2d_backward(dy, x, w, {1, 1}, {kPad, kPad});
    benchmark::DoNotOptimize(g.dx.data());
    benchmark::DoNotOptimize(g.dweight.data());
  });
  rates(state, s, true);
}

#if NNLAB_BENCH_SOLUTION
// The definition, loop for loop: y[n,o,i,j] = b[o] + sum_{c,a,b} W[o,c,a,b] x[n,c,i+a-p,j+b-p].
void naive_forward(const float* x, const float* w, const float* bias, const ConvShape& s,
                   float* y) {
  const std::ptrdiff_t h = std::ptrdiff_t(s.h), p = std::ptrdiff_t(kPad);
  for (std::size_t n = 0; n < s.n; ++n)
    for (std::size_t o = 0; o < s.c_out; ++o)
      for (std::ptrdiff_t i = 0; i < h; ++i)
        for (std::ptrdiff_t j = 0; j < h; ++j) {
          float acc = bias[o];
          for (std::size_t c = 0; c < s.c_in; ++c)
            for (std::ptrdiff_t a = 0; a < std::ptrdiff_t(kK); ++a)
              for (std::ptrdiff_t b = 0; b < std::ptrdiff_t(kK); ++b) {
                const std::ptrdiff_t r = i + a - p, q = j + b - p;
                if (r < 0 || r >= h || q < 0 || q >= h) continue;
                acc += w[((o * s.c_in + c) * kK + std::size_t(a)) * kK + std::size_t(b)] *
                       x[((n * s.c_in + c) * s.h + std::size_t(r)) * s.h + std::size_t(q)];
              }
          y[((n * s.c_out + o) * s.h + std::size_t(i)) * s.h + std::size_t(j)] = acc;
        }
}

// Every output gradient spreads back over its window: into dx through W, into dW through x.
void naive_backward(const float* dy, const float* x, const float* w, const ConvShape& s,
                    float* dx, float* dw, float* db) {
  const std::ptrdiff_t h = std::ptrdiff_t(s.h), p = std::ptrdiff_t(kPad);
  std::fill(dx, dx + s.n * s.c_in * s.h * s.h, 0.0f);
  std::fill(dw, dw + s.c_out * s.c_in * kK * kK, 0.0f);
  std::fill(db, db + s.c_out, 0.0f);
  for (std::size_t n = 0; n < s.n; ++n)
    for (std::size_t o = 0; o < s.c_out; ++o)
      for (std::ptrdiff_t i = 0; i < h; ++i)
        for (std::ptrdiff_t j = 0; j < h; ++j) {
          const float g = dy[((n * s.c_out + o) * s.h + std::size_t(i)) * s.h + std::size_t(j)];
          db[o] += g;
          for (std::size_t c = 0; c < s.c_in; ++c)
            for (std::ptrdiff_t a = 0; a < std::ptrdiff_t(kK); ++a)
              for (std::ptrdiff_t b = 0; b < std::ptrdiff_t(kK); ++b) {
                const std::ptrdiff_t r = i + a - p, q = j + b - p;
                if (r < 0 || r >= h || q < 0 || q >= h) continue;
                const std::size_t wi = ((o * s.c_in + c) * kK + std::size_t(a)) * kK + std::size_t(b);
                const std::size_t xi = ((n * s.c_in + c) * s.h + std::size_t(r)) * s.h + std::size_t(q);
                dw[wi] += g * x[xi];
                dx[xi] += g * w[wi];
              }
        }
}

void forward_naive(benchmark::State& state) {
  const ConvShape s(state);
  const Tensor& x = input(s.x(), 1);
  const Tensor& w = input(s.w(), 2);
  const Tensor& b = input({s.c_out}, 3);
  std::vector<float> y(s.n * s.c_out * s.h * s.h);
  time_cpu(state, [&] {
    naive_forward(x.data(), w.data(), b.data(), s, y.data());
    benchmark::ClobberMemory();
  });
  rates(state, s, false);
}

void backward_naive(benchmark::State& state) {
  const ConvShape s(state);
  const Tensor& x = input(s.x(), 1);
  const Tensor& w = input(s.w(), 2);
  const Tensor& dy = input(s.y(), 4);
  std::vector<float> dx(x.size()), dw(w.size()), db(s.c_out);
  time_cpu(state, [&] {
    naive_backward(dy.data(), x.data(), w.data(), s, dx.data(), dw.data(), db.data());
    benchmark::ClobberMemory();
  });
  rates(state, s, true);
}
#endif

#if NNLAB_BENCH_TORCH
at::Tensor blob(const Tensor& t) {
  std::vector<std::int64_t> sizes(t.shape().begin(), t.shape().end());
  return at::from_blob(const_cast<float*>(t.data()), sizes);
}

void forward_torch(benchmark::State& state) {
  const ConvShape s(state);
  const at::Tensor x = blob(input(s.x(), 1)), w = blob(input(s.w(), 2));
  const at::Tensor b = blob(input({s.c_out}, 3));
  time_cpu(state, [&] {
    at::Tensor y = at::conv2d(x, w, b, {1, 1}, {long(kPad), long(kPad)});
    benchmark::DoNotOptimize(y.data_ptr());
  });
  rates(state, s, false);
}

void backward_torch(benchmark::State& state) {
  const ConvShape s(state);
  const at::Tensor x = blob(input(s.x(), 1)), w = blob(input(s.w(), 2));
  const at::Tensor dy = blob(input(s.y(), 4));
  const std::vector<std::int64_t> bias_sizes{std::int64_t(s.c_out)};
  time_cpu(state, [&] {
    auto [dx, dw, db] = at::convolution_backward(
        dy, x, w, bias_sizes, {1, 1}, {long(kPad), long(kPad)}, {1, 1}, false, {0, 0}, 1,
        {true, true, true});
    benchmark::DoNotOptimize(dx.data_ptr());
    benchmark::DoNotOptimize(dw.data_ptr());
  });
  rates(state, s, true);
}
#endif

// ---- registration --------------------------------------------------------------------------
using Fn = void (*)(benchmark::State&);

void add(const char* op, const char* impl, Fn fn) {
  auto* b = benchmark::RegisterBenchmark(row(op, impl).c_str(), guarded(fn));
  for (std::int64_t c_in : {3, 64}) b->Args({std::int64_t(kN), c_in, 64, 32});
  b->UseRealTime()->Unit(benchmark::kMillisecond);
}

[[maybe_unused]] const bool registered = [] {
#if NNLAB_BENCH_SOLUTION
  add("Conv2dForward", "naive", forward_naive);
#endif
  add("Conv2dForward", kLibraryRow, forward_library);
#if NNLAB_BENCH_TORCH
  add("Conv2dForward", "libtorch", forward_torch);
#endif
#if NNLAB_BENCH_SOLUTION
  add("Conv2dBackward", "naive", backward_naive);
#endif
  add("Conv2dBackward", kLibraryRow, backward_library);
#if NNLAB_BENCH_TORCH
  add("Conv2dBackward", "libtorch", backward_torch);
#endif
  return true;
}();

}  // namespace
}  // namespace nnlab::bench
