#pragma once
/// @file
/// The GPU layer: device discovery, checked CUDA and cuBLAS calls, device memory, streams,
/// timing. Built only when CUDA is enabled (`NNLAB_CUDA`); usable from plain C++ files.
///
/// On a machine without a GPU or driver, `available()` is false and nothing crashes; tests
/// call `NNLAB_REQUIRE_GPU()` first, which skips them there.

#include <cstddef>
#include <string>
#include <utility>

#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include "nnlab/errors.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab {

/// A failed CUDA runtime or cuBLAS call. The message names the source file and line, the call
/// as written, and the library's own error name and text:
/// `common/cuda/device.cpp:42: cudaMalloc(&ptr, bytes) failed: cudaErrorMemoryAllocation (out of memory)`.
class CudaError : public Error {
 public:
  CudaError(const char* file, int line, const char* call, const std::string& message);
};

}  // namespace nnlab

namespace nnlab::gpu {

/// Whether a usable CUDA device is present. Any error from the runtime (no driver: error 35,
/// no device: 100, ...) means "no GPU"; the answer is computed once.
bool available();

/// What reports print about the device.
struct DeviceInfo {
  std::string name;            ///< e.g. "NVIDIA H200"
  int compute_major = 0;       ///< compute capability, e.g. 9.0 for Hopper
  int compute_minor = 0;
  int multiprocessors = 0;
  std::size_t total_memory = 0;  ///< bytes
  std::size_t free_memory = 0;   ///< bytes, when queried
  int driver_version = 0;        ///< e.g. 13000
  int runtime_version = 0;
};

/// Information on the current device. @throws CudaError when there is none.
DeviceInfo device_info();

/// One line for reports: "NVIDIA H200 (sm_90, 132 SMs, 139.8 GiB)" or "no GPU (<reason>)".
std::string describe();

namespace detail {
[[noreturn]] void throw_cuda(cudaError_t err, const char* call, const char* file, int line);
[[noreturn]] void throw_cublas(cublasStatus_t st, const char* call, const char* file, int line);
inline void check(cudaError_t err, const char* call, const char* file, int line) {
  if (err != cudaSuccess) throw_cuda(err, call, file, line);
}
inline void check(cublasStatus_t st, const char* call, const char* file, int line) {
  if (st != CUBLAS_STATUS_SUCCESS) throw_cublas(st, call, file, line);
}
}  // namespace detail

/// Checks a CUDA runtime or cuBLAS call: `NNLAB_CUDA_CHECK(cudaMemcpy(...));`
/// throws `CudaError` with file, line, the call and the error's name and text.
#define NNLAB_CUDA_CHECK(call) ::nnlab::gpu::detail::check((call), #call, __FILE__, __LINE__)
/// Checks the last kernel launch (launch-configuration errors) without synchronising.
#define NNLAB_CUDA_CHECK_LAUNCH() NNLAB_CUDA_CHECK(cudaGetLastError())

/// Owns `n` elements of device memory (`cudaMalloc`, never managed memory). Move-only.
template <class T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  /// Allocates `n` uninitialised elements. @throws CudaError (no device, out of memory).
  explicit DeviceBuffer(std::size_t n) : size_(n) {
    if (n) NNLAB_CUDA_CHECK(cudaMalloc(reinterpret_cast<void**>(&data_), n * sizeof(T)));
  }
  ~DeviceBuffer() {
    if (data_) cudaFree(data_);  // never throws from a destructor
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept {
    if (this != &o) {
      if (data_) cudaFree(data_);
      data_ = std::exchange(o.data_, nullptr);
      size_ = std::exchange(o.size_, 0);
    }
    return *this;
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::size_t bytes() const { return size_ * sizeof(T); }

  /// Copies `size()` elements from host memory.
  void copy_from_host(const T* src) {
    if (size_) NNLAB_CUDA_CHECK(cudaMemcpy(data_, src, bytes(), cudaMemcpyHostToDevice));
  }
  /// Copies `size()` elements to host memory.
  void copy_to_host(T* dst) const {
    if (size_) NNLAB_CUDA_CHECK(cudaMemcpy(dst, data_, bytes(), cudaMemcpyDeviceToHost));
  }
  /// Sets every byte to zero.
  void zero() {
    if (size_) NNLAB_CUDA_CHECK(cudaMemset(data_, 0, bytes()));
  }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

/// A float tensor on the device: a shape and a buffer, row-major and contiguous.
class DeviceTensor {
 public:
  DeviceTensor() = default;
  /// Allocates an uninitialised tensor of `shape`.
  explicit DeviceTensor(Shape shape);
  const Shape& shape() const { return shape_; }
  std::size_t size() const { return buffer_.size(); }
  std::size_t dim(std::size_t axis) const { return shape_.at(axis); }
  float* data() { return buffer_.data(); }
  const float* data() const { return buffer_.data(); }

 private:
  Shape shape_;
  DeviceBuffer<float> buffer_;
};

/// Copies a host tensor to the device.
DeviceTensor to_device(const Tensor& t);
/// Copies a device tensor back to the host.
Tensor to_host(const DeviceTensor& t);

/// An owned CUDA stream (non-blocking with respect to the legacy default stream).
class Stream {
 public:
  Stream();
  ~Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  cudaStream_t get() const { return stream_; }
  /// Waits for all work queued on the stream.
  void synchronize();

 private:
  cudaStream_t stream_ = nullptr;
};

/// Times GPU work between `start()` and `stop()` with CUDA events on one stream.
class EventTimer {
 public:
  explicit EventTimer(cudaStream_t stream = nullptr);
  ~EventTimer();
  EventTimer(const EventTimer&) = delete;
  EventTimer& operator=(const EventTimer&) = delete;
  void start();
  void stop();
  /// Milliseconds between the last start and stop; waits for the stop event.
  float elapsed_ms();

 private:
  cudaStream_t stream_;
  cudaEvent_t start_ = nullptr, stop_ = nullptr;
};

/// An owned cuBLAS handle. Math mode is pedantic FP32 (no TF32), so cuBLAS is an honest FP32
/// ceiling for the kernels it is compared with.
class CublasHandle {
 public:
  CublasHandle();
  ~CublasHandle();
  CublasHandle(const CublasHandle&) = delete;
  CublasHandle& operator=(const CublasHandle&) = delete;
  cublasHandle_t get() const { return handle_; }
  void set_stream(cudaStream_t stream);

 private:
  cublasHandle_t handle_ = nullptr;
};

}  // namespace nnlab::gpu

/// In a GoogleTest test: skips the test, saying why, when no GPU is available.
#define NNLAB_REQUIRE_GPU()                                             \
  do {                                                                  \
    if (!::nnlab::gpu::available()) GTEST_SKIP() << ::nnlab::gpu::describe(); \
  } while (0)
