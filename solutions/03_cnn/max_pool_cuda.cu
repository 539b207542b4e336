// Exercise 03.12 — reference solution: max pooling, one thread per output element.
#include <algorithm>
#include <cstddef>

#include "nnlab/cnn/cuda.hpp"
#include "nnlab/errors.hpp"

namespace nnlab::cnn {

namespace {
constexpr int kThreads = 256;
constexpr int kMaxBlocks = 1 << 16;  // a grid-stride loop covers the rest
}  // namespace

// x: (N, C, H, W) -> y: (N, C, H', W'), y[nc, i, j] = max over the real (non-padding) pixels
// of window (i, j); the first maximum in row-major order wins ties, and a NaN wins. Every
// count is below 2^31 (pool_geometry checks it).
//
// Thread t computes y's element t, t = (nc H' + i) W' + j: a warp covers 32 consecutive
// outputs of one row (writes along memory) and reads input rows at stride s_w.
__global__ void __launch_bounds__(kThreads)
    max_pool_kernel(const float* __restrict__ x, int NC, int H, int W, int kh, int kw, int sh,
                    int sw, int ph, int pw, int oh, int ow, float* __restrict__ y) {
  const int total = NC * oh * ow;
  // t is unsigned: t + gridDim.x blockDim.x stays below 2^32 (t < 2^31, at most 2^24 threads).
  for (unsigned t = blockIdx.x * blockDim.x + threadIdx.x; t < unsigned(total);
       t += gridDim.x * blockDim.x) {
    const int row = int(t / unsigned(ow)), j = int(t) - row * ow;  // row = nc H' + i
    const int nc = row / oh, i = row - nc * oh;
    // The window's real rows [r0, r1) and columns [c0, c1): never empty, since the padding is
    // at most half the window.
    const int top = i * sh - ph, left = j * sw - pw;
    const int r0 = max(top, 0), r1 = min(top + kh, H);
    const int c0 = max(left, 0), c1 = min(left + kw, W);
    const float* plane = x + nc * H * W;
    float best = plane[r0 * W + c0];
    for (int r = r0; r < r1; ++r) {
      for (int c = c0; c < c1; ++c) {
        const float v = plane[r * W + c];
        // Strictly greater: a tie keeps the first maximum (-0 before +0 stays -0). Once best
        // is NaN nothing is greater, so the NaN stays; a later NaN replaces best too.
        if (v > best || isnan(v)) best = v;
      }
    }
    y[t] = best;
  }
}

void max_pool2d_cuda(const gpu::DeviceTensor& x, Size2 kernel, Size2 stride, Size2 padding,
                     gpu::DeviceTensor& y, cudaStream_t stream) {
  const ConvGeometry g = pool_geometry("max_pool2d_cuda", x, kernel, stride, padding, y);
  if (y.size() == 0) return;  // nothing to write (and a launch of 0 blocks is an error)
  const unsigned blocks =
      unsigned(std::min<std::size_t>((y.size() + kThreads - 1) / kThreads, kMaxBlocks));
  max_pool_kernel<<<blocks, kThreads, 0, stream>>>(
      x.data(), int(g.N * g.C), int(g.H), int(g.W), int(g.kh), int(g.kw), int(g.sh),
      int(g.sw), int(g.ph), int(g.pw), int(g.oh), int(g.ow), y.data());
  NNLAB_CUDA_CHECK_LAUNCH();
}

}  // namespace nnlab::cnn
