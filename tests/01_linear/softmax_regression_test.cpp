// Graded tests of exercise 01.9, softmax_regression_grad.
#include "nnlab/linear/softmax_regression.hpp"

#include <cmath>

#include "nnlab/testing.hpp"

namespace nnlab::linear {
namespace {

// Mean cross-entropy of softmax(x W + b) in double, independent of the exercises.
double reference_loss(const Tensor& x, const Tensor& W, const Tensor& b, const Labels& y) {
  const std::size_t N = x.shape(0), D = x.shape(1), K = W.shape(1);
  double L = 0.0;
  for (std::size_t n = 0; n < N; ++n) {
    std::vector<double> z(K);
    double m = -INFINITY;
    for (std::size_t k = 0; k < K; ++k) {
      z[k] = b(k);
      for (std::size_t d = 0; d < D; ++d) z[k] += double(x(n, d)) * double(W(d, k));
      m = std::max(m, z[k]);
    }
    double s = 0.0;
    for (std::size_t k = 0; k < K; ++k) s += std::exp(z[k] - m);
    L += m + std::log(s) - z[y(n)];
  }
  return L / double(N);
}

// x = [[1, 2], [-1, 0]], W = 0 (2, 3), b = 0 (3), y = [0, 2]: all logits 0, softmax 1/3 each.
//   loss = ln 3 = 1.098612289
//   G = (1/3 - onehot) / 2:  G0 = [-1/3, 1/6, 1/6],  G1 = [1/6, 1/6, -1/3]
//   dW = x^T G:  row 0 = 1*G0 - 1*G1 = [-1/2, 0, 1/2],  row 1 = 2*G0 + 0*G1 = [-2/3, 1/3, 1/3]
//   db = G0 + G1 = [-1/6, 1/3, -1/6]
NNLAB_TEST(SoftmaxRegression, HandComputed, 2) {
  const Tensor x = {{1, 2}, {-1, 0}};
  const Tensor W = xt::zeros<float>({2, 3});
  const Tensor b = xt::zeros<float>({3});
  const Labels y = {0, 2};
  const SoftmaxRegressionGrads g = softmax_regression_grad(x, W, b, y);
  EXPECT_NEAR(g.loss, 1.098612289, 1e-6);  // float log: ~1e-7
  // Thirds and sixths: float rounding ~1e-7.
  NNLAB_EXPECT_ALLCLOSE(g.dW, Tensor({{-0.5, 0, 0.5}, {-2.0 / 3, 1.0 / 3, 1.0 / 3}}), 1e-6, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(g.db, Tensor({-1.0 / 6, 1.0 / 3, -1.0 / 6}), 1e-6, 1e-5);
}

NNLAB_TEST(SoftmaxRegression, GradientsMatchFiniteDifferences, 3) {
  Rng rng(10);
  const Tensor x = rng.normal(Shape{7, 4});
  const Tensor W = rng.normal(Shape{4, 3}, 0.0f, 0.5f);
  const Tensor b = rng.normal(Shape{3}, 0.0f, 0.5f);
  const Labels y = {0, 2, 1, 1, 0, 2, 2};
  const SoftmaxRegressionGrads g = softmax_regression_grad(x, W, b, y);
  EXPECT_NEAR(g.loss, reference_loss(x, W, b, y), 1e-5);  // float vs double: ~1e-7
  // The loss is evaluated in double: the error is the truncation of central differences,
  // h^2/6 |f'''| with h = 1e-2 and |f'''| <~ |x|^3 / N: up to ~1e-4 for |x| ~ 3.
  // Gradients here are ~0.05-0.5.
  EXPECT_TRUE(testing::gradcheck([&](const Tensor& t) { return reference_loss(x, t, b, y); }, W,
                                 g.dW, 3e-4, 1e-3))
      << "  dW";
  EXPECT_TRUE(testing::gradcheck([&](const Tensor& t) { return reference_loss(x, W, t, y); }, b,
                                 g.db, 3e-4, 1e-3))
      << "  db";
}

NNLAB_TEST(SoftmaxRegression, MatchesPyTorch, 2) {
  const Tensor x = testing::golden("01_linear", "softmax_regression_x");  // (10, 4)
  const Tensor W = testing::golden("01_linear", "softmax_regression_W");  // (4, 3)
  const Tensor b = testing::golden("01_linear", "softmax_regression_b");  // (3)
  const Labels y = testing::golden_labels("01_linear", "softmax_regression_labels");  // (10)
  const SoftmaxRegressionGrads g = softmax_regression_grad(x, W, b, y);
  // torch cross_entropy(x W + b) and autograd in double; float matmul + softmax: ~1e-6.
  NNLAB_EXPECT_ALLCLOSE(Tensor{g.loss}, testing::golden("01_linear", "softmax_regression_loss"),
                        1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(g.dW, testing::golden("01_linear", "softmax_regression_dW"), 1e-5, 1e-4);
  NNLAB_EXPECT_ALLCLOSE(g.db, testing::golden("01_linear", "softmax_regression_db"), 1e-5, 1e-4);
}

NNLAB_TEST(SoftmaxRegression, RejectsBadShapes, 2) {
  const Tensor x = xt::zeros<float>({10, 4});
  const Tensor W = xt::zeros<float>({4, 3});
  const Tensor b = xt::zeros<float>({3});
  const Labels y = xt::zeros<std::int64_t>({10});
  const char* fn = "softmax_regression_grad";
  // W has D = 5 rows, x has D = 4 columns.
  NNLAB_EXPECT_THROW_MSG(softmax_regression_grad(x, Tensor(xt::zeros<float>({5, 3})), b, y),
                         ShapeError, fn, "(10, 4)", "(5, 3)");
  // b has 4 entries for K = 3 classes.
  NNLAB_EXPECT_THROW_MSG(softmax_regression_grad(x, W, Tensor(xt::zeros<float>({4})), y),
                         ShapeError, fn, "(4)", "(4, 3)");
  // 9 labels for 10 samples.
  NNLAB_EXPECT_THROW_MSG(softmax_regression_grad(x, W, b, Labels(xt::zeros<std::int64_t>({9}))),
                         ShapeError, fn, "(10, 4)", "(9)");
}

}  // namespace
}  // namespace nnlab::linear
