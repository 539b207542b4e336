// Tests of the provided modules (ungraded: they run against the solution variant only, see
// cmake/nnlab_chapter.cmake).
#include "nnlab/cnn/layers.hpp"

#include <cmath>

#include <xtensor/xmath.hpp>

#include "nnlab/mlp/layers.hpp"
#include "nnlab/testing.hpp"

namespace nnlab::cnn {
namespace {

TEST(CnnLayers, ParamsHaveStableNamesAndShapes) {
  Rng rng(1);
  Sequential net;
  net.emplace<Conv2d>(3, 4, Size2{3, 3}, rng, Size2{1, 1}, Size2{1, 1});
  net.emplace<MaxPool2d>(Size2{2, 2});
  net.emplace<Flatten>();
  net.emplace<mlp::Linear>(4 * 4 * 4, 5, rng);
  const std::vector<NamedParam> ps = net.params();
  ASSERT_EQ(ps.size(), 4u);
  EXPECT_EQ(ps[0].name, "0.weight");
  EXPECT_EQ(shape_of(ps[0].param->value), Shape({4, 3, 3, 3}));
  EXPECT_EQ(ps[1].name, "0.bias");
  EXPECT_EQ(shape_of(ps[1].param->value), Shape({4}));
  EXPECT_EQ(ps[2].name, "3.weight");
  EXPECT_EQ(net.num_params(), 4u * 27 + 4 + 64 * 5 + 5);
  EXPECT_EQ(net[0].describe(), "Conv2d(3 -> 4, kernel 3x3, stride 1x1, padding 1x1)");
  EXPECT_EQ(net[1].describe(), "MaxPool2d(kernel 2x2, stride 2x2, padding 0x0)");
  const Tensor y = net.forward(xt::zeros<float>({2, 3, 8, 8}));
  EXPECT_EQ(shape_of(y), Shape({2, 5}));
}

// LeNet's shapes (D2L §7.6) with average pooling: 28x28 -> conv 5x5 pad 2 -> 28x28 -> pool ->
// 14x14 -> conv 5x5 -> 10x10 -> pool -> 5x5 -> flatten 16 * 25 = 400; backward gives back
// the input's shape.
TEST(CnnLayers, LeNetShapes) {
  Rng rng(2);
  Sequential net;
  net.emplace<Conv2d>(1, 6, Size2{5, 5}, rng, Size2{1, 1}, Size2{2, 2});
  net.emplace<AvgPool2d>(Size2{2, 2});
  net.emplace<Conv2d>(6, 16, Size2{5, 5}, rng);
  net.emplace<AvgPool2d>(Size2{2, 2});
  net.emplace<Flatten>();
  const Tensor x = rng.normal(Shape{2, 1, 28, 28});
  const Tensor y = net.forward(x);
  EXPECT_EQ(shape_of(y), Shape({2, 400}));
  EXPECT_EQ(shape_of(net.backward(xt::ones<float>({2, 400}))), shape_of(x));
}

// Conv2d(16 -> 32, 3x3): 4608 weights from N(0, 2 / 144), std s = 0.1179. The sample mean has
// std s / sqrt(4608) = 1.7e-3: bound 9e-3 (5 std). The second moment's relative std is
// sqrt(2 / 4608) = 0.021: bound 0.1 (4.8 std). The bias starts at zero.
TEST(CnnLayers, Conv2dHeInitialisation) {
  Rng rng(3);
  Conv2d conv(16, 32, {3, 3}, rng);
  const double s2 = 2.0 / 144.0;
  EXPECT_NEAR(double(xt::mean(conv.weight.value)()), 0.0, 9e-3);
  EXPECT_NEAR(double(xt::mean(conv.weight.value * conv.weight.value)()) / s2, 1.0, 0.1);
  EXPECT_EQ(double(xt::amax(xt::abs(conv.bias.value))()), 0.0);
}

TEST(CnnLayers, ModulesMatchFiniteDifferences) {
  Rng init(4), rng(5);
  // Convolution with stride and padding; linear in x and in the parameters.
  Conv2d conv(2, 3, {3, 2}, init, {2, 1}, {1, 1});
  EXPECT_TRUE(nnlab::testing::gradcheck_module(conv, rng.normal(Shape{2, 2, 5, 4}), rng, 2e-3,
                                               2e-3));
  // Max pooling on a shuffled grid 0.1 apart: no perturbation of h = 0.01 changes a winner.
  MaxPool2d maxpool({3, 3}, {2, 2}, {1, 1});
  Tensor x = xt::zeros<float>({2, 2, 5, 6});
  const std::vector<std::size_t> perm = rng.permutation(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) x.data()[i] = 0.1f * float(perm[i]) - 6.0f;
  EXPECT_TRUE(nnlab::testing::gradcheck_module(maxpool, x, rng, 1e-3, 1e-3));
  AvgPool2d avgpool({2, 3}, {1, 2}, {1, 1});
  EXPECT_TRUE(nnlab::testing::gradcheck_module(avgpool, rng.normal(Shape{2, 2, 5, 6}), rng, 1e-3,
                                               1e-3));
}

// A small smooth network (tanh, not ReLU: the kinks of ReLU and ties of max pooling would
// make central differences unreliable): conv -> tanh -> avg pool -> conv -> flatten -> linear.
TEST(CnnLayers, SequentialMatchesFiniteDifferences) {
  Rng init(6), rng(7);
  Sequential net;
  net.emplace<Conv2d>(2, 3, Size2{3, 3}, init, Size2{1, 1}, Size2{1, 1});
  net.emplace<mlp::Tanh>();
  net.emplace<AvgPool2d>(Size2{2, 2});
  net.emplace<Conv2d>(3, 2, Size2{2, 2}, init, Size2{2, 1});
  net.emplace<Flatten>();
  net.emplace<mlp::Linear>(2 * 1 * 2, 3, init);
  // Float forward rounding through the whole stack over 2h = 0.02, and tanh's curvature over
  // h: ~1e-4.
  EXPECT_TRUE(nnlab::testing::gradcheck_module(net, rng.normal(Shape{2, 2, 6, 6}), rng, 2e-3,
                                               2e-3));
}

TEST(CnnLayers, BackwardBeforeForwardThrows) {
  Rng rng(8);
  Conv2d conv(1, 1, {1, 1}, rng);
  EXPECT_THROW(conv.backward(xt::zeros<float>({1, 1, 1, 1})), ShapeError);
  MaxPool2d maxpool({2, 2});
  EXPECT_THROW(maxpool.backward(xt::zeros<float>({1, 1, 1, 1})), ShapeError);
  AvgPool2d avgpool({2, 2});
  EXPECT_THROW(avgpool.backward(xt::zeros<float>({1, 1, 1, 1})), ShapeError);
  Flatten flatten;
  EXPECT_THROW(flatten.backward(xt::zeros<float>({1, 1})), ShapeError);
  EXPECT_THROW(Conv2d(0, 1, {1, 1}, rng), ShapeError);
}

}  // namespace
}  // namespace nnlab::cnn
