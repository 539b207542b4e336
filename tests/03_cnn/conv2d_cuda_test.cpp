// Graded tests of exercise 03.11: im2col_cuda and conv2d_forward_cuda. They need a GPU and
// skip without one.
//
// The expected values never come from a convolution of ours (in the exercise variant the CPU
// conv2d_forward is the student's 03.5): they are computed by hand, by the plain loops below
// (in double), or by PyTorch (tests/03_cnn/golden, from tools/golden/03_cnn.py).
//
// Most inputs are eighths (multiples of 1/8 in [-2, 2]). Their products are multiples of 1/64
// of size <= 4, so for K = C_in kh kw < 65536 every partial sum of a convolution is a multiple
// of 1/64 below 2^18: exact in float, whatever the order of summation (and with or without
// FMA). Those tests compare with tolerance 0, so any missing, doubled or misplaced product
// shows. im2col only copies, so it is always compared exactly.
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "nnlab/cnn/cuda.hpp"
#include "nnlab/gpu/graph.hpp"
#include "nnlab/testing.hpp"

#include "conv_reference.hpp"

namespace nnlab::cnn {
namespace {

using nnlab::testing::eighths;
using nnlab::testing::filled;

using gpu::DeviceTensor;
using test::conv_loop;
using test::ConvReference;
using test::Geo;
using test::padded;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

Tensor gold(const std::string& name) { return nnlab::testing::golden("03_cnn", name); }

// The batched im2col, straight from its definition:
// col[(c kh + a) kw + b][(n H' + i) W' + j] = padded x[n, c, i sh + a, j sw + b].
Tensor im2col_loop(const Tensor& x, const Geo& g) {
  const std::size_t oh = g.oh(), ow = g.ow();
  Tensor col = Tensor::from_shape({g.C * g.kh * g.kw, g.N * oh * ow});
  for (std::size_t c = 0; c < g.C; ++c)
    for (std::size_t a = 0; a < g.kh; ++a)
      for (std::size_t b = 0; b < g.kw; ++b)
        for (std::size_t n = 0; n < g.N; ++n)
          for (std::size_t i = 0; i < oh; ++i)
            for (std::size_t j = 0; j < ow; ++j)
              col((c * g.kh + a) * g.kw + b, (n * oh + i) * ow + j) =
                  float(padded(x, g, n, c, i * g.sh + a, j * g.sw + b));
  return col;
}

// im2col_cuda on the default stream, with col starting as NaN (so that any element left
// unwritten shows); returns col.
Tensor run_im2col(const Tensor& x, Size2 kernel, Size2 stride, Size2 padding,
                  const Shape& col_shape) {
  const DeviceTensor dx = gpu::to_device(x);
  DeviceTensor dcol = gpu::to_device(filled(col_shape, kNaN));
  im2col_cuda(dx, kernel, stride, padding, dcol);
  return gpu::to_host(dcol);  // a copy on the default stream waits for the kernel
}

// conv2d_forward_cuda on the default stream, with y starting as NaN; returns y.
Tensor run_conv(const Tensor& x, const Tensor& w, const Tensor& b, Size2 stride, Size2 padding,
                const Shape& y_shape) {
  const DeviceTensor dx = gpu::to_device(x);
  const DeviceTensor dw = gpu::to_device(w);
  const DeviceTensor db = gpu::to_device(b);
  DeviceTensor dy = gpu::to_device(filled(y_shape, kNaN));
  conv2d_forward_cuda(dx, dw, db, stride, padding, dy);
  return gpu::to_host(dy);
}

// Geometries with odd sizes, strides 1 to 3 (different along the two axes), padding (also
// uneven), rectangular kernels, a 1x1 kernel, one channel, one image, a window as large as the
// padded input, and a bigger layer with many windows per thread block.
const Geo kGeos[] = {
    {2, 3, 7, 5, 4, 3, 3, 1, 1, 1, 1},     {2, 2, 7, 6, 3, 3, 3, 2, 2, 1, 1},
    {1, 3, 6, 5, 2, 2, 3, 2, 1, 1, 0},     {2, 2, 8, 9, 2, 5, 4, 3, 3, 2, 2},
    {3, 4, 3, 4, 5, 1, 1, 1, 1, 0, 0},     {1, 1, 9, 11, 1, 3, 2, 1, 2, 0, 1},
    {2, 3, 4, 3, 2, 6, 5, 1, 1, 1, 1},     {3, 16, 15, 13, 33, 3, 3, 2, 2, 1, 1},
    {5, 7, 11, 10, 9, 3, 3, 1, 1, 1, 1},
};

// ---- im2col ------------------------------------------------------------------------------------

// Image 0 is 03.5's [[0, 1, 2], [3, 4, 5], [6, 7, 8]], image 1 the same plus 10. Kernel 2x2,
// stride 1, no padding: H' = W' = 2, 4 columns per image, image 0's first; row (a, b) holds
// x[n, i + a, j + b]:
//   (0, 0): [0, 1, 3, 4 | 10, 11, 13, 14]   (0, 1): [1, 2, 4, 5 | 11, 12, 14, 15]
//   (1, 0): [3, 4, 6, 7 | 13, 14, 16, 17]   (1, 1): [4, 5, 7, 8 | 14, 15, 17, 18]
// Padding 1, stride 2: H' = (3 + 2 - 2) / 2 + 1 = 2; row (a, b) holds padded[2i + a, 2j + b]
// of the 5x5 padded image (x in rows and columns 1 to 3); padding stays 0 in image 1:
//   (0, 0): [0, 0, 0, 4 | 0, 0, 0, 14]      (0, 1): [0, 0, 3, 5 | 0, 0, 13, 15]
//   (1, 0): [0, 1, 0, 7 | 0, 11, 0, 17]     (1, 1): [0, 2, 6, 8 | 10, 12, 16, 18]
NNLAB_TEST(Im2colCuda, HandComputed, 1) {
  NNLAB_REQUIRE_GPU();
  const Tensor x = {{{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}},
                    {{{10, 11, 12}, {13, 14, 15}, {16, 17, 18}}}};
  const Tensor plain = {{0, 1, 3, 4, 10, 11, 13, 14},
                        {1, 2, 4, 5, 11, 12, 14, 15},
                        {3, 4, 6, 7, 13, 14, 16, 17},
                        {4, 5, 7, 8, 14, 15, 17, 18}};
  NNLAB_EXPECT_ALLCLOSE(run_im2col(x, {2, 2}, {1, 1}, {0, 0}, {4, 8}), plain, 0, 0);
  const Tensor padded2 = {{0, 0, 0, 4, 0, 0, 0, 14},
                          {0, 0, 3, 5, 0, 0, 13, 15},
                          {0, 1, 0, 7, 0, 11, 0, 17},
                          {0, 2, 6, 8, 10, 12, 16, 18}};
  NNLAB_EXPECT_ALLCLOSE(run_im2col(x, {2, 2}, {2, 2}, {1, 1}, {4, 8}), padded2, 0, 0)
      << "  stride 2, padding 1";
}

// Every geometry of kGeos against the loop: exact (a copy), every element written (col starts
// as NaN).
NNLAB_TEST(Im2colCuda, OddSizesStridePaddingExact, 1) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1101);
  for (const Geo& g : kGeos) {
    const Tensor x = eighths(rng, g.x());
    const Tensor expected = im2col_loop(x, g);
    NNLAB_EXPECT_ALLCLOSE(run_im2col(x, g.kernel(), g.stride(), g.padding(),
                                     shape_of(expected)),
                          expected, 0, 0)
        << g.str();
  }
}

