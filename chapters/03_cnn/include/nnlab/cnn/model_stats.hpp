#pragma once
/// @file
/// Exercise 03.9: global average pooling; counting a model's parameters and multiply-adds;
/// the receptive field of a stack of convolutions and poolings.
///
/// The second half of the file is provided: `profile` walks a model built from this chapter's
/// modules and lists, for every layer, its input and output shapes, its parameters and its
/// multiply-adds, using `count_params`, `conv2d_macs` and `linear_macs` from the exercise.
///
/// A multiply-add (MAC) is one `a += w * x`. Only convolutions and linear layers are counted:
/// they do nearly all the arithmetic of a CNN (bias additions, activations, pooling and
/// normalisation are one or two operations per *output* value, the products are C_in kh kw
/// per output value). Papers that quote "FLOPs" for ResNet-18 (1.8 G at 224x224) mostly mean
/// these MACs; a MAC is two floating-point operations.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "nnlab/cnn/padding_stride.hpp"
#include "nnlab/module.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::cnn {

// ---- exercise 03.9 ----------------------------------------------------------------------------

/// Global average pooling: each channel's mean over all its pixels, which replaces the big
/// fully connected layers of VGG by one number per channel (NiN, GoogLeNet, ResNet, DenseNet):
/// \f[ y_{n,c} = \frac{1}{H W} \sum_{i,j} x_{n,c,i,j}. \f]
/// As `torch.nn.AdaptiveAvgPool2d(1)` followed by `flatten(1)`.
///
/// @param x input, shape `(N, C, H, W)`, H, W >= 1.
/// @return y, shape `(N, C)`.
/// @throws ShapeError naming `global_avg_pool_forward` and x's shape when x is not 4-D or has
///         no pixels (H W = 0).
Tensor global_avg_pool_forward(const Tensor& x);

/// Backward pass of `global_avg_pool_forward`: every pixel of channel c had weight 1 / (H W)
/// in the mean, so \f$ dx_{n,c,i,j} = dy_{n,c} / (H W) \f$.
///
/// @param dy upstream gradient, shape `(N, C)`.
/// @param x_shape the forward input's shape `(N, C, H, W)`.
/// @return dx, shape `x_shape`, fresh.
/// @throws ShapeError naming `global_avg_pool_backward` and both shapes when x_shape is not
///         4-D with H W >= 1 or dy is not `(N, C)`.
Tensor global_avg_pool_backward(const Tensor& dy, const Shape& x_shape);

/// The number of scalar parameters of a model: the sum of `value.size()` over
/// `model.params()`. (Batch norm's running statistics are not parameters and do not count,
/// as in PyTorch's `sum(p.numel() for p in model.parameters())`.)
std::size_t count_params(Module& model);

/// Multiply-adds of a convolution (any stride and padding, no groups) that produced an output
/// of shape ``(N, C_out, H', W')`` from C_in input channels with a kh x kw kernel: each output
/// value is a dot product of length C_in kh kw, so
/// \f[ \text{MACs} = N\, C_\text{out}\, H' W' \cdot C_\text{in}\, k_h k_w. \f]
/// Padding positions are counted too (as every counting tool does: they are multiplied, by
/// zero).
///
/// @param out_shape the output's shape ``(N, C_out, H', W')``.
/// @param in_channels C_in >= 1.
/// @param kernel `{kh, kw}`, each >= 1.
/// @throws ShapeError naming `conv2d_macs` and out_shape when out_shape is not 4-D, or
///         in_channels or a kernel size is 0.
std::uint64_t conv2d_macs(const Shape& out_shape, std::size_t in_channels, Size2 kernel);

/// Multiply-adds of a linear layer `y = x W + b` that produced an output of shape `(N, out)`
/// from `in` features: \f$ N \cdot \text{in} \cdot \text{out} \f$.
///
/// @param out_shape the output's shape `(N, out)`.
/// @param in_features in >= 1.
/// @throws ShapeError naming `linear_macs` and out_shape when out_shape is not 2-D or
///         in_features is 0.
std::uint64_t linear_macs(const Shape& out_shape, std::size_t in_features);

