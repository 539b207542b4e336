// Graded tests of exercise 03.7: batch normalisation, forward (training, evaluation) and backward.
#include "nnlab/cnn/batch_norm.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string>

#include <xtensor/xview.hpp>

#include "nnlab/testing.hpp"

namespace nnlab::cnn {
namespace {

Tensor gold(const std::string& name) {
  return nnlab::testing::golden("03_cnn", "batch_norm_" + name);
}

// A 1-D tensor of the values, or with `column` one column (N, 1). (A one-element brace list
// would be ambiguous for xtensor's constructors.)
Tensor vec(std::initializer_list<float> values, bool column = false) {
  Tensor t = Tensor::from_shape({values.size()});
  std::copy(values.begin(), values.end(), t.begin());
  if (column) t.reshape({values.size(), 1});
  return t;
}

// x (N, D) = [[1, 2], [3, 6]], gamma = [2, 0.5], beta = [1, -1], eps = 1e-5.
// Feature 0: values 1, 3: mean 2, biased var ((-1)^2 + 1^2) / 2 = 1, x_hat = -+1 / sqrt(1 + eps)
//   -> y = 1 -+ 2 / sqrt(1 + eps) = -0.99999, 2.99999.
// Feature 1: values 2, 6: mean 4, var (4 + 4) / 2 = 4, x_hat = -+2 / sqrt(4 + eps)
//   -> y = -1 -+ 0.5 * 2 / sqrt(4 + eps) = -1.5, -0.5 (to 1e-6).
// Running statistics from mean 0 and var 1, momentum 0.1; the unbiased variance is
// var * M / (M - 1) = var * 2: mean 0.9 * 0 + 0.1 * [2, 4] = [0.2, 0.4],
// var 0.9 * 1 + 0.1 * [2, 8] = [1.1, 1.7].
NNLAB_TEST(BatchNorm, TrainingForwardHandComputed, 2) {
  const Tensor x = {{1, 2}, {3, 6}}, gamma = {2, 0.5}, beta = {1, -1};
  Tensor rm = {0, 0}, rv = {1, 1};
  BatchNormCache cache;
  const Tensor y = batch_norm_forward(x, gamma, beta, rm, rv, true, cache);
  const double a = 1 / std::sqrt(1 + 1e-5), b = 2 / std::sqrt(4 + 1e-5);
  // float rounding of O(1) values: 1e-6.
  NNLAB_EXPECT_ALLCLOSE(y, Tensor({{float(1 - 2 * a), float(-1 - 0.5 * b)},
                                   {float(1 + 2 * a), float(-1 + 0.5 * b)}}),
                        1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(cache.x_hat, Tensor({{float(-a), float(-b)}, {float(a), float(b)}}), 1e-6,
                        1e-6);
  NNLAB_EXPECT_ALLCLOSE(cache.inv_std,
                        Tensor({float(1 / std::sqrt(1 + 1e-5)), float(1 / std::sqrt(4 + 1e-5))}),
                        1e-7, 1e-6);
  EXPECT_TRUE(cache.training);
  NNLAB_EXPECT_ALLCLOSE(rm, Tensor({0.2, 0.4}), 1e-7, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(rv, Tensor({1.1, 1.7}), 1e-7, 1e-6);

  // (N, C, H, W) = (2, 1, 1, 2), one channel over N H W = 4 values 0, 2, 4, 6: mean 3, biased var
  // (9 + 1 + 1 + 9) / 4 = 5, unbiased 20 / 3. momentum 0.5 from running [1], [2]:
  // mean 0.5 * 1 + 0.5 * 3 = 2, var 0.5 * 2 + 0.5 * 20 / 3 = 13 / 3. gamma 1, beta 0:
  // y = (x - 3) / sqrt(5 + eps).
  const Tensor x4 = {{{{0, 2}}}, {{{4, 6}}}};
  Tensor rm4 = vec({1}), rv4 = vec({2});
  const Tensor y4 = batch_norm_forward(x4, vec({1}), vec({0}), rm4, rv4, true, cache, 0.5f);
  const float s = float(1 / std::sqrt(5 + 1e-5));
  NNLAB_EXPECT_ALLCLOSE(y4, Tensor({{{{-3 * s, -1 * s}}}, {{{1 * s, 3 * s}}}}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(rm4, vec({2}), 1e-7, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(rv4, vec({13.0f / 3}), 1e-7, 1e-6);
}

// Evaluation normalises with the running statistics and leaves them alone:
// running mean [0.2, 0.4], var [1.1, 1.7], gamma [2, 0.5], beta [1, -1], x = [[1, 2]]:
// y = [2 (1 - 0.2) / sqrt(1.1 + eps) + 1, 0.5 (2 - 0.4) / sqrt(1.7 + eps) - 1]
//   = [2.525516, -0.386437]. One example alone gives the same output as inside a batch.
NNLAB_TEST(BatchNorm, EvaluationForwardHandComputed, 2) {
  const Tensor gamma = {2, 0.5}, beta = {1, -1};
  Tensor rm = {0.2, 0.4}, rv = {1.1, 1.7};
  BatchNormCache cache;
  const Tensor y = batch_norm_forward(Tensor({{1, 2}}), gamma, beta, rm, rv, false, cache);
  const double y0 = 2 * 0.8 / std::sqrt(1.1 + 1e-5) + 1, y1 = 0.5 * 1.6 / std::sqrt(1.7 + 1e-5) - 1;
  NNLAB_EXPECT_ALLCLOSE(y, Tensor({{float(y0), float(y1)}}), 1e-6, 1e-6);
  EXPECT_FALSE(cache.training);
  NNLAB_EXPECT_ALLCLOSE(rm, Tensor({0.2, 0.4}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(rv, Tensor({1.1, 1.7}), 0, 0);
  const Tensor batch = batch_norm_forward(Tensor({{5, -3}, {1, 2}, {0, 0}}), gamma, beta, rm, rv,
                                          false, cache);
  NNLAB_EXPECT_ALLCLOSE(Tensor(xt::view(batch, xt::range(1, 2), xt::all())), y, 0, 0);
}

// One channel, x = [-1, 0, 1] as (3, 1), gamma 1: mean 0, var 2/3, s = 1 / sqrt(2/3 + eps),
// x_hat = [-1, 0, 1] s. dy = [1, 0, 0]: mean(dy) = 1/3, mean(dy x_hat) = -s/3, so
// dx = s (dy - 1/3 - x_hat (-s/3)) = s ([2/3, -1/3, -1/3] + [-1, 0, 1] s^2 / 3)
//    ~ 1.2247 ([2/3, -1/3, -1/3] + [-0.5, 0, 0.5]) = [0.2041, -0.4082, 0.2041];
// dgamma = sum dy x_hat = -s, dbeta = sum dy = 1.
// dy = ones, any x: dx = 0 (normalisation removes a constant shift); dbeta = N.
// Evaluation (statistics constant): dx = dy gamma / sqrt(running_var + eps).
NNLAB_TEST(BatchNorm, BackwardHandComputed, 2) {
  const Tensor x = vec({-1, 0, 1}, true), gamma = vec({1}), beta = vec({0});
  Tensor rm = vec({0}), rv = vec({1});
  BatchNormCache cache;
  batch_norm_forward(x, gamma, beta, rm, rv, true, cache);
  const NormGrads g = batch_norm_backward(vec({1, 0, 0}, true), gamma, cache);
  const double s = 1 / std::sqrt(2.0 / 3 + 1e-5), s2 = s * s;
  NNLAB_EXPECT_ALLCLOSE(g.dx,
                        vec({float(s * (2.0 / 3 - s2 / 3)), float(s * (-1.0 / 3)),
                             float(s * (-1.0 / 3 + s2 / 3))},
                            true),
                        1e-6, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(g.dgamma, vec({float(-s)}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(g.dbeta, vec({1}), 1e-6, 1e-6);

  const Tensor x4 = {{{{0.5, 2}}, {{3, -1}}}, {{{4, 6}}, {{0, 1}}}};  // (2, 2, 1, 2)
  Tensor rm2 = {0, 0}, rv2 = {1, 1};
  batch_norm_forward(x4, Tensor({3, -2}), Tensor({0, 0}), rm2, rv2, true, cache);
  const NormGrads ones = batch_norm_backward(xt::ones<float>({2, 2, 1, 2}), Tensor({3, -2}), cache);
  NNLAB_EXPECT_ALLCLOSE(ones.dx, Tensor(xt::zeros<float>({2, 2, 1, 2})), 1e-6, 0);
  NNLAB_EXPECT_ALLCLOSE(ones.dbeta, Tensor({4, 4}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(ones.dgamma, Tensor({0, 0}), 1e-6, 0);  // sum of x_hat = 0

  // Evaluation with running var [3, 0.25]: dx = dy * gamma / sqrt(var + eps).
  Tensor rm3 = {1, -1}, rv3 = {3, 0.25};
  batch_norm_forward(Tensor({{2, 0}, {4, 1}}), Tensor({2, 4}), Tensor({0, 0}), rm3, rv3, false,
                     cache);
  const NormGrads e = batch_norm_backward(Tensor({{1, 2}, {-1, 0.5}}), Tensor({2, 4}), cache);
  const double s0 = 2 / std::sqrt(3 + 1e-5), s1 = 4 / std::sqrt(0.25 + 1e-5);
  NNLAB_EXPECT_ALLCLOSE(e.dx, Tensor({{float(s0), float(2 * s1)}, {float(-s0), float(0.5 * s1)}}),
                        1e-6, 1e-6);
  // x_hat = (x - rm) / sqrt(rv + eps) = [[1, 1], [3, 2]] with column 0 times h0 = 1 / sqrt(3 + eps)
  // and column 1 times h1 = 1 / sqrt(0.25 + eps); dgamma = sum dy x_hat = [h0 - 3 h0, 2 h1 + h1].
  const double h0 = 1 / std::sqrt(3 + 1e-5), h1 = 1 / std::sqrt(0.25 + 1e-5);
  NNLAB_EXPECT_ALLCLOSE(e.dgamma, Tensor({float(1 * h0 - 3 * h0), float(2 * h1 + 0.5 * 2 * h1)}),
                        1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(e.dbeta, Tensor({0, 2.5}), 1e-6, 1e-6);
}

// L = <batch_norm(x), g> in both modes and both ranks; the running statistics are copied on
// every call so each evaluation of L starts from the same state.
NNLAB_TEST(BatchNorm, BackwardMatchesFiniteDifferences, 2) {
  Rng rng(3071);
  for (const Shape& shape : {Shape{5, 3}, Shape{3, 2, 3, 2}}) {
    for (const bool training : {true, false}) {
      SCOPED_TRACE(shape_str(shape) + (training ? " training" : " evaluation"));
      const Tensor x = rng.normal(shape) * 1.5f + 0.5f;
      const std::size_t C = shape[1];
      const Tensor gamma = rng.normal(Shape{C}) * 0.5f + 1.0f, beta = rng.normal(Shape{C});
      const Tensor rm0 = rng.normal(Shape{C}) * 0.3f, rv0 = rng.normal(Shape{C}) * 0.2f + 1.0f;
      const Tensor g = rng.normal(shape);
      auto run = [&](const Tensor& xx, const Tensor& gg, const Tensor& bb, BatchNormCache& c) {
        Tensor rm = rm0, rv = rv0;
        return batch_norm_forward(xx, gg, bb, rm, rv, training, c);
      };
      BatchNormCache cache;
      run(x, gamma, beta, cache);
      const NormGrads grads = batch_norm_backward(g, gamma, cache);
      BatchNormCache scratch;
      // Float forward over 2h = 0.02 on O(1) outputs and a smooth normalisation: ~1e-4.
      EXPECT_TRUE(nnlab::testing::gradcheck(
          [&](const Tensor& t) { return nnlab::testing::dot(run(t, gamma, beta, scratch), g); }, x,
          grads.dx, 2e-3, 2e-3));
      EXPECT_TRUE(nnlab::testing::gradcheck(
          [&](const Tensor& t) { return nnlab::testing::dot(run(x, t, beta, scratch), g); }, gamma,
          grads.dgamma, 2e-3, 2e-3));
      EXPECT_TRUE(nnlab::testing::gradcheck(
          [&](const Tensor& t) { return nnlab::testing::dot(run(x, gamma, t, scratch), g); }, beta,
          grads.dbeta, 2e-3, 2e-3));
    }
  }
}

// torch.nn.BatchNorm2d(3) on (4, 3, 3, 4) and BatchNorm1d(5) on (6, 5): three training steps
// (output, gradients, running statistics after each), then one evaluation step.
NNLAB_TEST(BatchNorm, MatchesPyTorch, 3) {
  for (const std::string kind : {"2d", "1d"}) {
    SCOPED_TRACE("BatchNorm" + kind);
    const Tensor gamma = gold(kind + "_gamma"), beta = gold(kind + "_beta");
    const std::size_t C = gamma.size();
    Tensor rm = xt::zeros<float>({C}), rv = xt::ones<float>({C});
    BatchNormCache cache;
    for (const std::string step : {"train1", "train2", "train3", "eval"}) {
      SCOPED_TRACE(step);
      const std::string p = kind + "_" + step + "_";
      const bool training = step != "eval";
      const Tensor y = batch_norm_forward(gold(p + "x"), gamma, beta, rm, rv, training, cache);
      const NormGrads g = batch_norm_backward(gold(p + "dy"), gamma, cache);
      // O(1) values computed in float from float inputs: 1e-5. dx cancels three terms of size
      // ~|dy| |gamma| s: 1e-5 absolute. dgamma, dbeta sum <= 48 products: 1e-5 + 1e-5 relative.
      NNLAB_EXPECT_ALLCLOSE(y, gold(p + "y"), 1e-5, 1e-5);
      NNLAB_EXPECT_ALLCLOSE(g.dx, gold(p + "dx"), 1e-5, 1e-5);
      NNLAB_EXPECT_ALLCLOSE(g.dgamma, gold(p + "dgamma"), 1e-5, 1e-5);
      NNLAB_EXPECT_ALLCLOSE(g.dbeta, gold(p + "dbeta"), 1e-5, 1e-5);
      if (training) {
        // A few float roundings of values below 3: 1e-6.
        NNLAB_EXPECT_ALLCLOSE(rm, gold(p + "running_mean"), 1e-6, 1e-6);
        NNLAB_EXPECT_ALLCLOSE(rv, gold(p + "running_var"), 1e-6, 1e-6);
      }
    }
  }
}

NNLAB_TEST(BatchNorm, RejectsBadInput, 1) {
  const Tensor x = xt::zeros<float>({2, 3, 4, 4}), c3 = xt::ones<float>({3});
  Tensor rm = xt::zeros<float>({3}), rv = xt::ones<float>({3});
  BatchNormCache cache;
  // x has 3 channels, gamma 2.
  NNLAB_EXPECT_THROW_MSG(batch_norm_forward(x, Tensor({1, 1}), c3, rm, rv, true, cache),
                         ShapeError, "batch_norm_forward", "(2, 3, 4, 4)", "gamma", "(2)");
  NNLAB_EXPECT_THROW_MSG(batch_norm_forward(x, c3, Tensor(xt::zeros<float>({4})), rm, rv, true,
                                            cache),
                         ShapeError, "batch_norm_forward", "beta", "(4)");
  Tensor rv_bad = xt::ones<float>({3, 1});
  NNLAB_EXPECT_THROW_MSG(batch_norm_forward(x, c3, c3, rm, rv_bad, false, cache), ShapeError,
                         "batch_norm_forward", "running_var", "(3, 1)");
  NNLAB_EXPECT_THROW_MSG(batch_norm_forward(Tensor({1, 2, 3}), c3, c3, rm, rv, true, cache),
                         ShapeError, "batch_norm_forward", "(3)");
  // One value per channel in training: N = 1, (1, 3) -> no batch variance.
  NNLAB_EXPECT_THROW_MSG(batch_norm_forward(Tensor(xt::zeros<float>({1, 3})), c3, c3, rm, rv, true,
                                            cache),
                         ShapeError, "batch_norm_forward", "(1, 3)");
  batch_norm_forward(x, c3, c3, rm, rv, true, cache);
  NNLAB_EXPECT_THROW_MSG(batch_norm_backward(Tensor(xt::zeros<float>({2, 3, 4, 3})), c3, cache),
                         ShapeError, "batch_norm_backward", "(2, 3, 4, 3)", "(2, 3, 4, 4)");
  NNLAB_EXPECT_THROW_MSG(batch_norm_backward(x, vec({1}), cache), ShapeError,
                         "batch_norm_backward", "gamma", "(1)");
}

}  // namespace
}  // namespace nnlab::cnn
