// Exercise 02.15 — reference solution: fused bias + ReLU, forward and backward (with the bias
// gradient as a column reduction).
#include <algorithm>
#include <cstddef>

#include "nnlab/errors.hpp"
#include "nnlab/mlp/cuda.hpp"

namespace nnlab::mlp {

namespace {
constexpr int kThreads = 256;     // forward: threads of a block, along the columns h
constexpr int kRows = 4;          // rows per thread and step: 4 loads in flight before a store
constexpr int kColsB = 32;        // backward: a warp along the columns...
constexpr int kRowsB = 8;         // ...and 8 warps along the rows
constexpr int kBlocksPerSm = 8;   // 8 x 256 = 2048 threads: a full SM
constexpr unsigned kMaxGridY = 65535;

// Blocks along the rows so that the grid holds about kBlocksPerSm blocks per SM, given
// `blocks_x` along the columns and at most `needed` useful ones.
unsigned row_blocks(unsigned blocks_x, std::size_t needed) {
  int device = 0, sms = 0;
  NNLAB_CUDA_CHECK(cudaGetDevice(&device));
  NNLAB_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
  const std::size_t target = std::max<std::size_t>(1, std::size_t(sms) * kBlocksPerSm / blocks_x);
  return unsigned(std::min({target, needed, std::size_t(kMaxGridY)}));
}
}  // namespace

// x: (N, H), b: (H) -> y: (N, H), y = max(x + b, 0) (or x + b). y may be x itself: each
// element is read before it is written, by the same thread, and by no other.
// Thread h (a grid-stride loop over the columns) keeps b[h] in a register and walks down its
// column in groups of kRows rows; a warp touches 32 consecutive floats of one row at a time.
__global__ void bias_relu_kernel(const float* x, const float* b, float* y, std::size_t N,
                                 std::size_t H, bool relu) {
  for (std::size_t h = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x; h < H;
       h += std::size_t(gridDim.x) * blockDim.x) {
    const float bh = b[h];
    for (std::size_t n0 = std::size_t(blockIdx.y) * kRows; n0 < N;
         n0 += std::size_t(gridDim.y) * kRows) {
      float v[kRows];
#pragma unroll
      for (int r = 0; r < kRows; ++r) v[r] = n0 + r < N ? x[(n0 + r) * H + h] : 0.0f;
#pragma unroll
      for (int r = 0; r < kRows; ++r) {
        const float z = v[r] + bh;
        if (n0 + r < N) y[(n0 + r) * H + h] = relu ? (z > 0.0f ? z : 0.0f) : z;
      }
    }
  }
}

// dy, y: (N, H) -> dz = dy [y > 0] (or dy): (N, H), db[h] += sum_n dz[n, h].
// Block (32 x 8 threads) bx owns columns 32 bx ... 32 bx + 31; thread (tx, ty) of block row by
// sums rows 4 (8 by + ty) ... + 3, then 4 (8 (by + gridDim.y) + ty) ..., of column 32 bx + tx.
// The 8 partial sums of a column meet in shared memory; one atomicAdd per column and block.
// Must be launched with kColsB x kRowsB threads; no thread returns before __syncthreads().
__global__ void __launch_bounds__(kColsB* kRowsB)
    bias_relu_backward_kernel(const float* dy, const float* y, float* dz, float* db,
                              std::size_t N, std::size_t H, bool relu) {
  const std::size_t h = std::size_t(blockIdx.x) * kColsB + threadIdx.x;
  float sum = 0.0f;
  if (h < H) {
    for (std::size_t n0 = (std::size_t(blockIdx.y) * kRowsB + threadIdx.y) * kRows; n0 < N;
         n0 += std::size_t(gridDim.y) * kRowsB * kRows) {
      float g[kRows], out[kRows];
#pragma unroll
      for (int r = 0; r < kRows; ++r) {
        g[r] = n0 + r < N ? dy[(n0 + r) * H + h] : 0.0f;
        out[r] = relu && n0 + r < N ? y[(n0 + r) * H + h] : 1.0f;
      }
#pragma unroll
      for (int r = 0; r < kRows; ++r) {
        const float d = out[r] > 0.0f ? g[r] : 0.0f;
        if (n0 + r < N) dz[(n0 + r) * H + h] = d;
        sum += d;
      }
    }
  }
  __shared__ float partial[kRowsB][kColsB];
  partial[threadIdx.y][threadIdx.x] = sum;
  __syncthreads();
  if (threadIdx.y == 0 && h < H) {
    float total = 0.0f;
#pragma unroll
    for (int r = 0; r < kRowsB; ++r) total += partial[r][threadIdx.x];
    atomicAdd(db + h, total);
  }
}

void bias_relu_cuda(const gpu::DeviceTensor& x, const gpu::DeviceTensor& b, gpu::DeviceTensor& y,
                    bool relu, cudaStream_t stream) {
  require(x.shape().size() == 2, "bias_relu_cuda", "x", x, "x must be 2-D (N, H)");
  require(b.shape() == Shape{x.dim(1)}, "bias_relu_cuda", "x", x, "b", b,
          "b must be (H) with H = x.shape[1]");
  require(y.shape() == x.shape(), "bias_relu_cuda", "x", x, "y", y, "y must have x's shape");
  const std::size_t N = x.dim(0), H = x.dim(1);
  if (N == 0 || H == 0) return;
  const unsigned blocks_x = unsigned(std::min<std::size_t>((H + kThreads - 1) / kThreads, 65535));
  const dim3 grid(blocks_x, row_blocks(blocks_x, (N + kRows - 1) / kRows));
  bias_relu_kernel<<<grid, kThreads, 0, stream>>>(x.data(), b.data(), y.data(), N, H, relu);
  NNLAB_CUDA_CHECK_LAUNCH();
}

void bias_relu_backward_cuda(const gpu::DeviceTensor& dy, const gpu::DeviceTensor& y,
                             gpu::DeviceTensor& dz, gpu::DeviceTensor& db, bool relu,
                             cudaStream_t stream) {
  require(dy.shape().size() == 2, "bias_relu_backward_cuda", "dy", dy, "dy must be 2-D (N, H)");
  require(y.shape() == dy.shape(), "bias_relu_backward_cuda", "dy", dy, "y", y,
          "y must have dy's shape");
  require(dz.shape() == dy.shape(), "bias_relu_backward_cuda", "dy", dy, "dz", dz,
          "dz must have dy's shape");
  require(db.shape() == Shape{dy.dim(1)}, "bias_relu_backward_cuda", "dy", dy, "db", db,
          "db must be (H) with H = dy.shape[1]");
  const std::size_t N = dy.dim(0), H = dy.dim(1);
  if (N == 0 || H == 0) return;  // no rows: db += 0
  const std::size_t blocks_x = (H + kColsB - 1) / kColsB;
  const unsigned grid_y =
      row_blocks(unsigned(std::min<std::size_t>(blocks_x, 65535)),
                 (N + kRowsB * kRows - 1) / (kRowsB * kRows));
  const dim3 grid(unsigned(blocks_x), grid_y);
  bias_relu_backward_kernel<<<grid, dim3(kColsB, kRowsB), 0, stream>>>(
      dy.data(), y.data(), dz.data(), db.data(), N, H, relu);
  NNLAB_CUDA_CHECK_LAUNCH();
}

}  // namespace nnlab::mlp
