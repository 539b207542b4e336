// Exercise 01.12 — elementwise kernel: axpy on the GPU.  Contract: include/nnlab/linear/cuda.hpp
// Check with `./nnlab check 01.12` on a machine with a GPU; stuck? `./nnlab hint 01.12`.
#include <cstddef>

#include "nnlab/errors.hpp"
#include "nnlab/linear/cuda.hpp"

namespace nnlab::linear {

// x: (n), y: (n)  ->  y[i] <- a x[i] + y[i] for every i in [0, n)
__global__ void axpy_kernel([[maybe_unused]] float a, [[maybe_unused]] const float* x,
                            [[maybe_unused]] float* y, [[maybe_unused]] std::size_t n) {
  // TODO(01.12): y[i] = a * x[i] + y[i] for every i < n, each element exactly once.
  // Grid-stride loop: start at i = blockIdx.x * blockDim.x + threadIdx.x and step by
  // blockDim.x * gridDim.x (the number of threads in the grid) while i < n.
}

// Any shapes with the same element count n >= 0; queued on `stream`, not synchronised.
void axpy_cuda([[maybe_unused]] float a, [[maybe_unused]] const gpu::DeviceTensor& x,
               [[maybe_unused]] gpu::DeviceTensor& y, [[maybe_unused]] cudaStream_t stream) {
  // TODO(01.12): check x.size() == y.size() (a ShapeError naming axpy_cuda and both shapes),
  // return early when n == 0 (a launch of 0 blocks is an error), then
  // axpy_kernel<<<blocks, 256, 0, stream>>>(a, x.data(), y.data(), n) and
  // NNLAB_CUDA_CHECK_LAUNCH().
  throw nnlab::NotImplemented("01.12 axpy_cuda");
}

}  // namespace nnlab::linear
