// Graded tests of exercise 03.10: concat_channels / split_channels and the forward and backward
// passes of ResidualBlock and DenseBlock.
//
// Most tests build the blocks from test doubles (below), so that they need no other exercise of
// the chapter; the two MatchesPyTorch tests are integration tests of the standard blocks
// (convolution 03.5 and batch norm 03.7 inside) and pass once those pass too.
#include "nnlab/cnn/blocks.hpp"

#include <cmath>
#include <memory>
#include <string>
#include <xtensor/xmath.hpp>

#include "nnlab/testing.hpp"

namespace nnlab::cnn {
namespace {

using nnlab::testing::golden;

// A tensor of `shape` holding `values` in row-major order (xtensor's nested braces are
// ambiguous around single numbers).
Tensor make(const Shape& shape, std::initializer_list<float> values) {
  Tensor t = Tensor::from_shape(shape);
  std::copy(values.begin(), values.end(), t.begin());
  return t;
}

// ---- test doubles -----------------------------------------------------------------------------

// A 1x1 convolution with stride s and no bias, by loops: y[n, o, i, j] = sum_c w[o, c]
// x[n, c, i s, j s], output (N, C_out, (H - 1) / s + 1, (W - 1) / s + 1).
class PixelMix : public Module {
 public:
  PixelMix(Tensor w, std::size_t stride = 1) : weight(std::move(w)), stride_(stride) {
    register_param("weight", weight);
  }
  Tensor forward(const Tensor& x) override {
    x_ = x;
    const std::size_t N = x.shape(0), C = x.shape(1), O = weight.value.shape(0);
    const std::size_t H = (x.shape(2) - 1) / stride_ + 1, W = (x.shape(3) - 1) / stride_ + 1;
    Tensor y = xt::zeros<float>({N, O, H, W});
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t o = 0; o < O; ++o)
        for (std::size_t c = 0; c < C; ++c)
          for (std::size_t i = 0; i < H; ++i)
            for (std::size_t j = 0; j < W; ++j)
              y(n, o, i, j) += weight.value(o, c) * x(n, c, i * stride_, j * stride_);
    return y;
  }
  Tensor backward(const Tensor& dy) override {
    Tensor dx = xt::zeros<float>(x_.shape());
    for (std::size_t n = 0; n < dy.shape(0); ++n)
      for (std::size_t o = 0; o < dy.shape(1); ++o)
        for (std::size_t c = 0; c < x_.shape(1); ++c)
          for (std::size_t i = 0; i < dy.shape(2); ++i)
            for (std::size_t j = 0; j < dy.shape(3); ++j) {
              const float g = dy(n, o, i, j);
              dx(n, c, i * stride_, j * stride_) += weight.value(o, c) * g;
              weight.grad(o, c) += x_(n, c, i * stride_, j * stride_) * g;
            }
    return dx;
  }
  std::string describe() const override { return "PixelMix"; }
  Param weight;

 private:
  std::size_t stride_;
  Tensor x_;
};

// y = tanh(x), element-wise: smooth, for gradient checks.
class SmoothTanh : public Module {
 public:
  Tensor forward(const Tensor& x) override {
    y_ = xt::tanh(x);
    return y_;
  }
  Tensor backward(const Tensor& dy) override { return dy * (1.0f - y_ * y_); }

