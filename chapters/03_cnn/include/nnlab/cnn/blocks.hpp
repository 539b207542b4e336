#pragma once
/// @file
/// Exercise 03.10: the two connections that made very deep CNNs trainable.
///
/// - The **residual block** (He et al. 2016, ResNet; D2L §8.6) adds its input back onto the
///   output of a small stack F: \f$ y = \text{relu}(F(x) + S(x)) \f$, S the identity or, when
///   F changes the shape, a 1x1 convolution with F's stride followed by batch norm. The block
///   only has to learn the *residual* F(x) = H(x) - x, and in the backward pass the gradient
///   reaches x along the shortcut untouched:
///   \f[ \frac{\partial L}{\partial x} = \frac{\partial L}{\partial x}\Big|_F +
///       \frac{\partial L}{\partial x}\Big|_S, \qquad dz = \text{relu}'(z) \odot dy. \f]
/// - The **dense block** (Huang et al. 2017, DenseNet; D2L §8.7) *concatenates* instead of
///   adding: layer i sees the block input and the outputs of all layers before it,
///   \f$ h_{i+1} = [h_i, f_i(h_i)] \f$ along the channels, so the channel count grows by each
///   layer's output channels ("growth rate"). In the backward pass the gradient of \f$h_{i+1}\f$
///   splits into the part for \f$h_i\f$ (which it passes through) and the part for
///   \f$f_i(h_i)\f$ (which goes back through \f$f_i\f$ and adds to \f$h_i\f$'s).
///
/// The exercise is `concat_channels`, `split_channels` and the `forward` / `backward` of both
/// blocks. Constructors, `describe`, the accessors, and `Concat` (parallel branches, e.g.
/// Inception) are provided in src/blocks.cpp.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "nnlab/module.hpp"
#include "nnlab/random.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::cnn {

/// The nonlinearity of a block or model builder (provided).
enum class Nonlinearity {
  relu,     ///< `mlp::ReLU`, the default of every modern CNN
  sigmoid,  ///< `mlp::Sigmoid`, LeNet's original choice
  tanh,     ///< `mlp::Tanh`; smooth, which gradient checks like
};

/// A fresh activation module of the given kind (provided).
std::unique_ptr<Module> make_activation(Nonlinearity act);

// ---- exercise 03.10 -----------------------------------------------------------------------------

/// Concatenates tensors along axis 1 (the channels), as `torch.cat(xs, dim=1)`:
/// `(N, C_0, ...)`, `(N, C_1, ...)`, ... -> `(N, C_0 + C_1 + ..., ...)`; output channels
/// `C_0 + ... + C_{i-1} + c` hold channel c of `xs[i]`.
///
/// @param xs one or more tensors of rank >= 2 whose shapes agree except on axis 1.
/// @throws ShapeError naming `concat_channels` and the first offending pair of shapes when
///         xs is empty, a rank is < 2 or the shapes differ on another axis.
Tensor concat_channels(const std::vector<Tensor>& xs);

/// The backward pass of `concat_channels`: cuts dy along axis 1 into consecutive pieces of
/// `channels[0]`, `channels[1]`, ... channels.
///
/// @param dy gradient of the concatenation, shape `(N, C, ...)`, rank >= 2.
/// @param channels the channel count of each piece (0 allowed), summing to C.
/// @return one tensor per entry of `channels`, shape `(N, channels[i], ...)`.
/// @throws ShapeError naming `split_channels` and dy's shape when dy has rank < 2 or the
///         counts do not add up to C.
std::vector<Tensor> split_channels(const Tensor& dy, const std::vector<std::size_t>& channels);

/// A residual block: \f$ z = F(x) + S(x) \f$ (S = identity when there is no shortcut module),
/// \f$ y = \sigma(z) \f$ with σ the block's activation (ReLU by default).
///
/// `forward` and `backward` are the exercise; the rest is provided. Children: `"body"` (F),
/// then `"shortcut"` (S, when there is one), then `"act"` (σ); so the parameters of the standard
/// block come in the order of torchvision's `BasicBlock`: conv1, bn1, conv2, bn2, downsample.
class ResidualBlock : public Module {
 public:
  /// torchvision's `BasicBlock` (D2L's `Residual` with batch norm in the shortcut): F = conv
  /// 3x3 (stride `stride`, padding 1, no bias), batch norm, σ, conv 3x3 (padding 1, no bias),
  /// batch norm; with `use_1x1conv`, S = conv 1x1 (stride `stride`, no bias), batch norm.
  ///
  /// @throws ShapeError naming `ResidualBlock` when a channel count or the stride is 0, or
  ///         `use_1x1conv` is false although the shapes change (stride != 1 or
  ///         in_channels != out_channels): an identity shortcut could not be added to F(x).
  ResidualBlock(std::size_t in_channels, std::size_t out_channels, Rng& rng, std::size_t stride = 1,
                bool use_1x1conv = false, Nonlinearity act = Nonlinearity::relu);
  /// Any F, S and σ. F(x) and S(x) (or x itself) must have the same shape.
  /// @param body F, required.
  /// @param shortcut S, or nullptr for the identity.
  /// @param act σ, or nullptr for a ReLU.
  /// @throws ShapeError naming `ResidualBlock` when body is null.
  ResidualBlock(std::unique_ptr<Module> body, std::unique_ptr<Module> shortcut,
                std::unique_ptr<Module> act = nullptr);

