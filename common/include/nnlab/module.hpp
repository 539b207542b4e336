#pragma once
/// @file
/// Modules: layers and models with a forward pass that caches what the backward pass needs.
///
/// The contract every `Module` keeps:
/// - `forward(x)` computes the output and stores what `backward` needs;
/// - `backward(dy)`, given dL/dy for the last forward, returns dL/dx and **adds** dL/dθ into
///   each parameter's `grad` (call `zero_grad()` between steps);
/// - `params()` lists the parameters in a stable order under stable dotted names
///   (`"0.weight"`, `"encoder.1.bias"`), which checkpoints use;
/// - `buffers()` lists, the same way, state that is not trained but belongs to the model
///   (batch normalisation's running statistics): checkpoints save it, optimisers never see it;
/// - `train()` / `eval()` switch the mode of the module and all its children.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "nnlab/tensor.hpp"

namespace nnlab {

/// A trainable tensor and the gradient accumulated for it (same shape).
struct Param {
  Tensor value;
  Tensor grad;

  Param() = default;
  /// A parameter holding `init`, with a zero gradient of the same shape.
  explicit Param(Tensor init);
  /// Sets `grad` to zeros of `value`'s shape.
  void zero_grad();
};

/// A parameter together with its dotted name in the model.
struct NamedParam {
  std::string name;
  Param* param;
};

/// A buffer (non-trainable model state, e.g. `"1.running_mean"`) together with its dotted name.
struct NamedBuffer {
  std::string name;
  Tensor* tensor;
};

/// Base class of layers and models. Not copyable or movable: parents keep pointers to their
/// children and parameters (hold modules in `std::unique_ptr` to pass them around).
class Module {
 public:
  Module() = default;
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;
  virtual ~Module() = default;

  /// Computes the output for `x` and caches what `backward` needs.
  virtual Tensor forward(const Tensor& x) = 0;
  /// Given dL/dy for the last `forward`, returns dL/dx and accumulates parameter gradients.
  virtual Tensor backward(const Tensor& dy) = 0;
  /// A short description, e.g. `"Linear(3 -> 2)"`.
  virtual std::string describe() const { return "Module"; }

  /// All parameters of this module and its children, depth first, in registration order.
  std::vector<NamedParam> params();
  /// All buffers of this module and its children, depth first, in registration order, named
  /// like the parameters. `add_params` / `load_params` save and restore them with the
  /// parameters.
  std::vector<NamedBuffer> buffers();
  /// Zeroes the gradient of every parameter.
  void zero_grad();
  /// Total number of scalar parameters.
  std::size_t num_params();

  /// Switches this module and its children to training mode (dropout active, batch statistics).
  void train(bool on = true);
  /// Switches to evaluation mode; same as `train(false)`.
  void eval() { train(false); }
  /// Whether the module is in training mode (the default).
  bool training() const { return training_; }

 protected:
  /// Registers a parameter owned by the derived class under `name`.
  void register_param(const std::string& name, Param& param);
  /// Registers a buffer owned by the derived class under `name`: model state that is saved
  /// with the parameters but not trained (running statistics).
  void register_buffer(const std::string& name, Tensor& buffer);
  /// Registers a child module owned by the derived class under `name`.
  void register_module(const std::string& name, Module& child);

 private:
  std::vector<std::pair<std::string, Param*>> params_;
  std::vector<std::pair<std::string, Tensor*>> buffers_;
  std::vector<std::pair<std::string, Module*>> children_;
  bool training_ = true;
};

/// Applies its children in order; backward runs them in reverse. Children are named
/// `"0"`, `"1"`, ... as in PyTorch's `nn.Sequential`.
class Sequential : public Module {
 public:
  Sequential() = default;
  /// Appends a module and returns a reference to it.
  template <class M>
  M& add(std::unique_ptr<M> m) {
    M& ref = *m;
    append(std::move(m));
    return ref;
  }
  /// Constructs a module in place at the end.
  template <class M, class... Args>
  M& emplace(Args&&... args) {
    return add(std::make_unique<M>(std::forward<Args>(args)...));
  }
  std::size_t size() const { return layers_.size(); }
  Module& operator[](std::size_t i) { return *layers_.at(i); }

  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  std::string describe() const override;

 private:
  void append(std::unique_ptr<Module> m);
  std::vector<std::unique_ptr<Module>> layers_;
};

}  // namespace nnlab
