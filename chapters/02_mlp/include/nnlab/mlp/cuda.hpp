#pragma once
/// @file
/// Chapter 02's CUDA track: the SGEMM ladder (naive, shared-memory tiled (exercise 02.14),
/// register-blocked, cuBLAS), the fused bias + ReLU with its backward (exercise 02.15), and a
/// fully connected layer on the GPU built from them. Built only when CUDA is enabled.
///
/// Every launcher takes device tensors (row-major, contiguous), queues its work on `stream`
/// (the legacy default stream when null) and returns without synchronising; every CUDA call is
/// checked (`CudaError`). Shapes are checked on the host first (`ShapeError`).

#include <cstddef>

#include "nnlab/gpu/device.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::mlp {

// ---- SGEMM ----------------------------------------------------------------------------------

/// How an SGEMM reads its operands and what it does with C.
struct SgemmOptions {
  bool transpose_a = false;  ///< op(A) = A^T: A is stored `(K, M)` instead of `(M, K)`
  bool transpose_b = false;  ///< op(B) = B^T: B is stored `(N, K)` instead of `(K, N)`
  float alpha = 1.0f;        ///< scales the product
  /// Scales the old C. With beta = 0, C is overwritten and its old contents are never read
  /// (even NaN there leaves no trace), as in BLAS; beta = 1 accumulates into C.
  float beta = 0.0f;
};

/// The dimensions of one SGEMM: op(A) is `(M, K)`, op(B) `(K, N)`, C `(M, N)`.
struct SgemmDims {
  std::size_t M = 0, N = 0, K = 0;
};

/// Checks the shapes of an SGEMM and returns its dimensions; every launcher calls it first.
/// A, B and C must be 2-D; op(A) `(M, K)` and op(B) ``(K', N)`` need K = K', and C must be
/// `(M, N)`. Any of M, N, K may be 0. Each must be below 2^30 (kernels index rows and
/// columns with `int`, tile offsets included).
/// @param function the launcher's name, for the message, e.g. `"sgemm_tiled_cuda"`.
/// @param A `(M, K)`, or `(K, M)` when `options.transpose_a`.
/// @param B `(K, N)`, or `(N, K)` when `options.transpose_b`.
/// @param C `(M, N)`.
/// @param options only `transpose_a` and `transpose_b` are read.
/// @throws ShapeError naming `function` and the two shapes that do not fit together, e.g.
///         `sgemm_tiled_cuda: A has shape (2, 3) and B has shape (4, 5): op(A) = A, op(B) = B:
///         op(A) is (M, K) and op(B) must be (K, N) with the same K`.
SgemmDims sgemm_dims(const char* function, const gpu::DeviceTensor& A,
                     const gpu::DeviceTensor& B, const gpu::DeviceTensor& C,
                     const SgemmOptions& options);

/// Single-precision general matrix product on row-major matrices,
/// \f[ C \leftarrow \alpha\, \mathrm{op}(A)\, \mathrm{op}(B) + \beta C, \qquad
///     C_{mn} \leftarrow \alpha \sum_{k} \mathrm{op}(A)_{mk}\, \mathrm{op}(B)_{kn}
///     + \beta C_{mn}, \f]
/// with op(X) = X or X^T (`options`). The transposes let a linear layer's backward use the
/// stored matrices as they are: dx = dy W^T is `(dy, W, dx, {transpose_b})` and
/// dW += x^T dy is `(x, dy, dW, {transpose_a, beta = 1})`.
///
/// The naive rung: one thread per element of C, reading a row of op(A) and a column of op(B)
/// straight from global memory (2K loads for 2K FLOPs). Provided; the baseline of the ladder.
///
/// @param A `(M, K)`, or `(K, M)` when `options.transpose_a`.
/// @param B `(K, N)`, or `(N, K)` when `options.transpose_b`.
/// @param C `(M, N)`; read only when beta != 0. M, N, K may be any size >= 0 (K = 0 gives
///        C = beta C).
/// @param options op(A), op(B), alpha and beta; the default is C = A B.
/// @param stream the CUDA stream the work is queued on (the legacy default stream when null).
/// @throws ShapeError as `sgemm_dims` does, naming `sgemm_naive_cuda`.
void sgemm_naive_cuda(const gpu::DeviceTensor& A, const gpu::DeviceTensor& B,
                      gpu::DeviceTensor& C, const SgemmOptions& options = {},
                      cudaStream_t stream = nullptr);

