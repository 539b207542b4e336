// The GPU layer. Without a GPU (CI) the probing and error tests run and the device tests skip.
#include <gtest/gtest.h>

#include "nnlab/gpu/device.hpp"
#include "nnlab/testing.hpp"

using namespace nnlab;
using namespace nnlab::gpu;

TEST(Gpu, AvailableNeverCrashesAndDescribeSaysWhy) {
  const bool a = available();
  EXPECT_EQ(a, available()) << "the answer is stable";
  const std::string d = describe();
  if (a) {
    EXPECT_EQ(d.find("no GPU"), std::string::npos) << d;
  } else {
    EXPECT_EQ(d.rfind("no GPU (", 0), 0u) << d;
  }
}

TEST(Gpu, CheckedCallsThrowCudaErrorWithFileLineCallAndMessage) {
  try {
    NNLAB_CUDA_CHECK(cudaErrorInvalidValue);
    FAIL() << "no exception";
  } catch (const CudaError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("device_test.cpp:"), std::string::npos) << msg;
    EXPECT_NE(msg.find("cudaErrorInvalidValue failed: cudaErrorInvalidValue"), std::string::npos)
        << msg;
  }
  try {
    NNLAB_CUDA_CHECK(CUBLAS_STATUS_NOT_INITIALIZED);
    FAIL() << "no exception";
  } catch (const CudaError& e) {
    EXPECT_NE(std::string(e.what()).find("CUBLAS_STATUS_NOT_INITIALIZED"), std::string::npos)
        << e.what();
  }
}

TEST(Gpu, WithoutADeviceAllocationThrowsCudaErrorNotACrash) {
  if (available()) GTEST_SKIP() << "this machine has a GPU";
  EXPECT_THROW(DeviceBuffer<float>(16), CudaError);
  EXPECT_NO_THROW(DeviceBuffer<float>(0)) << "an empty buffer allocates nothing";
}

TEST(Gpu, DeviceInfoDescribesTheDevice) {
  NNLAB_REQUIRE_GPU();
  const DeviceInfo info = device_info();
  EXPECT_FALSE(info.name.empty());
  EXPECT_GE(info.compute_major, 7);
  EXPECT_GT(info.total_memory, info.free_memory / 2);
}

TEST(Gpu, TensorsRoundTripThroughTheDevice) {
  NNLAB_REQUIRE_GPU();
  Rng rng(0);
  const Tensor t = rng.normal(Shape{3, 5, 7});
  const DeviceTensor d = to_device(t);
  EXPECT_EQ(d.shape(), (Shape{3, 5, 7}));
  EXPECT_EQ(d.size(), 105u);
  EXPECT_TRUE(nnlab::testing::all_close(to_host(d), t, 0, 0));
  const Tensor empty = Tensor::from_shape({0});
  EXPECT_EQ(to_host(to_device(empty)).size(), 0u);
}

TEST(Gpu, BuffersMoveAndZero) {
  NNLAB_REQUIRE_GPU();
  DeviceBuffer<int> a(4);
  const int src[4] = {1, 2, 3, 4};
  a.copy_from_host(src);
  DeviceBuffer<int> b = std::move(a);
  EXPECT_EQ(a.data(), nullptr);
  EXPECT_EQ(a.size(), 0u);
  int dst[4] = {};
  b.copy_to_host(dst);
  EXPECT_EQ(dst[3], 4);
  b.zero();
  b.copy_to_host(dst);
  EXPECT_EQ(dst[0] + dst[1] + dst[2] + dst[3], 0);
}

TEST(Gpu, OutOfMemoryIsACudaErrorNamingTheCall) {
  NNLAB_REQUIRE_GPU();
  try {
    DeviceBuffer<char> huge(std::size_t{1} << 50);  // 1 PiB
    FAIL() << "allocated 1 PiB";
  } catch (const CudaError& e) {
    EXPECT_NE(std::string(e.what()).find("cudaMalloc"), std::string::npos) << e.what();
  }
}

TEST(Gpu, StreamTimerAndCublasWork) {
  NNLAB_REQUIRE_GPU();
  Stream stream;
  CublasHandle blas;
  blas.set_stream(stream.get());
  // y = 2 x + y with cuBLAS saxpy on the stream, timed.
  const Tensor x = {1.0f, 2.0f, 3.0f}, y = {10.0f, 20.0f, 30.0f};
  DeviceTensor dx = to_device(x), dy = to_device(y);
  EventTimer timer(stream.get());
  timer.start();
  const float alpha = 2.0f;
  NNLAB_CUDA_CHECK(cublasSaxpy(blas.get(), 3, &alpha, dx.data(), 1, dy.data(), 1));
  timer.stop();
  EXPECT_GE(timer.elapsed_ms(), 0.0f);
  stream.synchronize();
  EXPECT_TRUE(nnlab::testing::all_close(to_host(dy), Tensor{12.0f, 24.0f, 36.0f}, 0, 0));
}
