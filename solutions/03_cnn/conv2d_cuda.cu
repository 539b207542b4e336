// Exercise 03.11 — reference solution: the batched im2col kernel, and the convolution as
// im2col + one cuBLAS SGEMM (chapter 02's mlp::sgemm_cublas) + a bias kernel that also moves
// the GEMM's (C_out, N, H', W') output to NCHW.
#include <algorithm>
#include <cstddef>

#include "nnlab/cnn/cuda.hpp"
#include "nnlab/errors.hpp"
#include "nnlab/mlp/cuda.hpp"

namespace nnlab::cnn {

namespace {
constexpr int kThreads = 256;
constexpr int kMaxBlocks = 1 << 16;  // grid-stride loops cover the rest

unsigned blocks_for(std::size_t n) {
  return unsigned(std::min<std::size_t>((n + kThreads - 1) / kThreads, kMaxBlocks));
}
}  // namespace

// x: (N, C, H, W) -> col: (C kh kw, N H' W'), col[(c kh + a) kw + b][(n H' + i) W' + j] =
// x[n, c, i sh + a - ph, j sw + b - pw], 0 in the padding. Every count is below 2^31
// (im2col_geometry checks it), so int indices do.
//
// Thread t handles one (c, q) with q = (n H' + i) W' + j, t = c N H' W' + q, and writes the
// kh kw entries of column q in the rows of channel c. A warp covers 32 consecutive q: each of
// its stores fills 128 consecutive bytes of one row of col, and its loads read consecutive
// (stride 1) or evenly spaced (stride s_w) pixels of one input row. Each input pixel is read
// by up to kh kw threads; all but the first find it in cache.
__global__ void __launch_bounds__(kThreads)
    im2col_kernel(const float* __restrict__ x, int N, int C, int H, int W, int kh, int kw,
                  int sh, int sw, int ph, int pw, int oh, int ow, float* __restrict__ col) {
  const int P = oh * ow;  // output pixels per image
  const int Q = N * P;    // columns of col
  const int total = C * Q;
  // t is unsigned: t + gridDim.x blockDim.x stays below 2^32 (t < 2^31, at most 2^24 threads).
  for (unsigned t = blockIdx.x * blockDim.x + threadIdx.x; t < unsigned(total);
       t += gridDim.x * blockDim.x) {
    const int c = int(t / unsigned(Q)), q = int(t) - c * Q;
    const int n = q / P, p = q - n * P;
    const int i = p / ow, j = p - i * ow;
    const float* plane = x + (n * C + c) * H * W;
    const int top = i * sh - ph, left = j * sw - pw;
    float* out = col + c * kh * kw * Q + q;  // row (c kh + a) kw + b is out + ((a kw + b) Q)
    for (int a = 0; a < kh; ++a) {
      const int r = top + a;
      const bool row_inside = r >= 0 && r < H;
      for (int b = 0; b < kw; ++b) {
        const int s = left + b;
        *out = row_inside && s >= 0 && s < W ? plane[r * W + s] : 0.0f;
        out += Q;
      }
    }
  }
}

// gemm: (C_out, N P) -> y: (N, C_out, P), y[n, o, p] = gemm[o, n P + p] + bias[o].
// Consecutive threads take consecutive p: reads and writes both run along memory.
__global__ void __launch_bounds__(kThreads)
    conv_bias_kernel(const float* __restrict__ gemm, const float* __restrict__ bias, int N,
                     int C_out, int P, float* __restrict__ y) {
  const int total = N * C_out * P;
  for (unsigned t = blockIdx.x * blockDim.x + threadIdx.x; t < unsigned(total);
       t += gridDim.x * blockDim.x) {
    const int no = int(t / unsigned(P)), p = int(t) - no * P;  // no = n C_out + o
    const int o = no % C_out, n = no / C_out;
    y[t] = gemm[(o * N + n) * P + p] + bias[o];
  }
}

void im2col_cuda(const gpu::DeviceTensor& x, Size2 kernel, Size2 stride, Size2 padding,
                 gpu::DeviceTensor& col, cudaStream_t stream) {
  const ConvGeometry g = im2col_geometry(x, kernel, stride, padding, col);
  const std::size_t total = g.C * g.cols();
  if (total == 0) return;  // nothing to write (and a launch of 0 blocks is an error)
  im2col_kernel<<<blocks_for(total), kThreads, 0, stream>>>(
      x.data(), int(g.N), int(g.C), int(g.H), int(g.W), int(g.kh), int(g.kw), int(g.sh),
      int(g.sw), int(g.ph), int(g.pw), int(g.oh), int(g.ow), col.data());
  NNLAB_CUDA_CHECK_LAUNCH();
}

void conv2d_forward_cuda(const gpu::DeviceTensor& x, const gpu::DeviceTensor& weight,
                         const gpu::DeviceTensor& bias, Size2 stride, Size2 padding,
                         gpu::DeviceTensor& y, cudaStream_t stream) {
  const ConvGeometry g =
      conv2d_geometry("conv2d_forward_cuda", x, weight, bias, stride, padding, y);
  if (y.size() == 0) return;  // no outputs (and a launch of 0 blocks is an error)
  const std::size_t K = g.rows(), Q = g.cols();
  gpu::DeviceTensor& col = scratch_tensor(0, {K, Q});
  gpu::DeviceTensor& w = scratch_tensor(1, {g.C_out, K});
  gpu::DeviceTensor& gemm = scratch_tensor(2, {g.C_out, Q});
  im2col_cuda(x, {g.kh, g.kw}, {g.sh, g.sw}, {g.ph, g.pw}, col, stream);
  // weight (C_out, C_in, kh, kw) is already the row-major (C_out, K) matrix; the SGEMMs want a
  // 2-D tensor.
  if (w.size()) {
    NNLAB_CUDA_CHECK(cudaMemcpyAsync(w.data(), weight.data(), w.size() * sizeof(float),
                                     cudaMemcpyDeviceToDevice, stream));
  }
  mlp::sgemm_cublas(w, col, gemm, {}, stream);  // (C_out, K) (K, N P); K = 0 gives zeros
  conv_bias_kernel<<<blocks_for(y.size()), kThreads, 0, stream>>>(
      gemm.data(), bias.data(), int(g.N), int(g.C_out), int(g.oh * g.ow), y.data());
  NNLAB_CUDA_CHECK_LAUNCH();
}

}  // namespace nnlab::cnn