/// Exercise 02.14: the same product as `sgemm_naive_cuda`, tiled through shared memory.
/// A block computes one `BM x BN` tile of C; it walks along K in steps of BK, each step
/// loading a `BM x BK` tile of op(A) and a `BK x BN` tile of op(B) into shared memory
/// (coalesced, every element once) and using each loaded value many times. The reference
/// uses 64 x 64 tiles, BK = 8 and 512 threads, each computing 8 elements of a column of C
/// (thread coarsening), which cuts the shared-memory loads per FMA from 2 to 3/8.
///
/// Tiles at the edges of A, B and C are partial: out-of-range elements are loaded as 0 and
/// never stored, so any M, N, K >= 0 work.
/// @throws ShapeError as `sgemm_dims` does, naming `sgemm_tiled_cuda`.
void sgemm_tiled_cuda(const gpu::DeviceTensor& A, const gpu::DeviceTensor& B,
                      gpu::DeviceTensor& C, const SgemmOptions& options = {},
                      cudaStream_t stream = nullptr);

/// The same product with 2-D register blocking: a block of 256 threads computes a
/// `128 x 128` tile of C, each thread an `8 x 8` sub-tile held in 64 registers, built from
/// outer products of 8 values of op(A) and 8 of op(B) read from shared memory as `float4`s
/// (4 shared loads per 64 FMAs); BK = 8, and the next tiles are fetched into registers while
/// the current ones are used. Provided (reference only); edges as in `sgemm_tiled_cuda`.
/// @throws ShapeError as `sgemm_dims` does, naming `sgemm_regblocked_cuda`.
void sgemm_regblocked_cuda(const gpu::DeviceTensor& A, const gpu::DeviceTensor& B,
                           gpu::DeviceTensor& C, const SgemmOptions& options = {},
                           cudaStream_t stream = nullptr);

/// The same product by `cublasSgemm`, the ceiling of the ladder. Uses one cuBLAS handle per
/// host thread, created on first use (never destroyed), in pedantic FP32 mode (no TF32; see
/// `gpu::CublasHandle`) and bound to `stream` on every call. Row-major C = op(A) op(B) is
/// column-major C^T = op(B)^T op(A)^T, so cuBLAS is called with the operands swapped.
/// @throws ShapeError as `sgemm_dims` does, naming `sgemm_cublas`.
void sgemm_cublas(const gpu::DeviceTensor& A, const gpu::DeviceTensor& B, gpu::DeviceTensor& C,
                  const SgemmOptions& options = {}, cudaStream_t stream = nullptr);

// ---- fused bias + ReLU (exercise 02.15) -----------------------------------------------------

/// Adds a bias to every row and applies ReLU, in one pass over memory:
/// \f[ y_{nh} = \max(x_{nh} + b_h,\ 0) \quad\text{or, with relu = false,}\quad
///     y_{nh} = x_{nh} + b_h. \f]
/// In place when `y` is `x` (the same tensor); otherwise `y` must already have x's shape.
///
/// @param x pre-activations without bias, `(N, H)`, e.g. x W from an SGEMM.
/// @param b bias, `(H)`.
/// @param y output, `(N, H)`; may be the same tensor as x.
/// @param relu false: only the bias is added.
/// @param stream the CUDA stream the work is queued on (the legacy default stream when null).
/// @throws ShapeError naming `bias_relu_cuda` and the shapes when x is not 2-D, b is not
///         `(H)` or y is not `(N, H)`.
void bias_relu_cuda(const gpu::DeviceTensor& x, const gpu::DeviceTensor& b, gpu::DeviceTensor& y,
                    bool relu = true, cudaStream_t stream = nullptr);

