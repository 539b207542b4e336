// Tests of the provided modules (ungraded: they run against the solution variant only, see
// cmake/nnlab_chapter.cmake).
#include "nnlab/mlp/layers.hpp"

#include <cmath>

#include <xtensor/xmath.hpp>

#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

TEST(MlpLayers, ParamsHaveStableNamesAndShapes) {
  Rng rng(1);
  Sequential net;
  net.emplace<Linear>(4, 5, rng);
  net.emplace<ReLU>();
  net.emplace<Linear>(5, 3, rng);
  const std::vector<NamedParam> ps = net.params();
  ASSERT_EQ(ps.size(), 4u);
  EXPECT_EQ(ps[0].name, "0.weight");
  EXPECT_EQ(shape_of(ps[0].param->value), Shape({4, 5}));
  EXPECT_EQ(ps[1].name, "0.bias");
  EXPECT_EQ(shape_of(ps[1].param->value), Shape({5}));
  EXPECT_EQ(ps[3].name, "2.bias");
  EXPECT_EQ(net.num_params(), 4u * 5 + 5 + 5 * 3 + 3);
  EXPECT_EQ(net[0].describe(), "Linear(4 -> 5)");
  const double a = std::sqrt(6.0 / 9.0);  // Xavier bound of the first layer
  EXPECT_LE(double(xt::amax(xt::abs(ps[0].param->value))()), a);
}

TEST(MlpLayers, SequentialMatchesFiniteDifferences) {
  Rng init(2), drop(3), rng(4);
  Sequential net;
  net.emplace<Linear>(4, 6, init);
  net.emplace<Tanh>();
  net.emplace<Linear>(6, 5, init);
  net.emplace<GELU>();
  net.emplace<Dropout>(0.5f, drop);
  net.emplace<Linear>(5, 4, init);
  net.emplace<Sigmoid>();
  net.emplace<Linear>(4, 3, init);
  net.emplace<ReLU>();
  net.eval();  // dropout is the identity, so repeated forwards agree
  const Tensor x = rng.normal(Shape{3, 4});
  // Smooth layers but for the final ReLU; float forward rounding over 2h = 0.02: ~1e-4.
  EXPECT_TRUE(nnlab::testing::gradcheck_module(net, x, rng, 2e-3, 2e-3));
}

TEST(MlpLayers, DropoutModuleUsesItsMaskInBackward) {
  Rng drop(5);
  Dropout d(0.5f, drop);
  const Tensor x = xt::ones<float>({4, 8});
  const Tensor y = d.forward(x);
  const Tensor dx = d.backward(x);
  NNLAB_EXPECT_ALLCLOSE(dx, y, 0, 0);  // with x = dy = 1 both are the mask
  d.eval();
  NNLAB_EXPECT_ALLCLOSE(d.forward(x), x, 0, 0);
  EXPECT_THROW(Dropout(1.0f, drop), ShapeError);
}

}  // namespace
}  // namespace nnlab::mlp
