#pragma once
/// @file
/// Provided model builders of the classic CNNs (Dive into Deep Learning chapters 7 and 8), made
/// of the chapter's modules, and the `GlobalAvgPool2d` module (exercise 03.9).
///
/// Every builder draws its initial weights from `rng` (convolutions He-normal, linear layers
/// Xavier-uniform, batch norm gamma = 1, beta = 0) and returns a fresh module in training mode.
/// The parameter counts equal PyTorch's for the same architecture (tools/golden/03_cnn_models.py
/// builds each in torch.nn and counts): LeNet 61,706; torchvision's ResNet-18 at 1000 classes
/// 11,689,512.

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "nnlab/cnn/blocks.hpp"
#include "nnlab/cnn/layers.hpp"
#include "nnlab/module.hpp"
#include "nnlab/random.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::cnn {

/// Global average pooling (`global_avg_pool_forward` / `global_avg_pool_backward`, exercise
/// 03.9): `(N, C, H, W)` -> `(N, C)`, the mean of each channel. No parameters.
class GlobalAvgPool2d : public Module {
 public:
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  std::string describe() const override { return "GlobalAvgPool2d"; }

 private:
  Shape shape_;
  bool has_input_ = false;
};

/// LeNet-5 as in D2L §7.6, for `(N, 1, 28, 28)` images: conv 6@5x5 padding 2, σ, avg pool 2,
/// conv 16@5x5, σ, avg pool 2, flatten (16 * 5 * 5 = 400), linear 120, σ, linear 84, σ,
/// linear `num_classes`. σ is D2L's sigmoid by default; ReLU trains much faster.
/// Output `(N, num_classes)`; 61,706 parameters for 10 classes.
std::unique_ptr<Sequential> lenet(Rng& rng, Nonlinearity act = Nonlinearity::sigmoid,
                                  std::size_t num_classes = 10);

/// A VGG block (D2L §8.2): `num_convs` times (conv 3x3 padding 1, σ), the first from
/// `in_channels` and the rest from `out_channels` to `out_channels` channels, then max pool 2
/// (stride 2), which halves H and W.
/// @throws ShapeError naming `vgg_block` when num_convs or a channel count is 0.
std::unique_ptr<Sequential> vgg_block(std::size_t num_convs, std::size_t in_channels,
                                      std::size_t out_channels, Rng& rng,
                                      Nonlinearity act = Nonlinearity::relu);

/// A NiN block (D2L §8.3): conv `kernel` (stride, padding), σ, then two 1x1 convolutions each
/// followed by σ: a per-pixel MLP over the channels.
std::unique_ptr<Sequential> nin_block(std::size_t in_channels, std::size_t out_channels,
                                      Size2 kernel, Size2 stride, Size2 padding, Rng& rng,
                                      Nonlinearity act = Nonlinearity::relu);

/// An Inception block (GoogLeNet, D2L §8.4): four parallel branches on the same input, their
/// outputs concatenated along the channels (`Concat`), H and W unchanged:
/// - branch 0: conv 1x1 to `c1`, σ;
/// - branch 1: conv 1x1 to `c2[0]`, σ, conv 3x3 padding 1 to `c2[1]`, σ;
/// - branch 2: conv 1x1 to `c3[0]`, σ, conv 5x5 padding 2 to `c3[1]`, σ;
/// - branch 3: max pool 3x3 stride 1 padding 1, conv 1x1 to `c4`, σ.
/// Output channels c1 + c2[1] + c3[1] + c4.
std::unique_ptr<Concat> inception_block(std::size_t in_channels, std::size_t c1,
                                        std::array<std::size_t, 2> c2,
                                        std::array<std::size_t, 2> c3, std::size_t c4, Rng& rng,
                                        Nonlinearity act = Nonlinearity::relu);

/// ResNet-18 exactly as torchvision's `resnet18` (He et al. 2016, D2L §8.6), with the channel
/// counts scaled by `base_channels` / 64 (64 gives torchvision's):
/// - stem: conv 7x7 stride 2 padding 3 to b = base_channels (no bias), batch norm, ReLU,
///   max pool 3x3 stride 2 padding 1;
/// - four stages of two `ResidualBlock`s with b, 2b, 4b, 8b channels; the first block of
///   stages 2-4 has stride 2 and a 1x1 projection shortcut;
/// - `GlobalAvgPool2d`, linear 8b -> `num_classes`.
///
/// Children `"0"` to `"9"`: conv, bn, relu, maxpool, the stages (each a `Sequential` of two
/// blocks), gap, fc, so `params()` lists the parameters in torchvision's order. For 1000
/// classes and 3 channels: 11,689,512 parameters. A `(N, C, 224, 224)` input gives 7x7 maps
/// before the pooling; any input of at least 32x32 works.
std::unique_ptr<Sequential> resnet18(std::size_t num_classes, std::size_t in_channels, Rng& rng,
                                     std::size_t base_channels = 64);

/// D2L §8.7's `transition_block`: batch norm, σ, conv 1x1 (with bias) to `out_channels`, avg
/// pool 2 (stride 2): fewer channels (usually half) and half the height and width.
std::unique_ptr<Sequential> transition_block(std::size_t in_channels, std::size_t out_channels,
                                             Rng& rng, Nonlinearity act = Nonlinearity::relu);

/// The small DenseNet of D2L §8.7 (DenseNet-121's design, shallower):
/// - stem: conv 7x7 stride 2 padding 3 (with bias) to `stem_channels`, batch norm, ReLU,
///   max pool 3x3 stride 2 padding 1;
/// - for each entry n of `convs_per_block`: a `DenseBlock(n, C, growth_rate)` (C += n *
///   growth_rate), followed, except after the last, by a `transition_block` to C / 2 channels;
/// - batch norm, ReLU, `GlobalAvgPool2d`, linear C -> `num_classes`.
/// D2L's defaults (64, growth 32, {4, 4, 4, 4}) end with 248 channels.
/// @throws ShapeError naming `densenet` when convs_per_block is empty.
std::unique_ptr<Sequential> densenet(std::size_t num_classes, std::size_t in_channels, Rng& rng,
                                     std::size_t growth_rate = 32,
                                     const std::vector<std::size_t>& convs_per_block = {4, 4, 4, 4},
                                     std::size_t stem_channels = 64);

}  // namespace nnlab::cnn
