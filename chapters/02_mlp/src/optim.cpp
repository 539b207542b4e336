// Provided optimisers: state bookkeeping and checkpointing around the exercise update rules.
#include "nnlab/mlp/optim.hpp"

#include <utility>

#include "nnlab/errors.hpp"
#include "nnlab/mlp/adagrad_rmsprop.hpp"
#include "nnlab/mlp/adam.hpp"
#include "nnlab/mlp/sgd_momentum.hpp"

namespace nnlab::mlp {

Optimizer::Optimizer(std::vector<NamedParam> params, float lr)
    : params_(std::move(params)), lr_(lr) {}

void Optimizer::zero_grad() {
  for (const NamedParam& p : params_) p.param->zero_grad();
}

void Optimizer::add_state(const std::string& name) {
  state_names_.push_back(name);
  std::vector<Tensor> buffers;
  for (const NamedParam& p : params_) buffers.push_back(xt::zeros_like(p.param->value));
  state_.push_back(std::move(buffers));
}

Tensor& Optimizer::state(const std::string& name, std::size_t i) {
  for (std::size_t s = 0; s < state_names_.size(); ++s) {
    if (state_names_[s] == name) return state_[s][i];
  }
  throw Error("Optimizer: no state buffer '" + name + "'");
}

void Optimizer::save_state(Checkpoint& ckpt) const {
  for (std::size_t s = 0; s < state_names_.size(); ++s) {
    for (std::size_t i = 0; i < params_.size(); ++i) {
      ckpt.add("optim." + state_names_[s] + "." + params_[i].name, state_[s][i]);
    }
  }
  ckpt.meta["optim.step"] = std::int64_t{steps_};
  ckpt.meta["optim.lr"] = double(lr_);
}

void Optimizer::load_state(const Checkpoint& ckpt) {
  // Read everything into a copy first: a failure leaves this optimiser unchanged.
  std::vector<std::vector<Tensor>> loaded = state_;
  for (std::size_t s = 0; s < state_names_.size(); ++s) {
    for (std::size_t i = 0; i < params_.size(); ++i) {
      const std::string name = "optim." + state_names_[s] + "." + params_[i].name;
      const Tensor& t = ckpt.at(name);
      if (t.shape() != state_[s][i].shape()) {
        throw DataError(ckpt.path, "'" + name + "' has shape " + shape_str(shape_of(t)) +
                                       " in the file and " + shape_str(shape_of(state_[s][i])) +
                                       " in the optimiser");
      }
      loaded[s][i] = t;
    }
  }
  const std::int64_t steps = ckpt.meta_int("optim.step");
  const double lr = ckpt.meta_double("optim.lr");
  state_ = std::move(loaded);
  steps_ = steps;
  lr_ = float(lr);
}

SGD::SGD(std::vector<NamedParam> params, float lr, float momentum)
    : Optimizer(std::move(params), lr), momentum_(momentum) {
  add_state("velocity");
}

void SGD::step() {
  ++steps_;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Param& p = *params_[i].param;
    sgd_momentum_update(p.value, p.grad, state("velocity", i), lr_, momentum_);
  }
}

Adagrad::Adagrad(std::vector<NamedParam> params, float lr, float eps)
    : Optimizer(std::move(params), lr), eps_(eps) {
  add_state("sum_sq");
}

void Adagrad::step() {
  ++steps_;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Param& p = *params_[i].param;
    adagrad_update(p.value, p.grad, state("sum_sq", i), lr_, eps_);
  }
}

RMSprop::RMSprop(std::vector<NamedParam> params, float lr, float alpha, float eps)
    : Optimizer(std::move(params), lr), alpha_(alpha), eps_(eps) {
  add_state("sq_avg");
}

void RMSprop::step() {
  ++steps_;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Param& p = *params_[i].param;
    rmsprop_update(p.value, p.grad, state("sq_avg", i), lr_, alpha_, eps_);
  }
}

Adam::Adam(std::vector<NamedParam> params, float lr, float beta1, float beta2, float eps,
           float weight_decay)
    : Optimizer(std::move(params), lr),
      beta1_(beta1),
      beta2_(beta2),
      eps_(eps),
      weight_decay_(weight_decay) {
  add_state("m");
  add_state("v");
}

void Adam::step() {
  const std::int64_t t = steps_ + 1;  // bias correction uses the 1-based step
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Param& p = *params_[i].param;
    adam_update(p.value, p.grad, state("m", i), state("v", i), t, lr_, beta1_, beta2_, eps_,
                weight_decay_, decoupled_);
  }
  steps_ = t;
}

AdamW::AdamW(std::vector<NamedParam> params, float lr, float beta1, float beta2, float eps,
             float weight_decay)
    : Adam(std::move(params), lr, beta1, beta2, eps, weight_decay) {
  decoupled_ = true;
}

}  // namespace nnlab::mlp
