// Tests of the provided LinearRegression module (ungraded: they run against the solution
// variant only, see cmake/nnlab_chapter.cmake).
#include "nnlab/linear/models.hpp"

#include "nnlab/testing.hpp"

namespace nnlab::linear {
namespace {

TEST(LinearRegressionModule, ParamsHaveStableNamesAndShapes) {
  LinearRegression model(3);
  const std::vector<NamedParam> ps = model.params();
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0].name, "weight");
  EXPECT_EQ(shape_of(ps[0].param->value), Shape({3}));
  EXPECT_EQ(ps[1].name, "bias");
  EXPECT_EQ(shape_of(ps[1].param->value), Shape({1}));
  EXPECT_EQ(model.num_params(), 4u);
  EXPECT_EQ(model.describe(), "LinearRegression(3 -> 1)");
}

TEST(LinearRegressionModule, MatchesFiniteDifferences) {
  Rng rng(21);
  LinearRegression model(4, rng, 0.5f);
  const Tensor x = rng.normal(Shape{6, 4});
  // L = <forward(x), g> is linear in x, w and b; central differences are exact up to float
  // rounding of the forward pass (~1e-6 over 2h = 0.02: ~1e-4).
  EXPECT_TRUE(testing::gradcheck_module(model, x, rng, 1e-3, 1e-3));
}

TEST(LinearRegressionModule, BackwardAccumulatesGradients) {
  Rng rng(22);
  LinearRegression model(2, rng);
  const Tensor x = rng.normal(Shape{5, 2});
  const Tensor dy = rng.normal(Shape{5});
  model.zero_grad();
  model.forward(x);
  model.backward(dy);
  const Tensor dw = model.weight.grad, db = model.bias.grad;
  model.backward(dy);
  NNLAB_EXPECT_ALLCLOSE(model.weight.grad, Tensor(2.0f * dw), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(model.bias.grad, Tensor(2.0f * db), 1e-6, 1e-6);
}

TEST(LinearRegressionModule, BackwardBeforeForwardThrows) {
  LinearRegression model(2);
  NNLAB_EXPECT_THROW_MSG(model.backward(Tensor(xt::zeros<float>({3}))), ShapeError,
                         "LinearRegression::backward", "forward");
}

}  // namespace
}  // namespace nnlab::linear
