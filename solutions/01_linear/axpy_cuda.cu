// Exercise 01.12 — reference solution: y <- a x + y with a grid-stride loop.
#include <algorithm>
#include <cstddef>

#include "nnlab/errors.hpp"
#include "nnlab/linear/cuda.hpp"

namespace nnlab::linear {

namespace {
constexpr int kThreads = 256;       // 8 warps per block
constexpr int kBlocksPerSm = 8;     // 8 x 256 = 2048 threads: a full SM on sm_80 and sm_90
}  // namespace

// x: (n), y: (n)  ->  y[i] <- a x[i] + y[i].  Each thread visits i, i + stride, i + 2 stride,
// ... where stride is the number of threads in the grid, so any grid covers any n, and
// consecutive threads touch consecutive floats (coalesced loads and stores).
// No __restrict__: axpy_cuda(a, y, y) is a legal call (y <- (a + 1) y).
__global__ void __launch_bounds__(kThreads) axpy_kernel(float a, const float* x, float* y,
                                                        std::size_t n) {
  const std::size_t stride = std::size_t(blockDim.x) * gridDim.x;
  for (std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) {
    y[i] = fmaf(a, x[i], y[i]);
  }
}

void axpy_cuda(float a, const gpu::DeviceTensor& x, gpu::DeviceTensor& y, cudaStream_t stream) {
  require(x.size() == y.size(), "axpy_cuda", "x", x, "y", y,
          "x and y must have the same number of elements");
  const std::size_t n = y.size();
  if (n == 0) return;  // a launch with 0 blocks is an error (cudaErrorInvalidConfiguration)

  // Enough blocks to fill every SM, no more: beyond that the grid-stride loop does the rest
  // and each thread amortises its index arithmetic over several elements.
  int device = 0, sms = 0;
  NNLAB_CUDA_CHECK(cudaGetDevice(&device));
  NNLAB_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
  const std::size_t needed = (n + kThreads - 1) / kThreads;
  const int blocks = int(std::min<std::size_t>(needed, std::size_t(sms) * kBlocksPerSm));

  axpy_kernel<<<blocks, kThreads, 0, stream>>>(a, x.data(), y.data(), n);
  NNLAB_CUDA_CHECK_LAUNCH();
}

}  // namespace nnlab::linear
