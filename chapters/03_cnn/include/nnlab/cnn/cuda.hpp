#pragma once
/// @file
/// Chapter 03's CUDA track: the im2col kernel and the convolution as im2col + one GEMM
/// (exercise 03.11), the max-pooling kernel (exercise 03.12), and cuDNN's convolution as the
/// ceiling both are measured against (provided). Built only when CUDA is enabled.
///
/// Tensors are device tensors in row-major NCHW order, contiguous, with the CPU functions'
/// shapes (`conv2d.hpp`, `pooling.hpp`); outputs are allocated by the caller with their exact
/// shape. Every launcher checks the shapes on the host first (`ShapeError`), queues its work
/// on `stream` (the legacy default stream when null) and returns without synchronising; every
/// CUDA, cuBLAS and cuDNN call is checked (`CudaError`).
///
/// **The batched im2col layout.** For a batch x `(N, C, H, W)` and a `kh x kw` window with
/// stride `(s_h, s_w)` and zero padding `(p_h, p_w)`, `im2col_cuda` writes one matrix for the
/// whole batch,
/// \f[ \text{col}_{r,q} = \tilde x_{n,\,c,\; i s_h + a,\; j s_w + b}, \qquad
///     r = (c\,k_h + a)\,k_w + b, \quad q = (n H' + i) W' + j, \f]
/// shape ``(C kh kw, N H' W')`` (\f$\tilde x\f$: x zero-padded; H', W' =
/// `conv_output_size`): column q is the window under output pixel (i, j) of image n, rows in
/// the order of a weight row `W[o]` flattened from `(C, kh, kw)`, as the CPU `im2col` (whose
/// single-image matrix is the block of columns of one n). With the batch inside the columns the
/// whole convolution is **one** GEMM,
/// \f[ Y = W_{(C_\text{out},\; C k_h k_w)}\; \text{col}, \qquad
///     Y : (C_\text{out},\; N H' W'), \f]
/// instead of N small ones. Y holds the output as ``(C_out, N, H', W')``; one more pass adds the
/// bias and moves it to NCHW.

#include <cstddef>
#include <string>

#include "nnlab/cnn/padding_stride.hpp"
#include "nnlab/gpu/device.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::cnn {

// ---- shapes and scratch memory (provided) ---------------------------------------------------

/// The sizes of one batched convolution, im2col or pooling on the GPU, as the checks below
/// return them. Every element count (of x, y and the im2col matrix) is below 2^31, so kernels
/// may index with `int`.
struct ConvGeometry {
  std::size_t N = 0, C = 0, H = 0, W = 0;  ///< the input, `(N, C, H, W)`
  std::size_t C_out = 0;                   ///< output channels (pooling: C)
  std::size_t kh = 0, kw = 0;              ///< window
  std::size_t sh = 0, sw = 0;              ///< stride
  std::size_t ph = 0, pw = 0;              ///< padding
  std::size_t oh = 0, ow = 0;              ///< output height and width, H' and W'
  /// K = C kh kw: the rows of the im2col matrix, the length of one output's dot product.
  std::size_t rows() const { return C * kh * kw; }
  /// N H' W': the columns of the batched im2col matrix, one per output pixel.
  std::size_t cols() const { return N * oh * ow; }
};

/// Checks the arguments of `im2col_cuda` and returns the geometry (C_out = 0).
/// @throws ShapeError naming `im2col_cuda` and the shapes when x is not 4-D, a kernel size or
///         stride is 0, the window does not fit into the padded input, col is not
///         ``(C kh kw, N H' W')``, or an element count reaches 2^31.
ConvGeometry im2col_geometry(const gpu::DeviceTensor& x, Size2 kernel, Size2 stride,
                             Size2 padding, const gpu::DeviceTensor& col);

/// Checks the arguments of a convolution on the GPU (`conv2d_forward_cuda`, `conv2d_cudnn`),
/// with the rules of the CPU `conv2d_forward`, and returns the geometry.
/// @param function the launcher's name, for the message.
/// @param x input, `(N, C_in, H, W)`.
/// @param weight `(C_out, C_in, kh, kw)`.
/// @param bias `(C_out)`.
/// @param stride `{s_h, s_w}`, each >= 1.
/// @param padding `{p_h, p_w}`, zeros on both sides.
/// @param y output, ``(N, C_out, H', W')``.
/// @throws ShapeError naming `function` and the shapes when x or weight is not 4-D, the channel
///         counts differ ("x has 3 channels but weight expects 2"), bias is not `(C_out)`, a
///         stride is 0, the kernel does not fit into the padded input, y is not
///         ``(N, C_out, H', W')``, or an element count (of x, y or the im2col matrix) reaches 2^31.
ConvGeometry conv2d_geometry(const char* function, const gpu::DeviceTensor& x,
                             const gpu::DeviceTensor& weight, const gpu::DeviceTensor& bias,
                             Size2 stride, Size2 padding, const gpu::DeviceTensor& y);

