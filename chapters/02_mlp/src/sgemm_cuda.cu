// Provided code (the same in the exercise and the solution variant): the rungs of the SGEMM
// ladder around exercise 02.14 (naive, register-blocked, cuBLAS) and the shape check they all
// share. Contract: include/nnlab/mlp/cuda.hpp.
//
// All matrices are row-major. op(A)(m, k) is A[m * K + k], or A[k * M + m] when transposed;
// op(B)(k, n) is B[k * N + n], or B[n * K + k] when transposed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "nnlab/errors.hpp"
#include "nnlab/mlp/cuda.hpp"

namespace nnlab::mlp {

SgemmDims sgemm_dims(const char* function, const gpu::DeviceTensor& A,
                     const gpu::DeviceTensor& B, const gpu::DeviceTensor& C,
                     const SgemmOptions& options) {
  require(A.shape().size() == 2, function, "A", A, "A must be 2-D");
  require(B.shape().size() == 2, function, "B", B, "B must be 2-D");
  require(C.shape().size() == 2, function, "C", C, "C must be 2-D");
  SgemmDims d;
  d.M = options.transpose_a ? A.dim(1) : A.dim(0);
  d.K = options.transpose_a ? A.dim(0) : A.dim(1);
  d.N = options.transpose_b ? B.dim(0) : B.dim(1);
  const std::size_t kb = options.transpose_b ? B.dim(1) : B.dim(0);
  const std::string ops = std::string(options.transpose_a ? "op(A) = A^T" : "op(A) = A") +
                          (options.transpose_b ? ", op(B) = B^T" : ", op(B) = B");
  require(d.K == kb, function, "A", A, "B", B,
          ops + ": op(A) is (M, K) and op(B) must be (K, N) with the same K");
  require(C.dim(0) == d.M && C.dim(1) == d.N, function, "C", C, "B", B,
          ops + ": C must be (M, N) = (" + std::to_string(d.M) + ", " + std::to_string(d.N) +
              ")");
  constexpr std::size_t kLimit = std::size_t(1) << 30;
  require(d.M < kLimit && d.N < kLimit && d.K < kLimit, function, "A", A, "B", B,
          "each of M, N, K must be below 2^30");
  return d;
}

namespace {

constexpr unsigned kMaxGridY = 65535;  // gridDim.y's limit; kernels loop over further rows

unsigned blocks_for(std::size_t n, std::size_t per_block) {
  return unsigned((n + per_block - 1) / per_block);
}

// C = alpha acc + beta C; with beta = 0 the old C is not read (it may hold NaN).
__device__ __forceinline__ float blend(float alpha, float acc, float beta, const float* c) {
  return beta == 0.0f ? alpha * acc : fmaf(beta, *c, alpha * acc);
}

// ---- naive: one thread per element of C -----------------------------------------------------
constexpr int kNaiveBlock = 16;  // 16 x 16 threads; x runs along n, so a warp reads B and
                                 // writes C at consecutive addresses and shares one row of A

// op(A)(m, k) = A[m * a_m + k * a_k], op(B)(k, n) = B[k * b_k + n * b_n].
__global__ void sgemm_naive_kernel(int M, int N, int K, float alpha, const float* __restrict__ A,
                                   std::size_t a_m, std::size_t a_k, const float* __restrict__ B,
                                   std::size_t b_k, std::size_t b_n, float beta,
                                   float* __restrict__ C) {
  const int n = blockIdx.x * blockDim.x + threadIdx.x;
  if (n >= N) return;  // no __syncthreads() here: returning early is safe
  for (int m = blockIdx.y * blockDim.y + threadIdx.y; m < M; m += gridDim.y * blockDim.y) {
    float acc = 0.0f;
    for (int k = 0; k < K; ++k) acc = fmaf(A[m * a_m + k * a_k], B[k * b_k + n * b_n], acc);
    float* c = C + std::size_t(m) * N + n;
    *c = blend(alpha, acc, beta, c);
  }
}

// ---- register-blocked: a 128 x 128 tile of C per block, 8 x 8 per thread ------------------
constexpr int kRbM = 128, kRbN = 128, kRbK = 8;
constexpr int kRbThreads = 256;                        // (128 / 8) x (128 / 8)
constexpr int kRbPad = 4;                              // see the bank-conflict note below
constexpr int kRbLoads = kRbM * kRbK / kRbThreads;     // 4 elements of each tile per thread
static_assert(kRbM == kRbN && kRbM * kRbK % kRbThreads == 0, "tile shapes");

// Thread t's share of the 128 x kRbK tiles, one after the other along k, of a matrix X with R
// rows (m of op(A), n of op(B)) and K columns, stored (R, K) when kAlongK, else (K, R).
// Element i (< kRbLoads) of the thread's share is at tile row r + i dr and tile column
// c + i dc; consecutive threads take consecutive addresses in memory, along k when kAlongK
// (32-byte pieces of 4 rows per warp), else along the rows (128 bytes per warp). Addresses are
// advanced from tile to tile rather than recomputed: fewer registers.
template <bool kAlongK>
struct TileFetcher {
  static constexpr int dr = kAlongK ? kRbThreads / kRbK : 0;  // 32 rows apart...
  static constexpr int dc = kAlongK ? 0 : kRbThreads / kRbM;  // ...or 2 columns apart
  int r, c;        // tile coordinates of element 0
  int R, K;
  int row, k;      // matrix coordinates of element 0 in the current tile
  const float* p;  // and its address
  std::size_t di;  // from element i to i + 1

