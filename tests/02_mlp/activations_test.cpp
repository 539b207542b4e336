// Graded tests of exercise 02.2, relu, sigmoid, tanh and gelu, forward and backward.
#include "nnlab/mlp/activations.hpp"

#include <functional>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <xtensor/xmath.hpp>

#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

using Fwd = std::function<Tensor(const Tensor&)>;
using Bwd = std::function<Tensor(const Tensor&, const Tensor&)>;
struct Act {
  const char* name;
  Fwd f;
  Bwd df;
};
const Act kActs[] = {{"relu", relu_forward, relu_backward},
                     {"sigmoid", sigmoid_forward, sigmoid_backward},
                     {"tanh", tanh_forward, tanh_backward},
                     {"gelu", gelu_forward, gelu_backward}};

// x = [-2, -0.5, 0, 0.5, 2]; with dy = 1 the backward gives f'(x). Nine-digit values:
//   relu  [0, 0, 0, 0.5, 2],                       relu' [0, 0, 0 (at 0, as torch), 1, 1]
//   sigmoid s = 1/(1+e^-x): s(2) = 0.880797078, s(0.5) = 0.622459331, s(0) = 0.5, s(-x) = 1 - s(x);
//                  s' = s(1-s): 0.104993585, 0.235003712, 0.25 (even in x)
//   tanh(0.5) = 0.462117157, tanh(2) = 0.964027580 (odd);  1 - tanh^2: 0.786447733, 0.070650825
//   gelu = x Phi(x), Phi(0.5) = 0.691462461, Phi(2) = 0.977249868, Phi(-x) = 1 - Phi(x):
//          [-0.045500264, -0.154268770, 0, 0.345731231, 1.954499736]
//   gelu' = Phi(x) + x phi(x), phi(0.5) = 0.352065327, phi(2) = 0.053990967:
//          [-0.085231801, 0.132504876, 0.5, 0.867495124, 1.085231801]
NNLAB_TEST(Activations, HandComputed, 3) {
  const Tensor x = {-2, -0.5, 0, 0.5, 2};
  const Tensor ones = xt::ones<float>({5});
  const Tensor y[] = {
      {0, 0, 0, 0.5, 2},
      {0.119202922, 0.377540669, 0.5, 0.622459331, 0.880797078},
      {-0.964027580, -0.462117157, 0, 0.462117157, 0.964027580},
      {-0.045500264, -0.154268770, 0, 0.345731231, 1.954499736}};
  const Tensor dx[] = {
      {0, 0, 0, 1, 1},
      {0.104993585, 0.235003712, 0.25, 0.235003712, 0.104993585},
      {0.070650825, 0.786447733, 1, 0.786447733, 0.070650825},
      {-0.085231801, 0.132504876, 0.5, 0.867495124, 1.085231801}};
  for (int i = 0; i < 4; ++i) {
    SCOPED_TRACE(kActs[i].name);
    // Nine-digit hand values; float exp/tanh/erf: ~1e-7 relative.
    NNLAB_EXPECT_ALLCLOSE(kActs[i].f(x), y[i], 1e-6, 1e-5);
    NNLAB_EXPECT_ALLCLOSE(kActs[i].df(ones, x), dx[i], 1e-6, 1e-5);
  }
}

// sigmoid(1e4) = 1 and sigmoid(-1e4) = 0, with zero gradient, never inf or nan:
// exp(-x) overflows float for x < -88.7 unless the negative side uses e^x / (1 + e^x).
NNLAB_TEST(Activations, SigmoidStableForHugeInputs, 1) {
  const Tensor x = {-1e4, -100, 100, 1e4};
  const Tensor s = sigmoid_forward(x);
  const Tensor ds = sigmoid_backward(Tensor(xt::ones<float>({4})), x);
  EXPECT_TRUE(xt::all(xt::isfinite(s)))
      << "  sigmoid has inf or nan: " << fmt::format("{}", fmt::join(s, ", "));
  EXPECT_TRUE(xt::all(xt::isfinite(ds)))
      << "  sigmoid_backward has inf or nan: " << fmt::format("{}", fmt::join(ds, ", "));
  // sigmoid(-100) = 3.7e-44 (a float denormal); all within 1e-7 of {0, 0, 1, 1}.
  NNLAB_EXPECT_ALLCLOSE(s, Tensor({0, 0, 1, 1}), 1e-7, 0);
  NNLAB_EXPECT_ALLCLOSE(ds, Tensor({0, 0, 0, 0}), 1e-7, 0);
}

// L = <f(x), g> for each activation; x is kept at least 0.1 away from relu's kink at 0.
NNLAB_TEST(Activations, BackwardMatchesFiniteDifferences, 4) {
  Rng rng(202);
  Tensor x = rng.normal(Shape{4, 5}, 0.0f, 2.0f);
  for (auto& v : x) {
    if (v > -0.1f && v < 0.1f) v += 0.3f;
  }
  const Tensor g = rng.normal(Shape{4, 5});
  for (const Act& a : kActs) {
    SCOPED_TRACE(a.name);
    // h = 1e-2: truncation h^2/6 |f'''| <~ 2e-5; float rounding of f over 2h: ~1e-5 of |g|.
    EXPECT_TRUE(nnlab::testing::gradcheck(
        [&](const Tensor& t) { return nnlab::testing::dot(a.f(t), g); }, x, a.df(g, x), 5e-4,
        1e-3));
  }
}

NNLAB_TEST(Activations, MatchesPyTorch, 3) {
  const Tensor x = nnlab::testing::golden("02_mlp", "activations_x");    // (4, 6), x[0, 0] = 0
  const Tensor dy = nnlab::testing::golden("02_mlp", "activations_dy");  // (4, 6)
  for (const Act& a : kActs) {
    SCOPED_TRACE(a.name);
    const std::string prefix = std::string("activations_") + a.name;
    // torch.relu / sigmoid / tanh / F.gelu(approximate='none') and autograd, in double.
    NNLAB_EXPECT_ALLCLOSE(a.f(x), nnlab::testing::golden("02_mlp", prefix + "_y"), 1e-6, 1e-5);
    NNLAB_EXPECT_ALLCLOSE(a.df(dy, x), nnlab::testing::golden("02_mlp", prefix + "_dx"), 1e-6,
                          1e-5);
  }
}

NNLAB_TEST(Activations, RejectsBadShapes, 1) {
  const Tensor dy = xt::zeros<float>({2, 3});
  const Tensor x = xt::zeros<float>({3, 2});
  NNLAB_EXPECT_THROW_MSG(relu_backward(dy, x), ShapeError, "relu_backward", "(2, 3)", "(3, 2)");
  NNLAB_EXPECT_THROW_MSG(sigmoid_backward(dy, x), ShapeError, "sigmoid_backward", "(2, 3)");
  NNLAB_EXPECT_THROW_MSG(tanh_backward(dy, x), ShapeError, "tanh_backward", "(2, 3)");
  NNLAB_EXPECT_THROW_MSG(gelu_backward(dy, x), ShapeError, "gelu_backward", "(2, 3)");
}

}  // namespace
}  // namespace nnlab::mlp
