// Chapter 03 on the GPU (built only with CUDA): the convolution as im2col + one GEMM
// (exercise 03.11) against cuDNN, and max pooling (exercise 03.12) against a copy.
//
//   Conv2dCuda/reference   solutions/03_cnn/conv2d_cuda.cu: batched im2col,     (solution program)
//                          one cuBLAS SGEMM (pedantic FP32), bias + NCHW pass
//   Conv2dCuda/student     chapters/03_cnn/exercises/conv2d_cuda.cu; skipped    (exercise program)
//                          while it throws NotImplemented
//   Conv2dCuda/cudnn       conv2d_cudnn: cudnnConvolutionForward with the       (solution program)
//                          fastest FMA-only algorithm Find measures (no TF32),
//                          then cudnnAddTensor for the bias: the ceiling.
//                          Skipped when built without cuDNN.
// Rows are `Conv2dCuda/<impl>/N/C_in/C_out/H/K/stride`: x (N, C_in, H, H), a K x K kernel with
// padding K / 2, so H' = H / stride. Shapes: the small CIFAR-style layers of the CPU bench
// (N = 32, 32 x 32, 3 -> 64 and 64 -> 64, 3 x 3) and the convolutions of ResNet-18 on a batch of
// 64 images of 224 x 224: the 7 x 7 stride-2 stem, then per stage one 3 x 3 layer of each shape
// (stride 2 where the stage halves the size). FLOP/s counts 2 N C_out H' W' C_in K^2 (one
// multiply-add is 2 FLOPs; cuDNN's FFT and Winograd algorithms do fewer, the count stays the
// convolution's); bytes count x, the weight, the bias and y once. Target (issue): the reference
// reaches >= 40% of cuDNN's FLOP/s on these shapes; compare the rows' GFLOP/s.
//
//   MaxPoolCuda/{reference,student}   max_pool2d_cuda: reads x, writes y
//   MaxPoolCuda/memcpy_d2d            a device-to-device copy moving the same bytes: the
//                                     bandwidth ceiling of this run
// Rows are `MaxPoolCuda/<impl>/N/C/H/K/stride`, padding K / 2 for odd K and 0 for even K:
// ResNet-18's 3 x 3 stride-2 pooling after the stem (64, 64, 112, 112), and 2 x 2 stride 2 as in
// VGG (32, 64, 32, 32).
//
// Without a GPU every row is skipped with "no GPU (<why>)". Times come from CUDA events
// (UseManualTime); they include the launchers' host work between the events (shape checks,
// scratch lookup, cuDNN's plan lookup), which matters only for the smallest shapes. Inputs
// are cudaMemset byte patterns (0x3c3c3c3c is about 0.0115): finite values, and the work does
// not depend on them.
#include <cstddef>
#include <cstdint>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "nnlab/bench/bench.hpp"
#include "nnlab/bench/gpu.hpp"
#include "nnlab/cnn/cuda.hpp"
#include "nnlab/gpu/device.hpp"

