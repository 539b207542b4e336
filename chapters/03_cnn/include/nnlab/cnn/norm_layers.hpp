#pragma once
/// @file
/// Provided normalisation modules built on exercises 03.7 (batch norm) and 03.8 (layer, group
/// and instance norm). Each has parameters `"weight"` (gamma, ones) and `"bias"` (beta,
/// zeros), as in PyTorch; `forward` caches what `backward` needs; `backward` returns dL/dx and
/// *adds* dgamma and dbeta into the parameters' gradients.
///
/// **Running statistics are buffers, not parameters.** `BatchNorm` registers its running mean
/// and variance with `register_buffer`: they are not in `params()`, so optimisers never touch
/// them, but they are in `buffers()`, so `add_params` / `load_params` (and the Runner's
/// checkpoints) save and restore them with the parameters, e.g. as `"model.1.running_mean"`.

#include <cstddef>
#include <string>

#include "nnlab/cnn/batch_norm.hpp"
#include "nnlab/cnn/norms.hpp"
#include "nnlab/module.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::cnn {

/// Batch normalisation (`batch_norm_forward` / `batch_norm_backward`, exercise 03.7), as
/// PyTorch's `nn.BatchNorm1d(C)` for x `(N, C)` and `nn.BatchNorm2d(C)` for x `(N, C, H, W)`.
/// In training mode (the default) it normalises with the batch statistics and updates the
/// running ones; after `eval()` it normalises with the running statistics.
class BatchNorm : public Module {
 public:
  /// `num_features` = C >= 1; PyTorch's defaults momentum 0.1 and eps 1e-5.
  explicit BatchNorm(std::size_t num_features, float momentum = 0.1f, float eps = 1e-5f);
  /// x: `(N, C)` or `(N, C, H, W)` -> y, shape of x.
  Tensor forward(const Tensor& x) override;
  /// dy: shape of the last x -> dx; gradients as of the mode of the last forward.
  Tensor backward(const Tensor& dy) override;
  /// E.g. `"BatchNorm(16, momentum=0.1, eps=1e-05)"`.
  std::string describe() const override;
  Param weight;
  Param bias;
  /// Running mean `(C)`, zeros at the start; a buffer, not a parameter (see the file's notes).
  Tensor running_mean;
  /// Running (unbiased) variance `(C)`, ones at the start; a buffer.
  Tensor running_var;

 private:
  float momentum_, eps_;
  BatchNormCache cache_;
  bool has_input_ = false;
};

/// Layer normalisation over the trailing `normalized_shape` dims (`layer_norm_forward` /
/// `layer_norm_backward`, exercise 03.8), as `nn.LayerNorm(normalized_shape)`: parameters of
/// shape `normalized_shape`. The same in training and evaluation.
class LayerNorm : public Module {
 public:
  explicit LayerNorm(const Shape& normalized_shape, float eps = 1e-5f);
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  /// E.g. `"LayerNorm((4, 5))"`.
  std::string describe() const override;
  Param weight;
  Param bias;

 private:
  float eps_;
  NormCache cache_;
  bool has_input_ = false;
};

/// Group normalisation (`group_norm_forward` / `group_norm_backward`, exercise 03.8), as
/// `nn.GroupNorm(groups, channels)`: parameters `(C)`. The same in training and evaluation.
class GroupNorm : public Module {
 public:
  /// `groups` >= 1 must divide `channels` >= 1.
  GroupNorm(std::size_t groups, std::size_t channels, float eps = 1e-5f);
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  /// E.g. `"GroupNorm(2 groups, 8 channels)"`.
  std::string describe() const override;
  Param weight;
  Param bias;

 private:
  std::size_t groups_;
  float eps_;
  NormCache cache_;
  bool has_input_ = false;
};

/// Instance normalisation (`instance_norm_forward` / `instance_norm_backward`, exercise 03.8),
/// as `nn.InstanceNorm2d(channels, affine)` without running statistics. With `affine` it has
/// the parameters `"weight"` and `"bias"` `(C)`; without (PyTorch's default) none.
class InstanceNorm2d : public Module {
 public:
  explicit InstanceNorm2d(std::size_t channels, bool affine = false, float eps = 1e-5f);
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  /// E.g. `"InstanceNorm2d(8, affine)"`.
  std::string describe() const override;
  /// gamma `(C)` (ones; fixed at ones and unregistered without `affine`).
  Param weight;
  /// beta `(C)` (zeros; fixed and unregistered without `affine`).
  Param bias;

 private:
  bool affine_;
  float eps_;
  NormCache cache_;
  bool has_input_ = false;
};

}  // namespace nnlab::cnn