// torch.nn.functional.unfold is im2col (rows in the same order c, a, b); with one image the
// batched matrix is unfold's. A (2, 7, 6) image, kernel 3x2, stride (2, 1), padding (1, 1):
// H' = 4, W' = 7. A copy: exact.
NNLAB_TEST(Im2colCuda, MatchesPyTorch, 1) {
  NNLAB_REQUIRE_GPU();
  Tensor x = gold("im2col_x");
  x.reshape({1, 2, 7, 6});
  const Tensor col = gold("im2col_col");
  NNLAB_EXPECT_ALLCLOSE(run_im2col(x, {3, 2}, {2, 1}, {1, 1}, shape_of(col)), col, 0, 0);
}

// ---- the convolution -------------------------------------------------------------------------

// D2L §7.4's two-channel x and kernel (as in 03.5's tests) as image 0, bias 1; image 1 is zeros:
//   y[0, 0] = [[56, 72], [104, 120]] + 1 = [[57, 73], [105, 121]];  y[1, 0] = 1 everywhere.
// Small integers: exact in any order.
NNLAB_TEST(Conv2dCuda, ForwardHandComputed, 1) {
  NNLAB_REQUIRE_GPU();
  const Tensor x = {{{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}, {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}},
                    {{{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}, {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}}};
  const Tensor w = {{{{0, 1}, {2, 3}}, {{1, 2}, {3, 4}}}};  // (1, 2, 2, 2)
  const Tensor y = {{{{57, 73}, {105, 121}}}, {{{1, 1}, {1, 1}}}};
  NNLAB_EXPECT_ALLCLOSE(run_conv(x, w, Tensor({1}), {1, 1}, {0, 0}, {2, 1, 2, 2}), y, 0, 0);
}

// Every geometry of kGeos against the loop, eighths: exact, every element written (y starts
// as NaN). A wrong layout of col, of the GEMM's output or of y, a missing bias, a window off
// by one or a wrong stride shows here.
NNLAB_TEST(Conv2dCuda, OddSizesStridePaddingExact, 2) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1102);
  for (const Geo& g : kGeos) {
    const Tensor x = eighths(rng, g.x());
    const Tensor w = eighths(rng, g.w());
    const Tensor b = eighths(rng, {g.C_out});
    NNLAB_EXPECT_ALLCLOSE(run_conv(x, w, b, g.stride(), g.padding(), g.y()),
                          conv_loop(x, w, b, g).y, 0, 0)
        << g.str();
  }
}

