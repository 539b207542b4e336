#include "nnlab/module.hpp"

#include <fmt/format.h>

namespace nnlab {

Param::Param(Tensor init) : value(std::move(init)) { zero_grad(); }

void Param::zero_grad() { grad = xt::zeros<float>(value.shape()); }

std::vector<NamedParam> Module::params() {
  std::vector<NamedParam> out;
  for (auto& [name, p] : params_) out.push_back({name, p});
  for (auto& [name, child] : children_) {
    for (auto& np : child->params()) out.push_back({name + "." + np.name, np.param});
  }
  return out;
}

std::vector<NamedBuffer> Module::buffers() {
  std::vector<NamedBuffer> out;
  for (auto& [name, b] : buffers_) out.push_back({name, b});
  for (auto& [name, child] : children_) {
    for (auto& nb : child->buffers()) out.push_back({name + "." + nb.name, nb.tensor});
  }
  return out;
}

void Module::zero_grad() {
  for (auto& np : params()) np.param->zero_grad();
}

std::size_t Module::num_params() {
  std::size_t n = 0;
  for (auto& np : params()) n += np.param->value.size();
  return n;
}

void Module::train(bool on) {
  training_ = on;
  for (auto& [name, child] : children_) child->train(on);
}

void Module::register_param(const std::string& name, Param& param) {
  params_.emplace_back(name, &param);
}

void Module::register_buffer(const std::string& name, Tensor& buffer) {
  buffers_.emplace_back(name, &buffer);
}

void Module::register_module(const std::string& name, Module& child) {
  children_.emplace_back(name, &child);
  child.train(training_);
}

Tensor Sequential::forward(const Tensor& x) {
  Tensor h = x;
  for (auto& layer : layers_) h = layer->forward(h);
  return h;
}

Tensor Sequential::backward(const Tensor& dy) {
  Tensor g = dy;
  for (auto it = layers_.rbegin(); it != layers_.rend(); ++it) g = (*it)->backward(g);
  return g;
}

std::string Sequential::describe() const {
  std::string s = "Sequential(";
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    s += fmt::format("{}{}: {}", i ? ", " : "", i, layers_[i]->describe());
  }
  return s + ")";
}

void Sequential::append(std::unique_ptr<Module> m) {
  register_module(std::to_string(layers_.size()), *m);
  layers_.push_back(std::move(m));
}

}  // namespace nnlab