 private:
  Tensor y_;
};

std::unique_ptr<Module> mix(Tensor w, std::size_t stride = 1) {
  return std::make_unique<PixelMix>(std::move(w), stride);
}

// Values with |v| in [0.5, 1.5] and random signs.
Tensor away_from_zero(const Shape& shape, Rng& rng) {
  Tensor x = rng.uniform(shape, 0.5f, 1.5f);
  for (float& v : x) v = rng.uniform() < 0.5f ? -v : v;
  return x;
}

using nnlab::testing::flat_grads;

// ---- concat_channels / split_channels -----------------------------------------------------------

// a (2, 1, 1, 2) and b (2, 2, 1, 2): per image, a's channel first, then b's two:
// image 0: [1, 2], [5, 6], [7, 8];  image 1: [3, 4], [9, 10], [11, 12].
NNLAB_TEST(ConcatChannels, HandComputed, 2) {
  const Tensor a = {{{{1, 2}}}, {{{3, 4}}}};
  const Tensor b = {{{{5, 6}}, {{7, 8}}}, {{{9, 10}}, {{11, 12}}}};
  const Tensor ab = {{{{1, 2}}, {{5, 6}}, {{7, 8}}}, {{{3, 4}}, {{9, 10}}, {{11, 12}}}};
  NNLAB_EXPECT_ALLCLOSE(concat_channels({a, b}), ab, 0, 0);
  // Rank 2, (N, C): three pieces, one of them of a single channel.
  NNLAB_EXPECT_ALLCLOSE(
      concat_channels({make({2, 1}, {1, 2}), (Tensor{{3, 4}, {5, 6}}), make({2, 1}, {7, 8})}),
      (Tensor{{1, 3, 4, 7}, {2, 5, 6, 8}}), 0, 0);
  const std::vector<Tensor> parts = split_channels(ab, {1, 2});
  ASSERT_EQ(parts.size(), 2u);
  NNLAB_EXPECT_ALLCLOSE(parts[0], a, 0, 0);
  NNLAB_EXPECT_ALLCLOSE(parts[1], b, 0, 0);
  const std::vector<Tensor> three = split_channels(ab, {2, 0, 1});
  ASSERT_EQ(three.size(), 3u);
  EXPECT_EQ(shape_of(three[1]), Shape({2, 0, 1, 2}));
  NNLAB_EXPECT_ALLCLOSE(three[2], (Tensor{{{{7, 8}}}, {{{11, 12}}}}), 0, 0);

  NNLAB_EXPECT_THROW_MSG(concat_channels({a, Tensor(xt::zeros<float>({2, 2, 1, 3}))}), ShapeError,
                         "concat_channels", "(2, 1, 1, 2)", "(2, 2, 1, 3)");
  NNLAB_EXPECT_THROW_MSG(concat_channels({a, Tensor(xt::zeros<float>({3, 1, 1, 2}))}), ShapeError,
                         "concat_channels", "(3, 1, 1, 2)");
  NNLAB_EXPECT_THROW_MSG(concat_channels({}), ShapeError, "concat_channels");
  NNLAB_EXPECT_THROW_MSG(split_channels(ab, {1, 1}), ShapeError, "split_channels", "(2, 3, 1, 2)");
}

// ---- residual block -----------------------------------------------------------------------------

// Identity shortcut, F = PixelMix(w = 2), ReLU: z = 2x + x = 3x.
//   x = [[-1, 0.5], [1, -2]] -> z = [[-3, 1.5], [3, -6]] -> y = [[0, 1.5], [3, 0]].
//   dy = [[1, 2], [3, 4]] -> dz = dy where z > 0 = [[0, 2], [3, 0]];
//   dx = F's 2 dz + the shortcut's dz = 3 dz = [[0, 6], [9, 0]];  dw = sum dz x = 2 * 0.5 + 3 * 1
//   = 4.
// Projection, both paths 1 -> 2 channels with stride 2 on a 2x2 image: only pixel (0, 0) = 2 is
// read. F: w = [1, -4] -> (2, -8); S: w = [2, 3] -> (4, 6); z = (6, -2), y = (6, 0).
//   dy = (1, 5) -> dz = (1, 0);  dx(0, 0) = 1 * 1 + (-4) * 0 (F) + 2 * 1 + 3 * 0 (S) = 3, the other
//   pixels 0;  dw_F = dz * 2 = (2, 0), dw_S = (2, 0).
NNLAB_TEST(ResidualBlock, HandComputed, 2) {
  auto body = std::make_unique<PixelMix>(make({1, 1}, {2}));
  PixelMix& f = *body;
  ResidualBlock id(std::move(body), nullptr);
  NNLAB_EXPECT_THROW_MSG(id.backward(make({1, 1, 1, 1}, {1})), ShapeError,
                         "ResidualBlock::backward");
  NNLAB_EXPECT_ALLCLOSE(id.forward((Tensor{{{{-1, 0.5}, {1, -2}}}})),
                        (Tensor{{{{0, 1.5}, {3, 0}}}}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(id.backward((Tensor{{{{1, 2}, {3, 4}}}})), (Tensor{{{{0, 6}, {9, 0}}}}), 0,
                        0);
  NNLAB_EXPECT_ALLCLOSE(f.weight.grad, make({1, 1}, {4}), 0, 0);

  auto fb = std::make_unique<PixelMix>(make({2, 1}, {1, -4}), 2);
  auto sb = std::make_unique<PixelMix>(make({2, 1}, {2, 3}), 2);
  PixelMix &f2 = *fb, &s2 = *sb;
  ResidualBlock proj(std::move(fb), std::move(sb));
  const Tensor x = {{{{2, 9}, {9, 9}}}};
  NNLAB_EXPECT_ALLCLOSE(proj.forward(x), make({1, 2, 1, 1}, {6, 0}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(proj.backward(make({1, 2, 1, 1}, {1, 5})), (Tensor{{{{3, 0}, {0, 0}}}}), 0,
                        0);
  NNLAB_EXPECT_ALLCLOSE(f2.weight.grad, make({2, 1}, {2, 0}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(s2.weight.grad, make({2, 1}, {2, 0}), 0, 0);
  // Gradients accumulate: a second backward adds the same again.
  proj.backward(make({1, 2, 1, 1}, {1, 5}));
  NNLAB_EXPECT_ALLCLOSE(s2.weight.grad, make({2, 1}, {4, 0}), 0, 0);

  // F(x) (1, 2, 1, 1) cannot be added to the identity's x (1, 1, 2, 2).
  ResidualBlock bad(std::make_unique<PixelMix>(make({2, 1}, {1, 1}), 2), nullptr);
  NNLAB_EXPECT_THROW_MSG(bad.forward(x), ShapeError, "ResidualBlock::forward", "(1, 2, 1, 1)",
                         "(1, 1, 2, 2)");
}

// L = <block(x), g> against central differences, for x and every parameter. F = PixelMix, tanh,
// PixelMix with weights in [-0.05, 0.05], so |F(x)| <= 3 * 0.05 = 0.15; the input values and
// the projection's outputs (weights [[1, 0, 0], [0, 0, -1]]) have |.| >= 0.5, so |z| >= 0.35
// and no perturbation of h = 0.01 moves a z across the ReLU's kink: the block is smooth where
// it is probed, and float rounding (~1e-4 over 2h) is all that separates the two.
NNLAB_TEST(ResidualBlock, MatchesFiniteDifferences, 2) {
  Rng rng(3101);
  {
    auto body = std::make_unique<Sequential>();
    body->add(mix(rng.uniform({3, 3}, -0.05f, 0.05f)));
    body->emplace<SmoothTanh>();
    body->add(mix(rng.uniform({3, 3}, -0.05f, 0.05f)));
    ResidualBlock block(std::move(body), nullptr);
    EXPECT_TRUE(nnlab::testing::gradcheck_module(block, away_from_zero({2, 3, 3, 4}, rng), rng,
                                                 1e-3, 1e-3));
  }
  {
    auto body = std::make_unique<Sequential>();
    body->add(mix(rng.uniform({2, 3}, -0.05f, 0.05f), 2));
    body->emplace<SmoothTanh>();
    body->add(mix(rng.uniform({2, 2}, -0.05f, 0.05f)));
    ResidualBlock block(std::move(body), mix((Tensor{{1, 0, 0}, {0, 0, -1}}), 2));
    EXPECT_TRUE(nnlab::testing::gradcheck_module(block, away_from_zero({2, 3, 5, 4}, rng), rng,
                                                 1e-3, 1e-3));
  }
}

// torchvision's BasicBlock in PyTorch with the same parameters (tools/golden/03_cnn_models.py),
// training mode: 3 -> 4 channels with stride 2 and the 1x1 projection on (2, 3, 6, 6), and the
// identity block 4 -> 4 on (2, 4, 5, 5). float32 here against float64 there through two convs
// and two batch norms (normalising over 18 to 50 values): errors up to ~8e-7, so 1e-5.
NNLAB_TEST(ResidualBlock, MatchesPyTorch, 2) {
  Rng rng(3102);
  struct Case {
    std::string name;
    std::size_t in, out, stride;
    bool projection;
  };
  for (const Case& c : {Case{"proj", 3, 4, 2, true}, Case{"id", 4, 4, 1, false}}) {
    SCOPED_TRACE("block " + c.name);
    const std::string p = "block_residual_" + c.name + "_";
    ResidualBlock block(c.in, c.out, rng, c.stride, c.projection);
    ASSERT_TRUE(nnlab::testing::set_params_from_flat(block, golden("03_cnn", p + "params")));
    NNLAB_EXPECT_ALLCLOSE(block.forward(golden("03_cnn", p + "x")), golden("03_cnn", p + "y"), 1e-5,
                          1e-5);
    NNLAB_EXPECT_ALLCLOSE(block.backward(golden("03_cnn", p + "dy")), golden("03_cnn", p + "dx"),
                          1e-5, 1e-5);
    NNLAB_EXPECT_ALLCLOSE(flat_grads(block), golden("03_cnn", p + "grads"), 1e-5, 1e-5);
  }
}

// ---- dense block --------------------------------------------------------------------------------

// f_0 = PixelMix(1 -> 1, w = 2), f_1 = PixelMix(2 -> 1, w = [1, -1]); x = [[1, 3]] (1, 1, 1, 2).
//   h_1 = [x, 2x] = channels (1, 3), (2, 6);  f_1(h_1) = (1 - 2, 3 - 6) = (-1, -3);
//   y = channels (1, 3), (2, 6), (-1, -3).
// Backward, dy = channels (1, 2), (3, 4), (5, 6):
//   layer 1: direct part (1, 2), (3, 4); f_1's part (5, 6) sends back (5, 6) and (-5, -6):
//     dh_1 = (6, 8), (-2, -2);  dw_1 = [5 * 1 + 6 * 3, 5 * 2 + 6 * 6] = [23, 46].
//   layer 0: direct part (6, 8); f_0's part (-2, -2) sends back 2 * (-2, -2) = (-4, -4):
//     dx = (2, 4);  dw_0 = -2 * 1 + -2 * 3 = -8.
NNLAB_TEST(DenseBlock, HandComputed, 1) {
  std::vector<std::unique_ptr<Module>> layers;
  layers.push_back(mix(make({1, 1}, {2})));
  layers.push_back(mix(make({1, 2}, {1, -1})));
  auto& f0 = static_cast<PixelMix&>(*layers[0]);
  auto& f1 = static_cast<PixelMix&>(*layers[1]);
  DenseBlock block(std::move(layers));
  NNLAB_EXPECT_THROW_MSG(block.backward(make({1, 1, 1, 1}, {1})), ShapeError,
                         "DenseBlock::backward");
  NNLAB_EXPECT_ALLCLOSE(block.forward(make({1, 1, 1, 2}, {1, 3})),
                        (Tensor{{{{1, 3}}, {{2, 6}}, {{-1, -3}}}}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(block.backward((Tensor{{{{1, 2}}, {{3, 4}}, {{5, 6}}}})),
                        make({1, 1, 1, 2}, {2, 4}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(f1.weight.grad, make({1, 2}, {23, 46}), 0, 0);
  NNLAB_EXPECT_ALLCLOSE(f0.weight.grad, make({1, 1}, {-8}), 0, 0);
}

// Three smooth layers (PixelMix then tanh) with growth 2, 1, 3 on a (2, 2, 3, 3) input:
// L = <block(x), g> against central differences; float rounding only, ~1e-4.
NNLAB_TEST(DenseBlock, MatchesFiniteDifferences, 1) {
  Rng rng(3103);
  std::vector<std::unique_ptr<Module>> layers;
  std::size_t c = 2;
  for (std::size_t g : {2, 1, 3}) {
    auto layer = std::make_unique<Sequential>();
    layer->add(mix(rng.normal({g, c}, 0.0f, 0.5f)));
    layer->emplace<SmoothTanh>();
    layers.push_back(std::move(layer));
    c += g;
  }
  DenseBlock block(std::move(layers));
  const Tensor x = rng.normal(Shape{2, 2, 3, 3});
  EXPECT_EQ(shape_of(block.forward(x)), Shape({2, 8, 3, 3}));
  EXPECT_TRUE(nnlab::testing::gradcheck_module(block, x, rng, 1e-3, 1e-3));
}

// D2L's DenseBlock(2 convs, growth 2) on 3 channels in PyTorch with the same parameters
// (tools/golden/03_cnn_models.py), training mode, input (2, 3, 5, 5) -> (2, 7, 5, 5). Batch
// norm over 50 values, conv sums of <= 45 products, float32 against float64: ~1e-6, so 1e-5.
NNLAB_TEST(DenseBlock, MatchesPyTorch, 2) {
  Rng rng(3104);
  DenseBlock block(2, 3, 2, rng);
  ASSERT_TRUE(nnlab::testing::set_params_from_flat(block, golden("03_cnn", "block_dense_params")));
  const Tensor y = block.forward(golden("03_cnn", "block_dense_x"));
  EXPECT_EQ(shape_of(y), Shape({2, 7, 5, 5}));
  NNLAB_EXPECT_ALLCLOSE(y, golden("03_cnn", "block_dense_y"), 1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(block.backward(golden("03_cnn", "block_dense_dy")),
                        golden("03_cnn", "block_dense_dx"), 1e-5, 1e-5);
  NNLAB_EXPECT_ALLCLOSE(flat_grads(block), golden("03_cnn", "block_dense_grads"), 1e-5, 1e-5);
}

}  // namespace
}  // namespace nnlab::cnn
