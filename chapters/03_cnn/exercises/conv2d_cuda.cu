// Exercise 03.11 — im2col on the GPU and the convolution as one GEMM.
// Contract: include/nnlab/cnn/cuda.hpp
// Check with `./nnlab check 03.11` on a machine with a GPU; stuck? `./nnlab hint 03.11`.
// Your CPU im2col (03.5, exercises/conv2d.cpp) fills the same rows; here the columns of all N
// images sit side by side, so that a single SGEMM computes the whole batch.
#include <cstddef>

#include "nnlab/cnn/cuda.hpp"
#include "nnlab/errors.hpp"
#include "nnlab/mlp/cuda.hpp"

namespace nnlab::cnn {

// x: (N, C, H, W) -> col: (C kh kw, N H' W'), every element written:
//   col[(c kh + a) kw + b][(n H' + i) W' + j] = x[n, c, i sh + a - ph, j sw + b - pw],
// and 0 where that row or column lies in the padding (outside [0, H) x [0, W)).
// Every element count is below 2^31, so int indices are fine.
__global__ void im2col_kernel([[maybe_unused]] const float* x, [[maybe_unused]] int N,
                              [[maybe_unused]] int C, [[maybe_unused]] int H,
                              [[maybe_unused]] int W, [[maybe_unused]] int kh,
                              [[maybe_unused]] int kw, [[maybe_unused]] int sh,
                              [[maybe_unused]] int sw, [[maybe_unused]] int ph,
                              [[maybe_unused]] int pw, [[maybe_unused]] int oh,
                              [[maybe_unused]] int ow, [[maybe_unused]] float* col) {
  // TODO(03.11): one thread per (c, q), q = (n H' + i) W' + j a column of col, in a grid-stride
  // loop over t = c (N H' W') + q < C N H' W'. Take c, n, i, j apart with / and %, then loop
  // over a < kh, b < kw and write the kh kw entries of column q in channel c's rows. With q
  // running fastest, the 32 threads of a warp write 32 neighbouring floats of a row of col.
}

// gemm: (C_out, N P) with P = H' W' -> y: (N, C_out, H', W'),
//   y[n, o, p] = gemm[o, n P + p] + bias[o].
__global__ void conv_bias_kernel([[maybe_unused]] const float* gemm,
                                 [[maybe_unused]] const float* bias, [[maybe_unused]] int N,
                                 [[maybe_unused]] int C_out, [[maybe_unused]] int P,
                                 [[maybe_unused]] float* y) {
  // TODO(03.11): one thread per element t of y (a grid-stride loop), p = t % P,
  // o = (t / P) % C_out, n = t / (P C_out): consecutive threads then read and write
  // consecutive addresses.
}

// x: (N, C, H, W) -> col: (C kh kw, N H' W'). Queued on `stream`.
void im2col_cuda([[maybe_unused]] const gpu::DeviceTensor& x, [[maybe_unused]] Size2 kernel,
                 [[maybe_unused]] Size2 stride, [[maybe_unused]] Size2 padding,
                 [[maybe_unused]] gpu::DeviceTensor& col, [[maybe_unused]] cudaStream_t stream) {
  // TODO(03.11): const ConvGeometry g = im2col_geometry(x, kernel, stride, padding, col)
  // checks the shapes and gives N, C, H, W, H' = g.oh, W' = g.ow. Return when there is nothing
  // to write (C N H' W' = 0: a launch of 0 blocks is an error), launch im2col_kernel on
  // `stream` (256 threads, enough blocks for one thread per (c, q), at most 65536: the loop
  // covers the rest), then NNLAB_CUDA_CHECK_LAUNCH().
  throw nnlab::NotImplemented("03.11 im2col_cuda");
}

// x: (N, C_in, H, W), weight: (C_out, C_in, kh, kw), bias: (C_out) -> y: (N, C_out, H', W').
// Queued on `stream`.
void conv2d_forward_cuda([[maybe_unused]] const gpu::DeviceTensor& x,
                         [[maybe_unused]] const gpu::DeviceTensor& weight,
                         [[maybe_unused]] const gpu::DeviceTensor& bias,
                         [[maybe_unused]] Size2 stride, [[maybe_unused]] Size2 padding,
                         [[maybe_unused]] gpu::DeviceTensor& y,
                         [[maybe_unused]] cudaStream_t stream) {
  // TODO(03.11): y = W col + b in three steps, all on `stream`.
  //   const ConvGeometry g = conv2d_geometry("conv2d_forward_cuda", x, weight, bias, stride,
  //                                          padding, y);  and return when y is empty.
  //   Scratch tensors (kept between calls): scratch_tensor(0, {K, N H' W'}) for col,
  //   scratch_tensor(1, {C_out, K}) for the weight as a matrix (copy weight's memory into it
  //   with cudaMemcpyAsync, device to device: it already is (C_out, K) row-major),
  //   scratch_tensor(2, {C_out, N H' W'}) for the product; K = g.rows().
  //   1. im2col_cuda(x, ..., col, stream);  2. one SGEMM of chapter 02, e.g.
  //   mlp::sgemm_cublas(w, col, gemm, {}, stream);  3. conv_bias_kernel from gemm into y.
  throw nnlab::NotImplemented("03.11 conv2d_forward_cuda");
}

}  // namespace nnlab::cnn
