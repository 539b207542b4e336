// Exercise 02.14 — reference solution: SGEMM tiled through shared memory, each thread computing
// TM = 8 elements of a column of C (thread coarsening).
#include <algorithm>
#include <cstddef>

#include "nnlab/errors.hpp"
#include "nnlab/mlp/cuda.hpp"

namespace nnlab::mlp {

namespace {
constexpr int BM = 64;  // rows of C per block
constexpr int BN = 64;  // columns of C per block
constexpr int BK = 8;   // depth of one step along K
constexpr int TM = 8;   // rows of C per thread
constexpr int kThreads = (BM / TM) * BN;  // 512: 8 row groups x 64 columns
constexpr int kPad = 4;  // shared rows of 68 floats: conflict-free parking, float4-aligned
static_assert(BM * BK == kThreads && BK * BN == kThreads, "each thread loads one of each tile");
static_assert(BM == BN, "one padded row length for both tiles");
constexpr unsigned kMaxGridY = 65535;
}  // namespace

// op(A): (M, K), op(B): (K, N), C: (M, N), all row-major  ->  C = alpha op(A) op(B) + beta C.
// Block (bx, by) computes the tiles of C at columns n0 = 64 bx and rows m0 = 64 by, 64 (65535
// blocks) further, ...; thread (tx, ty) = (t % 64, t / 64) computes column n0 + tx, rows
// m0 + 8 ty ... m0 + 8 ty + 7. Must be launched with kThreads threads.
__global__ void __launch_bounds__(kThreads)
    sgemm_tiled_kernel(int M, int N, int K, float alpha, const float* __restrict__ A,
                       bool transpose_a, const float* __restrict__ B, bool transpose_b,
                       float beta, float* __restrict__ C) {
  // Both tiles are stored k-major: a thread's 8 values of op(A) for one k are then 8
  // consecutive floats, which the compiler reads as two float4.
  __shared__ __align__(16) float As[BK][BM + kPad];  // As[k][m] = op(A)(m0 + m, k0 + k)
  __shared__ __align__(16) float Bs[BK][BN + kPad];  // Bs[k][n] = op(B)(k0 + k, n0 + n)
  const int t = threadIdx.x;
  const int tx = t % BN, ty = t / BN;
  const int n0 = blockIdx.x * BN;

  for (int m0 = blockIdx.y * BM; m0 < M; m0 += gridDim.y * BM) {
    float acc[TM] = {};
    for (int k0 = 0; k0 < K; k0 += BK) {
      // 1. Each thread loads one element of each tile; consecutive threads read consecutive
      //    addresses (along k when k is contiguous in memory, else along m or n). Elements
      //    outside the matrices are 0, so they add nothing below.
      {
        const int r = transpose_a ? t % BM : t / BK;  // row within the tile (m)
        const int c = transpose_a ? t / BM : t % BK;  // k within the tile
        const int m = m0 + r, k = k0 + c;
        float v = 0.0f;
        if (m < M && k < K) {
          v = transpose_a ? A[std::size_t(k) * M + m] : A[std::size_t(m) * K + k];
        }
        As[c][r] = v;
      }
      {
        const int r = transpose_b ? t / BK : t % BN;  // column within the tile (n)
        const int c = transpose_b ? t % BK : t / BN;  // k within the tile
        const int n = n0 + r, k = k0 + c;
        float v = 0.0f;
        if (n < N && k < K) {
          v = transpose_b ? B[std::size_t(n) * K + k] : B[std::size_t(k) * N + n];
        }
        Bs[c][r] = v;
      }
      __syncthreads();  // the tiles are complete before anyone reads them

      // 2. Partial products: each value of Bs read here serves TM = 8 products; the 8 values
      //    of As are the same for the whole warp (a broadcast).
#pragma unroll
      for (int k = 0; k < BK; ++k) {
        const float b = Bs[k][tx];
#pragma unroll
        for (int i = 0; i < TM; ++i) acc[i] = fmaf(As[k][ty * TM + i], b, acc[i]);
      }
      __syncthreads();  // everyone is done with the tiles before they are overwritten
    }

    // 3. Write the thread's 8 elements that lie inside C; beta = 0 never reads the old C.
    const int n = n0 + tx;
#pragma unroll
    for (int i = 0; i < TM; ++i) {
      const int m = m0 + ty * TM + i;
      if (m < M && n < N) {
        float& c = C[std::size_t(m) * N + n];
        c = beta == 0.0f ? alpha * acc[i] : fmaf(beta, c, alpha * acc[i]);
      }
    }
  }
}

void sgemm_tiled_cuda(const gpu::DeviceTensor& A, const gpu::DeviceTensor& B,
                      gpu::DeviceTensor& C, const SgemmOptions& options, cudaStream_t stream) {
  const SgemmDims d = sgemm_dims("sgemm_tiled_cuda", A, B, C, options);
  if (d.M == 0 || d.N == 0) return;  // nothing to write, and a launch of 0 blocks is an error
  const dim3 grid(unsigned((d.N + BN - 1) / BN),
                  std::min(unsigned((d.M + BM - 1) / BM), kMaxGridY));
  sgemm_tiled_kernel<<<grid, kThreads, 0, stream>>>(
      int(d.M), int(d.N), int(d.K), options.alpha, A.data(), options.transpose_a, B.data(),
      options.transpose_b, options.beta, C.data());
  NNLAB_CUDA_CHECK_LAUNCH();
}

}  // namespace nnlab::mlp
