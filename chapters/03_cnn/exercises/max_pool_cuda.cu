// Exercise 03.12 — max pooling on the GPU.  Contract: include/nnlab/cnn/cuda.hpp
// Check with `./nnlab check 03.12` on a machine with a GPU; stuck? `./nnlab hint 03.12`.
// Your CPU max_pool2d_forward (03.6, exercises/pooling.cpp) computes the same thing.
#include <cstddef>

#include "nnlab/cnn/cuda.hpp"
#include "nnlab/errors.hpp"

namespace nnlab::cnn {

// x: (N, C, H, W) seen as NC = N C planes of (H, W) -> y: (NC, H', W'),
//   y[nc, i, j] = max over a < kh, b < kw of x[nc, i sh + a - ph, j sw + b - pw],
// where positions in the padding do not take part (they are -infinity). The first maximum
// in row-major window order wins a tie (-0 before +0 gives -0), and a NaN wins.
// Every element count is below 2^31, so int indices are fine.
__global__ void max_pool_kernel([[maybe_unused]] const float* x, [[maybe_unused]] int NC,
                                [[maybe_unused]] int H, [[maybe_unused]] int W,
                                [[maybe_unused]] int kh, [[maybe_unused]] int kw,
                                [[maybe_unused]] int sh, [[maybe_unused]] int sw,
                                [[maybe_unused]] int ph, [[maybe_unused]] int pw,
                                [[maybe_unused]] int oh, [[maybe_unused]] int ow,
                                [[maybe_unused]] float* y) {
  // TODO(03.12): one thread per output element t = (nc H' + i) W' + j, in a grid-stride loop.
  // The window's real rows are max(i sh - ph, 0) up to (not including) min(i sh - ph + kh, H),
  // its columns likewise; start from the first real element and replace the running maximum
  // only when a value is strictly greater, or is NaN (isnan(v)). fmaxf would drop the NaN.
}

// x: (N, C, H, W) -> y: (N, C, H', W'). Queued on `stream`.
void max_pool2d_cuda([[maybe_unused]] const gpu::DeviceTensor& x, [[maybe_unused]] Size2 kernel,
                     [[maybe_unused]] Size2 stride, [[maybe_unused]] Size2 padding,
                     [[maybe_unused]] gpu::DeviceTensor& y, [[maybe_unused]] cudaStream_t stream) {
  // TODO(03.12): const ConvGeometry g = pool_geometry("max_pool2d_cuda", x, kernel, stride,
  // padding, y) checks the shapes (the rules of the CPU max_pool2d_forward) and gives
  // N, C, H, W, H' = g.oh, W' = g.ow. Return when y is empty (a launch of 0 blocks is an
  // error), launch max_pool_kernel on `stream` with 256 threads and enough blocks for one
  // thread per output (at most 65536), then NNLAB_CUDA_CHECK_LAUNCH().
  throw nnlab::NotImplemented("03.12 max_pool2d_cuda");
}

}  // namespace nnlab::cnn
