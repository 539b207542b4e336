// Exercise 03.10 — channel concatenation, residual and dense blocks.
// Contract: include/nnlab/cnn/blocks.hpp (the constructors are provided in src/blocks.cpp)
// Check with `./nnlab check 03.10`; stuck? `./nnlab hint 03.10`.
#include "nnlab/cnn/blocks.hpp"

#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {

// (N, C_0, ...), (N, C_1, ...), ... -> (N, C_0 + C_1 + ..., ...)
Tensor concat_channels([[maybe_unused]] const std::vector<Tensor>& xs) {
  // TODO(03.10): check that all shapes agree except on axis 1, then build the output with
  // C_0 + C_1 + ... channels: for each n, x_0's channels first, then x_1's, ...
  throw nnlab::NotImplemented("03.10 concat_channels");
}

// dy: (N, C, ...) -> pieces (N, channels[i], ...)
std::vector<Tensor> split_channels([[maybe_unused]] const Tensor& dy,
                                   [[maybe_unused]] const std::vector<std::size_t>& channels) {
  // TODO(03.10): the inverse cut: piece i is channels [c_0 + ... + c_{i-1}, + c_i) of dy.
  throw nnlab::NotImplemented("03.10 split_channels");
}

// y = act(F(x) + S(x)), S = identity when shortcut_ is null
Tensor ResidualBlock::forward([[maybe_unused]] const Tensor& x) {
  // TODO(03.10): z = body_->forward(x) plus the shortcut's forward of x (or x itself when
  // shortcut_ is null; check the shapes agree); remember has_input_; return act_->forward(z).
  throw nnlab::NotImplemented("03.10 ResidualBlock::forward");
}

Tensor ResidualBlock::backward([[maybe_unused]] const Tensor& dy) {
  // TODO(03.10): dz = act_->backward(dy); x fed both the body and the shortcut, so dx is the
  // sum of what both paths send back from dz (the identity sends dz itself).
  throw nnlab::NotImplemented("03.10 ResidualBlock::backward");
}

// h_0 = x, h_{i+1} = [h_i, f_i(h_i)]
Tensor DenseBlock::forward([[maybe_unused]] const Tensor& x) {
  // TODO(03.10): for each layer, record h's channel count in in_channels_ (the backward
  // needs it), then h = concat_channels({h, layer->forward(h)}).
  throw nnlab::NotImplemented("03.10 DenseBlock::forward");
}

Tensor DenseBlock::backward([[maybe_unused]] const Tensor& dy) {
  // TODO(03.10): last layer first: split dh into the part that passed h_i through and the part
  // of f_i(h_i); dh_i = the first + layers_[i]->backward(the second).
  throw nnlab::NotImplemented("03.10 DenseBlock::backward");
}

}  // namespace nnlab::cnn
