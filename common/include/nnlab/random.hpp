#pragma once
/// @file
/// A seeded random number generator whose every draw is nnlab's own code, so that one seed
/// gives the same numbers on every machine, compiler and standard library
/// (`std::normal_distribution` and `std::shuffle` do not promise that).

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "nnlab/tensor.hpp"

namespace nnlab {

/// xoshiro256** (Blackman and Vigna, 2018), its state filled from the seed by splitmix64.
///
/// - `uniform()`: 24 random bits scaled into [0, 1), so every float in the grid is exact.
/// - `normal()`: Marsaglia's polar method in double precision.
/// - `below(n)`: an unbiased integer in [0, n) (Lemire's multiply-and-reject).
/// - `permutation(n)`: Fisher–Yates, drawing `below(i + 1)` for i = n-1 down to 1.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0);

  /// The next raw 64-bit output.
  std::uint64_t next_u64();
  /// Uniform in [0, n); n must be > 0.
  std::uint64_t below(std::uint64_t n);
  /// Uniform in [0, 1).
  float uniform();
  /// Uniform in [lo, hi).
  float uniform(float lo, float hi);
  /// Normal with the given mean and standard deviation.
  float normal(float mean = 0.0f, float stddev = 1.0f);

  /// A tensor of `shape` filled with `uniform(lo, hi)`, in row-major order.
  Tensor uniform(const Shape& shape, float lo = 0.0f, float hi = 1.0f);
  /// A tensor of `shape` filled with `normal(mean, stddev)`, in row-major order.
  Tensor normal(const Shape& shape, float mean = 0.0f, float stddev = 1.0f);
  /// `uniform(Shape{...})` for a braced shape: `rng.uniform({N, D}, -1, 1)`.
  Tensor uniform(std::initializer_list<std::size_t> shape, float lo = 0.0f, float hi = 1.0f) {
    return uniform(Shape(shape), lo, hi);
  }
  /// `normal(Shape{...})` for a braced shape: `rng.normal({D})` is a tensor, not a float.
  Tensor normal(std::initializer_list<std::size_t> shape, float mean = 0.0f,
                float stddev = 1.0f) {
    return normal(Shape(shape), mean, stddev);
  }
  /// A uniformly random ordering of 0, 1, ..., n-1.
  std::vector<std::size_t> permutation(std::size_t n);

 private:
  std::uint64_t s_[4];
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace nnlab
