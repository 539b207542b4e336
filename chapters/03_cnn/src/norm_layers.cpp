// Provided code (the same in the exercise and the solution variant): normalisation modules
// wrapping the chapter's exercises 03.7 and 03.8.
#include "nnlab/cnn/norm_layers.hpp"

#include <sstream>

#include <xtensor/xbuilder.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {
namespace {

Tensor ones(const Shape& shape) { return xt::ones<float>(shape); }
Tensor zeros(const Shape& shape) { return xt::zeros<float>(shape); }

std::size_t checked_channels(const char* module, std::size_t c) {
  if (c == 0) throw ShapeError(module, "the number of channels must be >= 1");
  return c;
}

}  // namespace

// ---- BatchNorm ----------------------------------------------------------------------------

BatchNorm::BatchNorm(std::size_t num_features, float momentum, float eps)
    : weight(ones({checked_channels("BatchNorm", num_features)})),
      bias(zeros({num_features})),
      running_mean(zeros({num_features})),
      running_var(ones({num_features})),
      momentum_(momentum),
      eps_(eps) {
  register_param("weight", weight);
  register_param("bias", bias);
  register_buffer("running_mean", running_mean);
  register_buffer("running_var", running_var);
}

Tensor BatchNorm::forward(const Tensor& x) {
  Tensor y = batch_norm_forward(x, weight.value, bias.value, running_mean, running_var, training(),
                                cache_, momentum_, eps_);
  has_input_ = true;
  return y;
}

Tensor BatchNorm::backward(const Tensor& dy) {
  if (!has_input_) throw ShapeError("BatchNorm::backward", "called before forward");
  NormGrads g = batch_norm_backward(dy, weight.value, cache_);
  weight.grad += g.dgamma;
  bias.grad += g.dbeta;
  return g.dx;
}

std::string BatchNorm::describe() const {
  std::ostringstream s;
  s << "BatchNorm(" << weight.value.size() << ", momentum=" << momentum_ << ", eps=" << eps_
    << ")";
  return s.str();
}

// ---- LayerNorm ----------------------------------------------------------------------------

LayerNorm::LayerNorm(const Shape& normalized_shape, float eps)
    : weight(ones(normalized_shape)), bias(zeros(normalized_shape)), eps_(eps) {
  if (normalized_shape.empty() || weight.value.size() == 0) {
    throw ShapeError("LayerNorm", "normalized_shape", normalized_shape,
                     "must have at least one dim and no zero dim");
  }
  register_param("weight", weight);
  register_param("bias", bias);
}

Tensor LayerNorm::forward(const Tensor& x) {
  Tensor y = layer_norm_forward(x, weight.value, bias.value, cache_, eps_);
  has_input_ = true;
  return y;
}

Tensor LayerNorm::backward(const Tensor& dy) {
  if (!has_input_) throw ShapeError("LayerNorm::backward", "called before forward");
  NormGrads g = layer_norm_backward(dy, weight.value, cache_);
  weight.grad += g.dgamma;
  bias.grad += g.dbeta;
  return g.dx;
}

std::string LayerNorm::describe() const { return "LayerNorm(" + shape_str_of(weight.value) + ")"; }

// ---- GroupNorm ----------------------------------------------------------------------------

GroupNorm::GroupNorm(std::size_t groups, std::size_t channels, float eps)
    : weight(ones({checked_channels("GroupNorm", channels)})),
      bias(zeros({channels})),
      groups_(groups),
      eps_(eps) {
  if (groups == 0 || channels % groups != 0) {
    throw ShapeError("GroupNorm", "the " + std::to_string(channels) +
                                      " channels do not split into " + std::to_string(groups) +
                                      " groups (G must be >= 1 and divide C)");
  }
  register_param("weight", weight);
  register_param("bias", bias);
}

Tensor GroupNorm::forward(const Tensor& x) {
  Tensor y = group_norm_forward(x, groups_, weight.value, bias.value, cache_, eps_);
  has_input_ = true;
  return y;
}

Tensor GroupNorm::backward(const Tensor& dy) {
  if (!has_input_) throw ShapeError("GroupNorm::backward", "called before forward");
  NormGrads g = group_norm_backward(dy, weight.value, cache_);
  weight.grad += g.dgamma;
  bias.grad += g.dbeta;
  return g.dx;
}

std::string GroupNorm::describe() const {
  return "GroupNorm(" + std::to_string(groups_) + " groups, " +
         std::to_string(weight.value.size()) + " channels)";
}

// ---- InstanceNorm2d -----------------------------------------------------------------------

InstanceNorm2d::InstanceNorm2d(std::size_t channels, bool affine, float eps)
    : weight(ones({checked_channels("InstanceNorm2d", channels)})),
      bias(zeros({channels})),
      affine_(affine),
      eps_(eps) {
  if (affine_) {
    register_param("weight", weight);
    register_param("bias", bias);
  }
}

Tensor InstanceNorm2d::forward(const Tensor& x) {
  Tensor y = instance_norm_forward(x, weight.value, bias.value, cache_, eps_);
  has_input_ = true;
  return y;
}

Tensor InstanceNorm2d::backward(const Tensor& dy) {
  if (!has_input_) throw ShapeError("InstanceNorm2d::backward", "called before forward");
  NormGrads g = instance_norm_backward(dy, weight.value, cache_);
  if (affine_) {
    weight.grad += g.dgamma;
    bias.grad += g.dbeta;
  }
  return g.dx;
}

std::string InstanceNorm2d::describe() const {
  return "InstanceNorm2d(" + std::to_string(weight.value.size()) + (affine_ ? ", affine)" : ")");
}

}  // namespace nnlab::cnn
