// Chapter 02 on the GPU (built only with CUDA): the SGEMM ladder (exercise 02.14) and the fused
// bias + ReLU (exercise 02.15).
//
//   Sgemm/naive          sgemm_naive_cuda, one thread per element          (solution program)
//                        (1024 to 4096 only: at 8192 it takes seconds)
//   Sgemm/reference      solutions/02_mlp/sgemm_tiled_cuda.cu              (solution program)
//   Sgemm/student        chapters/02_mlp/exercises/sgemm_tiled_cuda.cu;    (exercise program)
//                        skipped while it throws NotImplemented
//   Sgemm/regblocked     sgemm_regblocked_cuda, 128 x 128 tiles, 8 x 8     (solution program)
//                        per thread
//   Sgemm/cublas         cublasSgemm in pedantic FP32 (no TF32): the       (solution program)
//                        ceiling of the ladder
// on square matrices C (n x n) = A (n x n) B (n x n), n = 1024, 2048, 4096, 8192. FLOP/s counts
// 2 n^3 per product (a counter TFLOP/s gives the same in 10^12); bytes count A and B read and
// C written once, 12 n^2. Targets (issue): at n = 4096 the tiled reference reaches >= 30% of
// cuBLAS's FLOP/s and the register-blocked kernel >= 60%; compare the rows' GFLOP/s.
//
//   BiasReluCuda/{reference,student}           y = max(x + b, 0), x and y (N, H): 8 N H bytes
//   BiasReluBackwardCuda/{reference,student}   dz = dy [y > 0], db += sum_n dz: reads dy, y,
//                                              writes dz, 12 N H bytes
//   .../memcpy_d2d                             a device-to-device copy moving the same bytes:
//                                              the bandwidth ceiling of this run
// on (N, H) = (4096, 4096) and (8192, 8192).
//
// Without a GPU every row is skipped with "no GPU (<why>)". Times come from CUDA events
// (UseManualTime). Inputs are cudaMemset byte patterns (0x3c3c3c3c is about 0.0115): finite,
// positive values, and the work does not depend on them.
#include <cstddef>
#include <cstdint>

#include <benchmark/benchmark.h>

#include "nnlab/bench/bench.hpp"
#include "nnlab/bench/gpu.hpp"
#include "nnlab/gpu/device.hpp"
#include "nnlab/mlp/cuda.hpp"

