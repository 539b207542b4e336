// Graded tests of exercise 03.3, corr2d_multi_in_out and its backward.
#include "nnlab/cnn/multi_channel.hpp"

#include <string>

#include <xtensor/xview.hpp>

#include "nnlab/testing.hpp"

namespace nnlab::cnn {
namespace {

Tensor gold(const std::string& name) {
  return nnlab::testing::golden("03_cnn", "multi_channel_" + name);
}

// D2L §7.4: two input channels, x[1] = x[0] + 1, and a 2-channel kernel.
const Tensor kX = {{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}, {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}};
const Tensor kK = {{{0, 1}, {2, 3}}, {{1, 2}, {3, 4}}};  // (C_in = 2, 2, 2), one output channel

// Channel 0 alone gives [[19, 25], [37, 43]] (03.1); channel 1 with [[1, 2], [3, 4]]:
//   (0, 0): 1 + 4 + 12 + 20 = 37    (0, 1): 2 + 6 + 15 + 24 = 47
//   (1, 0): 4 + 10 + 21 + 32 = 67   (1, 1): 5 + 12 + 24 + 36 = 77
// so one output channel is [[56, 72], [104, 120]]. D2L stacks K, K + 1, K + 2 as three output
// channels; each +1 on the kernel adds the two windows' sums (e.g. (0, 0): 8 + 12 = 20), giving
// [[76, 100], [148, 172]] and [[96, 128], [192, 224]].
NNLAB_TEST(MultiChannel, ForwardHandComputed, 2) {
  Tensor k = xt::zeros<float>({3, 2, 2, 2});
  for (std::size_t o = 0; o < 3; ++o) xt::view(k, o) = kK + float(o);
  const Tensor y = {{{56, 72}, {104, 120}}, {{76, 100}, {148, 172}}, {{96, 128}, {192, 224}}};
  // Small integers: exact in float.
  NNLAB_EXPECT_ALLCLOSE(corr2d_multi_in_out(kX, k), y, 0, 0);
}

// One output channel, dy = ones (1, 2, 2). Per input channel this is 03.1's backward:
//   dk[0, 0] = window sums of x[0] = [[8, 12], [20, 24]]; x[1] = x[0] + 1 adds 4 to each:
//   dk[0, 1] = [[12, 16], [24, 28]].
//   dx[0] from k[0, 0] = [[0, 1], [2, 3]]: [[0, 1, 1], [2, 6, 4], [2, 5, 3]];
//   dx[1] from k[0, 1] = [[1, 2], [3, 4]]: corners 1, 2, 3, 4, edges 1+2, 1+3, 2+4, 3+4, centre
//   10: [[1, 3, 2], [4, 10, 6], [3, 7, 4]].
NNLAB_TEST(MultiChannel, BackwardHandComputed, 2) {
  Tensor k = xt::zeros<float>({1, 2, 2, 2});
  xt::view(k, 0) = kK;
  const MultiChannelGrads g = corr2d_multi_in_out_backward(xt::ones<float>({1, 2, 2}), kX, k);
  NNLAB_EXPECT_ALLCLOSE(g.dk, Tensor({{{{8, 12}, {20, 24}}, {{12, 16}, {24, 28}}}}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(
      g.dx, Tensor({{{0, 1, 1}, {2, 6, 4}, {2, 5, 3}}, {{1, 3, 2}, {4, 10, 6}, {3, 7, 4}}}), 0, 0);
}

// L = <corr2d_multi_in_out(x, k), g>, with respect to x and k.
NNLAB_TEST(MultiChannel, BackwardMatchesFiniteDifferences, 3) {
  Rng rng(303);
  const Tensor x = rng.normal(Shape{3, 5, 4});
  const Tensor k = rng.normal(Shape{2, 3, 2, 3});
  const Tensor g = rng.normal(Shape{2, 4, 2});
  const MultiChannelGrads grads = corr2d_multi_in_out_backward(g, x, k);
  // Linear in each argument; float rounding of the forward (sums of 18 products) over
  // 2h = 0.02: ~1e-3 at most.
  EXPECT_TRUE(nnlab::testing::gradcheck(
      [&](const Tensor& t) { return nnlab::testing::dot(corr2d_multi_in_out(t, k), g); }, x,
      grads.dx, 2e-3, 2e-3));
  EXPECT_TRUE(nnlab::testing::gradcheck(
      [&](const Tensor& t) { return nnlab::testing::dot(corr2d_multi_in_out(x, t), g); }, k,
      grads.dk, 2e-3, 2e-3));
}

NNLAB_TEST(MultiChannel, MatchesPyTorch, 2) {
  // torch conv2d in double; ours sums 18 float products per output (dk: 12 per entry): ~1e-6.
  NNLAB_EXPECT_ALLCLOSE(corr2d_multi_in_out(gold("x"), gold("k")), gold("y"), 1e-5, 1e-5);
  const MultiChannelGrads g = corr2d_multi_in_out_backward(gold("dy"), gold("x"), gold("k"));
  NNLAB_EXPECT_ALLCLOSE(g.dx, gold("dx"), 1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(g.dk, gold("dk"), 1e-5, 1e-5);
}

NNLAB_TEST(MultiChannel, RejectsBadShapes, 1) {
  const Tensor x = xt::zeros<float>({3, 5, 5});
  NNLAB_EXPECT_THROW_MSG(corr2d_multi_in_out(x, Tensor(xt::zeros<float>({4, 2, 3, 3}))),
                         ShapeError, "corr2d_multi_in_out", "(3, 5, 5)", "(4, 2, 3, 3)",
                         "3 channels");
  NNLAB_EXPECT_THROW_MSG(corr2d_multi_in_out(Tensor(xt::zeros<float>({5, 5})),
                                             Tensor(xt::zeros<float>({1, 1, 3, 3}))),
                         ShapeError, "corr2d_multi_in_out", "(5, 5)");
  NNLAB_EXPECT_THROW_MSG(corr2d_multi_in_out(x, Tensor(xt::zeros<float>({1, 3, 6, 1}))),
                         ShapeError, "corr2d_multi_in_out", "(1, 3, 6, 1)");
  NNLAB_EXPECT_THROW_MSG(
      corr2d_multi_in_out_backward(Tensor(xt::zeros<float>({2, 3, 3})), x,
                                   Tensor(xt::zeros<float>({4, 3, 3, 3}))),
      ShapeError, "corr2d_multi_in_out_backward", "(2, 3, 3)");
}

}  // namespace
}  // namespace nnlab::cnn
