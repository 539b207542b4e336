// Graded tests of exercise 03.12: max_pool2d_cuda. They need a GPU and skip without one.
//
// The expected values never come from a pooling of ours (in the exercise variant the CPU
// max_pool2d_forward is the student's 03.6): they are computed by hand, by the plain loop
// below, or by PyTorch (tests/03_cnn/golden, from tools/golden/03_cnn.py). A maximum only
// selects one of its inputs, so every comparison is exact.
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include "nnlab/cnn/cuda.hpp"
#include "nnlab/gpu/graph.hpp"
#include "nnlab/testing.hpp"

namespace nnlab::cnn {
namespace {

using nnlab::testing::filled;

using gpu::DeviceTensor;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// One pooling's sizes: x (N, C, H, W), kernel, stride, padding.
struct Geo {
  std::size_t N, C, H, W, kh, kw, sh, sw, ph, pw;
  std::size_t oh() const { return (H + 2 * ph - kh) / sh + 1; }
  std::size_t ow() const { return (W + 2 * pw - kw) / sw + 1; }
  Shape x() const { return {N, C, H, W}; }
  Shape y() const { return {N, C, oh(), ow()}; }
  std::string str() const {
    return "  x (" + std::to_string(N) + ", " + std::to_string(C) + ", " + std::to_string(H) +
           ", " + std::to_string(W) + "), kernel " + std::to_string(kh) + "x" +
           std::to_string(kw) + ", stride (" + std::to_string(sh) + ", " + std::to_string(sw) +
           "), padding (" + std::to_string(ph) + ", " + std::to_string(pw) + ")";
  }
};

// The definition: the maximum over the window's positions that lie inside the image (the
// padding is -infinity), the first in row-major order on ties. For inputs without NaN.
Tensor max_pool_loop(const Tensor& x, const Geo& g) {
  Tensor y = Tensor::from_shape(g.y());
  for (std::size_t n = 0; n < g.N; ++n)
    for (std::size_t c = 0; c < g.C; ++c)
      for (std::size_t i = 0; i < g.oh(); ++i)
        for (std::size_t j = 0; j < g.ow(); ++j) {
          float best = -kInf;
          for (std::size_t a = 0; a < g.kh; ++a)
            for (std::size_t b = 0; b < g.kw; ++b) {
              const std::size_t r = i * g.sh + a, s = j * g.sw + b;  // padded coordinates
              if (r < g.ph || s < g.pw || r - g.ph >= g.H || s - g.pw >= g.W) continue;
              const float v = x(n, c, r - g.ph, s - g.pw);
              if (v > best) best = v;
            }
          y(n, c, i, j) = best;
        }
  return y;
}

// max_pool2d_cuda on the default stream, with y starting as NaN; returns y.
Tensor run_pool(const Tensor& x, Size2 kernel, Size2 stride, Size2 padding,
                const Shape& y_shape) {
  const DeviceTensor dx = gpu::to_device(x);
  DeviceTensor dy = gpu::to_device(filled(y_shape, kNaN));
  max_pool2d_cuda(dx, kernel, stride, padding, dy);
  return gpu::to_host(dy);  // a copy on the default stream waits for the kernel
}

Tensor run_pool(const Tensor& x, const Geo& g) {
  return run_pool(x, {g.kh, g.kw}, {g.sh, g.sw}, {g.ph, g.pw}, g.y());
}

// Channel 0 is A = [[1, 5, 2, 0], [3, 4, 8, 6], [7, 0, 1, 9], [2, 6, 3, 4]], channel 1 is
// 10 - A = [[9, 5, 8, 10], [7, 6, 2, 4], [3, 10, 9, 1], [8, 4, 7, 6]].
// 2x2 windows, stride 2: the maxima of the four 2x2 blocks,
//   A: {1, 5, 3, 4} -> 5, {2, 0, 8, 6} -> 8, {7, 0, 2, 6} -> 7, {1, 9, 3, 4} -> 9;
//   10 - A: {9, 5, 7, 6} -> 9, {8, 10, 2, 4} -> 10, {3, 10, 8, 4} -> 10, {9, 1, 7, 6} -> 9.
// 3x3 windows, stride 1, padding 1: 4x4 outputs, window (i, j) covering rows i - 1 .. i + 1
// and columns j - 1 .. j + 1 of the image, e.g. for A
//   (0, 0): {1, 5, 3, 4} -> 5    (1, 2): {5, 2, 0, 4, 8, 6, 0, 1, 9} -> 9
//   (3, 1): {7, 0, 1, 2, 6, 3} -> 7    (2, 3): {8, 6, 1, 9, 3, 4} -> 9
// and for 10 - A  (0, 1): {9, 5, 8, 7, 6, 2} -> 9    (2, 3): {2, 4, 9, 1, 7, 6} -> 9.
NNLAB_TEST(MaxPoolCuda, HandComputed, 1) {
  NNLAB_REQUIRE_GPU();
  const Tensor x = {{{{1, 5, 2, 0}, {3, 4, 8, 6}, {7, 0, 1, 9}, {2, 6, 3, 4}},
                     {{9, 5, 8, 10}, {7, 6, 2, 4}, {3, 10, 9, 1}, {8, 4, 7, 6}}}};
  const Tensor y2 = {{{{5, 8}, {7, 9}}, {{9, 10}, {10, 9}}}};
  NNLAB_EXPECT_ALLCLOSE(run_pool(x, {2, 2}, {2, 2}, {0, 0}, {1, 2, 2, 2}), y2, 0, 0);
  const Tensor y3 = {{{{5, 8, 8, 8}, {7, 8, 9, 9}, {7, 8, 9, 9}, {7, 7, 9, 9}},
                      {{9, 9, 10, 10}, {10, 10, 10, 10}, {10, 10, 10, 9}, {10, 10, 10, 9}}}};
  NNLAB_EXPECT_ALLCLOSE(run_pool(x, {3, 3}, {1, 1}, {1, 1}, {1, 2, 4, 4}), y3, 0, 0)
      << "  3x3, stride 1, padding 1";
}

// Odd sizes, strides 1 to 3 (different along the two axes), padding (uneven, up to half the
// window), rectangular windows, a 1x1 window, a window as wide as the padded input, and a
// bigger input (ResNet's 3x3 stride 2 pooling on 28x28), against the loop; y starts as NaN.
NNLAB_TEST(MaxPoolCuda, OddSizesStridePaddingExact, 2) {
  NNLAB_REQUIRE_GPU();
  const Geo geos[] = {
      {2, 3, 7, 9, 3, 3, 2, 2, 1, 1},  {1, 2, 5, 8, 2, 3, 1, 2, 1, 1},
      {2, 2, 6, 6, 2, 2, 2, 2, 0, 0},  {3, 5, 13, 11, 3, 2, 1, 3, 1, 0},
      {1, 1, 1, 1, 1, 1, 1, 1, 0, 0},  {2, 4, 9, 10, 5, 5, 3, 2, 2, 2},
      {4, 16, 28, 28, 3, 3, 2, 2, 1, 1}, {1, 3, 3, 7, 3, 7, 1, 1, 1, 3},
  };
  Rng rng(1201);
  for (const Geo& g : geos) {
    const Tensor x = rng.normal(g.x());
    NNLAB_EXPECT_ALLCLOSE(run_pool(x, g), max_pool_loop(x, g), 0, 0) << g.str();
  }
}

// torch.nn.functional.max_pool2d (double, stored as float) on 03.6's three configurations:
// 3x3 stride 2 padding 1 on 6x7; "ties" with values in {0, 1, 2}, 3x2 windows, stride (1, 2),
// padding 1; "rect" with 2x3 windows, stride (1, 2), padding 1.
NNLAB_TEST(MaxPoolCuda, MatchesPyTorch, 1) {
  NNLAB_REQUIRE_GPU();
  for (const std::string c : {"a", "ties", "rect"}) {
    SCOPED_TRACE("configuration " + c);
    const Labels geo = nnlab::testing::golden_labels("03_cnn", "pool_" + c + "_geometry");
    const Size2 k = {std::size_t(geo(0)), std::size_t(geo(1))};
    const Size2 s = {std::size_t(geo(2)), std::size_t(geo(3))};
    const Size2 p = {std::size_t(geo(4)), std::size_t(geo(5))};
    const Tensor y = nnlab::testing::golden("03_cnn", "pool_" + c + "_max_y");
    NNLAB_EXPECT_ALLCLOSE(run_pool(nnlab::testing::golden("03_cnn", "pool_" + c + "_x"), k, s, p,
                                   shape_of(y)),
                          y, 0, 0);
  }
}

// Ties go to the first maximum: the forward output shows it with -0 and +0, which compare
// equal. Row 0 is [-0, +0, +0, -0], row 1 all -1; 2x2 windows, stride 2:
//   window 0 = {-0, +0, -1, -1}: +0 > -0 is false, so the first, -0, stays;
//   window 1 = {+0, -0, -1, -1}: +0.
// A NaN wins wherever it stands: [1, NaN, 5 | 7, 3, NaN | NaN, 2, 3] with 1x3 windows,
// stride 3, gives NaN three times ("v > best" alone would give 5 in window 0; fmaxf, which
// drops NaN, 5, 7 and 3).
NNLAB_TEST(MaxPoolCuda, TiesAndNaN, 1) {
  NNLAB_REQUIRE_GPU();
  const Tensor z = {{{{-0.0f, 0.0f, 0.0f, -0.0f}, {-1, -1, -1, -1}}}};
  const Tensor yz = run_pool(z, {2, 2}, {2, 2}, {0, 0}, {1, 1, 1, 2});
  EXPECT_EQ(yz(0, 0, 0, 0), 0.0f);
  EXPECT_TRUE(std::signbit(yz(0, 0, 0, 0)))
      << "  window {-0, +0, -1, -1} must give the first maximum, -0";
  EXPECT_EQ(yz(0, 0, 0, 1), 0.0f);
  EXPECT_FALSE(std::signbit(yz(0, 0, 0, 1))) << "  window {+0, -0, -1, -1} must give +0";

  const Tensor x = {{{{1, kNaN, 5, 7, 3, kNaN, kNaN, 2, 3}}}};
  // Start y at 0 rather than NaN here, so that a NaN in it was written by the kernel.
  const DeviceTensor dx = gpu::to_device(x);
  DeviceTensor dy = gpu::to_device(filled({1, 1, 1, 3}, 0.0f));
  max_pool2d_cuda(dx, {1, 3}, {1, 3}, {0, 0}, dy);
  const Tensor y = gpu::to_host(dy);
  for (std::size_t j = 0; j < 3; ++j) {
    EXPECT_TRUE(std::isnan(y(0, 0, 0, j)))
        << "  window " << j << " holds a NaN but gave " << y(0, 0, 0, j);
  }
}

// The padding is -infinity, not 0: on an all-negative image, 3x3 windows with stride 2 and
// padding 1 give the maxima of the real pixels of each window,
//   x = -[[1, 2, 3], [4, 5, 6], [7, 8, 9]]: {-1, -2, -4, -5} -> -1, {-2, -3, -5, -6} -> -2,
//   {-4, -5, -7, -8} -> -4, {-5, -6, -8, -9} -> -5   (0 everywhere if the padding took part).
// And an image of -infinity stays -infinity (2x2 windows, stride 1, padding 1: 3x3 outputs).
NNLAB_TEST(MaxPoolCuda, PaddingIsMinusInfinity, 1) {
  NNLAB_REQUIRE_GPU();
  const Tensor x = {{{{-1, -2, -3}, {-4, -5, -6}, {-7, -8, -9}}}};
  NNLAB_EXPECT_ALLCLOSE(run_pool(x, {3, 3}, {2, 2}, {1, 1}, {1, 1, 2, 2}),
                        Tensor({{{{-1, -2}, {-4, -5}}}}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(run_pool(filled({1, 1, 2, 2}, -kInf), {2, 2}, {1, 1}, {1, 1},
                                 {1, 1, 3, 3}),
                        filled({1, 1, 3, 3}, -kInf), 0, 0)
      << "  an image of -inf";
}

// The kernel goes on the stream given: captured into a CUDA graph, nothing runs before the
// graph is launched (y keeps its old values); then directly on the stream.
NNLAB_TEST(MaxPoolCuda, QueuesOnTheGivenStream, 1) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1202);
  const Geo g{2, 3, 12, 10, 3, 3, 2, 2, 1, 1};
  const Tensor x = rng.normal(g.x());
  const Tensor y0 = rng.normal(g.y());
  const Tensor expected = max_pool_loop(x, g);
  const DeviceTensor dx = gpu::to_device(x);
  DeviceTensor dy = gpu::to_device(y0);
  gpu::Stream stream;  // does not synchronise with the default stream...
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());  // ...so let the copies above land first

