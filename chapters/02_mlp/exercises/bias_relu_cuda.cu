// Exercise 02.15 — fused bias + ReLU on the GPU, forward and backward.
// Contract: include/nnlab/mlp/cuda.hpp
// Check with `./nnlab check 02.15` on a machine with a GPU; stuck? `./nnlab hint 02.15`.
#include <cstddef>

#include "nnlab/errors.hpp"
#include "nnlab/mlp/cuda.hpp"

namespace nnlab::mlp {

// x: (N, H), b: (H) -> y: (N, H), y[n, h] = max(x[n, h] + b[h], 0), or x[n, h] + b[h] when
// !relu. y may be the same memory as x.
__global__ void bias_relu_kernel([[maybe_unused]] const float* x, [[maybe_unused]] const float* b,
                                 [[maybe_unused]] float* y, [[maybe_unused]] std::size_t N,
                                 [[maybe_unused]] std::size_t H, [[maybe_unused]] bool relu) {
  // TODO(02.15): one pass over memory, every element exactly once. Element (n, h) is at
  // n * H + h. Let threads run along h (a warp then reads 32 neighbouring floats) with a
  // grid-stride loop, and blockIdx.y pick rows (n = blockIdx.y, blockIdx.y + gridDim.y, ...),
  // so b[h] is read once into a register and used for every row. ReLU: z > 0 ? z : 0.
}

// dy, y: (N, H) -> dz = dy * [y > 0] (or dy when !relu): (N, H);  db[h] += sum_n dz[n, h].
// dz may be the same memory as dy.
__global__ void bias_relu_backward_kernel([[maybe_unused]] const float* dy,
                                          [[maybe_unused]] const float* y,
                                          [[maybe_unused]] float* dz, [[maybe_unused]] float* db,
                                          [[maybe_unused]] std::size_t N,
                                          [[maybe_unused]] std::size_t H,
                                          [[maybe_unused]] bool relu) {
  // TODO(02.15): the mask is elementwise, as in the forward; db is a sum down each column.
  // Suggested layout: blocks of 32 x 8 threads, threadIdx.x along 32 columns, threadIdx.y and
  // blockIdx.y along the rows. Each thread adds up dz over its rows of its column in a
  // register, the 8 threads of a column combine their sums in __shared__ memory after
  // __syncthreads() (so no thread may return early), and one of them does
  // atomicAdd(&db[h], total): blocks along the rows add into the same db[h].
}

// x: (N, H), b: (H), y: (N, H), possibly the same tensor as x. Queued on `stream`.
void bias_relu_cuda([[maybe_unused]] const gpu::DeviceTensor& x,
                    [[maybe_unused]] const gpu::DeviceTensor& b,
                    [[maybe_unused]] gpu::DeviceTensor& y, [[maybe_unused]] bool relu,
                    [[maybe_unused]] cudaStream_t stream) {
  // TODO(02.15): check the shapes with nnlab::require (a ShapeError naming bias_relu_cuda and
  // the shapes): x 2-D (N, H), b of shape (H), y of x's shape. Return when N or H is 0, then
  // launch bias_relu_kernel on `stream` and NNLAB_CUDA_CHECK_LAUNCH().
  throw nnlab::NotImplemented("02.15 bias_relu_cuda");
}

// dy: (N, H), y: (N, H), dz: (N, H), db: (H), accumulated. Queued on `stream`.
void bias_relu_backward_cuda([[maybe_unused]] const gpu::DeviceTensor& dy,
                             [[maybe_unused]] const gpu::DeviceTensor& y,
                             [[maybe_unused]] gpu::DeviceTensor& dz,
                             [[maybe_unused]] gpu::DeviceTensor& db, [[maybe_unused]] bool relu,
                             [[maybe_unused]] cudaStream_t stream) {
  // TODO(02.15): check the shapes (a ShapeError naming bias_relu_backward_cuda): dy 2-D
  // (N, H), y and dz of dy's shape, db (H). db is added to, not overwritten: do not zero it.
  // Return when N or H is 0, then launch bias_relu_backward_kernel and check the launch.
  throw nnlab::NotImplemented("02.15 bias_relu_backward_cuda");
}

}  // namespace nnlab::mlp