namespace nnlab::bench {
namespace {

using gpu::DeviceBuffer;
using gpu::DeviceTensor;

constexpr std::int64_t kSgemmSizes[] = {1024, 2048, 4096, 8192};
constexpr std::int64_t kNaiveMax = 4096;
constexpr std::int64_t kBiasSizes[][2] = {{4096, 4096}, {8192, 8192}};

DeviceTensor filled(const Shape& shape, int byte) {
  DeviceTensor t(shape);
  NNLAB_CUDA_CHECK(cudaMemset(t.data(), byte, t.size() * sizeof(float)));
  return t;
}

// ---- SGEMM: C = A B, all n x n. 2 n^3 FLOPs, 12 n^2 bytes. ------------------------------------
using Sgemm = void (*)(const DeviceTensor&, const DeviceTensor&, DeviceTensor&,
                       const mlp::SgemmOptions&, cudaStream_t);

void sgemm_row(benchmark::State& state, Sgemm fn) {
  const auto n = static_cast<std::size_t>(state.range(0));
  if (skip_without_gpu(state, 3 * n * n * sizeof(float))) return;
  const DeviceTensor A = filled({n, n}, 0x3c);
  const DeviceTensor B = filled({n, n}, 0x3b);
  DeviceTensor C = filled({n, n}, 0);
  gpu::Stream stream;
  time_gpu(state, stream.get(), [&](cudaStream_t s) { fn(A, B, C, mlp::SgemmOptions{}, s); });
  const double flops = 2.0 * double(n) * double(n) * double(n);
  set_rates(state, 12.0 * double(n) * double(n), flops);
  state.counters["TFLOP/s"] =
      benchmark::Counter(flops * double(state.iterations()) / 1e12, benchmark::Counter::kIsRate);
}

void sgemm_library(benchmark::State& state) { sgemm_row(state, mlp::sgemm_tiled_cuda); }

#if NNLAB_BENCH_SOLUTION
void sgemm_naive_row(benchmark::State& state) { sgemm_row(state, mlp::sgemm_naive_cuda); }
void sgemm_regblocked_row(benchmark::State& state) {
  sgemm_row(state, mlp::sgemm_regblocked_cuda);
}
void sgemm_cublas_row(benchmark::State& state) { sgemm_row(state, mlp::sgemm_cublas); }
#endif

// ---- bias + ReLU: forward 8 N H bytes, 2 N H FLOPs; backward 12 N H bytes, 2 N H FLOPs. ----
void bias_forward_library(benchmark::State& state) {
  const auto N = static_cast<std::size_t>(state.range(0));
  const auto H = static_cast<std::size_t>(state.range(1));
  if (skip_without_gpu(state, 2 * N * H * sizeof(float))) return;
  const DeviceTensor x = filled({N, H}, 0x3c);
  const DeviceTensor b = filled({H}, 0x3b);
  DeviceTensor y(Shape{N, H});
  gpu::Stream stream;
  time_gpu(state, stream.get(), [&](cudaStream_t s) { mlp::bias_relu_cuda(x, b, y, true, s); });
  set_rates(state, 8.0 * double(N) * double(H), 2.0 * double(N) * double(H));
}

void bias_backward_library(benchmark::State& state) {
  const auto N = static_cast<std::size_t>(state.range(0));
  const auto H = static_cast<std::size_t>(state.range(1));
  if (skip_without_gpu(state, 3 * N * H * sizeof(float))) return;
  const DeviceTensor dy = filled({N, H}, 0x3c);
  const DeviceTensor y = filled({N, H}, 0x3b);
  DeviceTensor dz(Shape{N, H});
  DeviceTensor db = filled({H}, 0);
  gpu::Stream stream;
  time_gpu(state, stream.get(),
           [&](cudaStream_t s) { mlp::bias_relu_backward_cuda(dy, y, dz, db, true, s); });
  set_rates(state, 12.0 * double(N) * double(H), 2.0 * double(N) * double(H));
}

#if NNLAB_BENCH_SOLUTION
// The ceiling: a device-to-device copy of `traffic / 2` bytes reads and writes them.
void copy_ceiling(benchmark::State& state, std::size_t traffic) {
  const std::size_t bytes = traffic / 2;
  if (skip_without_gpu(state, 2 * bytes)) return;
  DeviceBuffer<unsigned char> src(bytes), dst(bytes);
  NNLAB_CUDA_CHECK(cudaMemset(src.data(), 0x3c, bytes));
  gpu::Stream stream;
  time_gpu(state, stream.get(), [&](cudaStream_t s) {
    NNLAB_CUDA_CHECK(cudaMemcpyAsync(dst.data(), src.data(), bytes, cudaMemcpyDeviceToDevice, s));
  });
  set_rates(state, double(traffic), 0.0);
}

std::size_t elements(const benchmark::State& state) {
  return static_cast<std::size_t>(state.range(0)) * static_cast<std::size_t>(state.range(1));
}
void bias_forward_copy(benchmark::State& state) { copy_ceiling(state, 8 * elements(state)); }
void bias_backward_copy(benchmark::State& state) { copy_ceiling(state, 12 * elements(state)); }
#endif

// ---- registration --------------------------------------------------------------------------
using Fn = void (*)(benchmark::State&);

void add_sgemm(const char* impl, Fn fn, std::int64_t max_n = kSgemmSizes[3]) {
  auto* b = benchmark::RegisterBenchmark(row("Sgemm", impl).c_str(), guarded(fn));
  for (std::int64_t n : kSgemmSizes) {
    if (n <= max_n) b->Arg(n);
  }
  b->UseManualTime()->Unit(benchmark::kMillisecond);
}

void add_bias(const char* op, const char* impl, Fn fn) {
  auto* b = benchmark::RegisterBenchmark(row(op, impl).c_str(), guarded(fn));
  for (const auto& s : kBiasSizes) b->Args({s[0], s[1]});
  b->UseManualTime()->Unit(benchmark::kMicrosecond);
}

[[maybe_unused]] const bool registered = [] {
#if NNLAB_BENCH_SOLUTION
  add_sgemm("naive", sgemm_naive_row, kNaiveMax);
#endif
  add_sgemm(kLibraryRow, sgemm_library);
#if NNLAB_BENCH_SOLUTION
  add_sgemm("regblocked", sgemm_regblocked_row);
  add_sgemm("cublas", sgemm_cublas_row);
  // The targets at n = 4096: tiled >= 30%, register-blocked >= 60% of cuBLAS FP32.
  benchmark::AddCustomContext(kShareTarget + row("Sgemm", "reference") + "/4096", "cublas 0.30");
  benchmark::AddCustomContext(kShareTarget + row("Sgemm", "regblocked") + "/4096", "cublas 0.60");
#endif
  add_bias("BiasReluCuda", kLibraryRow, bias_forward_library);
#if NNLAB_BENCH_SOLUTION
  add_bias("BiasReluCuda", "memcpy_d2d", bias_forward_copy);
#endif
  add_bias("BiasReluBackwardCuda", kLibraryRow, bias_backward_library);
#if NNLAB_BENCH_SOLUTION
  add_bias("BiasReluBackwardCuda", "memcpy_d2d", bias_backward_copy);
#endif
  return true;
}();

}  // namespace
}  // namespace nnlab::bench
