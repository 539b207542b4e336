// Graded tests of exercise 01.7, softmax, log_softmax and softmax_backward.
#include "nnlab/linear/softmax.hpp"

#include <cmath>

#include "nnlab/testing.hpp"

namespace nnlab::linear {
namespace {

// Row-wise softmax in double, independent of the exercise (moderate logits only).
xt::xarray<double> reference_softmax(const Tensor& z) {
  xt::xarray<double> p = xt::zeros<double>(z.shape());
  for (std::size_t n = 0; n < z.shape(0); ++n) {
    double m = z(n, 0), s = 0.0;
    for (std::size_t k = 0; k < z.shape(1); ++k) m = std::max(m, double(z(n, k)));
    for (std::size_t k = 0; k < z.shape(1); ++k) s += std::exp(double(z(n, k)) - m);
    for (std::size_t k = 0; k < z.shape(1); ++k) p(n, k) = std::exp(double(z(n, k)) - m) / s;
  }
  return p;
}

// z = [[0, 0, 0], [1, 2, 3]]:
//   row 0: softmax = 1/3 each, log_softmax = -ln 3 = -1.098612289
//   row 1: logsumexp = 3 + ln(1 + e^-1 + e^-2) = 3.407605964, so
//          log_softmax = [-2.407605964, -1.407605964, -0.407605964]
//          softmax = exp of that = [0.090030573, 0.244728471, 0.665240956]
NNLAB_TEST(Softmax, HandComputed, 2) {
  const Tensor z = {{0, 0, 0}, {1, 2, 3}};
  const Tensor p = {{1.0 / 3, 1.0 / 3, 1.0 / 3}, {0.090030573, 0.244728471, 0.665240956}};
  const Tensor logp = {{-1.098612289, -1.098612289, -1.098612289},
                       {-2.407605964, -1.407605964, -0.407605964}};
  // Nine-digit hand values; float exp/log: ~1e-7 relative.
  NNLAB_EXPECT_ALLCLOSE(softmax(z), p, 1e-6, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(log_softmax(z), logp, 1e-6, 1e-5);
}

// Logits of +-1e4 overflow a naive exp(z); the row max must be subtracted first.
//   [1e4, 1e4, -1e4]  -> softmax [1/2, 1/2, 0],   log_softmax [-ln 2, -ln 2, -2e4 - ln 2]
//   [-1e4, -1e4, -1e4] -> softmax 1/3 each,       log_softmax -ln 3 each
//   [0, 1e4, 0]       -> softmax [0, 1, 0],       log_softmax [-1e4, 0, -1e4]
NNLAB_TEST(Softmax, StableForHugeLogits, 2) {
  const Tensor z = {{1e4, 1e4, -1e4}, {-1e4, -1e4, -1e4}, {0, 1e4, 0}};
  const double ln2 = std::log(2.0), ln3 = std::log(3.0);
  const Tensor p = softmax(z);
  const Tensor logp = log_softmax(z);
  EXPECT_TRUE(xt::all(xt::isfinite(p))) << "  softmax has inf or nan";
  EXPECT_TRUE(xt::all(xt::isfinite(logp))) << "  log_softmax has inf or nan";
  const Tensor p_expected = {{0.5, 0.5, 0}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, {0, 1, 0}};
  const Tensor logp_expected = {
      {-ln2, -ln2, -2e4 - ln2}, {-ln3, -ln3, -ln3}, {-1e4, 0, -1e4}};
  // Probabilities to 1e-6; log-probabilities of size 2e4 carry float spacing ~2e-3, hence
  // the relative part (1e-6 of 2e4 = 2e-2 absolute at most).
  NNLAB_EXPECT_ALLCLOSE(p, p_expected, 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(logp, logp_expected, 1e-6, 1e-6);
}

// L = <softmax(z), g>; its gradient with respect to z is softmax_backward(g, softmax(z)).
NNLAB_TEST(Softmax, BackwardMatchesFiniteDifferences, 3) {
  Rng rng(6);
  const Tensor z = rng.normal(Shape{4, 5}, 0.0f, 2.0f);
  const Tensor g = rng.normal(Shape{4, 5});
  const Tensor y = xt::cast<float>(reference_softmax(z));
  auto f = [&](const Tensor& t) {
    return double(xt::sum(reference_softmax(t) * xt::cast<double>(g))());
  };
  // f is evaluated in double, so the error is the truncation of central differences,
  // h^2/6 |f'''| with h = 1e-2 and |f'''| <~ 1: ~2e-5, plus the float rounding of z + h
  // (~1e-5 relative). Gradients here are ~0.1-1.
  EXPECT_TRUE(testing::gradcheck(f, z, softmax_backward(g, y), 2e-4, 1e-3));
}

NNLAB_TEST(Softmax, MatchesPyTorch, 2) {
  const Tensor z = testing::golden("01_linear", "softmax_logits");  // (6, 5)
  const Tensor dy = testing::golden("01_linear", "softmax_dy");     // (6, 5)
  // torch.softmax / log_softmax and autograd, in double; float: ~1e-7 relative.
  const Tensor p = softmax(z);
  NNLAB_EXPECT_ALLCLOSE(p, testing::golden("01_linear", "softmax_softmax"), 1e-6, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(log_softmax(z), testing::golden("01_linear", "softmax_log_softmax"), 1e-6,
                        1e-5);
  NNLAB_EXPECT_ALLCLOSE(softmax_backward(dy, testing::golden("01_linear", "softmax_softmax")),
                        testing::golden("01_linear", "softmax_dx"), 1e-6, 1e-5);
}

NNLAB_TEST(Softmax, RejectsBadShapes, 1) {
  const Tensor v = xt::zeros<float>({5});
  NNLAB_EXPECT_THROW_MSG(softmax(v), ShapeError, "softmax", "(5)");
  NNLAB_EXPECT_THROW_MSG(log_softmax(v), ShapeError, "log_softmax", "(5)");
  NNLAB_EXPECT_THROW_MSG(softmax_backward(Tensor(xt::zeros<float>({2, 3})),
                                          Tensor(xt::zeros<float>({3, 2}))),
                         ShapeError, "softmax_backward", "(2, 3)", "(3, 2)");
}

}  // namespace
}  // namespace nnlab::linear