  __device__ __forceinline__ TileFetcher(const float* X, int R_, int K_, int r0) : R(R_), K(K_) {
    const int t = threadIdx.x;
    r = kAlongK ? t / kRbK : t % kRbM;
    c = kAlongK ? t % kRbK : t / kRbM;
    row = r0 + r;
    k = c;
    p = kAlongK ? X + std::size_t(row) * K + k : X + std::size_t(k) * R + row;
    di = kAlongK ? std::size_t(dr) * K : std::size_t(dc) * R;
  }
  // The current tile's elements; 0 outside the matrix.
  __device__ __forceinline__ void fetch(float (&v)[kRbLoads]) const {
#pragma unroll
    for (int i = 0; i < kRbLoads; ++i) {
      const bool inside = row + i * dr < R && k + i * dc < K;
      v[i] = inside ? p[i * di] : 0.0f;
    }
  }
  // On to the next tile, kRbK further along k.
  __device__ __forceinline__ void advance() {
    p += kAlongK ? std::size_t(kRbK) : std::size_t(kRbK) * R;
    k += kRbK;
  }
  // Parks fetched elements in a shared tile stored k-major, S[k][row].
  __device__ __forceinline__ void park(float (&S)[kRbK][kRbM + kRbPad],
                                       const float (&v)[kRbLoads]) const {
#pragma unroll
    for (int i = 0; i < kRbLoads; ++i) S[c + i * dc][r + i * dr] = v[i];
  }
};

// Thread (tx, ty) = (t % 16, t / 16) owns rows {4 ty + i, 64 + 4 ty + i} and columns
// {4 tx + j, 64 + 4 tx + j}, i, j < 4, of the block's tile: two float4 of each operand per k.
// Split in halves 64 apart rather than 8 consecutive, so that the 8 threads of a quarter-warp
// read 8 consecutive float4 of Bs (all 32 banks, no conflict) instead of 8 float4 32 bytes
// apart (two-way conflicts).
//
// Shared tiles are k-major with rows padded from 128 to 132 floats. When k is contiguous in
// memory, a warp fetches 4 rows x 8 k and parks them at S[c][r]: without padding the 32
// addresses c * 128 + r fall in 4 banks (8-way conflicts); with it, c * 132 + r covers all 32.
// 132 floats are 528 bytes, a multiple of 16, so every float4 read stays aligned.
template <bool kAAlongK, bool kBAlongK>
__global__ void __launch_bounds__(kRbThreads, 2)
    sgemm_regblocked_kernel(int M, int N, int K, int m_begin, float alpha,
                            const float* __restrict__ A, const float* __restrict__ B, float beta,
                            float* __restrict__ C) {
  __shared__ __align__(16) float As[kRbK][kRbM + kRbPad];  // As[k][m] = op(A)(m0 + m, k0 + k)
  __shared__ __align__(16) float Bs[kRbK][kRbN + kRbPad];  // Bs[k][n] = op(B)(k0 + k, n0 + n)
  const int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
  const int n0 = blockIdx.x * kRbN, m0 = m_begin + blockIdx.y * kRbM;

  float acc[8][8];
#pragma unroll
  for (int i = 0; i < 8; ++i) {
#pragma unroll
    for (int j = 0; j < 8; ++j) acc[i][j] = 0.0f;
  }
  TileFetcher<kAAlongK> fa(A, M, K, m0);
  TileFetcher<kBAlongK> fb(B, N, K, n0);
  float a_next[kRbLoads], b_next[kRbLoads];
  fa.fetch(a_next);
  fb.fetch(b_next);

  for (int k0 = 0; k0 < K; k0 += kRbK) {
    fa.park(As, a_next);
    fb.park(Bs, b_next);
    __syncthreads();
    // The next tiles' global loads are in flight while this one is multiplied.
    if (k0 + kRbK < K) {
      fa.advance();
      fb.advance();
      fa.fetch(a_next);
      fb.fetch(b_next);
    }
#pragma unroll
    for (int k = 0; k < kRbK; ++k) {
      const float4 a_lo = *reinterpret_cast<const float4*>(&As[k][4 * ty]);
      const float4 a_hi = *reinterpret_cast<const float4*>(&As[k][64 + 4 * ty]);
      const float4 b_lo = *reinterpret_cast<const float4*>(&Bs[k][4 * tx]);
      const float4 b_hi = *reinterpret_cast<const float4*>(&Bs[k][64 + 4 * tx]);
      const float a[8] = {a_lo.x, a_lo.y, a_lo.z, a_lo.w, a_hi.x, a_hi.y, a_hi.z, a_hi.w};
      const float b[8] = {b_lo.x, b_lo.y, b_lo.z, b_lo.w, b_hi.x, b_hi.y, b_hi.z, b_hi.w};
#pragma unroll
      for (int i = 0; i < 8; ++i) {
#pragma unroll
        for (int j = 0; j < 8; ++j) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
      }
    }
    __syncthreads();  // everyone is done with As, Bs before the next tiles are parked
  }

#pragma unroll
  for (int i = 0; i < 8; ++i) {
    const int m = m0 + (i < 4 ? 4 * ty + i : 64 + 4 * ty + i - 4);
    if (m >= M) continue;
#pragma unroll
    for (int j = 0; j < 8; ++j) {
      const int n = n0 + (j < 4 ? 4 * tx + j : 64 + 4 * tx + j - 4);
      if (n < N) {
        float* c = C + std::size_t(m) * N + n;
        *c = blend(alpha, acc[i][j], beta, c);
      }
    }
  }
}

template <bool kAAlongK, bool kBAlongK>
void launch_regblocked(const SgemmDims& d, float alpha, const float* A, const float* B,
                       float beta, float* C, cudaStream_t stream) {
  // gridDim.y is at most 65535: taller matrices take several launches, each starting at row
  // m_begin. (A loop over row tiles inside the kernel would cost registers, then spills.)
  const std::size_t rows_per_launch = std::size_t(kMaxGridY) * kRbM;
  for (std::size_t m_begin = 0; m_begin < d.M; m_begin += rows_per_launch) {
    const dim3 grid(blocks_for(d.N, kRbN),
                    blocks_for(std::min(d.M - m_begin, rows_per_launch), kRbM));
    sgemm_regblocked_kernel<kAAlongK, kBAlongK><<<grid, kRbThreads, 0, stream>>>(
        int(d.M), int(d.N), int(d.K), int(m_begin), alpha, A, B, beta, C);
  }
}

}  // namespace

void sgemm_naive_cuda(const gpu::DeviceTensor& A, const gpu::DeviceTensor& B,
                      gpu::DeviceTensor& C, const SgemmOptions& options, cudaStream_t stream) {
  const SgemmDims d = sgemm_dims("sgemm_naive_cuda", A, B, C, options);
  if (d.M == 0 || d.N == 0) return;  // nothing to write (a launch of 0 blocks is an error)
  const std::size_t a_m = options.transpose_a ? 1 : d.K, a_k = options.transpose_a ? d.M : 1;
  const std::size_t b_k = options.transpose_b ? 1 : d.N, b_n = options.transpose_b ? d.K : 1;
  const dim3 block(kNaiveBlock, kNaiveBlock);
  const dim3 grid(blocks_for(d.N, kNaiveBlock),
                  std::min(blocks_for(d.M, kNaiveBlock), kMaxGridY));
  sgemm_naive_kernel<<<grid, block, 0, stream>>>(int(d.M), int(d.N), int(d.K), options.alpha,
                                                 A.data(), a_m, a_k, B.data(), b_k, b_n,
                                                 options.beta, C.data());
  NNLAB_CUDA_CHECK_LAUNCH();
}

void sgemm_regblocked_cuda(const gpu::DeviceTensor& A, const gpu::DeviceTensor& B,
                           gpu::DeviceTensor& C, const SgemmOptions& options,
                           cudaStream_t stream) {
  const SgemmDims d = sgemm_dims("sgemm_regblocked_cuda", A, B, C, options);
  if (d.M == 0 || d.N == 0) return;
  // k runs along memory in A unless it is transposed, and in B only when it is.
  const bool a_along_k = !options.transpose_a, b_along_k = options.transpose_b;
  const float alpha = options.alpha, beta = options.beta;
  if (a_along_k && !b_along_k) {
    launch_regblocked<true, false>(d, alpha, A.data(), B.data(), beta, C.data(), stream);
  } else if (a_along_k && b_along_k) {
    launch_regblocked<true, true>(d, alpha, A.data(), B.data(), beta, C.data(), stream);
  } else if (!b_along_k) {
    launch_regblocked<false, false>(d, alpha, A.data(), B.data(), beta, C.data(), stream);
  } else {
    launch_regblocked<false, true>(d, alpha, A.data(), B.data(), beta, C.data(), stream);
  }
  NNLAB_CUDA_CHECK_LAUNCH();
}

void sgemm_cublas(const gpu::DeviceTensor& A, const gpu::DeviceTensor& B, gpu::DeviceTensor& C,
                  const SgemmOptions& options, cudaStream_t stream) {
  const SgemmDims d = sgemm_dims("sgemm_cublas", A, B, C, options);
  if (d.M == 0 || d.N == 0) return;
  // One handle per host thread, never destroyed: destroying it at exit could run after the
  // CUDA runtime has shut down.
  thread_local gpu::CublasHandle* handle = new gpu::CublasHandle();
  handle->set_stream(stream);
  if (d.K == 0) {  // C = beta C; BLAS leaves C untouched only when beta = 1
    if (options.beta == 0.0f) {
      NNLAB_CUDA_CHECK(cudaMemsetAsync(C.data(), 0, C.size() * sizeof(float), stream));
    } else if (options.beta != 1.0f) {
      NNLAB_CUDA_CHECK(cublasSscal_64(handle->get(), std::int64_t(C.size()), &options.beta,
                                      C.data(), 1));
    }
    return;
  }
  // Column-major cuBLAS sees a row-major (R, S) matrix X as the (S, R) matrix X^T. So it
  // computes the column-major C^T (N x M) = op(B)^T op(A)^T, passing B first: stored B is
  // seen as B^T, which is op(B)^T unless transpose_b; likewise for A. Leading dimensions are
  // the stored row lengths.
  const int M = int(d.M), N = int(d.N), K = int(d.K);
  const int ldb = options.transpose_b ? K : N;
  const int lda = options.transpose_a ? M : K;
  NNLAB_CUDA_CHECK(cublasSgemm(handle->get(), options.transpose_b ? CUBLAS_OP_T : CUBLAS_OP_N,
                               options.transpose_a ? CUBLAS_OP_T : CUBLAS_OP_N, N, M, K,
                               &options.alpha, B.data(), ldb, A.data(), lda, &options.beta,
                               C.data(), N));
}

}  // namespace nnlab::mlp