// torch.nn.functional.conv2d with bias (computed in double, stored as float) on 03.5's five
// configurations: 3x3; stride 2 with padding 1; a 2x3 kernel with stride (2, 1), padding
// (1, 0) on 6x5; a 5x4 kernel with stride 3, padding 2 on 8x9; 1x1. Float sums of at most 40
// products of N(0, 1) values, |y| up to ~14: rounding a few 1e-6, tolerance 1e-5 + 1e-5 |y|.
NNLAB_TEST(Conv2dCuda, MatchesPyTorch, 1) {
  NNLAB_REQUIRE_GPU();
  for (const std::string c : {"basic", "stride2_pad1", "rect", "big_pad", "one_by_one"}) {
    SCOPED_TRACE("configuration " + c);
    auto cfg = [&](const std::string& name) { return gold("conv2d_" + c + "_" + name); };
    const Labels geo = nnlab::testing::golden_labels("03_cnn", "conv2d_" + c + "_geometry");
    const Size2 s = {std::size_t(geo(0)), std::size_t(geo(1))};
    const Size2 p = {std::size_t(geo(2)), std::size_t(geo(3))};
    const Tensor y = cfg("y");
    NNLAB_EXPECT_ALLCLOSE(run_conv(cfg("x"), cfg("weight"), cfg("bias"), s, p, shape_of(y)), y,
                          1e-5, 1e-5);
  }
}

// General floats, uniform in [-1, 1), K = 24 * 9 = 216. Any order of summation with float
// roundings (u = 2^-24) stays within gamma_n S of the exact value, gamma_n = n u / (1 - n u),
// n = K + 2 roundings on the longest path (K - 1 additions, a product, the bias) and
// S = |b_o| + sum |W x| (Higham, Accuracy and Stability of Numerical Algorithms, §3.1). Here
// S is about 55 (at most 217), so the bound is ~1e-3; one missing product costs ~0.25 on
// average.
NNLAB_TEST(Conv2dCuda, RandomFloatsWithinRoundingBound, 1) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1103);
  const Geo g{3, 24, 17, 19, 40, 3, 3, 1, 1, 1, 1};
  const Tensor x = rng.uniform(g.x(), -1.0f, 1.0f);
  const Tensor w = rng.uniform(g.w(), -1.0f, 1.0f);
  const Tensor b = rng.uniform({g.C_out}, -1.0f, 1.0f);
  const ConvReference r = conv_loop(x, w, b, g);
  const double u = std::ldexp(1.0, -24), n = double(g.C * g.kh * g.kw + 2);
  const double atol = n * u / (1.0 - n * u) * r.bound;
  NNLAB_EXPECT_ALLCLOSE(run_conv(x, w, b, g.stride(), g.padding(), g.y()), r.y, atol, 0.0)
      << g.str();
}

