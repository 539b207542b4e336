// Graded tests of exercise 03.9: global average pooling, count_params, conv2d_macs /
// linear_macs (through the provided profile) and receptive_fields.
//
// The models counted here are built by the provided builders (models.hpp) and never run: these
// tests need no other exercise of the chapter.
#include "nnlab/cnn/model_stats.hpp"

#include <cstdint>
#include <string>

#include "nnlab/cnn/layers.hpp"
#include "nnlab/cnn/models.hpp"
#include "nnlab/cnn/norm_layers.hpp"
#include "nnlab/mlp/layers.hpp"
#include "nnlab/testing.hpp"

namespace nnlab::cnn {
namespace {

using nnlab::testing::golden;

std::int64_t golden_count(const std::string& name) {
  return nnlab::testing::golden_labels("03_cnn", name)(0);
}

// A tensor of `shape` holding `values` in row-major order (xtensor's nested braces are
// ambiguous around single numbers).
Tensor make(const Shape& shape, std::initializer_list<float> values) {
  Tensor t = Tensor::from_shape(shape);
  std::copy(values.begin(), values.end(), t.begin());
  return t;
}

// torchvision's ResNet-18 for 1000 classes, built once (11.7M parameters, ~0.3 s).
Sequential& resnet18_imagenet() {
  static Rng rng(9);
  static std::unique_ptr<Sequential> net = resnet18(1000, 3, rng);
  return *net;
}

// ---- global average pooling ---------------------------------------------------------------------

// x (1, 2, 2, 2): channel 0 [[1, 2], [3, 4]] has mean 10 / 4 = 2.5, channel 1 [[-1, 1], [0, 8]]
// mean 8 / 4 = 2. Backward with dy = [[4, -8]]: every pixel of channel 0 gets 4 / 4 = 1, of
// channel 1 -8 / 4 = -2.
NNLAB_TEST(GlobalAvgPool, HandComputed, 1) {
  const Tensor x = {{{{1, 2}, {3, 4}}, {{-1, 1}, {0, 8}}}};
  NNLAB_EXPECT_ALLCLOSE(global_avg_pool_forward(x), (Tensor{{2.5, 2}}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(global_avg_pool_backward((Tensor{{4, -8}}), {1, 2, 2, 2}),
                        (Tensor{{{{1, 1}, {1, 1}}, {{-2, -2}, {-2, -2}}}}), 0, 0);
  // One pixel: the mean is the pixel.
  NNLAB_EXPECT_ALLCLOSE(global_avg_pool_forward(make({2, 1, 1, 1}, {7, -3})), make({2, 1}, {7, -3}),
                        0, 0);
}

// torch: x.mean(dim=(2, 3)) (= adaptive_avg_pool2d(x, 1).flatten(1)) on (3, 4, 5, 6) and its
// gradient. Means of 30 floats: 1e-6.
NNLAB_TEST(GlobalAvgPool, MatchesPyTorch, 1) {
  const Tensor x = golden("03_cnn", "gap_x");
  NNLAB_EXPECT_ALLCLOSE(global_avg_pool_forward(x), golden("03_cnn", "gap_y"), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(global_avg_pool_backward(golden("03_cnn", "gap_dy"), shape_of(x)),
                        golden("03_cnn", "gap_dx"), 1e-6, 1e-6);
}

// L = <gap(x), g>; linear, so central differences are exact up to float rounding (~1e-5).
NNLAB_TEST(GlobalAvgPool, GradientAndBadInput, 1) {
  Rng rng(391);
  const Tensor x = rng.normal(Shape{2, 3, 3, 4});
  const Tensor g = rng.normal(Shape{2, 3});
  EXPECT_TRUE(nnlab::testing::gradcheck(
      [&](const Tensor& t) { return nnlab::testing::dot(global_avg_pool_forward(t), g); }, x,
      global_avg_pool_backward(g, shape_of(x)), 1e-3, 1e-3));
  NNLAB_EXPECT_THROW_MSG(global_avg_pool_forward(Tensor(xt::zeros<float>({2, 3, 4}))), ShapeError,
                         "global_avg_pool_forward", "(2, 3, 4)");
  NNLAB_EXPECT_THROW_MSG(global_avg_pool_forward(Tensor(xt::zeros<float>({1, 2, 0, 3}))),
                         ShapeError, "global_avg_pool_forward", "(1, 2, 0, 3)");
  NNLAB_EXPECT_THROW_MSG(global_avg_pool_backward(Tensor(xt::zeros<float>({2, 3})), {2, 4, 1, 1}),
                         ShapeError, "global_avg_pool_backward", "(2, 3)", "(2, 4, 1, 1)");
  NNLAB_EXPECT_THROW_MSG(global_avg_pool_backward(Tensor(xt::zeros<float>({2, 3})), {2, 3}),
                         ShapeError, "global_avg_pool_backward", "(2, 3)");
}

// ---- counting parameters ------------------------------------------------------------------------

// Conv2d(3 -> 4, 3x3): 4 * 3 * 3 * 3 = 108 weights + 4 biases = 112.
// Conv2d(4 -> 2, 1x1, no bias): 2 * 4 = 8.
// BatchNorm(2): gamma and beta, 2 + 2 = 4 (the running mean and variance are not parameters).
// Linear(8 -> 5): 8 * 5 + 5 = 45.                                 Total 112 + 8 + 4 + 45 = 169.
NNLAB_TEST(CountParams, HandComputed, 1) {
  Rng rng(392);
  Sequential net;
  net.emplace<Conv2d>(3, 4, Size2{3, 3}, rng);
  net.emplace<Conv2d>(4, 2, Size2{1, 1}, rng, Size2{1, 1}, Size2{0, 0}, false);
  net.emplace<BatchNorm>(2);
  net.emplace<mlp::ReLU>();
  net.emplace<Flatten>();
  net.emplace<mlp::Linear>(8, 5, rng);
  EXPECT_EQ(count_params(net), 169u);
  EXPECT_EQ(count_params(net[0]), 112u);
  EXPECT_EQ(count_params(net[3]), 0u);
  Sequential empty;
  EXPECT_EQ(count_params(empty), 0u);
}

// PyTorch's sum(p.numel() for p in model.parameters()) of the same architectures
// (tools/golden/03_cnn_models.py). LeNet by hand: conv1 6 * 25 + 6 = 156, conv2 16 * 6 * 25 + 16
// = 2,416, fc1 400 * 120 + 120 = 48,120, fc2 120 * 84 + 84 = 10,164, fc3 84 * 10 + 10 = 850:
// 61,706. ResNet-18 at 1000 classes: 11,689,512, torchvision's published count.
NNLAB_TEST(CountParams, MatchesPyTorch, 1) {
  Rng rng(393);
  EXPECT_EQ(count_params(*lenet(rng)), 61706u);
  EXPECT_EQ(std::int64_t(count_params(*lenet(rng))), golden_count("count_lenet"));
  EXPECT_EQ(count_params(resnet18_imagenet()), 11689512u);
  EXPECT_EQ(std::int64_t(count_params(resnet18_imagenet())), golden_count("count_resnet18_1000"));
  EXPECT_EQ(std::int64_t(count_params(*resnet18(10, 1, rng))),
            golden_count("count_resnet18_10_gray"));
  EXPECT_EQ(std::int64_t(count_params(*densenet(10, 1, rng))), golden_count("count_densenet_d2l"));
}

// ---- multiply-adds ------------------------------------------------------------------------------

// conv: output (2, 4, 5, 5) = 200 values, each a dot product of 3 * 3 * 3 = 27: 5,400.
// 1x1 conv, output (1, 16, 7, 7) from 32 channels: 784 * 32 = 25,088.
// linear: output (8, 10) = 80 values, each of length 20: 1,600.
NNLAB_TEST(Macs, HandComputed, 1) {
  EXPECT_EQ(conv2d_macs({2, 4, 5, 5}, 3, {3, 3}), 5400u);
  EXPECT_EQ(conv2d_macs({1, 16, 7, 7}, 32, {1, 1}), 25088u);
  EXPECT_EQ(conv2d_macs({1, 1, 1, 1}, 1, {2, 5}), 10u);
  EXPECT_EQ(linear_macs({8, 10}, 20), 1600u);
  // No 32-bit overflow: ResNet-18's last stage at batch 64 is > 2^32.
  EXPECT_EQ(conv2d_macs({64, 512, 7, 7}, 512, {3, 3}), std::uint64_t(64) * 512 * 49 * 512 * 9);
  NNLAB_EXPECT_THROW_MSG(conv2d_macs({4, 5, 5}, 3, {3, 3}), ShapeError, "conv2d_macs", "(4, 5, 5)");
  NNLAB_EXPECT_THROW_MSG(conv2d_macs({1, 4, 5, 5}, 0, {3, 3}), ShapeError, "conv2d_macs");
  NNLAB_EXPECT_THROW_MSG(linear_macs({2, 3, 4}, 5), ShapeError, "linear_macs", "(2, 3, 4)");
}

// LeNet on (1, 1, 28, 28), layer by layer:
//   conv1 (1, 6, 28, 28):  6 * 784 outputs * (1 * 5 * 5) = 117,600 MACs,      156 params
//   pool  (1, 6, 14, 14);  conv2 (1, 16, 10, 10): 1,600 * (6 * 25) = 240,000,  2,416 params
//   pool  (1, 16, 5, 5);   flatten (1, 400)
//   fc1 (1, 120): 400 * 120 = 48,000;  fc2 (1, 84): 10,080;  fc3 (1, 10): 840
// Total 416,520 (PyTorch's forward hooks count the same) and 61,706 parameters.
NNLAB_TEST(Macs, ProfileLeNet, 1) {
  Rng rng(394);
  auto net = lenet(rng, Nonlinearity::relu);
  const std::vector<LayerStats> p = profile(*net, {1, 1, 28, 28});
  ASSERT_EQ(p.size(), 12u);
  EXPECT_EQ(p[0].name, "0");
  EXPECT_EQ(p[0].out_shape, Shape({1, 6, 28, 28}));
  EXPECT_EQ(p[0].macs, 117600u);
  EXPECT_EQ(p[0].params, 156u);
  EXPECT_EQ(p[1].kind, "ReLU");
  EXPECT_EQ(p[1].macs, 0u);
  EXPECT_EQ(p[2].out_shape, Shape({1, 6, 14, 14}));
  EXPECT_EQ(p[3].in_shape, Shape({1, 6, 14, 14}));
  EXPECT_EQ(p[3].macs, 240000u);
  EXPECT_EQ(p[3].params, 2416u);
  EXPECT_EQ(p[6].out_shape, Shape({1, 400}));
  EXPECT_EQ(p[7].macs, 48000u);
  EXPECT_EQ(p[9].macs, 10080u);
  EXPECT_EQ(p[11].macs, 840u);
  EXPECT_EQ(p[11].out_shape, Shape({1, 10}));
  const ModelTotals t = totals(p);
  EXPECT_EQ(t.macs, 416520u);
  EXPECT_EQ(std::int64_t(t.macs), golden_count("macs_lenet_28"));
  EXPECT_EQ(t.params, 61706u);
  // A batch of 8 costs 8 times as much.
  EXPECT_EQ(totals(profile(*net, {8, 1, 28, 28})).macs, 8u * 416520u);
}

// Multiply-adds of every Conv2d and Linear, from PyTorch forward hooks on the same
// architectures (tools/golden/03_cnn_models.py): ResNet-18 at 224x224 does 1,814,073,344 (the
// "1.8 GFLOPs" of the ResNet paper), and profile finds them without running the model.
NNLAB_TEST(Macs, MatchesPyTorch, 1) {
  Rng rng(395);
  const ModelTotals r = totals(profile(resnet18_imagenet(), {1, 3, 224, 224}));
  EXPECT_EQ(r.macs, 1814073344u);
  EXPECT_EQ(std::int64_t(r.macs), golden_count("macs_resnet18_224"));
  EXPECT_EQ(r.params, 11689512u);
  EXPECT_EQ(std::int64_t(totals(profile(*resnet18(10, 1, rng), {2, 1, 32, 32})).macs),
            golden_count("macs_resnet18_gray_32x2"));
  EXPECT_EQ(std::int64_t(totals(profile(*densenet(10, 1, rng), {1, 1, 96, 96})).macs),
            golden_count("macs_densenet_d2l_96"));
  EXPECT_EQ(std::int64_t(totals(profile(*inception_block(192, 64, {96, 128}, {16, 32}, 32, rng),
                                        {1, 192, 28, 28}))
                             .macs),
            golden_count("macs_inception_d2l_28"));
}

// ---- receptive fields ---------------------------------------------------------------------------

// Two 3x3 convolutions (stride 1, padding 1): r = 1 + 2 = 3, then 3 + 2 = 5; three: 7 (VGG's
// argument: as wide as one 7x7 kernel with 27 instead of 49 weights per channel pair). Padding 1
// keeps the centre of unit 0 on pixel 0: start += (1 - 1) j = 0.
// Conv 3x3 stride 2 (no padding), then 3x3: r = 3, j = 2, start = (3 - 1) / 2 = 1; then
// r = 3 + 2 * 2 = 7, j = 2, start = 1 + 1 * 2 = 3.
// Dilation 2: k_e = 2 * (3 - 1) + 1 = 5, r = 5, start = (5 - 1) / 2 - p = 2 - 2 = 0 with p = 2.
// Pool 2x2 stride 2: r = 2, j = 2, start = (2 - 1) / 2 = 0.5 (between pixels 0 and 1).
NNLAB_TEST(ReceptiveField, HandComputed, 1) {
  EXPECT_TRUE(receptive_fields({}).empty());
  std::vector<ReceptiveField> rf = receptive_fields({{3, 1, 1}, {3, 1, 1}, {3, 1, 1}});
  ASSERT_EQ(rf.size(), 3u);
  EXPECT_EQ(rf[0].size, 3u);
  EXPECT_EQ(rf[1].size, 5u);
  EXPECT_EQ(rf[2].size, 7u);
  EXPECT_EQ(rf[2].jump, 1u);
  EXPECT_EQ(rf[2].start, 0.0);
  rf = receptive_fields({{3, 2, 0}, {3, 1, 0}});
  ASSERT_EQ(rf.size(), 2u);
  EXPECT_EQ(rf[0].size, 3u);
  EXPECT_EQ(rf[0].jump, 2u);
  EXPECT_EQ(rf[0].start, 1.0);
  EXPECT_EQ(rf[1].size, 7u);
  EXPECT_EQ(rf[1].jump, 2u);
  EXPECT_EQ(rf[1].start, 3.0);
  rf = receptive_fields({{3, 1, 2, 2}});
  EXPECT_EQ(rf[0].size, 5u);
  EXPECT_EQ(rf[0].start, 0.0);
  rf = receptive_fields({{2, 2, 0}});
  EXPECT_EQ(rf[0].size, 2u);
  EXPECT_EQ(rf[0].jump, 2u);
  EXPECT_EQ(rf[0].start, 0.5);
  NNLAB_EXPECT_THROW_MSG(receptive_fields({{3, 1, 1}, {0, 1, 0}}), ShapeError, "receptive_fields",
                         "layer 1");
  NNLAB_EXPECT_THROW_MSG(receptive_fields({{3, 0, 1}}), ShapeError, "receptive_fields", "layer 0");
  NNLAB_EXPECT_THROW_MSG(receptive_fields({{3, 1, 1, 0}}), ShapeError, "receptive_fields",
                         "layer 0");
}

// Receptive fields measured with PyTorch autograd (tools/golden/03_cnn_models.py): the input
// pixels on which an interior unit's gradient is nonzero, for all-ones 1-D convolutions, after
// every layer of four stacks (VGG-like, ResNet-18's main path, AlexNet, and a mix with
// dilation, even kernels and padding beyond half the kernel). Exact: sizes and jumps are
// integers, starts are halves. ResNet-18's last layer sees 435 pixels, AlexNet's 195.
NNLAB_TEST(ReceptiveField, MatchesPyTorch, 1) {
  for (const std::string name : {"vgg", "resnet18", "alexnet", "mixed"}) {
    SCOPED_TRACE("stack " + name);
    const Labels layers = nnlab::testing::golden_labels("03_cnn", "rf_" + name + "_layers");
    const Tensor expected = golden("03_cnn", "rf_" + name + "_expected");
    std::vector<LayerGeometry> stack;
    for (std::size_t i = 0; i < layers.shape(0); ++i) {
      stack.push_back({std::size_t(layers(i, 0)), std::size_t(layers(i, 1)),
                       std::size_t(layers(i, 2)), std::size_t(layers(i, 3))});
    }
    const std::vector<ReceptiveField> rf = receptive_fields(stack);
    ASSERT_EQ(rf.size(), stack.size());
    for (std::size_t i = 0; i < rf.size(); ++i) {
      EXPECT_EQ(double(rf[i].size), expected(i, 0)) << "after layer " << i;
      EXPECT_EQ(double(rf[i].jump), expected(i, 1)) << "after layer " << i;
      EXPECT_EQ(rf[i].start, expected(i, 2)) << "after layer " << i;
    }
    if (name == "resnet18") {
      EXPECT_EQ(rf.back().size, 435u);
    }
    if (name == "alexnet") {
      EXPECT_EQ(rf.back().size, 195u);
    }
  }
}

}  // namespace
}  // namespace nnlab::cnn
