// Graded tests of exercise 03.6: max_pool2d and avg_pool2d, forward and backward.
#include "nnlab/cnn/pooling.hpp"

#include <string>

#include "nnlab/testing.hpp"

namespace nnlab::cnn {
namespace {

Tensor gold(const std::string& name) { return nnlab::testing::golden("03_cnn", "pool_" + name); }

const Tensor kX3 = {{{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}}};  // (1, 1, 3, 3)

// 4x4 with values 0..15, (1, 1, 4, 4).
Tensor x16() {
  Tensor x = xt::zeros<float>({1, 1, 4, 4});
  for (std::size_t i = 0; i < 16; ++i) x.data()[i] = float(i);
  return x;
}

// D2L §7.5. 2x2 windows, stride 1, on 0..8: max [[4, 5], [7, 8]], mean [[2, 3], [5, 6]]
// (e.g. (0 + 1 + 3 + 4) / 4 = 2).
// 3x3 windows, stride 2, padding 1, on 0..15 (4x4): H' = (4 + 2 - 3) / 2 + 1 = 2. Window (i, j)
// covers rows and columns 2i - 1 .. 2i + 1 of which -1 is padding:
//   max: (0, 0) rows 0-1, cols 0-1 -> 5; (0, 1) rows 0-1, cols 1-3 -> 7; (1, 0) -> 13; (1, 1) -> 15
//   mean (always / 9): (0, 0): 0 + 1 + 4 + 5 = 10 -> 10/9;  (0, 1): 1 + 2 + 3 + 5 + 6 + 7 = 24
//   -> 24/9;  (1, 0): 4 + 5 + 8 + 9 + 12 + 13 = 51 -> 51/9;  (1, 1): 5+6+7+9+10+11+13+14+15 = 90
//   -> 10.
NNLAB_TEST(Pooling, ForwardHandComputed, 2) {
  NNLAB_EXPECT_ALLCLOSE(max_pool2d_forward(kX3, {2, 2}, {1, 1}), Tensor({{{{4, 5}, {7, 8}}}}), 0,
                        0);
  NNLAB_EXPECT_ALLCLOSE(avg_pool2d_forward(kX3, {2, 2}, {1, 1}), Tensor({{{{2, 3}, {5, 6}}}}), 0,
                        0);
  NNLAB_EXPECT_ALLCLOSE(max_pool2d_forward(x16(), {3, 3}, {2, 2}, {1, 1}),
                        Tensor({{{{5, 7}, {13, 15}}}}), 0, 0);
  // Float division by 9: within 1 ulp.
  NNLAB_EXPECT_ALLCLOSE(avg_pool2d_forward(x16(), {3, 3}, {2, 2}, {1, 1}),
                        Tensor({{{{10.0f / 9, 24.0f / 9}, {51.0f / 9, 10}}}}), 0, 1e-6);
}

// Max, 2x2 stride 1 on 0..8: the maxima sit at (1, 1), (1, 2), (2, 1), (2, 2), so dy =
// [[1, 2], [3, 4]] lands there: dx = [[0, 0, 0], [0, 1, 2], [0, 3, 4]].
// Ties: x = [[2, 5, 5], [5, 1, 5]], 2x2 windows, stride 1. Window (0, 0) holds 2, 5, 5, 1: first
// maximum (row-major) at (0, 1). Window (0, 1) holds 5, 5, 1, 5: first maximum again at (0, 1).
// So dy = [[1, 10]] gives dx(0, 1) = 1 + 10 = 11 and zeros elsewhere.
// Mean, 2x2 stride 1 on 3x3, dy = ones: each pixel gets 1/4 per window covering it:
// [[1, 2, 1], [2, 4, 2], [1, 2, 1]] / 4.
NNLAB_TEST(Pooling, BackwardHandComputed, 3) {
  NNLAB_EXPECT_ALLCLOSE(max_pool2d_backward(Tensor({{{{1, 2}, {3, 4}}}}), kX3, {2, 2}, {1, 1}),
                        Tensor({{{{0, 0, 0}, {0, 1, 2}, {0, 3, 4}}}}), 0, 0);
  const Tensor ties = {{{{2, 5, 5}, {5, 1, 5}}}};
  NNLAB_EXPECT_ALLCLOSE(max_pool2d_backward(Tensor({{{{1, 10}}}}), ties, {2, 2}, {1, 1}),
                        Tensor({{{{0, 11, 0}, {0, 0, 0}}}}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(avg_pool2d_backward(xt::ones<float>({1, 1, 2, 2}), kX3, {2, 2}, {1, 1}),
                        Tensor({{{{0.25, 0.5, 0.25}, {0.5, 1, 0.5}, {0.25, 0.5, 0.25}}}}), 0, 0);
}

// L = <pool(x), g>. For max pooling the input values are a shuffled grid 0.1 apart, so no
// perturbation of h = 0.01 can change which element wins a window.
NNLAB_TEST(Pooling, BackwardMatchesFiniteDifferences, 2) {
  Rng rng(307);
  const Size2 k = {3, 2}, s = {2, 1}, p = {1, 1};
  Tensor x = xt::zeros<float>({2, 2, 5, 4});
  const std::vector<std::size_t> perm = rng.permutation(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) x.data()[i] = 0.1f * float(perm[i]) - 4.0f;
  // H' = (5 + 2 - 3) / 2 + 1 = 3, W' = (4 + 2 - 2) / 1 + 1 = 5
  const Tensor g = rng.normal(Shape{2, 2, 3, 5});
  // Both are piecewise linear and no kink is crossed: only float rounding, ~1e-5.
  EXPECT_TRUE(nnlab::testing::gradcheck(
      [&](const Tensor& t) { return nnlab::testing::dot(max_pool2d_forward(t, k, s, p), g); }, x,
      max_pool2d_backward(g, x, k, s, p), 1e-3, 1e-3));
  const Tensor xn = rng.normal(Shape{2, 2, 5, 4});
  EXPECT_TRUE(nnlab::testing::gradcheck(
      [&](const Tensor& t) { return nnlab::testing::dot(avg_pool2d_forward(t, k, s, p), g); }, xn,
      avg_pool2d_backward(g, xn, k, s, p), 1e-3, 1e-3));
}

// torch max_pool2d / avg_pool2d (count_include_pad=True) and their gradients on three
// configurations; "ties" has values in {0, 1, 2} and overlapping windows, where torch also sends
// each gradient to the first maximum.
NNLAB_TEST(Pooling, MatchesPyTorch, 3) {
  for (const std::string c : {"a", "ties", "rect"}) {
    SCOPED_TRACE("configuration " + c);
    const Labels geo = nnlab::testing::golden_labels("03_cnn", "pool_" + c + "_geometry");
    const Size2 k = {std::size_t(geo(0)), std::size_t(geo(1))};
    const Size2 s = {std::size_t(geo(2)), std::size_t(geo(3))};
    const Size2 p = {std::size_t(geo(4)), std::size_t(geo(5))};
    const Tensor x = gold(c + "_x"), dy = gold(c + "_dy");
    // Max only selects and adds at most 4 dy per input: 1e-6. Mean sums <= 9 floats: 1e-6.
    NNLAB_EXPECT_ALLCLOSE(max_pool2d_forward(x, k, s, p), gold(c + "_max_y"), 1e-6, 1e-6);
    NNLAB_EXPECT_ALLCLOSE(max_pool2d_backward(dy, x, k, s, p), gold(c + "_max_dx"), 1e-6, 1e-6);
    NNLAB_EXPECT_ALLCLOSE(avg_pool2d_forward(x, k, s, p), gold(c + "_avg_y"), 1e-6, 1e-6);
    NNLAB_EXPECT_ALLCLOSE(avg_pool2d_backward(dy, x, k, s, p), gold(c + "_avg_dx"), 1e-6, 1e-6);
  }
}

NNLAB_TEST(Pooling, RejectsBadInput, 2) {
  const Tensor x = xt::zeros<float>({1, 2, 4, 4});
  NNLAB_EXPECT_THROW_MSG(max_pool2d_forward(Tensor(xt::zeros<float>({2, 4, 4})), {2, 2}, {2, 2}),
                         ShapeError, "max_pool2d_forward", "(2, 4, 4)");
  // Padding 2 is more than half of a 3-wide window.
  NNLAB_EXPECT_THROW_MSG(avg_pool2d_forward(x, {3, 3}, {1, 1}, {2, 0}), ShapeError,
                         "avg_pool2d_forward", "(1, 2, 4, 4)", "half");
  NNLAB_EXPECT_THROW_MSG(max_pool2d_forward(x, {5, 1}, {1, 1}), ShapeError, "max_pool2d_forward",
                         "(1, 2, 4, 4)");
  NNLAB_EXPECT_THROW_MSG(max_pool2d_forward(x, {2, 2}, {0, 2}), ShapeError, "max_pool2d_forward");
  // The output is (1, 2, 2, 2).
  NNLAB_EXPECT_THROW_MSG(max_pool2d_backward(Tensor(xt::zeros<float>({1, 2, 3, 3})), x, {2, 2},
                                             {2, 2}),
                         ShapeError, "max_pool2d_backward", "(1, 2, 3, 3)");
  NNLAB_EXPECT_THROW_MSG(avg_pool2d_backward(Tensor(xt::zeros<float>({1, 1, 2, 2})), x, {2, 2},
                                             {2, 2}),
                         ShapeError, "avg_pool2d_backward", "(1, 1, 2, 2)");
}

}  // namespace
}  // namespace nnlab::cnn