// The work goes on the stream given: captured into a CUDA graph, nothing runs before the graph
// is launched (y keeps its old values); then directly on the stream. A first call with the
// same shapes comes before the capture: it sizes the scratch tensors (allocating is no stream
// work and cannot be captured).
NNLAB_TEST(Conv2dCuda, QueuesOnTheGivenStream, 1) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1104);
  const Geo g{2, 5, 9, 8, 6, 3, 3, 2, 1, 1, 1};
  const Tensor x = eighths(rng, g.x());
  const Tensor w = eighths(rng, g.w());
  const Tensor b = eighths(rng, {g.C_out});
  const Tensor expected = conv_loop(x, w, b, g).y;
  const Tensor y0 = eighths(rng, g.y());
  const DeviceTensor dx = gpu::to_device(x);
  const DeviceTensor dw = gpu::to_device(w);
  const DeviceTensor db = gpu::to_device(b);
  DeviceTensor dy = gpu::to_device(y0);
  gpu::Stream stream;  // does not synchronise with the default stream
  conv2d_forward_cuda(dx, dw, db, g.stride(), g.padding(), dy, stream.get());  // warm-up
  stream.synchronize();
  NNLAB_CUDA_CHECK(cudaMemcpy(dy.data(), y0.data(), y0.size() * sizeof(float),
                              cudaMemcpyHostToDevice));  // y back to y0
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());

  gpu::CapturedGraph graph(stream.get(), [&] {
    conv2d_forward_cuda(dx, dw, db, g.stride(), g.padding(), dy, stream.get());
  });
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(dy), y0, 0, 0)
      << "  y changed before the captured work ran: some of it was not queued on `stream`";
  graph.launch(stream.get());
  stream.synchronize();
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(dy), expected, 0, 0) << "  replaying the graph";

  NNLAB_CUDA_CHECK(cudaMemset(dy.data(), 0xff, dy.size() * sizeof(float)));  // NaN
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());
  conv2d_forward_cuda(dx, dw, db, g.stride(), g.padding(), dy, stream.get());
  stream.synchronize();
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(dy), expected, 0, 0) << "  on the stream";
}

NNLAB_TEST(Conv2dCuda, RejectsBadShapes, 1) {
  NNLAB_REQUIRE_GPU();  // allocating a DeviceTensor needs a device
  const DeviceTensor x(Shape{2, 3, 5, 5}), x3(Shape{3, 5, 5});
  const DeviceTensor w(Shape{4, 3, 3, 3}), w2(Shape{4, 2, 3, 3}), w7(Shape{4, 3, 7, 7});
  const DeviceTensor b(Shape{4}), b3(Shape{3});
  DeviceTensor y(Shape{2, 4, 3, 3}), y5(Shape{2, 4, 5, 5});
  const Size2 s1 = {1, 1}, p0 = {0, 0};
  NNLAB_EXPECT_THROW_MSG(conv2d_forward_cuda(x3, w, b, s1, p0, y), ShapeError,
                         "conv2d_forward_cuda", "(3, 5, 5)");
  NNLAB_EXPECT_THROW_MSG(conv2d_forward_cuda(x, w2, b, s1, p0, y), ShapeError,
                         "conv2d_forward_cuda", "(2, 3, 5, 5)", "(4, 2, 3, 3)", "3 channels");
  NNLAB_EXPECT_THROW_MSG(conv2d_forward_cuda(x, w, b3, s1, p0, y), ShapeError,
                         "conv2d_forward_cuda", "(3)");
  // Without padding the 3x3 kernel gives 3x3 outputs, so y must be (2, 4, 3, 3).
  NNLAB_EXPECT_THROW_MSG(conv2d_forward_cuda(x, w, b, s1, p0, y5), ShapeError,
                         "conv2d_forward_cuda", "(2, 4, 5, 5)", "(2, 4, 3, 3)");
  NNLAB_EXPECT_THROW_MSG(conv2d_forward_cuda(x, w, b, {0, 1}, p0, y), ShapeError,
                         "conv2d_forward_cuda");
  NNLAB_EXPECT_THROW_MSG(conv2d_forward_cuda(x, w7, b, s1, p0, y), ShapeError,
                         "conv2d_forward_cuda", "(2, 3, 5, 5)", "does not fit");
  // im2col: x must be 4-D; col must be (C kh kw, N H' W') = (27, 18).
  DeviceTensor col(Shape{27, 18}), col_bad(Shape{27, 9});
  NNLAB_EXPECT_THROW_MSG(im2col_cuda(x3, {3, 3}, s1, p0, col), ShapeError, "im2col_cuda",
                         "(3, 5, 5)");
  NNLAB_EXPECT_THROW_MSG(im2col_cuda(x, {3, 3}, s1, p0, col_bad), ShapeError, "im2col_cuda",
                         "(27, 9)", "(27, 18)");
}

}  // namespace
}  // namespace nnlab::cnn
