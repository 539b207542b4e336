// Exercise 01.13 — block reduction: the squared loss on the GPU.
// Contract: include/nnlab/linear/cuda.hpp
// Check with `./nnlab check 01.13` on a machine with a GPU; stuck? `./nnlab hint 01.13`.
#include <cstddef>

#include "nnlab/errors.hpp"
#include "nnlab/linear/cuda.hpp"

namespace nnlab::linear {

// y_hat: (N), y: (N)  ->  *loss += scale * sum over this block's share of (y_hat[i] - y[i])^2
__global__ void squared_loss_kernel([[maybe_unused]] const float* y_hat,
                                    [[maybe_unused]] const float* y, [[maybe_unused]] float* loss,
                                    [[maybe_unused]] std::size_t n,
                                    [[maybe_unused]] float scale) {
  // TODO(01.13): L = 1/(2N) * sum_n (y_hat[n] - y[n])^2, in one pass.
  // Each thread sums the squares of its grid-stride share in a float; the 32 lanes of a warp
  // then combine their sums with sum += __shfl_down_sync(0xffffffff, sum, offset) for offset
  // 16, 8, 4, 2, 1; lane 0 of each warp writes its sum to __shared__ memory, and after
  // __syncthreads() the first warp reduces those and one thread does atomicAdd(loss, ...).
}

// y_hat: (N), y: (N), loss: (1), N >= 1  ->  loss = 1/(2N) sum_n (y_hat[n] - y[n])^2
void squared_loss_cuda([[maybe_unused]] const gpu::DeviceTensor& y_hat,
                       [[maybe_unused]] const gpu::DeviceTensor& y,
                       [[maybe_unused]] gpu::DeviceTensor& loss,
                       [[maybe_unused]] cudaStream_t stream) {
  // TODO(01.13): check the shapes (ShapeError naming squared_loss_cuda), zero the loss with
  // cudaMemsetAsync(loss.data(), 0, sizeof(float), stream) (the blocks add into it), then
  // launch squared_loss_kernel on `stream` with scale = 1 / (2N) and NNLAB_CUDA_CHECK_LAUNCH().
  throw nnlab::NotImplemented("01.13 squared_loss_cuda");
}

}  // namespace nnlab::linear
