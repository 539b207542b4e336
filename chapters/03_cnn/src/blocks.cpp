// Provided part of blocks.hpp: make_activation, the blocks' constructors, describe, and the
// Concat module (parallel branches) built on exercise 03.10's concat_channels and
// split_channels. The blocks' forward and backward are exercise 03.10.
#include "nnlab/cnn/blocks.hpp"

#include <string>
#include <utility>
#include <xtensor/xbuilder.hpp>

#include "nnlab/cnn/layers.hpp"
#include "nnlab/cnn/norm_layers.hpp"
#include "nnlab/errors.hpp"
#include "nnlab/mlp/layers.hpp"

namespace nnlab::cnn {

std::unique_ptr<Module> make_activation(Nonlinearity act) {
  switch (act) {
    case Nonlinearity::relu:
      return std::make_unique<mlp::ReLU>();
    case Nonlinearity::sigmoid:
      return std::make_unique<mlp::Sigmoid>();
    case Nonlinearity::tanh:
      return std::make_unique<mlp::Tanh>();
  }
  throw ShapeError("make_activation", "unknown nonlinearity");
}

// ---- ResidualBlock ----------------------------------------------------------------------------

namespace {

std::unique_ptr<Module> basic_body(std::size_t in, std::size_t out, std::size_t stride, Rng& rng,
                                   Nonlinearity act) {
  if (in == 0 || out == 0 || stride == 0) {
    throw ShapeError("ResidualBlock", "channels and stride must be >= 1, got " +
                                          std::to_string(in) + " -> " + std::to_string(out) +
                                          ", stride " + std::to_string(stride));
  }
  auto f = std::make_unique<Sequential>();
  f->emplace<Conv2d>(in, out, Size2{3, 3}, rng, Size2{stride, stride}, Size2{1, 1}, false);
  f->emplace<BatchNorm>(out);
  f->add(make_activation(act));
  f->emplace<Conv2d>(out, out, Size2{3, 3}, rng, Size2{1, 1}, Size2{1, 1}, false);
  f->emplace<BatchNorm>(out);
  return f;
}

std::unique_ptr<Module> projection(std::size_t in, std::size_t out, std::size_t stride, Rng& rng,
                                   bool use_1x1conv) {
  if (!use_1x1conv) {
    if (stride != 1 || in != out) {
      throw ShapeError("ResidualBlock",
                       "an identity shortcut needs stride 1 and in_channels == out_channels, got " +
                           std::to_string(in) + " -> " + std::to_string(out) + ", stride " +
                           std::to_string(stride) + ": use the 1x1 convolution");
    }
    return nullptr;
  }
  auto s = std::make_unique<Sequential>();
  s->emplace<Conv2d>(in, out, Size2{1, 1}, rng, Size2{stride, stride}, Size2{0, 0}, false);
  s->emplace<BatchNorm>(out);
  return s;
}

}  // namespace

// Members are initialised in declaration order: the body's weights are drawn before the
// shortcut's, on every compiler.
ResidualBlock::ResidualBlock(std::size_t in_channels, std::size_t out_channels, Rng& rng,
                             std::size_t stride, bool use_1x1conv, Nonlinearity act)
    : body_(basic_body(in_channels, out_channels, stride, rng, act)),
      shortcut_(projection(in_channels, out_channels, stride, rng, use_1x1conv)),
      act_(make_activation(act)) {
  register_children();
}

ResidualBlock::ResidualBlock(std::unique_ptr<Module> body, std::unique_ptr<Module> shortcut,
                             std::unique_ptr<Module> act)
    : body_(std::move(body)), shortcut_(std::move(shortcut)), act_(std::move(act)) {
  if (!body_) throw ShapeError("ResidualBlock", "the body F must not be null");
  if (!act_) act_ = std::make_unique<mlp::ReLU>();
  register_children();
}

void ResidualBlock::register_children() {
  register_module("body", *body_);
  if (shortcut_) register_module("shortcut", *shortcut_);
  register_module("act", *act_);
}

std::string ResidualBlock::describe() const {
  return "ResidualBlock(body: " + body_->describe() +
         ", shortcut: " + (shortcut_ ? shortcut_->describe() : std::string("identity")) +
         ", act: " + act_->describe() + ")";
}

// ---- DenseBlock -------------------------------------------------------------------------------

namespace {

// D2L's conv_block: batch norm, σ, conv 3x3 padding 1 (with bias).
std::vector<std::unique_ptr<Module>> dense_layers(std::size_t num_convs, std::size_t in,
                                                  std::size_t growth, Rng& rng, Nonlinearity act) {
  if (num_convs == 0 || in == 0 || growth == 0) {
    throw ShapeError("DenseBlock", "num_convs, in_channels and growth_rate must be >= 1, got " +
                                       std::to_string(num_convs) + ", " + std::to_string(in) +
                                       ", " + std::to_string(growth));
  }
  std::vector<std::unique_ptr<Module>> layers;
  for (std::size_t i = 0; i < num_convs; ++i) {
    auto b = std::make_unique<Sequential>();
    const std::size_t c = in + i * growth;
    b->emplace<BatchNorm>(c);
    b->add(make_activation(act));
    b->emplace<Conv2d>(c, growth, Size2{3, 3}, rng, Size2{1, 1}, Size2{1, 1});
    layers.push_back(std::move(b));
  }
  return layers;
}

}  // namespace

DenseBlock::DenseBlock(std::size_t num_convs, std::size_t in_channels, std::size_t growth_rate,
                       Rng& rng, Nonlinearity act)
    : DenseBlock(dense_layers(num_convs, in_channels, growth_rate, rng, act)) {}

DenseBlock::DenseBlock(std::vector<std::unique_ptr<Module>> layers) : layers_(std::move(layers)) {
  if (layers_.empty()) throw ShapeError("DenseBlock", "needs at least one layer");
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    if (!layers_[i]) throw ShapeError("DenseBlock", "layer " + std::to_string(i) + " is null");
    register_module(std::to_string(i), *layers_[i]);
  }
}

