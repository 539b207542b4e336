// Exercise 01.13 — reference solution: one-pass squared loss with a block reduction
// (grid-stride partial sums, warp shuffles, shared memory, one atomicAdd per block).
#include <algorithm>
#include <cstddef>

#include "nnlab/errors.hpp"
#include "nnlab/linear/cuda.hpp"

namespace nnlab::linear {

namespace {
constexpr int kThreads = 256;                // a multiple of 32: only full warps
constexpr int kWarps = kThreads / 32;        // 8 partial sums per block in shared memory
constexpr int kBlocksPerSm = 8;              // 8 x 256 = 2048 threads: a full SM
constexpr unsigned kFullMask = 0xffffffffu;  // all 32 lanes take part in every shuffle
static_assert(kThreads % 32 == 0 && kWarps <= 32, "the second stage is one warp");

// The sum of `v` over the 32 lanes of a warp, valid in lane 0: five steps of a tree,
// lane i adds lane i + offset for offset = 16, 8, 4, 2, 1.
__device__ __forceinline__ float warp_sum(float v) {
  for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_down_sync(kFullMask, v, offset);
  return v;
}
}  // namespace

// y_hat: (n), y: (n)  ->  *loss += scale * sum over this block's share of (y_hat[i] - y[i])^2.
// Must be launched with exactly kThreads threads per block. No thread returns early: every
// lane of every warp reaches the shuffles and the __syncthreads().
__global__ void __launch_bounds__(kThreads) squared_loss_kernel(const float* y_hat,
                                                                const float* y, float* loss,
                                                                std::size_t n, float scale) {
  // 1. Grid-stride accumulation: threads past the end keep sum = 0.
  float sum = 0.0f;
  const std::size_t stride = std::size_t(blockDim.x) * gridDim.x;
  for (std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) {
    const float d = y_hat[i] - y[i];
    sum = fmaf(d, d, sum);
  }

  // 2. Each warp reduces its 32 sums in registers.
  sum = warp_sum(sum);

  // 3. Lane 0 of each warp parks the warp's sum in shared memory; the first warp reduces them.
  __shared__ float warp_sums[kWarps];
  const int lane = threadIdx.x % 32;
  const int warp = threadIdx.x / 32;
  if (lane == 0) warp_sums[warp] = sum;
  __syncthreads();
  if (warp == 0) {
    sum = lane < kWarps ? warp_sums[lane] : 0.0f;
    sum = warp_sum(sum);
    // 4. One atomic per block, already scaled by 1/(2N): the partials then add up to L, and
    //    the float being added to stays of the size of L (no large intermediate total).
    if (lane == 0) atomicAdd(loss, sum * scale);
  }
}

void squared_loss_cuda(const gpu::DeviceTensor& y_hat, const gpu::DeviceTensor& y,
                       gpu::DeviceTensor& loss, cudaStream_t stream) {
  require(y_hat.shape().size() == 1 && y_hat.shape() == y.shape(), "squared_loss_cuda", "y_hat",
          y_hat, "y", y, "y_hat and y must both have shape (N)");
  require(y.size() > 0, "squared_loss_cuda", "y", y, "the loss of N = 0 samples is undefined");
  require(loss.shape() == Shape{1}, "squared_loss_cuda", "loss", loss, "loss must have shape (1)");
  const std::size_t n = y.size();

  int device = 0, sms = 0;
  NNLAB_CUDA_CHECK(cudaGetDevice(&device));
  NNLAB_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
  const std::size_t needed = (n + kThreads - 1) / kThreads;
  const int blocks = int(std::min<std::size_t>(needed, std::size_t(sms) * kBlocksPerSm));

  // The blocks add into `loss`, so it starts at 0, on the same stream, before the kernel.
  NNLAB_CUDA_CHECK(cudaMemsetAsync(loss.data(), 0, sizeof(float), stream));
  const float scale = float(1.0 / (2.0 * double(n)));
  squared_loss_kernel<<<blocks, kThreads, 0, stream>>>(y_hat.data(), y.data(), loss.data(), n,
                                                       scale);
  NNLAB_CUDA_CHECK_LAUNCH();
}

}  // namespace nnlab::linear