/// Checks the arguments of `max_pool2d_cuda` with the rules of the CPU `max_pool2d_forward`
/// and returns the geometry (C_out = C).
/// @param function the launcher's name, for the message.
/// @param x input, `(N, C, H, W)`.
/// @param kernel `{kh, kw}`, each >= 1.
/// @param stride `{s_h, s_w}`, each >= 1.
/// @param padding `{p_h, p_w}`, p_h <= kh / 2 and p_w <= kw / 2.
/// @param y output, ``(N, C, H', W')``.
/// @throws ShapeError naming `function` and x's shape when x is not 4-D, a kernel size or
///         stride is 0, the padding is more than half the window, the window does not fit
///         into the padded input, H or W is 0 (a window would hold only padding), or x has
///         2^31 elements or more; naming y's shape when y is not ``(N, C, H', W')`` or has 2^31
///         elements or more.
ConvGeometry pool_geometry(const char* function, const gpu::DeviceTensor& x, Size2 kernel,
                           Size2 stride, Size2 padding, const gpu::DeviceTensor& y);

/// Scratch device memory for launchers that need temporaries (the im2col matrix, the GEMM's
/// output): tensor number `slot` of the calling host thread, with exactly `shape`, its
/// contents undefined. It is kept between calls and reallocated only when the shape changes
/// (`cudaFree`, which waits for the device, then `cudaMalloc`), so repeated calls with one
/// shape allocate nothing and can be captured into a CUDA graph after a first call. Calls of
/// one host thread on different streams must not overlap in time when they use the same slot.
/// @throws CudaError when allocating fails.
gpu::DeviceTensor& scratch_tensor(std::size_t slot, const Shape& shape);

// ---- exercise 03.11: im2col and the convolution as one GEMM ---------------------------------

/// The batched im2col of the file comment: fills col ``(C kh kw, N H' W')`` with
/// \f$\text{col}_{(c k_h + a) k_w + b,\; (n H' + i) W' + j}
/// = \tilde x_{n, c, i s_h + a, j s_w + b}\f$, 0 where the window covers padding. Every
/// element of col is written.
/// @param x input, `(N, C, H, W)`.
/// @param kernel `{kh, kw}`, each >= 1.
/// @param stride `{s_h, s_w}`, each >= 1.
/// @param padding `{p_h, p_w}`, zeros on both sides.
/// @param col output, ``(C kh kw, N H' W')``.
/// @param stream the stream to queue the work on (null: the legacy default stream).
/// @throws ShapeError as `im2col_geometry`.
void im2col_cuda(const gpu::DeviceTensor& x, Size2 kernel, Size2 stride, Size2 padding,
                 gpu::DeviceTensor& col, cudaStream_t stream = nullptr);

/// The convolution layer of `conv2d_forward` on the GPU,
/// \f[ y_{n,o,i,j} = b_o + \sum_{c,a,b} W_{o,c,a,b}\;
///     \tilde x_{n,c,\; i s_h + a,\; j s_w + b}, \f]
/// as im2col + one GEMM + bias:
/// 1. `im2col_cuda` into a scratch col ``(K, N H' W')``, K = C_in kh kw;
/// 2. the weight, whose memory already is a `(C_out, K)` matrix, copied into a scratch 2-D
///    tensor (the SGEMMs take 2-D tensors), and Y = W col ``(C_out, N H' W')`` by one SGEMM of
///    chapter 02 (`mlp::sgemm_cublas` in the reference: cuBLAS, pedantic FP32);
/// 3. one kernel: \f$y_{n,o,p} = Y_{o,\; n H' W' + p} + b_o\f$ (p = i W' + j), which adds the
///    bias and turns ``(C_out, N, H', W')`` into NCHW.
/// Scratch tensors come from `scratch_tensor` (slots 0 to 2), so a repeated call with the same
/// shapes allocates nothing. y is overwritten (never read).
///
/// @param x input, `(N, C_in, H, W)`.
/// @param weight `(C_out, C_in, kh, kw)`.
/// @param bias `(C_out)`.
/// @param stride `{s_h, s_w}`, each >= 1.
/// @param padding `{p_h, p_w}`, zeros on both sides.
/// @param y output, ``(N, C_out, H', W')``.
/// @param stream the stream to queue the work on (null: the legacy default stream).
/// @throws ShapeError as `conv2d_geometry`, naming `conv2d_forward_cuda`.
void conv2d_forward_cuda(const gpu::DeviceTensor& x, const gpu::DeviceTensor& weight,
                         const gpu::DeviceTensor& bias, Size2 stride, Size2 padding,
                         gpu::DeviceTensor& y, cudaStream_t stream = nullptr);

