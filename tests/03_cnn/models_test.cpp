// Tests of the provided model builders and modules of models.hpp and blocks.hpp (ungraded: they
// run against the solution variant only, see cmake/nnlab_chapter.cmake).
#include "nnlab/cnn/models.hpp"

#include <cstdint>
#include <string>

#include "nnlab/cnn/model_stats.hpp"
#include "nnlab/cnn/norm_layers.hpp"
#include "nnlab/testing.hpp"

namespace nnlab::cnn {
namespace {

using nnlab::testing::golden;

std::int64_t golden_count(const std::string& name) {
  return nnlab::testing::golden_labels("03_cnn", name)(0);
}

using nnlab::testing::flat_grads;

// forward(x) has shape `expected`, output_shape agrees without running it, backward gives x's
// shape.
void expect_shapes(Module& m, const Shape& x_shape, const Shape& expected) {
  Rng rng(1);
  const Tensor x = rng.normal(x_shape);
  const Tensor y = m.forward(x);
  EXPECT_EQ(shape_of(y), expected) << m.describe();
  EXPECT_EQ(output_shape(m, x_shape), expected) << m.describe();
  EXPECT_EQ(shape_of(m.backward(xt::ones<float>(y.shape()))), x_shape) << m.describe();
}

TEST(CnnModels, OutputShapes) {
  Rng rng(2);
  expect_shapes(*lenet(rng), {2, 1, 28, 28}, {2, 10});
  expect_shapes(*lenet(rng, Nonlinearity::relu, 5), {1, 1, 28, 28}, {1, 5});
  // VGG: 3x3 padding 1 keeps 8x8, the pool halves it.
  expect_shapes(*vgg_block(2, 3, 8, rng), {1, 3, 8, 8}, {1, 8, 4, 4});
  // NiN: (9 + 2 * 1 - 5) / 2 + 1 = 4.
  expect_shapes(*nin_block(3, 8, {5, 5}, {2, 2}, {1, 1}, rng), {1, 3, 9, 9}, {1, 8, 4, 4});
  // Inception: 2 + 3 + 2 + 2 = 9 channels, size unchanged; D2L's block 3a: 64 + 128 + 32 + 32.
  expect_shapes(*inception_block(3, 2, {2, 3}, {1, 2}, 2, rng), {1, 3, 6, 6}, {1, 9, 6, 6});
  expect_shapes(*inception_block(192, 64, {96, 128}, {16, 32}, 32, rng), {1, 192, 4, 4},
                {1, 256, 4, 4});
  // Residual blocks: the identity keeps the shape, the projection with stride 2 halves it
  // ((5 + 2 - 3) / 2 + 1 = 3 and (5 - 1) / 2 + 1 = 3 agree).
  ResidualBlock id(4, 4, rng);
  expect_shapes(id, {2, 4, 5, 5}, {2, 4, 5, 5});
  ResidualBlock proj(4, 6, rng, 2, true);
  expect_shapes(proj, {2, 4, 5, 5}, {2, 6, 3, 3});
  ResidualBlock wider(4, 6, rng, 1, true);
  expect_shapes(wider, {2, 4, 5, 5}, {2, 6, 5, 5});
  // Dense block: 3 + 2 * 10 = 23 channels (D2L); transition: half the size.
  DenseBlock dense(2, 3, 10, rng);
  expect_shapes(dense, {2, 3, 8, 8}, {2, 23, 8, 8});
  expect_shapes(*transition_block(23, 10, rng), {2, 23, 8, 8}, {2, 10, 4, 4});
  // ResNet-18 on 32x32: 16 -> 8 (pool) -> 8, 4, 2, 1; batch 2 so that batch norm sees two values.
  expect_shapes(*resnet18(10, 3, rng), {2, 3, 32, 32}, {2, 10});
  // D2L's DenseNet on 32x32 (16 -> 8 -> 4 -> 2 -> 1) and a tiny one.
  expect_shapes(*densenet(10, 1, rng), {2, 1, 32, 32}, {2, 10});
  expect_shapes(*densenet(3, 2, rng, 2, {1, 2}, 4), {2, 2, 16, 16}, {2, 3});
}

// PyTorch's parameter counts of the same architectures (tools/golden/03_cnn_models.py).
// ResNet-18 at 1000 classes: torchvision's 11,689,512; its blocks: the stride-2 block 64 -> 128
// with projection 230,144, the identity block at 64 channels 73,984 (2 * 64 * 64 * 9 conv
// weights + 2 * 2 * 64 batch-norm parameters).
TEST(CnnModels, ParamCountsMatchPyTorch) {
  Rng rng(3);
  EXPECT_EQ(std::int64_t(lenet(rng)->num_params()), golden_count("count_lenet"));
  EXPECT_EQ(resnet18(1000, 3, rng)->num_params(), 11689512u);
  EXPECT_EQ(std::int64_t(resnet18(10, 1, rng)->num_params()),
            golden_count("count_resnet18_10_gray"));
  EXPECT_EQ(std::int64_t(densenet(10, 1, rng)->num_params()), golden_count("count_densenet_d2l"));
  EXPECT_EQ(std::int64_t(vgg_block(2, 3, 8, rng)->num_params()), golden_count("count_vgg_block"));
  EXPECT_EQ(std::int64_t(nin_block(3, 8, {5, 5}, {2, 2}, {1, 1}, rng)->num_params()),
            golden_count("count_nin_block"));
  EXPECT_EQ(std::int64_t(inception_block(192, 64, {96, 128}, {16, 32}, 32, rng)->num_params()),
            golden_count("count_inception_d2l"));
  EXPECT_EQ(std::int64_t(transition_block(32, 16, rng)->num_params()),
            golden_count("count_transition"));
  EXPECT_EQ(std::int64_t(DenseBlock(2, 3, 10, rng).num_params()),
            golden_count("count_dense_block"));
  EXPECT_EQ(ResidualBlock(64, 128, rng, 2, true).num_params(), 230144u);
  EXPECT_EQ(std::int64_t(ResidualBlock(64, 64, rng).num_params()),
            golden_count("count_residual_id"));
}

// torchvision's names in nnlab's order: conv1, bn1, then layer1.0.conv1 ... and fc last.
TEST(CnnModels, ResNetParamNames) {
  Rng rng(4);
  auto net = resnet18(10, 3, rng, 4);
  const std::vector<NamedParam> ps = net->params();
  ASSERT_EQ(ps.size(), 62u);  // 20 convs + 20 batch norms * 2 + fc * 2
  EXPECT_EQ(ps[0].name, "0.weight");
  EXPECT_EQ(ps[1].name, "1.weight");
  EXPECT_EQ(ps[3].name, "4.0.body.0.weight");
  EXPECT_EQ(ps[4].name, "4.0.body.1.weight");
  EXPECT_EQ(ps[21].name, "5.0.shortcut.0.weight");
  EXPECT_EQ(ps[60].name, "9.weight");
  EXPECT_EQ(shape_of(ps[60].param->value), Shape({32, 10}));
  const Conv2d& stem = static_cast<Conv2d&>((*net)[0]);
  EXPECT_FALSE(stem.has_bias());
  EXPECT_EQ(stem.describe(), "Conv2d(3 -> 4, kernel 7x7, stride 2x2, padding 3x3, no bias)");
}

// Smooth instances (tanh instead of ReLU, no max pooling) against central differences, batch
// norm in training mode: float forward passes over 2h = 0.02 and the curvature of tanh and of
// the normalisation: 2e-3 (as the chapter's other module checks).
TEST(CnnModels, BlocksMatchFiniteDifferences) {
  Rng init(5), rng(6);
  auto nin = nin_block(2, 3, {3, 3}, {2, 2}, {1, 1}, init, Nonlinearity::tanh);
  EXPECT_TRUE(
      nnlab::testing::gradcheck_module(*nin, rng.normal(Shape{2, 2, 5, 5}), rng, 2e-3, 2e-3));
  auto transition = transition_block(3, 2, init, Nonlinearity::tanh);
  EXPECT_TRUE(nnlab::testing::gradcheck_module(*transition, rng.normal(Shape{2, 3, 4, 4}), rng,
                                               2e-3, 2e-3));
  ResidualBlock proj(2, 3, init, 2, true, Nonlinearity::tanh);
  EXPECT_TRUE(
      nnlab::testing::gradcheck_module(proj, rng.normal(Shape{2, 2, 5, 5}), rng, 2e-3, 2e-3));
  ResidualBlock id(2, 2, init, 1, false, Nonlinearity::tanh);
  EXPECT_TRUE(nnlab::testing::gradcheck_module(id, rng.normal(Shape{2, 2, 4, 4}), rng, 2e-3, 2e-3));
  DenseBlock dense(2, 2, 2, init, Nonlinearity::tanh);
  EXPECT_TRUE(
      nnlab::testing::gradcheck_module(dense, rng.normal(Shape{2, 2, 4, 4}), rng, 2e-3, 2e-3));
  // LeNet's pieces with sigmoid: conv 5x5 pad 2, sigmoid, avg pool, on a small image.
  Sequential lenet_part;
  lenet_part.emplace<Conv2d>(1, 2, Size2{5, 5}, init, Size2{1, 1}, Size2{2, 2});
  lenet_part.add(make_activation(Nonlinearity::sigmoid));
  lenet_part.emplace<AvgPool2d>(Size2{2, 2});
  lenet_part.emplace<GlobalAvgPool2d>();
  EXPECT_TRUE(
      nnlab::testing::gradcheck_module(lenet_part, rng.normal(Shape{2, 1, 6, 6}), rng, 2e-3, 2e-3));
  // Concat of two smooth branches of 1 and 2 channels.
  std::vector<std::unique_ptr<Module>> branches;
  branches.push_back(nin_block(2, 1, {1, 1}, {1, 1}, {0, 0}, init, Nonlinearity::tanh));
  branches.push_back(nin_block(2, 2, {3, 3}, {1, 1}, {1, 1}, init, Nonlinearity::tanh));
  Concat cat(std::move(branches));
  EXPECT_TRUE(
      nnlab::testing::gradcheck_module(cat, rng.normal(Shape{2, 2, 3, 3}), rng, 2e-3, 2e-3));
}

// The builders with max pooling and ReLU, whose kinks rule out finite differences, against the
// same architectures in PyTorch with the same parameters (tools/golden/03_cnn_models.py),
// training mode, forward and backward. float32 here against float64 there: outputs and input
// gradients (of order 1) agree to ~1e-5, so 1e-4. The parameter gradients of the tiny ResNet-18
// (base 3 channels, values up to 20) sum over up to 1,152 positions after 20 conv and batch-norm
// layers: PyTorch's own float32 run is 6.5e-5 away from its float64 run there, ours ~1.2e-4,
// so 5e-4 absolute for the parameter gradients.
TEST(CnnModels, BuildersMatchPyTorch) {
  Rng rng(7);
  struct Case {
    std::string name;
    std::unique_ptr<Module> model;
  };
  std::vector<Case> cases;
  cases.push_back({"vgg_block", vgg_block(2, 2, 3, rng)});
  cases.push_back({"inception", inception_block(3, 2, {2, 3}, {1, 2}, 2, rng)});
  cases.push_back({"resnet18_tiny", resnet18(5, 1, rng, 3)});
  cases.push_back({"densenet_tiny", densenet(3, 1, rng, 2, {2, 1}, 4)});
  for (Case& c : cases) {
    SCOPED_TRACE("model " + c.name);
    const std::string p = "model_" + c.name + "_";
    ASSERT_TRUE(nnlab::testing::set_params_from_flat(*c.model, golden("03_cnn", p + "params")));
    NNLAB_EXPECT_ALLCLOSE(c.model->forward(golden("03_cnn", p + "x")), golden("03_cnn", p + "y"),
                          1e-4, 1e-4);
    NNLAB_EXPECT_ALLCLOSE(c.model->backward(golden("03_cnn", p + "dy")), golden("03_cnn", p + "dx"),
                          1e-4, 1e-4);
    NNLAB_EXPECT_ALLCLOSE(flat_grads(*c.model), golden("03_cnn", p + "grads"), 5e-4, 1e-4);
  }
}

TEST(CnnModels, ProfileTableAndErrors) {
  Rng rng(8);
  auto net = resnet18(10, 3, rng, 4);
  const std::vector<LayerStats> p = profile(*net, {1, 3, 64, 64});
  EXPECT_EQ(p[0].name, "0");
  EXPECT_EQ(p[4].name, "4.0.body.0");
  const std::string table = format_profile(p);
  EXPECT_NE(table.find("4.0.body.0"), std::string::npos);
  EXPECT_NE(table.find("total"), std::string::npos);
  // Wrong channel count, too small an input, an unknown layer.
  NNLAB_EXPECT_THROW_MSG(profile(*net, {1, 1, 64, 64}), ShapeError, "profile", "(1, 1, 64, 64)");
  NNLAB_EXPECT_THROW_MSG(profile(*vgg_block(1, 1, 1, rng), {1, 1, 1, 1}), ShapeError, "profile");
  struct Odd : Module {
    Tensor forward(const Tensor& x) override { return x; }
    Tensor backward(const Tensor& dy) override { return dy; }
  } odd;
  NNLAB_EXPECT_THROW_MSG(profile(odd, {1, 1}), ShapeError, "profile", "does not know");
  // Errors of the builders.
  NNLAB_EXPECT_THROW_MSG(ResidualBlock(4, 8, rng), ShapeError, "ResidualBlock", "1x1");
  NNLAB_EXPECT_THROW_MSG(ResidualBlock(4, 4, rng, 2), ShapeError, "ResidualBlock", "1x1");
  NNLAB_EXPECT_THROW_MSG(DenseBlock(0, 4, 2, rng), ShapeError, "DenseBlock");
  NNLAB_EXPECT_THROW_MSG(densenet(10, 1, rng, 32, {}), ShapeError, "densenet");
  NNLAB_EXPECT_THROW_MSG(vgg_block(0, 1, 1, rng), ShapeError, "vgg_block");
  GlobalAvgPool2d gap;
  EXPECT_THROW(gap.backward(xt::zeros<float>({1, 1})), ShapeError);
}

}  // namespace
}  // namespace nnlab::cnn
