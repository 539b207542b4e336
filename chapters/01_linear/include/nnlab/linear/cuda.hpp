#pragma once
/// @file
/// Chapter 01's CUDA track (exercises 01.12 and 01.13): the two patterns every later kernel
/// builds on, an elementwise map and a reduction. Built only when CUDA is enabled.
///
/// Both launchers take device tensors, queue their work on `stream` (the legacy default stream
/// when null) and return without synchronising; every CUDA call is checked (`CudaError`).

#include "nnlab/gpu/device.hpp"

namespace nnlab::linear {

/// Elementwise `y <- a x + y` (BLAS's saxpy) for tensors of any shape with the same number of
/// elements n, any n >= 0, with a grid-stride loop (each thread handles i, i + stride, ...).
/// @throws ShapeError naming `axpy_cuda` and both shapes when the element counts differ.
void axpy_cuda(float a, const gpu::DeviceTensor& x, gpu::DeviceTensor& y,
               cudaStream_t stream = nullptr);

/// The squared loss of exercise 01.2 on the device,
/// \f[ L = \frac{1}{2N} \sum_{n} (\hat y_n - y_n)^2, \f]
/// in one pass over the data: each block reduces its grid-stride share with warp shuffles
/// (`__shfl_down_sync`) and shared memory, and adds its partial sum atomically into `loss`.
/// Correct for any N, including N not a multiple of the block size.
///
/// The blocks add their partial sums in no fixed order, so the last bits of the loss may differ
/// from run to run; as every term is positive the relative error stays below ~1e-4 even for
/// 2^24 samples (about 1e-6 in practice).
///
/// @param y_hat predictions, shape `(N)`.
/// @param y targets, shape `(N)`.
/// @param loss output, shape `(1)`; overwritten (the launcher zeroes it first).
/// @param stream the CUDA stream the work is queued on (the legacy default stream when null).
/// @throws ShapeError naming `squared_loss_cuda` and the shapes when `y_hat` and `y` differ,
///         N is 0, or `loss` is not of shape `(1)`.
void squared_loss_cuda(const gpu::DeviceTensor& y_hat, const gpu::DeviceTensor& y,
                       gpu::DeviceTensor& loss, cudaStream_t stream = nullptr);

}  // namespace nnlab::linear
