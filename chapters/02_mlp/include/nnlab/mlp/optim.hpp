#pragma once
/// @file
/// Provided optimisers over a model's parameters, built on the update rules of exercises
/// 02.7–02.9. Their state can be saved into and restored from a Checkpoint, so that a run
/// stopped after k steps and resumed continues bit-identically.

#include <cstdint>
#include <string>
#include <vector>

#include "nnlab/checkpoint.hpp"
#include "nnlab/module.hpp"

namespace nnlab::mlp {

/// Base class: holds the parameters, the learning rate and the step count.
///
/// State layout in a checkpoint: one tensor per state buffer and parameter under
/// `"optim.<state>.<param name>"` (e.g. `"optim.m.0.weight"`), plus the metadata
/// `"optim.step"` (integer) and `"optim.lr"` (double).
class Optimizer {
 public:
  /// @param params the parameters to update, e.g. `model.params()`; the pointers must outlive
  ///        the optimiser. @param lr the learning rate.
  Optimizer(std::vector<NamedParam> params, float lr);
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  /// One update of every parameter from its `grad`; increments `steps()` first.
  virtual void step() = 0;
  /// Zeroes every parameter's gradient.
  void zero_grad();
  /// The learning rate used by the next `step`.
  float lr() const { return lr_; }
  /// Sets the learning rate (e.g. from a schedule of exercise 02.10).
  void set_lr(float lr) { lr_ = lr; }
  /// The number of steps taken so far.
  std::int64_t steps() const { return steps_; }
  /// The parameters, as given.
  const std::vector<NamedParam>& params() const { return params_; }

  /// Adds the state buffers and the metadata `optim.step`, `optim.lr` to `ckpt`.
  virtual void save_state(Checkpoint& ckpt) const;
  /// Restores what `save_state` wrote. Nothing is changed unless every buffer is found with
  /// the right shape.
  /// @throws DataError naming `ckpt.path` when a tensor or key is missing or a shape differs.
  virtual void load_state(const Checkpoint& ckpt);

 protected:
  /// Registers a state buffer called `name` (e.g. "m"), one zero tensor per parameter.
  void add_state(const std::string& name);
  /// The buffer `name` of parameter `i`.
  Tensor& state(const std::string& name, std::size_t i);

  std::vector<NamedParam> params_;
  float lr_;
  std::int64_t steps_ = 0;

 private:
  std::vector<std::string> state_names_;
  std::vector<std::vector<Tensor>> state_;  // [state][param]
};

/// torch.optim.SGD with momentum (dampening 0): `sgd_momentum_update` per parameter.
class SGD : public Optimizer {
 public:
  SGD(std::vector<NamedParam> params, float lr, float momentum = 0.0f);
  void step() override;

 private:
  float momentum_;
};

/// torch.optim.Adagrad: `adagrad_update` per parameter.
class Adagrad : public Optimizer {
 public:
  Adagrad(std::vector<NamedParam> params, float lr, float eps = 1e-10f);
  void step() override;

 private:
  float eps_;
};

/// torch.optim.RMSprop: `rmsprop_update` per parameter.
class RMSprop : public Optimizer {
 public:
  RMSprop(std::vector<NamedParam> params, float lr, float alpha = 0.99f, float eps = 1e-8f);
  void step() override;

 private:
  float alpha_, eps_;
};

/// torch.optim.Adam (L2 weight decay added to the gradient): `adam_update` per parameter.
class Adam : public Optimizer {
 public:
  Adam(std::vector<NamedParam> params, float lr, float beta1 = 0.9f, float beta2 = 0.999f,
       float eps = 1e-8f, float weight_decay = 0.0f);
  void step() override;

 protected:
  float beta1_, beta2_, eps_, weight_decay_;
  bool decoupled_ = false;
};

/// torch.optim.AdamW (decoupled weight decay, default 0.01).
class AdamW : public Adam {
 public:
  AdamW(std::vector<NamedParam> params, float lr, float beta1 = 0.9f, float beta2 = 0.999f,
        float eps = 1e-8f, float weight_decay = 0.01f);
};

}  // namespace nnlab::mlp
