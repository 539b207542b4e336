// Chapter 01 on the GPU (built only with CUDA): the elementwise axpy (exercise 01.12) and the
// squared-loss reduction (exercise 01.13), each as
//   reference   solutions/01_linear/*_cuda.cu                          (solution program)
//   student     chapters/01_linear/exercises/*_cuda.cu; skipped while  (exercise program)
//               it throws NotImplemented
//   cublas      cuBLAS doing the same maths                            (solution program)
//   memcpy_d2d  cudaMemcpyAsync device-to-device moving the same number (solution program)
//               of bytes: the bandwidth ceiling of this run
// on 2^20, 2^24 and 2^28 floats (a size is skipped when the GPU lacks the memory). Without a
// GPU every row is skipped with "no GPU (<why>)". Times come from CUDA events (UseManualTime).
//
// GB/s counts the bytes the op must move, its inputs and outputs once, whatever an
// implementation moves in fact; so `% of D2D` in the table is the copy's time over the row's.
//
// Inputs are filled with cudaMemset byte patterns (0x3c3c3c3c is about 0.0115): finite values,
// and the work does not depend on them.
#include <cstddef>
#include <cstdint>

#include <benchmark/benchmark.h>

#include "nnlab/bench/bench.hpp"
#include "nnlab/bench/gpu.hpp"
#include "nnlab/gpu/device.hpp"
#include "nnlab/linear/cuda.hpp"