std::string DenseBlock::describe() const {
  std::string s = "DenseBlock(" + std::to_string(layers_.size()) + " layers: ";
  for (std::size_t i = 0; i < layers_.size(); ++i) s += (i ? ", " : "") + layers_[i]->describe();
  return s + ")";
}

// ---- Concat -----------------------------------------------------------------------------------

Concat::Concat(std::vector<std::unique_ptr<Module>> branches) : branches_(std::move(branches)) {
  if (branches_.empty()) throw ShapeError("Concat", "needs at least one branch");
  for (std::size_t i = 0; i < branches_.size(); ++i) {
    if (!branches_[i]) throw ShapeError("Concat", "branch " + std::to_string(i) + " is null");
    register_module(std::to_string(i), *branches_[i]);
  }
}

// x -> [b_0(x), b_1(x), ...] along the channels
Tensor Concat::forward(const Tensor& x) {
  std::vector<Tensor> ys;
  out_channels_.clear();
  for (auto& b : branches_) {
    ys.push_back(b->forward(x));
    require(ys.back().dimension() >= 2, "Concat::forward", "branch output", ys.back(),
            "must have a channel axis");
    out_channels_.push_back(ys.back().shape(1));
  }
  has_input_ = true;
  return concat_channels(ys);
}

// Every branch saw the same x: their input gradients add up.
Tensor Concat::backward(const Tensor& dy) {
  if (!has_input_) throw ShapeError("Concat::backward", "called before forward");
  std::vector<Tensor> parts = split_channels(dy, out_channels_);
  Tensor dx = branches_[0]->backward(parts[0]);
  for (std::size_t i = 1; i < branches_.size(); ++i) dx += branches_[i]->backward(parts[i]);
  return dx;
}

std::string Concat::describe() const {
  return "Concat(" + std::to_string(branches_.size()) + " branches)";
}

}  // namespace nnlab::cnn