/// One convolution or pooling layer along one spatial axis, as far as the receptive field is
/// concerned (its weights and channels do not matter).
struct LayerGeometry {
  std::size_t kernel = 1;    ///< k >= 1
  std::size_t stride = 1;    ///< s >= 1
  std::size_t padding = 0;   ///< p, zeros (or -infinity) on both sides
  std::size_t dilation = 1;  ///< d >= 1: kernel taps d apart, an effective kernel d (k - 1) + 1
};

/// The receptive field of the units of one layer, in input pixels, along one axis.
struct ReceptiveField {
  /// r: how many input pixels one unit sees (its window, padding included).
  std::size_t size = 1;
  /// j: how many input pixels apart two neighbouring units' windows are (the product of the
  /// strides so far).
  std::size_t jump = 1;
  /// The input position of the centre of unit 0's window (negative or beyond the image when
  /// padding pulls it there; a half when the window has an even size). Unit i's window is
  /// centred at `start + i * jump` and spans `size` pixels.
  double start = 0.0;
};

/// The receptive field after each layer of a stack, starting from the input, where every
/// pixel sees itself (r = 1, j = 1, start = 0). A layer (k, s, p, d) with effective kernel
/// \f$ k_e = d (k - 1) + 1 \f$ turns (r, j, start) into
/// \f[ r' = r + (k_e - 1)\, j, \qquad j' = j\, s, \qquad
///     \text{start}' = \text{start} + \Big(\frac{k_e - 1}{2} - p\Big)\, j. \f]
/// (Its window spans k_e units of the layer below, each unit j input pixels from the next, and
/// each of those sees r pixels; the window of output unit 0 starts p units before unit 0.)
///
/// Example: two 3x3 convolutions with stride 1 see 5x5 pixels, three see 7x7 (VGG's argument
/// for stacking small kernels).
///
/// @param layers the stack, first layer first; may be empty.
/// @return one ReceptiveField per layer, `result[i]` after layer i.
/// @throws ShapeError naming `receptive_fields` and the layer's index when a kernel, stride or
///         dilation is 0.
std::vector<ReceptiveField> receptive_fields(const std::vector<LayerGeometry>& layers);

// ---- provided: profiling a model ---------------------------------------------------------------

/// One layer of a model as `profile` sees it.
struct LayerStats {
  std::string name;        ///< dotted path in the model, as in `params()`, e.g. `"4.0.body.0"`
  std::string kind;        ///< the layer's `describe()`
  Shape in_shape;          ///< its input's shape
  Shape out_shape;         ///< its output's shape
  std::size_t params = 0;  ///< `count_params` of the layer
  std::uint64_t macs = 0;  ///< `conv2d_macs` / `linear_macs`, 0 for other layers
};

/// Walks `model` for an input of shape `input_shape` without running it: the shapes are
/// worked out from each layer's geometry, so a ResNet-18 at 224x224 costs nothing. Returns one
/// entry per *leaf* layer (not per container) in forward order.
///
/// Understood: `Sequential`, `ResidualBlock`, `DenseBlock` and `Concat` (looked into),
/// `Conv2d`, `mlp::Linear` (counted), `MaxPool2d`, `AvgPool2d`, `GlobalAvgPool2d`, `Flatten`,
/// and the shape-preserving `mlp` activations, `mlp::Dropout` and the normalisation modules.
///
/// @param model the model; it is not run and its state does not change.
/// @param input_shape e.g. `(1, 3, 224, 224)`.
/// @throws ShapeError naming `profile` and the layer when a layer is of another type, or an
///         input shape does not fit a layer (too few dims, wrong channel count, a window
///         larger than the padded input).
std::vector<LayerStats> profile(Module& model, const Shape& input_shape);

/// The shape `model`'s output has for an input of shape `input_shape`, worked out as `profile`
/// does (without running the model).
/// @throws ShapeError as `profile`.
Shape output_shape(Module& model, const Shape& input_shape);

/// The sums over a profile.
struct ModelTotals {
  std::size_t params = 0;
  std::uint64_t macs = 0;
};

/// Adds up the parameters and multiply-adds of `layers`.
ModelTotals totals(const std::vector<LayerStats>& layers);

/// A text table of `layers` (name, kind, output shape, parameters, MACs) with a total line.
std::string format_profile(const std::vector<LayerStats>& layers);

}  // namespace nnlab::cnn
