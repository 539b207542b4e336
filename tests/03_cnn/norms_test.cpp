// Graded tests of exercise 03.8: layer, group and instance normalisation, forward and backward.
#include "nnlab/cnn/norms.hpp"

#include <cmath>
#include <string>

#include "nnlab/testing.hpp"

namespace nnlab::cnn {
namespace {

Tensor gold(const std::string& name) { return nnlab::testing::golden("03_cnn", name); }

// `t` reshaped (brace lists with one-element innermost lists are ambiguous for xtensor).
Tensor shaped(Tensor t, const Shape& shape) {
  t.reshape(shape);
  return t;
}

// L = <f(x), g> for a forward pass f, checked against dx, dgamma and dbeta of one backward pass.
template <class Forward>
void check_gradients(Forward forward, const Tensor& x, const Tensor& gamma, const Tensor& beta,
                     const Tensor& g, const NormGrads& grads) {
  using nnlab::testing::dot;
  using nnlab::testing::gradcheck;
  // Float forward over 2h = 0.02 on O(1) outputs and a smooth normalisation: ~1e-4.
  EXPECT_TRUE(gradcheck([&](const Tensor& t) { return dot(forward(t, gamma, beta), g); }, x,
                        grads.dx, 2e-3, 2e-3))
      << "  dx";
  EXPECT_TRUE(gradcheck([&](const Tensor& t) { return dot(forward(x, t, beta), g); }, gamma,
                        grads.dgamma, 2e-3, 2e-3))
      << "  dgamma";
  EXPECT_TRUE(gradcheck([&](const Tensor& t) { return dot(forward(x, gamma, t), g); }, beta,
                        grads.dbeta, 2e-3, 2e-3))
      << "  dbeta";
}

// ---- layer normalisation ------------------------------------------------------------------

// x = [[1, 2, 3], [2, 4, 6]], normalized_shape (3), gamma = [1, 2, 3], beta = [0, 1, 0].
// Row 0: mean 2, var (1 + 0 + 1) / 3 = 2/3, a = 1 / sqrt(2/3 + eps) = 1.22474: x_hat = [-a, 0, a],
//   y = [-a, 1, 3a]. Row 1: mean 4, var (4 + 0 + 4) / 3 = 8/3, b = 1 / sqrt(8/3 + eps) = 0.61237:
//   x_hat = [-2b, 0, 2b], y = [-2b, 1, 6b].
// Backward, gamma = 1, rows x = [-1, 0, 1] and [1, 0, -1] (mean 0, var 2/3, s = a), dy rows
// [1, 0, 0] and [0, 0, 1]. Row 0: mean(dy) = 1/3, mean(dy x_hat) = -s/3, so
// dx = s (dy - 1/3 + x_hat s/3) = s ([2/3, -1/3, -1/3] + [-1, 0, 1] s^2 / 3); row 1 mirrored:
// s ([-1/3, -1/3, 2/3] + [1, 0, -1] s^2 / 3). dgamma sums dy x_hat over the rows:
// [-s, 0, 0] + [0, 0, -s]; dbeta = [1, 0, 1].
NNLAB_TEST(LayerNorm, HandComputed, 1) {
  NormCache cache;
  const Tensor y = layer_norm_forward(Tensor({{1, 2, 3}, {2, 4, 6}}), Tensor({1, 2, 3}),
                                      Tensor({0, 1, 0}), cache);
  const double a = 1 / std::sqrt(2.0 / 3 + 1e-5), b = 1 / std::sqrt(8.0 / 3 + 1e-5);
  NNLAB_EXPECT_ALLCLOSE(y, Tensor({{float(-a), 1, float(3 * a)}, {float(-2 * b), 1, float(6 * b)}}),
                        1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(cache.inv_std, Tensor({float(a), float(b)}), 1e-7, 1e-6);

  const Tensor ones = xt::ones<float>({3});
  layer_norm_forward(Tensor({{-1, 0, 1}, {1, 0, -1}}), ones, Tensor(xt::zeros<float>({3})), cache);
  const NormGrads g = layer_norm_backward(Tensor({{1, 0, 0}, {0, 0, 1}}), ones, cache);
  const double s = a, t = s * s / 3;
  NNLAB_EXPECT_ALLCLOSE(g.dx,
                        Tensor({{float(s * (2.0 / 3 - t)), float(-s / 3), float(s * (-1.0 / 3 + t))},
                                {float(s * (-1.0 / 3 + t)), float(-s / 3), float(s * (2.0 / 3 - t))}}),
                        1e-6, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(g.dgamma, Tensor({float(-s), 0, float(-s)}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(g.dbeta, Tensor({1, 0, 1}), 0, 0);

  // Two normalised dims: x (1, 2, 2) = 0, 1, 2, 3 over normalized_shape (2, 2): mean 1.5,
  // var (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25, x_hat = [-1.5, -0.5, 0.5, 1.5] / sqrt(1.25 + eps).
  const double c = 1 / std::sqrt(1.25 + 1e-5);
  NNLAB_EXPECT_ALLCLOSE(layer_norm_forward(Tensor({{{0, 1}, {2, 3}}}),
                                           Tensor(xt::ones<float>({2, 2})),
                                           Tensor(xt::zeros<float>({2, 2})), cache),
                        Tensor({{{float(-1.5 * c), float(-0.5 * c)}, {float(0.5 * c), float(1.5 * c)}}}),
                        1e-6, 1e-6);
}

NNLAB_TEST(LayerNorm, BackwardMatchesFiniteDifferences, 1) {
  Rng rng(3081);
  for (const auto& [xs, ps] : {std::pair{Shape{5, 4}, Shape{4}}, std::pair{Shape{2, 3, 2, 3}, Shape{2, 3}}}) {
    SCOPED_TRACE(shape_str(xs) + " over " + shape_str(ps));
    const Tensor x = rng.normal(xs) * 1.5f + 0.5f, g = rng.normal(xs);
    const Tensor gamma = rng.normal(ps) * 0.5f + 1.0f, beta = rng.normal(ps);
    NormCache cache;
    layer_norm_forward(x, gamma, beta, cache);
    const NormGrads grads = layer_norm_backward(g, gamma, cache);
    check_gradients(
        [](const Tensor& xx, const Tensor& gg, const Tensor& bb) {
          NormCache c;
          return layer_norm_forward(xx, gg, bb, c);
        },
        x, gamma, beta, g, grads);
  }
}

// torch.nn.LayerNorm(6) on (5, 6) and LayerNorm((4, 5)) on (2, 3, 4, 5), random affine.
NNLAB_TEST(LayerNorm, MatchesPyTorch, 1) {
  for (const std::string c : {"layer_norm_a", "layer_norm_b"}) {
    SCOPED_TRACE(c);
    const Tensor gamma = gold(c + "_gamma");
    NormCache cache;
    const Tensor y = layer_norm_forward(gold(c + "_x"), gamma, gold(c + "_beta"), cache);
    const NormGrads g = layer_norm_backward(gold(c + "_dy"), gamma, cache);
    // O(1) values in float from float inputs: 1e-5; dgamma, dbeta sum <= 6 products.
    NNLAB_EXPECT_ALLCLOSE(y, gold(c + "_y"), 1e-5, 1e-5);
    NNLAB_EXPECT_ALLCLOSE(g.dx, gold(c + "_dx"), 1e-5, 1e-5);
    NNLAB_EXPECT_ALLCLOSE(g.dgamma, gold(c + "_dgamma"), 1e-5, 1e-5);
    NNLAB_EXPECT_ALLCLOSE(g.dbeta, gold(c + "_dbeta"), 1e-5, 1e-5);
  }
}

NNLAB_TEST(LayerNorm, RejectsBadInput, 1) {
  NormCache cache;
  const Tensor x = xt::zeros<float>({2, 3, 4});
  // normalized_shape (3) but x ends in 4.
  NNLAB_EXPECT_THROW_MSG(layer_norm_forward(x, Tensor({1, 1, 1}), Tensor({0, 0, 0}), cache),
                         ShapeError, "layer_norm_forward", "(2, 3, 4)", "(3)");
  NNLAB_EXPECT_THROW_MSG(layer_norm_forward(x, Tensor(xt::ones<float>({4, 3})),
                                            Tensor(xt::zeros<float>({4, 3})), cache),
                         ShapeError, "layer_norm_forward", "(2, 3, 4)", "(4, 3)");
  NNLAB_EXPECT_THROW_MSG(layer_norm_forward(x, Tensor(xt::ones<float>({4})), Tensor({0, 0}), cache),
                         ShapeError, "layer_norm_forward", "beta", "(2)");
  layer_norm_forward(x, Tensor(xt::ones<float>({4})), Tensor(xt::zeros<float>({4})), cache);
  NNLAB_EXPECT_THROW_MSG(layer_norm_backward(Tensor(xt::zeros<float>({2, 3, 5})),
                                             Tensor(xt::ones<float>({4})), cache),
                         ShapeError, "layer_norm_backward", "(2, 3, 5)", "(2, 3, 4)");
}

// ---- group normalisation ------------------------------------------------------------------

// x (1, 4, 1, 1) = [1, 3, 10, 20], G = 2, gamma = [1, 2, 3, 4], beta = [0, 0, 0, 1].
// Group 0 = channels 0, 1: {1, 3}, mean 2, var 1: x_hat = [-a, a], a = 1 / sqrt(1 + eps).
// Group 1 = channels 2, 3: {10, 20}, mean 15, var 25: x_hat = [-5b, 5b], b = 1 / sqrt(25 + eps).
// y = [-a, 2a, -15b, 20b + 1] ~ [-1, 2, -3, 5]; inv_std (N, G) = [[a, b]].
// Backward, G = 1 on x (1, 2, 1, 2) = channels [-1, 1] and [-3, 3]: mean 0, var (1 + 1 + 9 + 9) / 4
// = 5, s = 1 / sqrt(5 + eps), x_hat = [-1, 1, -3, 3] s. gamma = [1, 0], dy = ones: g = dy gamma
// = [1, 1, 0, 0], mean(g) = 1/2, mean(g x_hat) = (-1 + 1) s / 4 = 0, so dx = s (g - 1/2) =
// s [0.5, 0.5, -0.5, -0.5]: channel 1 has gamma 0 yet a gradient, through the shared mean.
// dgamma = per-channel sums of x_hat = [0, 0], dbeta = [2, 2].
NNLAB_TEST(GroupNorm, HandComputed, 1) {
  NormCache cache;
  const Tensor y = group_norm_forward(shaped({1, 3, 10, 20}, {1, 4, 1, 1}), 2,
                                      Tensor({1, 2, 3, 4}), Tensor({0, 0, 0, 1}), cache);
  const double a = 1 / std::sqrt(1 + 1e-5), b = 1 / std::sqrt(25 + 1e-5);
  NNLAB_EXPECT_ALLCLOSE(y, shaped({float(-a), float(2 * a), float(-15 * b), float(20 * b + 1)},
                                  {1, 4, 1, 1}),
                        1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(cache.inv_std, Tensor({{float(a), float(b)}}), 1e-7, 1e-6);

  const Tensor x = {{{{-1, 1}}, {{-3, 3}}}};
  group_norm_forward(x, 1, Tensor({1, 0}), Tensor({0, 0}), cache);
  const NormGrads g = group_norm_backward(xt::ones<float>({1, 2, 1, 2}), Tensor({1, 0}), cache);
  const float h = float(0.5 / std::sqrt(5 + 1e-5));
  NNLAB_EXPECT_ALLCLOSE(g.dx, Tensor({{{{h, h}}, {{-h, -h}}}}), 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(g.dgamma, Tensor({0, 0}), 1e-6, 0);
  NNLAB_EXPECT_ALLCLOSE(g.dbeta, Tensor({2, 2}), 0, 0);
}

NNLAB_TEST(GroupNorm, BackwardMatchesFiniteDifferences, 1) {
  Rng rng(3082);
  for (const auto& [xs, groups] : {std::pair{Shape{2, 6, 2, 3}, std::size_t{3}},
                                   std::pair{Shape{3, 4, 2, 2}, std::size_t{1}},
                                   std::pair{Shape{2, 4, 3, 1}, std::size_t{4}}}) {
    SCOPED_TRACE(shape_str(xs) + ", G = " + std::to_string(groups));
    const Tensor x = rng.normal(xs) * 1.5f + 0.5f, g = rng.normal(xs);
    const Tensor gamma = rng.normal(Shape{xs[1]}) * 0.5f + 1.0f, beta = rng.normal(Shape{xs[1]});
    NormCache cache;
    group_norm_forward(x, groups, gamma, beta, cache);
    const NormGrads grads = group_norm_backward(g, gamma, cache);
    const std::size_t G = groups;
    check_gradients(
        [G](const Tensor& xx, const Tensor& gg, const Tensor& bb) {
          NormCache c;
          return group_norm_forward(xx, G, gg, bb, c);
        },
        x, gamma, beta, g, grads);
  }
}

// torch.nn.GroupNorm(2, 6) on (2, 6, 3, 3) and GroupNorm(3, 6) on (3, 6, 2, 5), random affine.
NNLAB_TEST(GroupNorm, MatchesPyTorch, 1) {
  for (const auto& [c, groups] : {std::pair{std::string("group_norm_g2"), std::size_t{2}},
                                  std::pair{std::string("group_norm_g3"), std::size_t{3}}}) {
    SCOPED_TRACE(c);
    const Tensor gamma = gold(c + "_gamma");
    NormCache cache;
    const Tensor y = group_norm_forward(gold(c + "_x"), groups, gamma, gold(c + "_beta"), cache);
    const NormGrads g = group_norm_backward(gold(c + "_dy"), gamma, cache);
    // O(1) values in float from float inputs: 1e-5; dgamma, dbeta sum <= 30 products.
    NNLAB_EXPECT_ALLCLOSE(y, gold(c + "_y"), 1e-5, 1e-5);
    NNLAB_EXPECT_ALLCLOSE(g.dx, gold(c + "_dx"), 1e-5, 1e-5);
    NNLAB_EXPECT_ALLCLOSE(g.dgamma, gold(c + "_dgamma"), 1e-5, 1e-5);
    NNLAB_EXPECT_ALLCLOSE(g.dbeta, gold(c + "_dbeta"), 1e-5, 1e-5);
  }
}

// Group and instance normalisation (instance norm is group norm with G = C).
NNLAB_TEST(GroupNorm, RejectsBadInput, 1) {
  NormCache cache;
  const Tensor x = xt::zeros<float>({2, 6, 3, 3}), c6 = xt::ones<float>({6});
  // 6 channels do not split into 4 groups.
  NNLAB_EXPECT_THROW_MSG(group_norm_forward(x, 4, c6, c6, cache), ShapeError, "group_norm_forward",
                         "(2, 6, 3, 3)", "4 groups");
  NNLAB_EXPECT_THROW_MSG(group_norm_forward(x, 0, c6, c6, cache), ShapeError, "group_norm_forward",
                         "(2, 6, 3, 3)");
  NNLAB_EXPECT_THROW_MSG(group_norm_forward(x, 2, Tensor(xt::ones<float>({4})), c6, cache),
                         ShapeError, "group_norm_forward", "(2, 6, 3, 3)", "gamma", "(4)");
  NNLAB_EXPECT_THROW_MSG(group_norm_forward(x, 2, c6, Tensor(xt::ones<float>({6, 1})), cache),
                         ShapeError, "group_norm_forward", "beta", "(6, 1)");
  NNLAB_EXPECT_THROW_MSG(group_norm_forward(Tensor({1, 2}), 1, c6, c6, cache), ShapeError,
                         "group_norm_forward", "(2)");
  group_norm_forward(x, 3, c6, c6, cache);
  NNLAB_EXPECT_THROW_MSG(group_norm_backward(Tensor(xt::zeros<float>({2, 6, 3, 2})), c6, cache),
                         ShapeError, "group_norm_backward", "(2, 6, 3, 2)", "(2, 6, 3, 3)");
  // Instance normalisation wants (N, C, H, W) and gamma (C).
  NNLAB_EXPECT_THROW_MSG(instance_norm_forward(Tensor(xt::zeros<float>({6, 3, 3})), c6, c6, cache),
                         ShapeError, "instance_norm_forward", "(6, 3, 3)");
  NNLAB_EXPECT_THROW_MSG(instance_norm_forward(x, Tensor(xt::ones<float>({3})), c6, cache),
                         ShapeError, "instance_norm_forward", "(2, 6, 3, 3)", "(3)");
  instance_norm_forward(x, c6, c6, cache);
  NNLAB_EXPECT_THROW_MSG(instance_norm_backward(x, Tensor(xt::ones<float>({2})), cache),
                         ShapeError, "instance_norm_backward", "(2)");
}

// ---- instance normalisation ---------------------------------------------------------------

// x (1, 2, 1, 2): channel 0 = [1, 3] (mean 2, var 1), channel 1 = [0, 10] (mean 5, var 25);
// gamma = [2, 1], beta = [0, 1]: y = [[-2a, 2a], [1 - 5b, 1 + 5b]], a = 1 / sqrt(1 + eps),
// b = 1 / sqrt(25 + eps), i.e. ~ [[-2, 2], [0, 2]]. It equals group norm with G = C on any
// input, and without affine parameters it is gamma = 1, beta = 0.
NNLAB_TEST(InstanceNorm, HandComputed, 1) {
  NormCache cache;
  const Tensor x = {{{{1, 3}}, {{0, 10}}}};
  const Tensor y = instance_norm_forward(x, Tensor({2, 1}), Tensor({0, 1}), cache);
  const double a = 1 / std::sqrt(1 + 1e-5), b = 1 / std::sqrt(25 + 1e-5);
  NNLAB_EXPECT_ALLCLOSE(y, Tensor({{{{float(-2 * a), float(2 * a)}}, {{float(1 - 5 * b), float(1 + 5 * b)}}}}),
                        1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(cache.inv_std, Tensor({{float(a), float(b)}}), 1e-7, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(instance_norm_forward(x, cache),
                        Tensor({{{{float(-a), float(a)}}, {{float(-5 * b), float(5 * b)}}}}), 1e-6,
                        1e-6);

  Rng rng(3083);
  const Tensor xr = rng.normal(Shape{2, 3, 2, 4}), gamma = rng.normal(Shape{3}),
               beta = rng.normal(Shape{3}), dy = rng.normal(Shape{2, 3, 2, 4});
  NormCache ci, cg;
  // Exactly the same arithmetic either way.
  NNLAB_EXPECT_ALLCLOSE(instance_norm_forward(xr, gamma, beta, ci),
                        group_norm_forward(xr, 3, gamma, beta, cg), 1e-6, 1e-6);
  const NormGrads gi = instance_norm_backward(dy, gamma, ci), gg = group_norm_backward(dy, gamma, cg);
  NNLAB_EXPECT_ALLCLOSE(gi.dx, gg.dx, 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(gi.dgamma, gg.dgamma, 1e-6, 1e-6);
  NNLAB_EXPECT_ALLCLOSE(gi.dbeta, gg.dbeta, 1e-6, 1e-6);
}

NNLAB_TEST(InstanceNorm, BackwardMatchesFiniteDifferences, 1) {
  Rng rng(3084);
  const Tensor x = rng.normal(Shape{2, 3, 3, 2}) * 1.5f + 0.5f, g = rng.normal(Shape{2, 3, 3, 2});
  const Tensor gamma = rng.normal(Shape{3}) * 0.5f + 1.0f, beta = rng.normal(Shape{3});
  NormCache cache;
  instance_norm_forward(x, gamma, beta, cache);
  check_gradients(
      [](const Tensor& xx, const Tensor& gg, const Tensor& bb) {
        NormCache c;
        return instance_norm_forward(xx, gg, bb, c);
      },
      x, gamma, beta, g, instance_norm_backward(g, gamma, cache));
}

// torch.nn.InstanceNorm2d(4, affine=True) on (2, 4, 3, 5) and InstanceNorm2d(3) (no affine) on
// (2, 3, 4, 4).
NNLAB_TEST(InstanceNorm, MatchesPyTorch, 1) {
  const std::string c = "instance_norm_affine";
  const Tensor gamma = gold(c + "_gamma");
  NormCache cache;
  const Tensor y = instance_norm_forward(gold(c + "_x"), gamma, gold(c + "_beta"), cache);
  const NormGrads g = instance_norm_backward(gold(c + "_dy"), gamma, cache);
  // O(1) values in float from float inputs: 1e-5; dgamma, dbeta sum 30 products.
  NNLAB_EXPECT_ALLCLOSE(y, gold(c + "_y"), 1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(g.dx, gold(c + "_dx"), 1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(g.dgamma, gold(c + "_dgamma"), 1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(g.dbeta, gold(c + "_dbeta"), 1e-5, 1e-5);

  NormCache plain;
  NNLAB_EXPECT_ALLCLOSE(instance_norm_forward(gold("instance_norm_plain_x"), plain),
                        gold("instance_norm_plain_y"), 1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(instance_norm_backward(gold("instance_norm_plain_dy"), plain),
                        gold("instance_norm_plain_dx"), 1e-5, 1e-5);
}

}  // namespace
}  // namespace nnlab::cnn
