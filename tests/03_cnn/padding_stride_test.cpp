// Graded tests of exercise 03.2, conv_output_size, corr2d_strided and its backward.
#include "nnlab/cnn/padding_stride.hpp"

#include <string>

#include "nnlab/testing.hpp"

namespace nnlab::cnn {
namespace {

Tensor gold(const std::string& name) {
  return nnlab::testing::golden("03_cnn", "padding_stride_" + name);
}
Size2 stride_of(const Labels& g) { return {std::size_t(g(0)), std::size_t(g(1))}; }
Size2 padding_of(const Labels& g) { return {std::size_t(g(2)), std::size_t(g(3))}; }

// floor((in + 2p - k) / s) + 1:
//   5, k 3:          (5 - 3) / 1 + 1 = 3       5, k 3, p 1:     (5 + 2 - 3) / 1 + 1 = 5
//   8, k 3, p 1, s 2: (8 + 2 - 3) / 2 + 1 = 3 + 1 = 4 (D2L's 8x8 -> 4x4)
//   7, k 3, p 1, s 2: (7 + 2 - 3) / 2 + 1 = 4  6, k 2, s 2: 4 / 2 + 1 = 3
//   3, k 5, p 1:     (3 + 2 - 5) / 1 + 1 = 1 (the window exactly fits the padded input)
NNLAB_TEST(PaddingStride, OutputSizeHandComputed, 2) {
  EXPECT_EQ(conv_output_size(5, 3, 0, 1), 3u);
  EXPECT_EQ(conv_output_size(5, 3, 1, 1), 5u);
  EXPECT_EQ(conv_output_size(8, 3, 1, 2), 4u);
  EXPECT_EQ(conv_output_size(7, 3, 1, 2), 4u);
  EXPECT_EQ(conv_output_size(6, 2, 0, 2), 3u);
  EXPECT_EQ(conv_output_size(3, 5, 1, 1), 1u);
}

// x = 0..8 as (3, 3), k = [[0, 1], [2, 3]], padding 1, stride 2: output (3 + 2 - 2) / 2 + 1 = 2.
// The padded image is 5x5 with x in rows/columns 1..3; window (i, j) starts at (2i, 2j):
//   (0, 0): [[0, 0], [0, 0]]  -> 0            (0, 1): [[0, 0], [1, 2]] -> 1*2 + 2*3 = 8
//   (1, 0): [[0, 3], [0, 6]]  -> 3*1 + 6*3 = 21  (1, 1): [[4, 5], [7, 8]] -> 5 + 14 + 24 = 43
// Backward with dy = ones: the four windows tile padded rows/columns 0..3 without overlap, so
//   dk[a, b] = sum of the padded values at (2i + a, 2j + b): [[0+0+0+4, 0+0+3+5], [0+1+0+7,
//   0+2+6+8]] = [[4, 8], [8, 16]];
//   dx[r, c] = k[(r + 1) % 2, (c + 1) % 2]: [[3, 2, 3], [1, 0, 1], [3, 2, 3]].
NNLAB_TEST(PaddingStride, CorrHandComputed, 2) {
  const Tensor x = {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}};
  const Tensor k = {{0, 1}, {2, 3}};
  // Small integers: exact in float.
  NNLAB_EXPECT_ALLCLOSE(corr2d_strided(x, k, {2, 2}, {1, 1}), Tensor({{0, 8}, {21, 43}}), 0, 0);
  const Corr2dGrads g = corr2d_strided_backward(xt::ones<float>({2, 2}), x, k, {2, 2}, {1, 1});
  NNLAB_EXPECT_ALLCLOSE(g.dk, Tensor({{4, 8}, {8, 16}}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(g.dx, Tensor({{3, 2, 3}, {1, 0, 1}, {3, 2, 3}}), 0, 0);
}

// L = <corr2d_strided(x, k), g> with a different stride and padding per axis.
NNLAB_TEST(PaddingStride, BackwardMatchesFiniteDifferences, 2) {
  Rng rng(302);
  const Size2 stride = {2, 1}, padding = {1, 2};
  const Tensor x = rng.normal(Shape{6, 5});
  const Tensor k = rng.normal(Shape{3, 2});
  // H' = (6 + 2 - 3) / 2 + 1 = 3, W' = (5 + 4 - 2) / 1 + 1 = 8
  const Tensor g = rng.normal(Shape{3, 8});
  const Corr2dGrads grads = corr2d_strided_backward(g, x, k, stride, padding);
  // Linear in each argument; float rounding of the forward over 2h = 0.02: ~5e-4.
  auto L = [&](const Tensor& xx, const Tensor& kk) {
    return nnlab::testing::dot(corr2d_strided(xx, kk, stride, padding), g);
  };
  EXPECT_TRUE(nnlab::testing::gradcheck([&](const Tensor& t) { return L(t, k); }, x, grads.dx,
                                        2e-3, 2e-3));
  EXPECT_TRUE(nnlab::testing::gradcheck([&](const Tensor& t) { return L(x, t); }, k, grads.dk,
                                        2e-3, 2e-3));
}

NNLAB_TEST(PaddingStride, MatchesPyTorch, 2) {
  // Rows (in, kernel, pad, stride, out), out read off torch's conv2d output shape.
  const Labels rows = nnlab::testing::golden_labels("03_cnn", "padding_stride_sizes");
  for (std::size_t r = 0; r < rows.shape(0); ++r) {
    EXPECT_EQ(conv_output_size(std::size_t(rows(r, 0)), std::size_t(rows(r, 1)),
                               std::size_t(rows(r, 2)), std::size_t(rows(r, 3))),
              std::size_t(rows(r, 4)))
        << "in " << rows(r, 0) << ", kernel " << rows(r, 1) << ", pad " << rows(r, 2)
        << ", stride " << rows(r, 3);
  }
  for (const std::string c : {"a_", "b_"}) {
    SCOPED_TRACE("configuration " + c);
    const Labels geo = nnlab::testing::golden_labels("03_cnn", "padding_stride_" + c + "geometry");
    const Size2 s = stride_of(geo), p = padding_of(geo);
    // torch conv2d in double; ours sums at most 9 float products: ~1e-6.
    NNLAB_EXPECT_ALLCLOSE(corr2d_strided(gold(c + "x"), gold(c + "k"), s, p), gold(c + "y"), 1e-5,
                          1e-5);
    const Corr2dGrads g =
        corr2d_strided_backward(gold(c + "dy"), gold(c + "x"), gold(c + "k"), s, p);
    NNLAB_EXPECT_ALLCLOSE(g.dx, gold(c + "dx"), 1e-5, 1e-5);
    NNLAB_EXPECT_ALLCLOSE(g.dk, gold(c + "dk"), 1e-5, 1e-5);
  }
}

NNLAB_TEST(PaddingStride, RejectsBadInput, 2) {
  // 2 + 2*1 < 5: the window does not fit; a kernel or stride of 0 is meaningless.
  NNLAB_EXPECT_THROW_MSG(conv_output_size(2, 5, 1, 1), ShapeError, "conv_output_size", "5");
  NNLAB_EXPECT_THROW_MSG(conv_output_size(5, 3, 0, 0), ShapeError, "conv_output_size");
  NNLAB_EXPECT_THROW_MSG(conv_output_size(5, 0, 0, 1), ShapeError, "conv_output_size");
  const Tensor x = xt::zeros<float>({2, 2});
  NNLAB_EXPECT_THROW_MSG(corr2d_strided(x, Tensor(xt::zeros<float>({5, 1})), {1, 1}, {1, 0}),
                         ShapeError, "corr2d_strided", "(2, 2)", "(5, 1)");
  NNLAB_EXPECT_THROW_MSG(corr2d_strided(x, Tensor(xt::zeros<float>({1, 1})), {0, 1}, {0, 0}),
                         ShapeError, "corr2d_strided");
  NNLAB_EXPECT_THROW_MSG(corr2d_strided_backward(Tensor(xt::zeros<float>({3, 3})), x,
                                                 Tensor(xt::zeros<float>({1, 1})), {1, 1}, {0, 0}),
                         ShapeError, "corr2d_strided_backward", "(3, 3)");
}

}  // namespace
}  // namespace nnlab::cnn
