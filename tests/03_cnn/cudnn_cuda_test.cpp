// Tests of the provided cuDNN convolution, conv2d_cudnn (ungraded: they run against the
// solution variant only). They need a GPU and a build with cuDNN, and skip otherwise.
//
// The expectations are a plain loop in double. cuDNN may pick an FFT or Winograd algorithm,
// whose roundings are not those of a direct sum, so even integer inputs are compared with a
// tolerance: 1e-4 of the largest sum of absolute products S = max |b_o| + sum |W x| (float
// rounding is ~6e-8 per operation; the transforms add a few operations per product, constants
// up to ~10 and a logarithmic factor), still well below what one missing product costs
// (|W x| ~ S / K, with K = C_in kh kw <= 576 here).
#include <cmath>
#include <cstddef>
#include <string>

#include "nnlab/cnn/cuda.hpp"
#include "nnlab/testing.hpp"

#include "conv_reference.hpp"

namespace nnlab::cnn {
namespace {

using gpu::DeviceTensor;
using test::conv_loop;
using test::ConvReference;
using test::Geo;

#define NNLAB_REQUIRE_CUDNN()                                            \
  do {                                                                   \
    NNLAB_REQUIRE_GPU();                                                 \
    if (!have_cudnn()) GTEST_SKIP() << "built without cuDNN";            \
  } while (0)

Tensor run_cudnn(const Tensor& x, const Tensor& w, const Tensor& b, Size2 stride, Size2 padding,
                 const Shape& y_shape, cudaStream_t stream = nullptr) {
  const DeviceTensor dx = gpu::to_device(x);
  const DeviceTensor dw = gpu::to_device(w);
  const DeviceTensor db = gpu::to_device(b);
  DeviceTensor dy(y_shape);
  NNLAB_CUDA_CHECK(cudaMemset(dy.data(), 0xff, dy.size() * sizeof(float)));  // NaN
  conv2d_cudnn(dx, dw, db, stride, padding, dy, stream);
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());
  return gpu::to_host(dy);
}

TEST(Conv2dCudnn, Version) {
  if (!have_cudnn()) {
    EXPECT_EQ(cudnn_version(), "");
    GTEST_SKIP() << "built without cuDNN";
  }
  EXPECT_GE(cudnn_version().size(), 5u) << cudnn_version();  // "9.19.0"
}

// D2L §7.4's two-channel x and kernel as image 0, bias 1; image 1 zeros:
//   y[0, 0] = [[57, 73], [105, 121]], y[1, 0] = 1 everywhere.
TEST(Conv2dCudnn, HandComputed) {
  NNLAB_REQUIRE_CUDNN();
  const Tensor x = {{{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}, {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}},
                    {{{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}, {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}}};
  const Tensor w = {{{{0, 1}, {2, 3}}, {{1, 2}, {3, 4}}}};
  const Tensor y = {{{{57, 73}, {105, 121}}}, {{{1, 1}, {1, 1}}}};
  // S <= 121: tolerance 1e-4 * 121.
  NNLAB_EXPECT_ALLCLOSE(run_cudnn(x, w, Tensor({1}), {1, 1}, {0, 0}, {2, 1, 2, 2}), y,
                        1e-4 * 121, 0);
}

// Odd sizes, strides, uneven padding, rectangular and 1x1 kernels, ResNet-like 3x3 layers
// (3 -> 64 and 64 -> 64, padding 1) and a 7x7 stride-2 stem, against the loop.
TEST(Conv2dCudnn, MatchesLoop) {
  NNLAB_REQUIRE_CUDNN();
  const Geo geos[] = {
      {2, 3, 7, 5, 4, 3, 3, 1, 1, 1, 1},    {2, 2, 7, 6, 3, 3, 3, 2, 2, 1, 1},
      {1, 3, 6, 5, 2, 2, 3, 2, 1, 1, 0},    {2, 2, 8, 9, 2, 5, 4, 3, 3, 2, 2},
      {3, 4, 3, 4, 5, 1, 1, 1, 1, 0, 0},    {2, 3, 16, 16, 64, 3, 3, 1, 1, 1, 1},
      {2, 64, 12, 12, 64, 3, 3, 1, 1, 1, 1}, {2, 3, 30, 30, 8, 7, 7, 2, 2, 3, 3},
  };
  Rng rng(1301);
  for (const Geo& g : geos) {
    const Tensor x = rng.uniform(g.x(), -1.0f, 1.0f);
    const Tensor w = rng.uniform(g.w(), -1.0f, 1.0f);
    const Tensor b = rng.uniform({g.C_out}, -1.0f, 1.0f);
    const ConvReference r = conv_loop(x, w, b, g);
    NNLAB_EXPECT_ALLCLOSE(run_cudnn(x, w, b, {g.sh, g.sw}, {g.ph, g.pw}, g.y()), r.y,
                          1e-4 * r.bound, 0)
        << "  x (" << g.N << ", " << g.C << ", " << g.H << ", " << g.W << "), " << g.C_out
        << " outputs, kernel " << g.kh << "x" << g.kw;
  }
}

// On a stream of its own, twice with one shape (the second call reuses the plan), then a
// second shape.
TEST(Conv2dCudnn, OnAStream) {
  NNLAB_REQUIRE_CUDNN();
  Rng rng(1302);
  gpu::Stream stream;
  for (const Geo& g : {Geo{2, 5, 9, 8, 6, 3, 3, 2, 1, 1, 1}, Geo{2, 5, 9, 8, 6, 3, 3, 2, 1, 1, 1},
                       Geo{1, 4, 10, 10, 3, 3, 3, 1, 1, 1, 1}}) {
    const Tensor x = rng.uniform(g.x(), -1.0f, 1.0f);
    const Tensor w = rng.uniform(g.w(), -1.0f, 1.0f);
    const Tensor b = rng.uniform({g.C_out}, -1.0f, 1.0f);
    const ConvReference r = conv_loop(x, w, b, g);
    NNLAB_EXPECT_ALLCLOSE(run_cudnn(x, w, b, {g.sh, g.sw}, {g.ph, g.pw}, g.y(), stream.get()),
                          r.y, 1e-4 * r.bound, 0);
  }
}

TEST(Conv2dCudnn, RejectsBadShapes) {
  NNLAB_REQUIRE_GPU();  // the shape checks come first, with or without cuDNN
  const DeviceTensor x(Shape{2, 3, 5, 5}), w2(Shape{4, 2, 3, 3}), w(Shape{4, 3, 3, 3});
  const DeviceTensor b(Shape{4});
  DeviceTensor y(Shape{2, 4, 3, 3}), y5(Shape{2, 4, 5, 5});
  NNLAB_EXPECT_THROW_MSG(conv2d_cudnn(x, w2, b, {1, 1}, {0, 0}, y), ShapeError, "conv2d_cudnn",
                         "3 channels");
  NNLAB_EXPECT_THROW_MSG(conv2d_cudnn(x, w, b, {1, 1}, {0, 0}, y5), ShapeError, "conv2d_cudnn",
                         "(2, 4, 5, 5)");
}

}  // namespace
}  // namespace nnlab::cnn