  /// \f$ y = \sigma(F(x) + S(x)) \f$. x: `(N, C_in, H, W)` -> y: F(x)'s shape.
  /// @throws ShapeError naming `ResidualBlock::forward` and both shapes when F(x) and S(x)
  ///         (or x) differ in shape.
  Tensor forward(const Tensor& x) override;
  /// \f$ dz = \sigma\text{.backward}(dy) \f$; \f$ dx = F\text{.backward}(dz) +
  /// S\text{.backward}(dz) \f$ (+ dz itself for the identity). Parameter gradients are added
  /// by the children.
  /// @throws ShapeError naming `ResidualBlock::backward` when called before `forward`.
  Tensor backward(const Tensor& dy) override;
  /// E.g. `"ResidualBlock(body: Sequential(...), shortcut: identity)"`.
  std::string describe() const override;

  /// F.
  Module& body() { return *body_; }
  /// S, or nullptr for the identity.
  Module* shortcut() { return shortcut_.get(); }
  /// σ.
  Module& activation() { return *act_; }

 private:
  void register_children();
  std::unique_ptr<Module> body_;
  std::unique_ptr<Module> shortcut_;  // nullptr: identity
  std::unique_ptr<Module> act_;
  bool has_input_ = false;
};

/// A dense block: \f$ h_0 = x,\; h_{i+1} = [h_i, f_i(h_i)] \f$ (concatenated along the
/// channels), y = the last h. Layer i maps `(N, C_i, H, W)` to `(N, g_i, H, W)` with
/// \f$ C_{i+1} = C_i + g_i \f$.
///
/// `forward` and `backward` are the exercise; the rest is provided. Children `"0"`, `"1"`, ...
class DenseBlock : public Module {
 public:
  /// D2L §8.7's `DenseBlock`: `num_convs` layers, layer i a `conv_block` (batch norm, σ,
  /// conv 3x3 with padding 1 and bias) from `in_channels + i * growth_rate` to `growth_rate`
  /// channels; output channels `in_channels + num_convs * growth_rate`.
  /// @throws ShapeError naming `DenseBlock` when num_convs, in_channels or growth_rate is 0.
  DenseBlock(std::size_t num_convs, std::size_t in_channels, std::size_t growth_rate, Rng& rng,
             Nonlinearity act = Nonlinearity::relu);
  /// Any layers f_0, f_1, ... (at least one; none null).
  /// @throws ShapeError naming `DenseBlock` when layers is empty or holds a null.
  explicit DenseBlock(std::vector<std::unique_ptr<Module>> layers);

  /// x: `(N, C_0, H, W)` -> y: `(N, C_0 + g_0 + g_1 + ..., H, W)`.
  /// @throws ShapeError (from `concat_channels`) when a layer's output does not fit.
  Tensor forward(const Tensor& x) override;
  /// dy: shape of the last y -> dx: shape of the last x; layer gradients added by the layers.
  /// @throws ShapeError naming `DenseBlock::backward` when called before `forward`.
  Tensor backward(const Tensor& dy) override;
  /// E.g. `"DenseBlock(2 layers: ...)"`.
  std::string describe() const override;

  /// The number of layers.
  std::size_t size() const { return layers_.size(); }
  /// Layer i.
  Module& layer(std::size_t i) { return *layers_.at(i); }

 private:
  std::vector<std::unique_ptr<Module>> layers_;
  /// Filled by `forward`: the channel count C_i of each layer's input h_i.
  std::vector<std::size_t> in_channels_;
  bool has_input_ = false;
};

// ---- provided ---------------------------------------------------------------------------------

/// Parallel branches on the same input, outputs concatenated along the channels (GoogLeNet's
/// Inception block): \f$ y = [b_0(x), b_1(x), \dots] \f$. The backward pass splits dy
/// (`split_channels`), sends each piece back through its branch and adds the input
/// gradients. Built on `concat_channels` and `split_channels` (exercise 03.10). Children
/// `"0"`, `"1"`, ...
class Concat : public Module {
 public:
  /// @throws ShapeError naming `Concat` when there is no branch or a branch is null.
  explicit Concat(std::vector<std::unique_ptr<Module>> branches);
  /// x -> `concat_channels({b_0(x), b_1(x), ...})`.
  Tensor forward(const Tensor& x) override;
  /// dy -> sum over branches of `b_i.backward(piece i of dy)`.
  Tensor backward(const Tensor& dy) override;
  /// E.g. `"Concat(4 branches)"`.
  std::string describe() const override;
  /// The number of branches.
  std::size_t size() const { return branches_.size(); }
  /// Branch i.
  Module& branch(std::size_t i) { return *branches_.at(i); }

 private:
  std::vector<std::unique_ptr<Module>> branches_;
  std::vector<std::size_t> out_channels_;
  bool has_input_ = false;
};

}  // namespace nnlab::cnn