namespace nnlab::bench {
namespace {

using gpu::DeviceBuffer;
using gpu::DeviceTensor;

// N, C_in, C_out, H, K, stride.
constexpr std::int64_t kConvShapes[][6] = {
    {32, 3, 64, 32, 3, 1},    {32, 64, 64, 32, 3, 1},                              // CIFAR-style
    {64, 3, 64, 224, 7, 2},                                                        // stem
    {64, 64, 64, 56, 3, 1},   {64, 64, 128, 56, 3, 2},   {64, 128, 128, 28, 3, 1},  // ResNet-18
    {64, 128, 256, 28, 3, 2}, {64, 256, 256, 14, 3, 1},  {64, 256, 512, 14, 3, 2},
    {64, 512, 512, 7, 3, 1},
};
// N, C, H, K, stride.
constexpr std::int64_t kPoolShapes[][5] = {{64, 64, 112, 3, 2}, {32, 64, 32, 2, 2}};

DeviceTensor filled(const Shape& shape, int byte) {
  DeviceTensor t(shape);
  NNLAB_CUDA_CHECK(cudaMemset(t.data(), byte, t.size() * sizeof(float)));
  return t;
}

// ---- convolution --------------------------------------------------------------------------------
struct ConvShape {
  std::size_t n, c_in, c_out, h, k, s, p, oh;
  explicit ConvShape(const benchmark::State& st)
      : n(std::size_t(st.range(0))), c_in(std::size_t(st.range(1))),
        c_out(std::size_t(st.range(2))), h(std::size_t(st.range(3))),
        k(std::size_t(st.range(4))), s(std::size_t(st.range(5))), p(k / 2),
        oh((h + 2 * p - k) / s + 1) {}
  Shape x() const { return {n, c_in, h, h}; }
  Shape w() const { return {c_out, c_in, k, k}; }
  Shape y() const { return {n, c_out, oh, oh}; }
  double flops() const {
    return 2.0 * double(n * c_out * oh * oh) * double(c_in * k * k);
  }
  double bytes() const {
    return 4.0 * double(n * c_in * h * h + c_out * c_in * k * k + c_out + n * c_out * oh * oh);
  }
  // x, w, y and the reference's scratch (col, the weight matrix, the GEMM's output); cuDNN's
  // workspace is taken to be no larger than col.
  std::size_t device_bytes() const {
    const std::size_t col = c_in * k * k * n * oh * oh;
    return 4 * (2 * (n * c_in * h * h + c_out * c_in * k * k) + 2 * n * c_out * oh * oh + col);
  }
};

using Conv = void (*)(const DeviceTensor&, const DeviceTensor&, const DeviceTensor&, cnn::Size2,
                      cnn::Size2, DeviceTensor&, cudaStream_t);

void conv_row(benchmark::State& state, Conv fn) {
  const ConvShape s(state);
  if (skip_without_gpu(state, s.device_bytes())) return;
  const DeviceTensor x = filled(s.x(), 0x3c);
  const DeviceTensor w = filled(s.w(), 0x3b);
  const DeviceTensor b = filled({s.c_out}, 0x3a);
  DeviceTensor y = filled(s.y(), 0);
  gpu::Stream stream;
  time_gpu(state, stream.get(),
           [&](cudaStream_t st) { fn(x, w, b, {s.s, s.s}, {s.p, s.p}, y, st); });
  set_rates(state, s.bytes(), s.flops());
  state.counters["TFLOP/s"] = benchmark::Counter(s.flops() * double(state.iterations()) / 1e12,
                                                 benchmark::Counter::kIsRate);
}

void conv_library(benchmark::State& state) { conv_row(state, cnn::conv2d_forward_cuda); }

#if NNLAB_BENCH_SOLUTION
void conv_cudnn(benchmark::State& state) {
  if (!cnn::have_cudnn()) {
    state.SkipWithError("built without cuDNN");
    for (auto _ : state) {
    }
    return;
  }
  conv_row(state, cnn::conv2d_cudnn);
}
#endif

// ---- max pooling: reads x, writes y ------------------------------------------------------------
struct PoolShape {
  std::size_t n, c, h, k, s, p, oh;
  explicit PoolShape(const benchmark::State& st)
      : n(std::size_t(st.range(0))), c(std::size_t(st.range(1))), h(std::size_t(st.range(2))),
        k(std::size_t(st.range(3))), s(std::size_t(st.range(4))), p(k % 2 ? k / 2 : 0),
        oh((h + 2 * p - k) / s + 1) {}
  std::size_t x_elems() const { return n * c * h * h; }
  std::size_t y_elems() const { return n * c * oh * oh; }
  std::size_t traffic() const { return 4 * (x_elems() + y_elems()); }
};

void pool_library(benchmark::State& state) {
  const PoolShape s(state);
  if (skip_without_gpu(state, s.traffic())) return;
  const DeviceTensor x = filled({s.n, s.c, s.h, s.h}, 0x3c);
  DeviceTensor y = filled({s.n, s.c, s.oh, s.oh}, 0);
  gpu::Stream stream;
  time_gpu(state, stream.get(), [&](cudaStream_t st) {
    cnn::max_pool2d_cuda(x, {s.k, s.k}, {s.s, s.s}, {s.p, s.p}, y, st);
  });
  // One comparison per window element: (K^2 - 1) per output, not floating-point arithmetic
  // worth a FLOP/s counter.
  set_rates(state, double(s.traffic()), 0.0);
}

#if NNLAB_BENCH_SOLUTION
// The ceiling: a device-to-device copy of `traffic / 2` bytes reads and writes them.
void pool_copy(benchmark::State& state) {
  const PoolShape s(state);
  const std::size_t bytes = s.traffic() / 2;
  if (skip_without_gpu(state, 2 * bytes)) return;
  DeviceBuffer<unsigned char> src(bytes), dst(bytes);
  NNLAB_CUDA_CHECK(cudaMemset(src.data(), 0x3c, bytes));
  gpu::Stream stream;
  time_gpu(state, stream.get(), [&](cudaStream_t st) {
    NNLAB_CUDA_CHECK(cudaMemcpyAsync(dst.data(), src.data(), bytes, cudaMemcpyDeviceToDevice, st));
  });
  set_rates(state, double(s.traffic()), 0.0);
}
#endif

// ---- registration --------------------------------------------------------------------------
using Fn = void (*)(benchmark::State&);

void add_conv(const char* impl, Fn fn) {
  auto* b = benchmark::RegisterBenchmark(row("Conv2dCuda", impl).c_str(), guarded(fn));
  for (const auto& s : kConvShapes) b->Args({s[0], s[1], s[2], s[3], s[4], s[5]});
  b->UseManualTime()->Unit(benchmark::kMicrosecond);
}

void add_pool(const char* impl, Fn fn) {
  auto* b = benchmark::RegisterBenchmark(row("MaxPoolCuda", impl).c_str(), guarded(fn));
  for (const auto& s : kPoolShapes) b->Args({s[0], s[1], s[2], s[3], s[4]});
  b->UseManualTime()->Unit(benchmark::kMicrosecond);
}

[[maybe_unused]] const bool registered = [] {
  add_conv(kLibraryRow, conv_library);
#if NNLAB_BENCH_SOLUTION
  add_conv("cudnn", conv_cudnn);
  // The target: im2col + GEMM at least 40% of cuDNN's throughput, on every shape.
  for (const auto& c : kConvShapes) {
    benchmark::AddCustomContext(kShareTarget + row("Conv2dCuda", "reference") +
                                    fmt::format("/{}/{}/{}/{}/{}/{}", c[0], c[1], c[2], c[3],
                                                c[4], c[5]),
                                "cudnn 0.40");
  }
  benchmark::AddCustomContext("nnlab_cudnn_version",
                              cnn::have_cudnn() ? cnn::cudnn_version() : "built without cuDNN");
#endif
  add_pool(kLibraryRow, pool_library);
#if NNLAB_BENCH_SOLUTION
  add_pool("memcpy_d2d", pool_copy);
#endif
  return true;
}();

}  // namespace
}  // namespace nnlab::bench
