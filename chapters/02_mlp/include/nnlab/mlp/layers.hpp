#pragma once
/// @file
/// Provided modules built on the chapter's exercises: Linear, the activations and Dropout.
/// Each `forward` caches its input; each `backward` returns dL/dx and *adds* parameter
/// gradients into `Param::grad`.

#include <cstddef>
#include <string>

#include "nnlab/module.hpp"
#include "nnlab/random.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::mlp {

/// `y = x W + b` (exercise 02.1). Parameters `"weight"` `(in, out)`, initialised with
/// `xavier_uniform(in, out, rng)` (exercise 02.5), and `"bias"` `(out)`, zeros.
class Linear : public Module {
 public:
  Linear(std::size_t in, std::size_t out, Rng& rng);
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  std::string describe() const override;
  Param weight;
  Param bias;

 private:
  Tensor x_;
  bool has_input_ = false;
};

/// Base of the parameter-free element-wise activations: caches x, applies f and f'.
class Activation : public Module {
 public:
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;

 protected:
  virtual Tensor apply(const Tensor& x) const = 0;
  virtual Tensor apply_backward(const Tensor& dy, const Tensor& x) const = 0;

 private:
  Tensor x_;
  bool has_input_ = false;
};

/// `relu_forward` / `relu_backward` (exercise 02.2).
class ReLU : public Activation {
 public:
  std::string describe() const override { return "ReLU"; }
 protected:
  Tensor apply(const Tensor& x) const override;
  Tensor apply_backward(const Tensor& dy, const Tensor& x) const override;
};

/// `sigmoid_forward` / `sigmoid_backward` (exercise 02.2).
class Sigmoid : public Activation {
 public:
  std::string describe() const override { return "Sigmoid"; }
 protected:
  Tensor apply(const Tensor& x) const override;
  Tensor apply_backward(const Tensor& dy, const Tensor& x) const override;
};

/// `tanh_forward` / `tanh_backward` (exercise 02.2).
class Tanh : public Activation {
 public:
  std::string describe() const override { return "Tanh"; }
 protected:
  Tensor apply(const Tensor& x) const override;
  Tensor apply_backward(const Tensor& dy, const Tensor& x) const override;
};

/// Exact `gelu_forward` / `gelu_backward` (exercise 02.2).
class GELU : public Activation {
 public:
  std::string describe() const override { return "GELU"; }
 protected:
  Tensor apply(const Tensor& x) const override;
  Tensor apply_backward(const Tensor& dy, const Tensor& x) const override;
};

/// Inverted dropout (exercise 02.4): drops in training mode, the identity after `eval()`.
/// Keeps a reference to `rng`, which must outlive the module.
class Dropout : public Module {
 public:
  Dropout(float p, Rng& rng);
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  std::string describe() const override;

 private:
  float p_;
  Rng& rng_;
  Tensor mask_;
  bool has_mask_ = false;
};

}  // namespace nnlab::mlp
