// Provided code: the convolution by cuDNN, the ceiling of chapter 03's CUDA track.
// Contract: include/nnlab/cnn/cuda.hpp. Compiled with NNLAB_HAVE_CUDNN=1 when configure found
// cuDNN (cmake/nnlab_cudnn.cmake); without it conv2d_cudnn throws.
//
// This uses cuDNN's legacy (v7-style) convolution API, which cuDNN 9 still ships (marked
// deprecated, warned about only under CUDNN_WARN_DEPRECATED).
#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "nnlab/cnn/cuda.hpp"
#include "nnlab/errors.hpp"

#if NNLAB_HAVE_CUDNN
#include <cudnn.h>
#endif

namespace nnlab::cnn {

#if NNLAB_HAVE_CUDNN

namespace {

void check_cudnn(cudnnStatus_t st, const char* call, const char* file, int line) {
  if (st != CUDNN_STATUS_SUCCESS) throw CudaError(file, line, call, cudnnGetErrorString(st));
}
#define NNLAB_CUDNN_CHECK(call) check_cudnn((call), #call, __FILE__, __LINE__)

// Everything cuDNN needs for one shape: descriptors and the algorithm Find chose. Host
// objects only (no device memory), kept for the life of the thread.
struct Plan {
  cudnnTensorDescriptor_t x = nullptr, y = nullptr, bias = nullptr;
  cudnnFilterDescriptor_t w = nullptr;
  cudnnConvolutionDescriptor_t conv = nullptr;
  cudnnConvolutionFwdAlgo_t algo = CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM;
  std::size_t workspace = 0;  // bytes
};

// N, C, H, W, C_out, kh, kw, s_h, s_w, p_h, p_w
using Key = std::array<int, 11>;

cudnnHandle_t handle() {
  // One per host thread, never destroyed: destroying it at exit could run after the CUDA
  // runtime has shut down.
  thread_local cudnnHandle_t h = [] {
    cudnnHandle_t created = nullptr;
    NNLAB_CUDNN_CHECK(cudnnCreate(&created));
    return created;
  }();
  return h;
}

// The workspace of the calling thread, grown (never shrunk) to `bytes`. Growing frees the old
// buffer with cudaFree, which waits for the work still using it.
void* workspace(std::size_t bytes) {
  thread_local auto* buffer = new gpu::DeviceBuffer<unsigned char>();
  if (buffer->size() < bytes) {
    *buffer = gpu::DeviceBuffer<unsigned char>();
    *buffer = gpu::DeviceBuffer<unsigned char>(bytes);
  }
  return buffer->data();
}

Plan make_plan(const ConvGeometry& g) {
  Plan p;
  NNLAB_CUDNN_CHECK(cudnnCreateTensorDescriptor(&p.y));
  NNLAB_CUDNN_CHECK(cudnnCreateTensorDescriptor(&p.bias));
  NNLAB_CUDNN_CHECK(cudnnSetTensor4dDescriptor(p.y, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT,
                                               int(g.N), int(g.C_out), int(g.oh), int(g.ow)));
  NNLAB_CUDNN_CHECK(cudnnSetTensor4dDescriptor(p.bias, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, 1,
                                               int(g.C_out), 1, 1));
  if (g.C == 0) return p;  // no input channels: no convolution (cuDNN rejects C = 0)

  NNLAB_CUDNN_CHECK(cudnnCreateTensorDescriptor(&p.x));
  NNLAB_CUDNN_CHECK(cudnnCreateFilterDescriptor(&p.w));
  NNLAB_CUDNN_CHECK(cudnnCreateConvolutionDescriptor(&p.conv));
  NNLAB_CUDNN_CHECK(cudnnSetTensor4dDescriptor(p.x, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT,
                                               int(g.N), int(g.C), int(g.H), int(g.W)));
  NNLAB_CUDNN_CHECK(cudnnSetFilter4dDescriptor(p.w, CUDNN_DATA_FLOAT, CUDNN_TENSOR_NCHW,
                                               int(g.C_out), int(g.C), int(g.kh), int(g.kw)));
  // Cross-correlation (what deep learning calls convolution), dilation 1, FP32 accumulation.
  NNLAB_CUDNN_CHECK(cudnnSetConvolution2dDescriptor(p.conv, int(g.ph), int(g.pw), int(g.sh),
                                                    int(g.sw), 1, 1, CUDNN_CROSS_CORRELATION,
                                                    CUDNN_DATA_FLOAT));
  // FMA kernels only: CUDNN_DEFAULT_MATH would allow TF32 tensor cores on Ampere and later.
  NNLAB_CUDNN_CHECK(cudnnSetConvolutionMathType(p.conv, CUDNN_FMA_MATH));

  // Find runs every algorithm once (synchronising, with memory of its own) under the
  // descriptor's math type and under CUDNN_DEFAULT_MATH (and tensor-op math where it exists),
  // and returns the results fastest first. Take the fastest FMA one; failing that, the fastest
  // default-math one, which then runs as FMA (the descriptor keeps CUDNN_FMA_MATH). An
  // algorithm whose workspace query fails under FMA math is passed over.
  int max_count = 0;
  NNLAB_CUDNN_CHECK(cudnnGetConvolutionForwardAlgorithmMaxCount(handle(), &max_count));
  std::vector<cudnnConvolutionFwdAlgoPerf_t> perf(std::size_t(max_count > 0 ? max_count : 1));
  int returned = 0;
  NNLAB_CUDNN_CHECK(cudnnFindConvolutionForwardAlgorithm(handle(), p.x, p.w, p.conv, p.y,
                                                         int(perf.size()), &returned,
                                                         perf.data()));
  for (const cudnnMathType_t math : {CUDNN_FMA_MATH, CUDNN_DEFAULT_MATH}) {
    for (int k = 0; k < returned; ++k) {
      const cudnnConvolutionFwdAlgoPerf_t& r = perf[std::size_t(k)];
      if (r.status != CUDNN_STATUS_SUCCESS || r.mathType != math) continue;
      std::size_t bytes = 0;
      if (cudnnGetConvolutionForwardWorkspaceSize(handle(), p.x, p.w, p.conv, p.y, r.algo,
                                                  &bytes) != CUDNN_STATUS_SUCCESS) {
        continue;
      }
      p.algo = r.algo;
      p.workspace = bytes;
      return p;
    }
  }
  throw CudaError(__FILE__, __LINE__, "cudnnFindConvolutionForwardAlgorithm",
                  "no FP32 (FMA) algorithm for this convolution");
}

const Plan& plan_for(const ConvGeometry& g) {
  // Per host thread, never destroyed (descriptors are host objects; the handle outlives it).
  thread_local auto* plans = new std::map<Key, Plan>();
  const Key key = {int(g.N),  int(g.C),  int(g.H),  int(g.W),  int(g.C_out), int(g.kh),
                   int(g.kw), int(g.sh), int(g.sw), int(g.ph), int(g.pw)};
  auto it = plans->find(key);
  if (it == plans->end()) it = plans->emplace(key, make_plan(g)).first;
  return it->second;
}

}  // namespace

bool have_cudnn() { return true; }

std::string cudnn_version() {
  const std::size_t v = cudnnGetVersion();  // 9.19.0 is 91900: major 10000, minor 100
  return std::to_string(v / 10000) + "." + std::to_string(v / 100 % 100) + "." +
         std::to_string(v % 100);
}

void conv2d_cudnn(const gpu::DeviceTensor& x, const gpu::DeviceTensor& weight,
                  const gpu::DeviceTensor& bias, Size2 stride, Size2 padding,
                  gpu::DeviceTensor& y, cudaStream_t stream) {
  const ConvGeometry g = conv2d_geometry("conv2d_cudnn", x, weight, bias, stride, padding, y);
  if (y.size() == 0) return;  // cuDNN rejects empty tensors
  // Bound first: Find, on the first call with this shape, runs on the handle's stream too (and
  // the stream of an earlier call may be gone).
  NNLAB_CUDNN_CHECK(cudnnSetStream(handle(), stream));
  const Plan& p = plan_for(g);
  const float one = 1.0f, zero = 0.0f;
  if (g.C == 0) {  // the sums are empty: y = bias
    NNLAB_CUDA_CHECK(cudaMemsetAsync(y.data(), 0, y.size() * sizeof(float), stream));
  } else {
    void* ws = p.workspace ? workspace(p.workspace) : nullptr;
    NNLAB_CUDNN_CHECK(cudnnConvolutionForward(handle(), &one, p.x, x.data(), p.w,
                                              weight.data(), p.conv, p.algo, ws, p.workspace,
                                              &zero, p.y, y.data()));
  }
  // y = 1 * bias (broadcast over N, H', W') + 1 * y.
  NNLAB_CUDNN_CHECK(cudnnAddTensor(handle(), &one, p.bias, bias.data(), &one, p.y, y.data()));
}

#else  // built without cuDNN

bool have_cudnn() { return false; }

std::string cudnn_version() { return ""; }

void conv2d_cudnn(const gpu::DeviceTensor& x, const gpu::DeviceTensor& weight,
                  const gpu::DeviceTensor& bias, Size2 stride, Size2 padding,
                  gpu::DeviceTensor& y, cudaStream_t) {
  conv2d_geometry("conv2d_cudnn", x, weight, bias, stride, padding, y);
  throw CudaError(__FILE__, __LINE__, "conv2d_cudnn",
                  "nnlab was built without cuDNN (see cmake/nnlab_cudnn.cmake)");
}

#endif

}  // namespace nnlab::cnn
