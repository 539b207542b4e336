// The GPU layer's host code (see nnlab/gpu/device.hpp). Plain C++ against the CUDA runtime.
#include "nnlab/gpu/device.hpp"

#include <fmt/format.h>

namespace nnlab {

CudaError::CudaError(const char* file, int line, const char* call, const std::string& message)
    : Error(fmt::format("{}:{}: {} failed: {}", file, line, call, message)) {}

}  // namespace nnlab

namespace nnlab::gpu {
namespace {

struct Probe {
  bool ok = false;
  std::string reason;
};

const Probe& probe() {
  static const Probe p = [] {
    Probe r;
    int count = 0;
    const cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess) {
      r.reason = fmt::format("{}: {}", cudaGetErrorName(err), cudaGetErrorString(err));
      cudaGetLastError();  // clear the sticky error state
    } else if (count == 0) {
      r.reason = "no CUDA device";
    } else {
      r.ok = true;
    }
    return r;
  }();
  return p;
}

}  // namespace

bool available() { return probe().ok; }

DeviceInfo device_info() {
  int device = 0;
  NNLAB_CUDA_CHECK(cudaGetDevice(&device));
  cudaDeviceProp prop{};
  NNLAB_CUDA_CHECK(cudaGetDeviceProperties(&prop, device));
  DeviceInfo info;
  info.name = prop.name;
  info.compute_major = prop.major;
  info.compute_minor = prop.minor;
  info.multiprocessors = prop.multiProcessorCount;
  info.total_memory = prop.totalGlobalMem;
  std::size_t free = 0, total = 0;
  NNLAB_CUDA_CHECK(cudaMemGetInfo(&free, &total));
  info.free_memory = free;
  NNLAB_CUDA_CHECK(cudaDriverGetVersion(&info.driver_version));
  NNLAB_CUDA_CHECK(cudaRuntimeGetVersion(&info.runtime_version));
  return info;
}

std::string describe() {
  if (!available()) return fmt::format("no GPU ({})", probe().reason);
  const DeviceInfo d = device_info();
  return fmt::format("{} (sm_{}{}, {} SMs, {:.1f} GiB)", d.name, d.compute_major, d.compute_minor,
                     d.multiprocessors, double(d.total_memory) / (1024.0 * 1024.0 * 1024.0));
}

namespace detail {

void throw_cuda(cudaError_t err, const char* call, const char* file, int line) {
  cudaGetLastError();  // clear a non-sticky error so later calls are not blamed for it
  throw CudaError(file, line, call,
                  fmt::format("{} ({})", cudaGetErrorName(err), cudaGetErrorString(err)));
}

void throw_cublas(cublasStatus_t st, const char* call, const char* file, int line) {
  throw CudaError(file, line, call,
                  fmt::format("{} ({})", cublasGetStatusName(st), cublasGetStatusString(st)));
}

}  // namespace detail

DeviceTensor::DeviceTensor(Shape shape) : shape_(std::move(shape)) {
  std::size_t n = 1;
  for (auto d : shape_) n *= d;
  buffer_ = DeviceBuffer<float>(n);
}

DeviceTensor to_device(const Tensor& t) {
  DeviceTensor d(shape_of(t));
  const Tensor contiguous = t;  // xarray is row-major and contiguous
  if (d.size()) {
    NNLAB_CUDA_CHECK(cudaMemcpy(d.data(), contiguous.data(), d.size() * sizeof(float),
                                cudaMemcpyHostToDevice));
  }
  return d;
}

Tensor to_host(const DeviceTensor& t) {
  Tensor h = Tensor::from_shape(t.shape());
  if (t.size()) {
    NNLAB_CUDA_CHECK(
        cudaMemcpy(h.data(), t.data(), t.size() * sizeof(float), cudaMemcpyDeviceToHost));
  }
  return h;
}

Stream::Stream() { NNLAB_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking)); }
Stream::~Stream() {
  if (stream_) cudaStreamDestroy(stream_);
}
void Stream::synchronize() { NNLAB_CUDA_CHECK(cudaStreamSynchronize(stream_)); }

EventTimer::EventTimer(cudaStream_t stream) : stream_(stream) {
  NNLAB_CUDA_CHECK(cudaEventCreate(&start_));
  NNLAB_CUDA_CHECK(cudaEventCreate(&stop_));
}
EventTimer::~EventTimer() {
  if (start_) cudaEventDestroy(start_);
  if (stop_) cudaEventDestroy(stop_);
}
void EventTimer::start() { NNLAB_CUDA_CHECK(cudaEventRecord(start_, stream_)); }
void EventTimer::stop() { NNLAB_CUDA_CHECK(cudaEventRecord(stop_, stream_)); }
float EventTimer::elapsed_ms() {
  NNLAB_CUDA_CHECK(cudaEventSynchronize(stop_));
  float ms = 0.0f;
  NNLAB_CUDA_CHECK(cudaEventElapsedTime(&ms, start_, stop_));
  return ms;
}

CublasHandle::CublasHandle() {
  NNLAB_CUDA_CHECK(cublasCreate(&handle_));
  NNLAB_CUDA_CHECK(cublasSetMathMode(handle_, CUBLAS_PEDANTIC_MATH));
}
CublasHandle::~CublasHandle() {
  if (handle_) cublasDestroy(handle_);
}
void CublasHandle::set_stream(cudaStream_t stream) {
  NNLAB_CUDA_CHECK(cublasSetStream(handle_, stream));
}

}  // namespace nnlab::gpu