// ---- exercise 03.12: max pooling -----------------------------------------------------------

/// `max_pool2d_forward` on the GPU:
/// \f[ y_{n,c,i,j} = \max_{a,b}\; \tilde x_{n,c,\; i s_h + a,\; j s_w + b}, \f]
/// \f$\tilde x\f$ padded with -infinity (the padding never wins; the padding is at most half
/// the window, so every window holds a real element). Ties go to the **first** maximum in
/// row-major window order, which the forward output shows only for -0 and +0: a window
/// holding -0 before +0 gives -0. A NaN in a window wins (the output is NaN), as in PyTorch.
/// y is overwritten (never read).
///
/// @param x input, `(N, C, H, W)`.
/// @param kernel `{kh, kw}`, each >= 1.
/// @param stride `{s_h, s_w}`, each >= 1.
/// @param padding `{p_h, p_w}`, p_h <= kh / 2 and p_w <= kw / 2.
/// @param y output, ``(N, C, H', W')``, H' = conv_output_size(H, kh, p_h, s_h), W' likewise.
/// @param stream the stream to queue the work on (null: the legacy default stream).
/// @throws ShapeError as `pool_geometry`, naming `max_pool2d_cuda`.
void max_pool2d_cuda(const gpu::DeviceTensor& x, Size2 kernel, Size2 stride, Size2 padding,
                     gpu::DeviceTensor& y, cudaStream_t stream = nullptr);

// ---- cuDNN: the ceiling (provided) ----------------------------------------------------------

/// Whether nnlab was built with cuDNN (configure found `libcudnn` and `cudnn.h`; see
/// cmake/nnlab_cudnn.cmake). Without it `conv2d_cudnn` throws, and its tests and bench rows
/// skip.
bool have_cudnn();

/// cuDNN's version as "9.19.0" (the library loaded at run time), or "" without cuDNN.
std::string cudnn_version();

/// The same convolution as `conv2d_forward_cuda`, by cuDNN: `cudnnConvolutionForward`
/// (cross-correlation, FP32 data and accumulation) then `cudnnAddTensor` for the bias.
///
/// The descriptors carry math type `CUDNN_FMA_MATH`: FMA kernels only, no TF32 tensor cores
/// (on Ampere and later `CUDNN_DEFAULT_MATH` allows TF32 for FP32 data, which would not be a
/// fair FP32 ceiling). The algorithm is the fastest that `cudnnFindConvolutionForwardAlgorithm`
/// measures with FMA math (failing that, with default math, then run as FMA), found once per
/// shape and host thread (that first call synchronises and allocates; later calls with the
/// shape only queue work, so they can be captured into a CUDA graph; the workspace may grow on
/// a first call too). Algorithms may be FFT or Winograd transforms, whose
/// rounding differs from a direct sum (still within FP32 accuracy). One cuDNN handle per host
/// thread (never destroyed, bound to `stream` on each call) and one workspace per host thread,
/// grown when an algorithm needs more: calls of one host thread on different streams must not
/// overlap in time.
///
/// @param x input, `(N, C_in, H, W)`.
/// @param weight `(C_out, C_in, kh, kw)`.
/// @param bias `(C_out)`.
/// @param stride `{s_h, s_w}`, each >= 1.
/// @param padding `{p_h, p_w}`, zeros on both sides.
/// @param y output, ``(N, C_out, H', W')``, overwritten.
/// @param stream the stream to queue the work on (null: the legacy default stream).
/// @throws ShapeError as `conv2d_geometry`, naming `conv2d_cudnn`.
/// @throws CudaError when built without cuDNN, or a cuDNN or CUDA call fails.
void conv2d_cudnn(const gpu::DeviceTensor& x, const gpu::DeviceTensor& weight,
                  const gpu::DeviceTensor& bias, Size2 stride, Size2 padding,
                  gpu::DeviceTensor& y, cudaStream_t stream = nullptr);

}  // namespace nnlab::cnn
