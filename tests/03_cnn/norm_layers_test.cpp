// Tests of the provided normalisation modules (ungraded: they run against the solution variant
// only, see cmake/nnlab_chapter.cmake).
#include "nnlab/cnn/norm_layers.hpp"

#include <cmath>

#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "nnlab/mlp/layers.hpp"
#include "nnlab/testing.hpp"

namespace nnlab::cnn {
namespace {

TEST(NormLayers, ParamsHaveStableNamesAndShapes) {
  Rng rng(1);
  Sequential net;
  net.emplace<mlp::Linear>(4, 3, rng);
  net.emplace<BatchNorm>(3);
  net.emplace<LayerNorm>(Shape{3});
  net.emplace<GroupNorm>(1, 3);
  net.emplace<InstanceNorm2d>(3);  // no affine: no parameters
  net.emplace<InstanceNorm2d>(3, true);
  const std::vector<NamedParam> ps = net.params();
  ASSERT_EQ(ps.size(), 10u);
  const char* names[] = {"0.weight", "0.bias", "1.weight", "1.bias", "2.weight",
                         "2.bias",   "3.weight", "3.bias", "5.weight", "5.bias"};
  for (std::size_t i = 0; i < ps.size(); ++i) {
    EXPECT_EQ(ps[i].name, names[i]);
    if (i >= 2) {
      EXPECT_EQ(shape_of(ps[i].param->value), Shape({3})) << ps[i].name;
    }
  }
  EXPECT_EQ(net[1].describe(), "BatchNorm(3, momentum=0.1, eps=1e-05)");
  EXPECT_EQ(net[2].describe(), "LayerNorm((3))");
  EXPECT_EQ(net[3].describe(), "GroupNorm(1 groups, 3 channels)");
  EXPECT_EQ(net[4].describe(), "InstanceNorm2d(3)");
  EXPECT_EQ(net[5].describe(), "InstanceNorm2d(3, affine)");
  // gamma starts at ones and beta at zeros, running statistics at 0 and 1, as in PyTorch.
  auto& bn = static_cast<BatchNorm&>(net[1]);
  EXPECT_EQ(bn.weight.value, Tensor(xt::ones<float>({3})));
  EXPECT_EQ(bn.bias.value, Tensor(xt::zeros<float>({3})));
  EXPECT_EQ(bn.running_mean, Tensor(xt::zeros<float>({3})));
  EXPECT_EQ(bn.running_var, Tensor(xt::ones<float>({3})));
  // The running statistics are buffers (saved in checkpoints), not parameters.
  const auto buffers = net.buffers();
  ASSERT_EQ(buffers.size(), 2u);
  EXPECT_EQ(buffers[0].name, "1.running_mean");
  EXPECT_EQ(buffers[1].name, "1.running_var");
  EXPECT_EQ(buffers[0].tensor, &bn.running_mean);
}

// Training uses batch statistics (each channel of the output has mean 0, variance ~1 with
// gamma 1, beta 0) and moves the running statistics; eval() uses the running statistics, which
// after many steps on data of mean 2 and std 3 approach (2, 9).
TEST(NormLayers, BatchNormTrainAndEval) {
  Rng rng(2);
  BatchNorm bn(2);
  for (int step = 0; step < 60; ++step) {
    const Tensor x = rng.normal(Shape{64, 2, 2, 2}) * 3.0f + 2.0f;
    const Tensor y = bn.forward(x);
    if (step == 0) {
      for (std::size_t c = 0; c < 2; ++c) {
        const Tensor yc = xt::view(y, xt::all(), c);
        EXPECT_NEAR(double(xt::mean(yc)()), 0.0, 1e-5);
        EXPECT_NEAR(double(xt::mean(yc * yc)()), 1.0, 1e-4);  // var / (var + eps)
      }
    }
  }
  // After 60 steps 0.9^60 = 0.2% of the start is left. A batch mean over M = 256 values has std
  // 3 / 16 = 0.19, the running mean (weights 0.1 * 0.9^k) std 0.19 sqrt(0.01 / 0.19) = 0.043:
  // bound 0.2 (4.7 std). A batch variance has std 9 sqrt(2 / 255) = 0.80, the running one 0.18:
  // bound 1 (5.5 std).
  EXPECT_NEAR(double(bn.running_mean(0)), 2.0, 0.2);
  EXPECT_NEAR(double(bn.running_var(1)), 9.0, 1.0);

  bn.eval();
  const Tensor before_mean = bn.running_mean, before_var = bn.running_var;
  const Tensor x = rng.normal(Shape{3, 2, 2, 2});
  const Tensor y = bn.forward(x);
  BatchNormCache cache;
  Tensor rm = bn.running_mean, rv = bn.running_var;
  NNLAB_EXPECT_ALLCLOSE(y, batch_norm_forward(x, bn.weight.value, bn.bias.value, rm, rv, false,
                                              cache),
                        0, 0);
  EXPECT_EQ(bn.running_mean, before_mean);
  EXPECT_EQ(bn.running_var, before_var);
  // One example alone gives the same output in evaluation.
  const Tensor one = xt::view(x, xt::range(0, 1));
  NNLAB_EXPECT_ALLCLOSE(bn.forward(one), Tensor(xt::view(y, xt::range(0, 1))), 0, 0);
  bn.train();
  EXPECT_TRUE(bn.training());
}

// Every module in training mode, BatchNorm also in evaluation (where its backward treats the
// running statistics as constants), with gamma and beta moved off 1 and 0.
TEST(NormLayers, ModulesMatchFiniteDifferences) {
  Rng rng(3);
  auto perturb = [&](Module& m) {
    for (auto& np : m.params()) np.param->value += rng.normal(shape_of(np.param->value)) * 0.3f;
  };
  // Float forward over 2h = 0.02 on O(1) outputs: ~1e-4.
  BatchNorm bn2(3), bn4(2);
  perturb(bn2);
  perturb(bn4);
  EXPECT_TRUE(nnlab::testing::gradcheck_module(bn2, rng.normal(Shape{6, 3}) * 2.0f + 1.0f, rng,
                                               2e-3, 2e-3));
  EXPECT_TRUE(nnlab::testing::gradcheck_module(bn4, rng.normal(Shape{3, 2, 2, 3}), rng, 2e-3,
                                               2e-3));
  bn4.forward(rng.normal(Shape{4, 2, 2, 3}) + 1.0f);  // move the running statistics
  bn4.eval();
  EXPECT_TRUE(nnlab::testing::gradcheck_module(bn4, rng.normal(Shape{3, 2, 2, 3}), rng, 2e-3,
                                               2e-3));
  LayerNorm ln({2, 3});
  perturb(ln);
  EXPECT_TRUE(nnlab::testing::gradcheck_module(ln, rng.normal(Shape{2, 2, 2, 3}), rng, 2e-3,
                                               2e-3));
  GroupNorm gn(2, 4);
  perturb(gn);
  EXPECT_TRUE(nnlab::testing::gradcheck_module(gn, rng.normal(Shape{2, 4, 2, 2}), rng, 2e-3,
                                               2e-3));
  InstanceNorm2d in_affine(3, true), in_plain(3);
  perturb(in_affine);
  EXPECT_TRUE(nnlab::testing::gradcheck_module(in_affine, rng.normal(Shape{2, 3, 2, 3}), rng,
                                               2e-3, 2e-3));
  EXPECT_TRUE(nnlab::testing::gradcheck_module(in_plain, rng.normal(Shape{2, 3, 2, 3}), rng,
                                               2e-3, 2e-3));
}

// Linear -> BatchNorm -> Tanh -> Linear -> LayerNorm, in training mode.
TEST(NormLayers, SequentialMatchesFiniteDifferences) {
  Rng init(4), rng(5);
  Sequential net;
  net.emplace<mlp::Linear>(3, 4, init);
  net.emplace<BatchNorm>(4);
  net.emplace<mlp::Tanh>();
  net.emplace<mlp::Linear>(4, 5, init);
  net.emplace<LayerNorm>(Shape{5});
  EXPECT_TRUE(nnlab::testing::gradcheck_module(net, rng.normal(Shape{6, 3}), rng, 2e-3, 2e-3));
}

// Gradients accumulate across backward calls, as for every module.
TEST(NormLayers, GradientsAccumulate) {
  Rng rng(6);
  GroupNorm gn(1, 2);
  const Tensor x = rng.normal(Shape{2, 2, 3}), dy = rng.normal(Shape{2, 2, 3});
  gn.forward(x);
  gn.backward(dy);
  const Tensor once = gn.weight.grad;
  gn.backward(dy);
  NNLAB_EXPECT_ALLCLOSE(gn.weight.grad, Tensor(2.0f * once), 1e-6, 1e-6);
}

TEST(NormLayers, BadUse) {
  BatchNorm bn(2);
  EXPECT_THROW(bn.backward(xt::zeros<float>({2, 2})), ShapeError);
  LayerNorm ln({2});
  EXPECT_THROW(ln.backward(xt::zeros<float>({2, 2})), ShapeError);
  GroupNorm gn(1, 2);
  EXPECT_THROW(gn.backward(xt::zeros<float>({2, 2})), ShapeError);
  InstanceNorm2d in(2);
  EXPECT_THROW(in.backward(xt::zeros<float>({1, 2, 1, 1})), ShapeError);
  EXPECT_THROW(BatchNorm(0), ShapeError);
  EXPECT_THROW(LayerNorm(Shape{}), ShapeError);
  NNLAB_EXPECT_THROW_MSG(GroupNorm(4, 6), ShapeError, "GroupNorm", "6 channels", "4 groups");
  // A BatchNorm(3) fed 2 channels names the function and both shapes.
  BatchNorm bn3(3);
  NNLAB_EXPECT_THROW_MSG(bn3.forward(xt::zeros<float>({4, 2})), ShapeError, "batch_norm_forward",
                         "(4, 2)", "(3)");
}

}  // namespace
}  // namespace nnlab::cnn
