#pragma once
/// @file
/// The tensor types every chapter uses, and small helpers to describe their shapes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <xtensor/xarray.hpp>

namespace nnlab {

/// A dense, row-major float tensor of any rank (an `xt::xarray<float>`).
using Tensor = xt::xarray<float>;
/// Integer class labels, e.g. `y: (N)` with values in `[0, K)`.
using Labels = xt::xarray<std::int64_t>;
/// A shape, outermost dimension first.
using Shape = std::vector<std::size_t>;

/// The shape of any xtensor expression as a plain vector.
template <class E>
Shape shape_of(const E& e) {
  return Shape(e.shape().begin(), e.shape().end());
}

/// Formats a shape the way Python does: `(4, 3)`, `(5)` for one dimension, `()` for a scalar.
std::string shape_str(const Shape& shape);

/// `shape_str(shape_of(e))`.
template <class E>
std::string shape_str_of(const E& e) {
  return shape_str(shape_of(e));
}

}  // namespace nnlab
