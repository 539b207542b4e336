// Graded tests of exercise 03.5: im2col, col2im, conv2d_forward and conv2d_backward.
#include "nnlab/cnn/conv2d.hpp"

#include <string>

#include <xtensor/xview.hpp>

#include "nnlab/testing.hpp"

namespace nnlab::cnn {
namespace {

Tensor gold(const std::string& name) { return nnlab::testing::golden("03_cnn", name); }

const Tensor kImage = {{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}};  // (C = 1, 3, 3)

// Kernel 2x2, stride 1, no padding: H' = W' = 2, so 4 columns, one per window (i, j) in
// row-major order; row (a, b) holds x[i + a, j + b]:
//   (0, 0): [0, 1, 3, 4]   (0, 1): [1, 2, 4, 5]   (1, 0): [3, 4, 6, 7]   (1, 1): [4, 5, 7, 8]
// Padding 1, stride 2: H' = (3 + 2 - 2) / 2 + 1 = 2; the 5x5 padded image has x in rows and
// columns 1..3, and row (a, b) holds padded[2i + a, 2j + b]:
//   (0, 0): [0, 0, 0, 4]   (0, 1): [0, 0, 3, 5]   (1, 0): [0, 1, 0, 7]   (1, 1): [0, 2, 6, 8]
NNLAB_TEST(Conv2dIm2col, HandComputed, 2) {
  NNLAB_EXPECT_ALLCLOSE(im2col(kImage, {2, 2}, {1, 1}, {0, 0}),
                        Tensor({{0, 1, 3, 4}, {1, 2, 4, 5}, {3, 4, 6, 7}, {4, 5, 7, 8}}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(im2col(kImage, {2, 2}, {2, 2}, {1, 1}),
                        Tensor({{0, 0, 0, 4}, {0, 0, 3, 5}, {0, 1, 0, 7}, {0, 2, 6, 8}}), 0, 0);
  // col2im of all ones counts how many windows cover each pixel: 1 at the corners, 2 on the
  // edges, 4 in the centre (stride 1, no padding).
  NNLAB_EXPECT_ALLCLOSE(col2im(xt::ones<float>({4, 4}), {1, 3, 3}, {2, 2}, {1, 1}, {0, 0}),
                        Tensor({{{1, 2, 1}, {2, 4, 2}, {1, 2, 1}}}), 0, 0);
}

// torch.nn.functional.unfold is im2col and fold is col2im (same row order c, a, b), here on a
// (2, 7, 6) image with kernel 3x2, stride (2, 1), padding (1, 1). Both only copy or add up to
// 6 values: 1e-6. And col2im is the adjoint of im2col: <im2col(x), c> = <x, col2im(c)>.
NNLAB_TEST(Conv2dIm2col, MatchesPyTorchAndIsAdjoint, 1) {
  const Size2 k = {3, 2}, s = {2, 1}, p = {1, 1};
  NNLAB_EXPECT_ALLCLOSE(im2col(gold("im2col_x"), k, s, p), gold("im2col_col"), 1e-6, 0);
  NNLAB_EXPECT_ALLCLOSE(col2im(gold("im2col_dcol"), {2, 7, 6}, k, s, p), gold("im2col_dx"), 1e-6,
                        1e-6);
  Rng rng(305);
  const Tensor x = rng.normal(Shape{3, 5, 6});
  const Tensor col = im2col(x, {2, 3}, {1, 2}, {1, 1});
  ASSERT_EQ(shape_of(col), Shape({3 * 2 * 3, 6 * 3}));  // H' = 6, W' = 3
  const Tensor c = rng.normal(shape_of(col));
  const Tensor back = col2im(c, {3, 5, 6}, {2, 3}, {1, 2}, {1, 1});
  // Two sums of 324 products in double from float inputs: equal to ~1e-5 relative.
  EXPECT_NEAR(nnlab::testing::dot(col, c), nnlab::testing::dot(x, back), 1e-4);
}

// D2L §7.4's two-channel x and kernel (03.3) as image 0, bias 1; image 1 is all zeros:
//   y[0, 0] = [[56, 72], [104, 120]] + 1 = [[57, 73], [105, 121]]; y[1, 0] = bias = 1 everywhere.
NNLAB_TEST(Conv2d, ForwardHandComputed, 1) {
  Tensor x = xt::zeros<float>({2, 2, 3, 3});
  xt::view(x, 0) = Tensor({{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}, {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}});
  const Tensor w = {{{{0, 1}, {2, 3}}, {{1, 2}, {3, 4}}}};  // (1, 2, 2, 2)
  const Tensor y = {{{{57, 73}, {105, 121}}}, {{{1, 1}, {1, 1}}}};
  NNLAB_EXPECT_ALLCLOSE(conv2d_forward(x, w, Tensor({1})), y, 0, 0);

  // A kernel wider than the image, reaching into the padding on both sides: x (1, 1, 3, 1) =
  // [1, 2, 3] down one column, w = ones (1, 1, 3, 5), padding (1, 2): H' = 3 + 2 - 3 + 1 = 3,
  // W' = 1 + 4 - 5 + 1 = 1; each window holds only column 0, rows i-1..i+1 of the padded
  // image: y = [0+1+2, 1+2+3, 2+3+0] = [3, 6, 5].
  Tensor column = Tensor::from_shape({1, 1, 3, 1});
  column.flat(0) = 1, column.flat(1) = 2, column.flat(2) = 3;
  Tensor expected = Tensor::from_shape({1, 1, 3, 1});
  expected.flat(0) = 3, expected.flat(1) = 6, expected.flat(2) = 5;
  NNLAB_EXPECT_ALLCLOSE(conv2d_forward(column, xt::ones<float>({1, 1, 3, 5}), Tensor({0}),
                                       {1, 1}, {1, 2}),
                        expected, 0, 0);
}

// Same x and w, dy = ones (2, 1, 2, 2):
//   dbias = 8 (every output); dweight = window sums of image 0 (image 1 is zeros):
//   [[8, 12], [20, 24]] and [[12, 16], [24, 28]] (as in 03.3);
//   dx does not depend on x: both images get 03.3's [[0, 1, 1], [2, 6, 4], [2, 5, 3]] and
//   [[1, 3, 2], [4, 10, 6], [3, 7, 4]].
NNLAB_TEST(Conv2d, BackwardHandComputed, 2) {
  Tensor x = xt::zeros<float>({2, 2, 3, 3});
  xt::view(x, 0) = Tensor({{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}, {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}});
  const Tensor w = {{{{0, 1}, {2, 3}}, {{1, 2}, {3, 4}}}};
  const Conv2dGrads g = conv2d_backward(xt::ones<float>({2, 1, 2, 2}), x, w);
  NNLAB_EXPECT_ALLCLOSE(g.dbias, Tensor({8}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(g.dweight, Tensor({{{{8, 12}, {20, 24}}, {{12, 16}, {24, 28}}}}), 0, 0);
  const Tensor dx1 = {{{0, 1, 1}, {2, 6, 4}, {2, 5, 3}}, {{1, 3, 2}, {4, 10, 6}, {3, 7, 4}}};
  NNLAB_EXPECT_ALLCLOSE(Tensor(xt::view(g.dx, 0)), dx1, 0, 0);
  NNLAB_EXPECT_ALLCLOSE(Tensor(xt::view(g.dx, 1)), dx1, 0, 0);
}

// L = <conv2d_forward(x, W, b), g> with stride (2, 1), padding (1, 1) and a 3x2 kernel.
NNLAB_TEST(Conv2d, BackwardMatchesFiniteDifferences, 2) {
  Rng rng(306);
  const Size2 s = {2, 1}, p = {1, 1};
  const Tensor x = rng.normal(Shape{2, 2, 5, 4});
  const Tensor w = rng.normal(Shape{3, 2, 3, 2});
  const Tensor b = rng.normal(Shape{3});
  // H' = (5 + 2 - 3) / 2 + 1 = 3, W' = (4 + 2 - 2) / 1 + 1 = 5
  const Tensor g = rng.normal(Shape{2, 3, 3, 5});
  const Conv2dGrads grads = conv2d_backward(g, x, w, s, p);
  // Linear in each argument; float rounding of the forward (90 outputs, sums of 12 products)
  // over 2h = 0.02: ~1e-3 at most.
  auto L = [&](const Tensor& xx, const Tensor& ww, const Tensor& bb) {
    return nnlab::testing::dot(conv2d_forward(xx, ww, bb, s, p), g);
  };
  EXPECT_TRUE(nnlab::testing::gradcheck([&](const Tensor& t) { return L(t, w, b); }, x, grads.dx,
                                        2e-3, 2e-3));
  EXPECT_TRUE(nnlab::testing::gradcheck([&](const Tensor& t) { return L(x, t, b); }, w,
                                        grads.dweight, 2e-3, 2e-3));
  EXPECT_TRUE(nnlab::testing::gradcheck([&](const Tensor& t) { return L(x, w, t); }, b,
                                        grads.dbias, 2e-3, 2e-3));
}

// torch.nn.functional.conv2d and its autograd gradients (double) on five configurations:
// 3x3 kernel; stride 2 with padding 1; a 2x3 kernel with stride (2, 1), padding (1, 0) on 6x5;
// a 5x4 kernel with stride 3, padding 2 on 8x9; a 1x1 kernel.
NNLAB_TEST(Conv2d, MatchesPyTorch, 3) {
  for (const std::string c : {"basic", "stride2_pad1", "rect", "big_pad", "one_by_one"}) {
    SCOPED_TRACE("configuration " + c);
    auto cfg = [&](const std::string& name) { return gold("conv2d_" + c + "_" + name); };
    const Labels geo = nnlab::testing::golden_labels("03_cnn", "conv2d_" + c + "_geometry");
    const Size2 s = {std::size_t(geo(0)), std::size_t(geo(1))};
    const Size2 p = {std::size_t(geo(2)), std::size_t(geo(3))};
    // Float sums of at most 40 products (dweight: 24) of N(0, 1) values, |y| up to ~14:
    // rounding a few 1e-6 absolute (the reference is off by at most 2e-6).
    NNLAB_EXPECT_ALLCLOSE(conv2d_forward(cfg("x"), cfg("weight"), cfg("bias"), s, p), cfg("y"),
                          1e-5, 1e-5);
    const Conv2dGrads g = conv2d_backward(cfg("dy"), cfg("x"), cfg("weight"), s, p);
    NNLAB_EXPECT_ALLCLOSE(g.dx, cfg("dx"), 1e-5, 1e-5);
    NNLAB_EXPECT_ALLCLOSE(g.dweight, cfg("dweight"), 1e-5, 1e-5);
    NNLAB_EXPECT_ALLCLOSE(g.dbias, cfg("dbias"), 1e-5, 1e-5);
  }
}

NNLAB_TEST(Conv2d, RejectsBadShapes, 1) {
  const Tensor x = xt::zeros<float>({2, 3, 5, 5});
  const Tensor w = xt::zeros<float>({4, 3, 3, 3});
  const Tensor b = xt::zeros<float>({4});
  NNLAB_EXPECT_THROW_MSG(conv2d_forward(x, Tensor(xt::zeros<float>({4, 2, 3, 3})), b),
                         ShapeError, "conv2d_forward", "(2, 3, 5, 5)", "(4, 2, 3, 3)",
                         "3 channels");
  NNLAB_EXPECT_THROW_MSG(conv2d_forward(x, w, Tensor(xt::zeros<float>({3}))), ShapeError,
                         "conv2d_forward", "(3)");
  NNLAB_EXPECT_THROW_MSG(conv2d_forward(Tensor(xt::zeros<float>({3, 5, 5})), w, b), ShapeError,
                         "conv2d_forward", "(3, 5, 5)");
  // A 7x7 kernel on 5x5 with padding 0 does not fit; stride 0 is meaningless.
  NNLAB_EXPECT_THROW_MSG(conv2d_forward(x, Tensor(xt::zeros<float>({4, 3, 7, 7})), b),
                         ShapeError, "conv2d_forward", "(2, 3, 5, 5)");
  NNLAB_EXPECT_THROW_MSG(conv2d_forward(x, w, b, {0, 1}), ShapeError, "conv2d_forward");
  // dy must be (2, 4, 3, 3).
  NNLAB_EXPECT_THROW_MSG(conv2d_backward(Tensor(xt::zeros<float>({2, 4, 5, 5})), x, w),
                         ShapeError, "conv2d_backward", "(2, 4, 5, 5)");
  NNLAB_EXPECT_THROW_MSG(im2col(Tensor(xt::zeros<float>({5, 5})), {3, 3}, {1, 1}, {0, 0}),
                         ShapeError, "im2col", "(5, 5)");
  NNLAB_EXPECT_THROW_MSG(col2im(Tensor(xt::zeros<float>({9, 4})), {1, 5, 5}, {3, 3}, {1, 1},
                                {0, 0}),
                         ShapeError, "col2im", "(9, 4)");
}

}  // namespace
}  // namespace nnlab::cnn
