// Exercise 03.10 — reference solution: channel concatenation, residual and dense blocks.
#include "nnlab/cnn/blocks.hpp"

#include <algorithm>
#include <string>
#include <xtensor/xview.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {

// (N, C_0, ...), (N, C_1, ...), ... -> (N, C_0 + C_1 + ..., ...)
Tensor concat_channels(const std::vector<Tensor>& xs) {
  if (xs.empty()) throw ShapeError("concat_channels", "needs at least one tensor");
  Shape shape = shape_of(xs[0]);
  require(shape.size() >= 2, "concat_channels", "xs[0]", xs[0], "needs a channel axis (rank >= 2)");
  std::size_t channels = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    Shape s = shape_of(xs[i]);
    if (s.size() == shape.size()) s[1] = shape[1];
    if (s != shape) {
      throw ShapeError("concat_channels", "xs[0]", shape_of(xs[0]), "xs[" + std::to_string(i) + "]",
                       shape_of(xs[i]), "the shapes must agree except on axis 1");
    }
    channels += xs[i].shape(1);
  }
  shape[1] = channels;
  // Row-major: for each n, the tensors' (C_i, ...) blocks follow each other.
  Tensor y = Tensor::from_shape(shape);
  const std::size_t batch = shape[0];
  if (batch == 0) return y;
  float* dst = y.data();
  for (std::size_t n = 0; n < batch; ++n) {
    for (const Tensor& x : xs) {
      const std::size_t block = x.size() / batch;
      const float* src = x.data() + n * block;
      dst = std::copy(src, src + block, dst);
    }
  }
  return y;
}

// dy: (N, C, ...) -> pieces (N, channels[i], ...)
std::vector<Tensor> split_channels(const Tensor& dy, const std::vector<std::size_t>& channels) {
  require(dy.dimension() >= 2, "split_channels", "dy", dy, "needs a channel axis (rank >= 2)");
  std::size_t total = 0;
  for (std::size_t c : channels) total += c;
  require(total == dy.shape(1), "split_channels", "dy", dy,
          "the channel counts add up to " + std::to_string(total));
  std::vector<Tensor> parts;
  std::size_t start = 0;
  for (std::size_t c : channels) {
    parts.push_back(xt::view(dy, xt::all(), xt::range(start, start + c)));
    start += c;
  }
  return parts;
}

// y = act(F(x) + S(x)), S = identity without a shortcut module
Tensor ResidualBlock::forward(const Tensor& x) {
  Tensor z = body_->forward(x);
  const Tensor s = shortcut_ ? shortcut_->forward(x) : x;
  require(shape_of(z) == shape_of(s), "ResidualBlock::forward", "F(x)", z, "S(x)", s,
          "the body and the shortcut must give the same shape");
  z += s;
  has_input_ = true;
  return act_->forward(z);
}

// Both paths start from dz and end at x: their gradients add.
Tensor ResidualBlock::backward(const Tensor& dy) {
  if (!has_input_) throw ShapeError("ResidualBlock::backward", "called before forward");
  const Tensor dz = act_->backward(dy);
  Tensor dx = body_->backward(dz);
  dx += shortcut_ ? shortcut_->backward(dz) : dz;
  return dx;
}

// h_0 = x, h_{i+1} = [h_i, f_i(h_i)]
Tensor DenseBlock::forward(const Tensor& x) {
  in_channels_.clear();
  Tensor h = x;
  for (auto& layer : layers_) {
    require(h.dimension() >= 2, "DenseBlock::forward", "x", h, "needs a channel axis");
    in_channels_.push_back(h.shape(1));
    h = concat_channels({h, layer->forward(h)});
  }
  has_input_ = true;
  return h;
}

// dh_{i+1} = [dh_i (direct), df_i]; dh_i = direct + f_i.backward(df_i), last layer first
Tensor DenseBlock::backward(const Tensor& dy) {
  if (!has_input_) throw ShapeError("DenseBlock::backward", "called before forward");
  Tensor dh = dy;
  for (std::size_t i = layers_.size(); i-- > 0;) {
    require(dh.dimension() >= 2 && dh.shape(1) >= in_channels_[i], "DenseBlock::backward", "dy", dy,
            "must have the shape of the last forward's output");
    std::vector<Tensor> parts =
        split_channels(dh, {in_channels_[i], dh.shape(1) - in_channels_[i]});
    dh = parts[0] + layers_[i]->backward(parts[1]);
  }
  return dh;
}

}  // namespace nnlab::cnn