  gpu::CapturedGraph graph(stream.get(), [&] {
    max_pool2d_cuda(dx, {g.kh, g.kw}, {g.sh, g.sw}, {g.ph, g.pw}, dy, stream.get());
  });
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(dy), y0, 0, 0)
      << "  y changed before the captured work ran: the kernel was not queued on `stream`";
  graph.launch(stream.get());
  stream.synchronize();
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(dy), expected, 0, 0) << "  replaying the graph";

  NNLAB_CUDA_CHECK(cudaMemset(dy.data(), 0xff, dy.size() * sizeof(float)));  // NaN
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());
  max_pool2d_cuda(dx, {g.kh, g.kw}, {g.sh, g.sw}, {g.ph, g.pw}, dy, stream.get());
  stream.synchronize();
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(dy), expected, 0, 0) << "  on the stream";
}

NNLAB_TEST(MaxPoolCuda, RejectsBadShapes, 1) {
  NNLAB_REQUIRE_GPU();  // allocating a DeviceTensor needs a device
  const DeviceTensor x(Shape{2, 3, 5, 5}), x3(Shape{3, 5, 5}), x1(Shape{1, 1, 1, 1});
  DeviceTensor y(Shape{2, 3, 2, 2}), y3(Shape{2, 3, 3, 3}), y1(Shape{1, 1, 1, 1});
  NNLAB_EXPECT_THROW_MSG(max_pool2d_cuda(x3, {2, 2}, {2, 2}, {0, 0}, y), ShapeError,
                         "max_pool2d_cuda", "(3, 5, 5)");
  NNLAB_EXPECT_THROW_MSG(max_pool2d_cuda(x, {0, 2}, {2, 2}, {0, 0}, y), ShapeError,
                         "max_pool2d_cuda", "(2, 3, 5, 5)");
  NNLAB_EXPECT_THROW_MSG(max_pool2d_cuda(x, {2, 2}, {2, 0}, {0, 0}, y), ShapeError,
                         "max_pool2d_cuda", "(2, 3, 5, 5)");
  // Padding 2 is more than half a 3-wide window.
  NNLAB_EXPECT_THROW_MSG(max_pool2d_cuda(x, {3, 3}, {2, 2}, {2, 0}, y), ShapeError,
                         "max_pool2d_cuda", "at most half");
  // A 4x4 window does not fit into 1x1 padded by 1 (3x3).
  NNLAB_EXPECT_THROW_MSG(max_pool2d_cuda(x1, {4, 4}, {1, 1}, {1, 1}, y1), ShapeError,
                         "max_pool2d_cuda", "(1, 1, 1, 1)", "does not fit");
  // 2x2 windows with stride 2 on 5x5 give 2x2 outputs: y must be (2, 3, 2, 2).
  NNLAB_EXPECT_THROW_MSG(max_pool2d_cuda(x, {2, 2}, {2, 2}, {0, 0}, y3), ShapeError,
                         "max_pool2d_cuda", "(2, 3, 3, 3)", "(2, 3, 2, 2)");
}

}  // namespace
}  // namespace nnlab::cnn
