// Provided code (the same in the exercise and the solution variant): the GlobalAvgPool2d
// module (exercise 03.9) and the builders of LeNet, VGG/NiN/Inception blocks, ResNet-18, the
// transition block and the small DenseNet.
#include "nnlab/cnn/models.hpp"

#include <string>
#include <utility>

#include "nnlab/cnn/model_stats.hpp"
#include "nnlab/cnn/norm_layers.hpp"
#include "nnlab/errors.hpp"
#include "nnlab/mlp/layers.hpp"

namespace nnlab::cnn {

// x: (N, C, H, W) -> y: (N, C)
Tensor GlobalAvgPool2d::forward(const Tensor& x) {
  Tensor y = global_avg_pool_forward(x);
  shape_ = shape_of(x);
  has_input_ = true;
  return y;
}

// dy: (N, C) -> dx: (N, C, H, W)
Tensor GlobalAvgPool2d::backward(const Tensor& dy) {
  if (!has_input_) throw ShapeError("GlobalAvgPool2d::backward", "called before forward");
  return global_avg_pool_backward(dy, shape_);
}

std::unique_ptr<Sequential> lenet(Rng& rng, Nonlinearity act, std::size_t num_classes) {
  // 28x28 -> conv (padding 2) 28x28 -> pool 14x14 -> conv 10x10 -> pool 5x5 -> 16 * 25 = 400
  auto net = std::make_unique<Sequential>();
  net->emplace<Conv2d>(1, 6, Size2{5, 5}, rng, Size2{1, 1}, Size2{2, 2});
  net->add(make_activation(act));
  net->emplace<AvgPool2d>(Size2{2, 2});
  net->emplace<Conv2d>(6, 16, Size2{5, 5}, rng);
  net->add(make_activation(act));
  net->emplace<AvgPool2d>(Size2{2, 2});
  net->emplace<Flatten>();
  net->emplace<mlp::Linear>(16 * 5 * 5, 120, rng);
  net->add(make_activation(act));
  net->emplace<mlp::Linear>(120, 84, rng);
  net->add(make_activation(act));
  net->emplace<mlp::Linear>(84, num_classes, rng);
  return net;
}

std::unique_ptr<Sequential> vgg_block(std::size_t num_convs, std::size_t in_channels,
                                      std::size_t out_channels, Rng& rng, Nonlinearity act) {
  if (num_convs == 0 || in_channels == 0 || out_channels == 0) {
    throw ShapeError("vgg_block", "num_convs and the channel counts must be >= 1");
  }
  auto block = std::make_unique<Sequential>();
  for (std::size_t i = 0; i < num_convs; ++i) {
    block->emplace<Conv2d>(i == 0 ? in_channels : out_channels, out_channels, Size2{3, 3}, rng,
                           Size2{1, 1}, Size2{1, 1});
    block->add(make_activation(act));
  }
  block->emplace<MaxPool2d>(Size2{2, 2});
  return block;
}

std::unique_ptr<Sequential> nin_block(std::size_t in_channels, std::size_t out_channels,
                                      Size2 kernel, Size2 stride, Size2 padding, Rng& rng,
                                      Nonlinearity act) {
  auto block = std::make_unique<Sequential>();
  block->emplace<Conv2d>(in_channels, out_channels, kernel, rng, stride, padding);
  block->add(make_activation(act));
  block->emplace<Conv2d>(out_channels, out_channels, Size2{1, 1}, rng);
  block->add(make_activation(act));
  block->emplace<Conv2d>(out_channels, out_channels, Size2{1, 1}, rng);
  block->add(make_activation(act));
  return block;
}

std::unique_ptr<Concat> inception_block(std::size_t in_channels, std::size_t c1,
                                        std::array<std::size_t, 2> c2,
                                        std::array<std::size_t, 2> c3, std::size_t c4, Rng& rng,
                                        Nonlinearity act) {
  std::vector<std::unique_ptr<Module>> branches;
  auto b1 = std::make_unique<Sequential>();
  b1->emplace<Conv2d>(in_channels, c1, Size2{1, 1}, rng);
  b1->add(make_activation(act));
  branches.push_back(std::move(b1));
  auto b2 = std::make_unique<Sequential>();
  b2->emplace<Conv2d>(in_channels, c2[0], Size2{1, 1}, rng);
  b2->add(make_activation(act));
  b2->emplace<Conv2d>(c2[0], c2[1], Size2{3, 3}, rng, Size2{1, 1}, Size2{1, 1});
  b2->add(make_activation(act));
  branches.push_back(std::move(b2));
  auto b3 = std::make_unique<Sequential>();
  b3->emplace<Conv2d>(in_channels, c3[0], Size2{1, 1}, rng);
  b3->add(make_activation(act));
  b3->emplace<Conv2d>(c3[0], c3[1], Size2{5, 5}, rng, Size2{1, 1}, Size2{2, 2});
  b3->add(make_activation(act));
  branches.push_back(std::move(b3));
  auto b4 = std::make_unique<Sequential>();
  b4->emplace<MaxPool2d>(Size2{3, 3}, Size2{1, 1}, Size2{1, 1});
  b4->emplace<Conv2d>(in_channels, c4, Size2{1, 1}, rng);
  b4->add(make_activation(act));
  branches.push_back(std::move(b4));
  return std::make_unique<Concat>(std::move(branches));
}

std::unique_ptr<Sequential> resnet18(std::size_t num_classes, std::size_t in_channels, Rng& rng,
                                     std::size_t base_channels) {
  if (num_classes == 0 || in_channels == 0 || base_channels == 0) {
    throw ShapeError("resnet18", "num_classes, in_channels and base_channels must be >= 1");
  }
  const std::size_t b = base_channels;
  auto net = std::make_unique<Sequential>();
  net->emplace<Conv2d>(in_channels, b, Size2{7, 7}, rng, Size2{2, 2}, Size2{3, 3}, false);
  net->emplace<BatchNorm>(b);
  net->emplace<mlp::ReLU>();
  net->emplace<MaxPool2d>(Size2{3, 3}, Size2{2, 2}, Size2{1, 1});
  std::size_t channels = b;
  for (std::size_t stage = 0; stage < 4; ++stage) {
    const std::size_t out = b << stage, stride = stage == 0 ? 1 : 2;
    auto blocks = std::make_unique<Sequential>();
    blocks->emplace<ResidualBlock>(channels, out, rng, stride, stride != 1 || channels != out);
    blocks->emplace<ResidualBlock>(out, out, rng);
    net->add(std::move(blocks));
    channels = out;
  }
  net->emplace<GlobalAvgPool2d>();
  net->emplace<mlp::Linear>(channels, num_classes, rng);
  return net;
}

std::unique_ptr<Sequential> transition_block(std::size_t in_channels, std::size_t out_channels,
                                             Rng& rng, Nonlinearity act) {
  auto block = std::make_unique<Sequential>();
  block->emplace<BatchNorm>(in_channels);
  block->add(make_activation(act));
  block->emplace<Conv2d>(in_channels, out_channels, Size2{1, 1}, rng);
  block->emplace<AvgPool2d>(Size2{2, 2});
  return block;
}

std::unique_ptr<Sequential> densenet(std::size_t num_classes, std::size_t in_channels, Rng& rng,
                                     std::size_t growth_rate,
                                     const std::vector<std::size_t>& convs_per_block,
                                     std::size_t stem_channels) {
  if (convs_per_block.empty()) throw ShapeError("densenet", "convs_per_block must not be empty");
  auto net = std::make_unique<Sequential>();
  net->emplace<Conv2d>(in_channels, stem_channels, Size2{7, 7}, rng, Size2{2, 2}, Size2{3, 3});
  net->emplace<BatchNorm>(stem_channels);
  net->emplace<mlp::ReLU>();
  net->emplace<MaxPool2d>(Size2{3, 3}, Size2{2, 2}, Size2{1, 1});
  std::size_t channels = stem_channels;
  for (std::size_t i = 0; i < convs_per_block.size(); ++i) {
    net->emplace<DenseBlock>(convs_per_block[i], channels, growth_rate, rng);
    channels += convs_per_block[i] * growth_rate;
    if (i + 1 < convs_per_block.size()) {
      net->add(transition_block(channels, channels / 2, rng));
      channels /= 2;
    }
  }
  net->emplace<BatchNorm>(channels);
  net->emplace<mlp::ReLU>();
  net->emplace<GlobalAvgPool2d>();
  net->emplace<mlp::Linear>(channels, num_classes, rng);
  return net;
}

}  // namespace nnlab::cnn