/// Backward of `bias_relu_cuda`, given dy = dL/dy and the forward *output* y:
/// \f[ dz_{nh} = dy_{nh}\,[y_{nh} > 0], \qquad db_h \mathrel{+}= \sum_n dz_{nh}, \f]
/// where z = x + b (the gradient with respect to x is dz). y > 0 exactly where z > 0, so the
/// output serves as the mask and z need not be kept; at z = 0 the derivative is taken as 0,
/// as in `relu_backward`. With relu = false, dz = dy and y is not read.
///
/// db is *accumulated*, like `Param::grad` (zero it first for the plain column sums). Its
/// column sums are added in no fixed order (atomics), so the last bits may vary between runs.
///
/// @param dy upstream gradient, `(N, H)`.
/// @param y the forward output, `(N, H)`.
/// @param dz output, `(N, H)`; may be the same tensor as dy.
/// @param db bias gradient, `(H)`, added to.
/// @param relu false: no mask, dz = dy.
/// @param stream the CUDA stream the work is queued on (the legacy default stream when null).
/// @throws ShapeError naming `bias_relu_backward_cuda` and the shapes when dy is not 2-D, y or
///         dz is not dy's shape, or db is not `(H)`.
void bias_relu_backward_cuda(const gpu::DeviceTensor& dy, const gpu::DeviceTensor& y,
                             gpu::DeviceTensor& dz, gpu::DeviceTensor& db, bool relu = true,
                             cudaStream_t stream = nullptr);

// ---- a fully connected layer on the GPU ----------------------------------------------------

/// `y = act(x W + b)` on the device, act = ReLU or the identity, with forward and backward as
/// `nnlab::mlp::Linear` (W is `(in, out)`, input dimension first) and the gradients
/// *accumulated*. Built on `sgemm_tiled_cuda` and the fused bias + ReLU:
///
/// - forward: y = x W (SGEMM), then y = act(y + b) in place;
/// - backward: dz = dy [y > 0] and db += sum_n dz (fused), dW += x^T dz (SGEMM with
///   transpose_a, beta = 1), dx = dz W^T (SGEMM with transpose_b).
///
/// The layer owns its buffers: `forward` keeps a copy of x and returns its own y, which stays
/// valid until the next `forward`; `backward` likewise returns its own dx. Not a `Module`:
/// its tensors live on the device. Provided (not an exercise).
class LinearCuda {
 public:
  /// Copies `weight` `(in, out)` and `bias` `(out)` to the device; gradients start at zero.
  /// @throws ShapeError naming `LinearCuda` when weight is not 2-D or bias not `(out)`.
  LinearCuda(const Tensor& weight, const Tensor& bias, bool relu = false);

  /// x: `(N, in)` -> y: `(N, out)`, queued on `stream`.
  /// @throws ShapeError naming `LinearCuda::forward` and the shapes.
  const gpu::DeviceTensor& forward(const gpu::DeviceTensor& x, cudaStream_t stream = nullptr);

  /// dy: `(N, out)` -> dx: `(N, in)`; adds dL/dW into `weight_grad` and dL/db into
  /// `bias_grad`.
  /// @throws ShapeError naming `LinearCuda::backward` when called before `forward` or when dy
  ///         is not the shape of the last output.
  const gpu::DeviceTensor& backward(const gpu::DeviceTensor& dy, cudaStream_t stream = nullptr);

  /// Sets both gradients to zero (on `stream`).
  void zero_grad(cudaStream_t stream = nullptr);

  bool relu() const { return relu_; }

  gpu::DeviceTensor weight;       ///< W, `(in, out)`
  gpu::DeviceTensor bias;         ///< b, `(out)`
  gpu::DeviceTensor weight_grad;  ///< dL/dW, `(in, out)`, accumulated
  gpu::DeviceTensor bias_grad;    ///< dL/db, `(out)`, accumulated

 private:
  bool relu_;
  bool has_input_ = false;
  gpu::DeviceTensor x_, y_, dz_, dx_;
};

}  // namespace nnlab::mlp
