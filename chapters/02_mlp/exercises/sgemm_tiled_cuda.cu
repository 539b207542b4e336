// Exercise 02.14 — shared-memory tiled SGEMM on the GPU.  Contract: include/nnlab/mlp/cuda.hpp
// Check with `./nnlab check 02.14` on a machine with a GPU; stuck? `./nnlab hint 02.14`.
// The provided sgemm_naive_cuda (src/sgemm_cuda.cu) computes the same thing, one thread per
// element of C: start from it.
#include <cstddef>

#include "nnlab/errors.hpp"
#include "nnlab/mlp/cuda.hpp"

namespace nnlab::mlp {

// op(A): (M, K), op(B): (K, N), C: (M, N), all row-major  ->  C = alpha op(A) op(B) + beta C,
// where op(A)(m, k) = transpose_a ? A[k * M + m] : A[m * K + k]
// and   op(B)(k, n) = transpose_b ? B[n * K + k] : B[k * N + n].
__global__ void sgemm_tiled_kernel([[maybe_unused]] int M, [[maybe_unused]] int N,
                                   [[maybe_unused]] int K, [[maybe_unused]] float alpha,
                                   [[maybe_unused]] const float* A,
                                   [[maybe_unused]] bool transpose_a,
                                   [[maybe_unused]] const float* B,
                                   [[maybe_unused]] bool transpose_b, [[maybe_unused]] float beta,
                                   [[maybe_unused]] float* C) {
  // TODO(02.14): C[m, n] = alpha * sum_k op(A)(m, k) op(B)(k, n) + beta * C[m, n], with every
  // value of A and B read from global memory once per tile rather than once per product.
  // A block owns a BM x BN tile of C (start with BM = BN = 32 and 32 x 32 threads, one element
  // each). It walks along K in steps of BK: all its threads together copy the BM x BK tile of
  // op(A) and the BK x BN tile of op(B) into __shared__ arrays (one element per thread, 0 where
  // the index falls outside the matrix), __syncthreads(), accumulate the BK partial products
  // in a register, __syncthreads() again before the next tiles overwrite these. At the end,
  // write only the elements of C that exist; with beta == 0 do not read the old C at all.
  // Then go faster: 64 x 64 tiles, BK = 8, 512 threads, each summing TM = 8 rows of one column
  // (see the README).
}

void sgemm_tiled_cuda([[maybe_unused]] const gpu::DeviceTensor& A,
                      [[maybe_unused]] const gpu::DeviceTensor& B,
                      [[maybe_unused]] gpu::DeviceTensor& C,
                      [[maybe_unused]] const SgemmOptions& options,
                      [[maybe_unused]] cudaStream_t stream) {
  // TODO(02.14): const SgemmDims d = sgemm_dims("sgemm_tiled_cuda", A, B, C, options) checks
  // the shapes and gives M, N, K; return when M or N is 0 (a launch of 0 blocks is an error;
  // K = 0 is fine: C = beta C). Launch sgemm_tiled_kernel on `stream` with a grid of
  // ceil(N / BN) x ceil(M / BM) blocks (blockIdx.x along the columns), then
  // NNLAB_CUDA_CHECK_LAUNCH().
  throw nnlab::NotImplemented("02.14 sgemm_tiled_cuda");
}

}  // namespace nnlab::mlp