namespace nnlab::bench {
namespace {

using gpu::DeviceBuffer;
using gpu::DeviceTensor;

constexpr std::int64_t kSizes[] = {std::int64_t(1) << 20, std::int64_t(1) << 24,
                                   std::int64_t(1) << 28};

DeviceTensor filled(std::size_t n, int byte) {
  DeviceTensor t(Shape{n});
  NNLAB_CUDA_CHECK(cudaMemset(t.data(), byte, n * sizeof(float)));
  return t;
}

// ---- axpy: y <- a x + y. Reads x and y, writes y: 12N bytes; 2N FLOPs. ----------------------
void axpy_rates(benchmark::State& state, std::size_t n) {
  set_rates(state, 12.0 * double(n), 2.0 * double(n));
}

void axpy_library(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  if (skip_without_gpu(state, 8 * n)) return;
  const DeviceTensor x = filled(n, 0x3c);
  DeviceTensor y = filled(n, 0x3b);
  gpu::Stream stream;
  time_gpu(state, stream.get(), [&](cudaStream_t s) { linear::axpy_cuda(1e-3f, x, y, s); });
  axpy_rates(state, n);
}

#if NNLAB_BENCH_SOLUTION
void axpy_cublas(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  if (skip_without_gpu(state, 8 * n)) return;
  const DeviceTensor x = filled(n, 0x3c);
  DeviceTensor y = filled(n, 0x3b);
  gpu::Stream stream;
  gpu::CublasHandle handle;
  handle.set_stream(stream.get());
  const float a = 1e-3f;
  time_gpu(state, stream.get(), [&](cudaStream_t) {
    NNLAB_CUDA_CHECK(cublasSaxpy(handle.get(), int(n), &a, x.data(), 1, y.data(), 1));
  });
  axpy_rates(state, n);
}

// The ceiling: a device-to-device copy of `bytes` reads and writes them, 2 * bytes of traffic.
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

void axpy_copy(benchmark::State& state) {
  copy_ceiling(state, 12 * static_cast<std::size_t>(state.range(0)));
}
#endif

// ---- squared loss: L = 1/(2N) sum (y_hat - y)^2. Reads 2N floats: 8N bytes; 3N FLOPs. -------
void loss_rates(benchmark::State& state, std::size_t n) {
  set_rates(state, 8.0 * double(n), 3.0 * double(n));
}

void loss_library(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  if (skip_without_gpu(state, 8 * n)) return;
  const DeviceTensor y_hat = filled(n, 0x3c);
  const DeviceTensor y = filled(n, 0x3b);
  DeviceTensor loss(Shape{1});
  gpu::Stream stream;
  time_gpu(state, stream.get(),
           [&](cudaStream_t s) { linear::squared_loss_cuda(y_hat, y, loss, s); });
  loss_rates(state, n);
}

#if NNLAB_BENCH_SOLUTION
// cuBLAS has no fused squared distance: scratch = y_hat (a copy), scratch -= y (Saxpy with
// a = -1), then ||scratch|| (Snrm2) and L = ||scratch||^2 / (2N). Three passes, about 6N
// floats of traffic against a fused kernel's 2N: what the fusion of exercise 01.13 saves.
void loss_cublas(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  if (skip_without_gpu(state, 12 * n)) return;
  const DeviceTensor y_hat = filled(n, 0x3c);
  const DeviceTensor y = filled(n, 0x3b);
  DeviceTensor scratch(Shape{n});
  DeviceBuffer<float> scalars(2);  // [0]: a = -1 for Saxpy, [1]: the norm
  const float minus_one = -1.0f;
  NNLAB_CUDA_CHECK(cudaMemcpy(scalars.data(), &minus_one, sizeof(float), cudaMemcpyHostToDevice));
  gpu::Stream stream;
  gpu::CublasHandle handle;
  handle.set_stream(stream.get());
  // Scalars in device memory: no host synchronisation inside the timed region.
  NNLAB_CUDA_CHECK(cublasSetPointerMode(handle.get(), CUBLAS_POINTER_MODE_DEVICE));
  time_gpu(state, stream.get(), [&](cudaStream_t s) {
    NNLAB_CUDA_CHECK(cudaMemcpyAsync(scratch.data(), y_hat.data(), n * sizeof(float),
                                     cudaMemcpyDeviceToDevice, s));
    NNLAB_CUDA_CHECK(cublasSaxpy(handle.get(), int(n), scalars.data(), y.data(), 1,
                                 scratch.data(), 1));
    NNLAB_CUDA_CHECK(cublasSnrm2(handle.get(), int(n), scratch.data(), 1, scalars.data() + 1));
  });
  loss_rates(state, n);
}

void loss_copy(benchmark::State& state) {
  copy_ceiling(state, 8 * static_cast<std::size_t>(state.range(0)));
}
#endif

// ---- registration --------------------------------------------------------------------------
using Fn = void (*)(benchmark::State&);

void add(const char* op, const char* impl, Fn fn) {
  auto* b = benchmark::RegisterBenchmark(row(op, impl).c_str(), guarded(fn));
  for (std::int64_t n : kSizes) b->Arg(n);
  b->UseManualTime()->Unit(benchmark::kMicrosecond);
}

[[maybe_unused]] const bool registered = [] {
  // Targets on 2^28 floats (an H200), checked by `./nnlab bench`: an elementwise kernel moves
  // at least 80% of what a device-to-device copy moves per second, a reduction 75%.
  benchmark::AddCustomContext(kCeilingTarget + row("AxpyCuda", kLibraryRow) + "/268435456", "0.80");
  benchmark::AddCustomContext(kCeilingTarget + row("SquaredLossCuda", kLibraryRow) + "/268435456",
                              "0.75");
  add("AxpyCuda", kLibraryRow, axpy_library);
#if NNLAB_BENCH_SOLUTION
  add("AxpyCuda", "cublas", axpy_cublas);
  add("AxpyCuda", "memcpy_d2d", axpy_copy);
#endif
  add("SquaredLossCuda", kLibraryRow, loss_library);
#if NNLAB_BENCH_SOLUTION
  add("SquaredLossCuda", "cublas", loss_cublas);
  add("SquaredLossCuda", "memcpy_d2d", loss_copy);
#endif
  return true;
}();

}  // namespace
}  // namespace nnlab::bench
