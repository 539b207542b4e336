#pragma once
/// @file
/// Data: a minibatch loader and the shared synthetic data sets (deterministic by seed).

#include <cstddef>
#include <optional>
#include <vector>

#include "nnlab/random.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab {

/// The rows of `a` (along axis 0) listed in `idx`, in that order.
/// @throws ShapeError when `a` is a scalar or an index is out of range.
template <class T>
xt::xarray<T> take_rows(const xt::xarray<T>& a, const std::vector<std::size_t>& idx);

/// A regression set: `x: (N, D)` features and `y: (N)` targets.
struct RegressionData {
  Tensor x;
  Tensor y;
};

/// A classification set: `x: (N, ...)` inputs and `y: (N)` class ids.
struct ClassificationData {
  Tensor x;
  Labels y;
};

/// `y = x w + b + noise` with `x ~ N(0, 1)` of shape `(n, D)` (D = `w`'s length) and
/// `noise ~ N(0, noise_std)`, as in Dive into Deep Learning §3.2.
RegressionData synthetic_regression(const Tensor& w, float b, std::size_t n, float noise_std,
                                    Rng& rng);

/// Polynomial features of a column: `x: (N)` -> `(N, degree)` with column `i` equal to
/// `x^i / i!` (i = 0 .. degree-1); the factorial keeps high powers from exploding.
Tensor polynomial_features(const Tensor& x, std::size_t degree);

/// `k` Gaussian blobs in `dims` dimensions: class `c` is centred at a point drawn uniformly in
/// `[-spread, spread]^dims`, with `n_per_class` samples of standard deviation `stddev` each.
/// Samples are shuffled.
ClassificationData gaussian_blobs(std::size_t k, std::size_t n_per_class, std::size_t dims,
                                  float spread, float stddev, Rng& rng);

/// Options of a `DataLoader`.
struct LoaderOptions {
  std::size_t batch_size = 32;
  bool shuffle = true;     ///< a fresh permutation (from the loader's Rng) every epoch
  bool drop_last = false;  ///< drop a last batch smaller than `batch_size`
};

/// One minibatch: the rows of x and y and which sample indices they are.
template <class Target>
struct Batch {
  Tensor x;
  Target y;
  std::vector<std::size_t> indices;
};

/// Iterates over `(x, y)` in minibatches, epoch after epoch:
/// @code
/// DataLoader<Labels> loader(data.x, data.y, {.batch_size = 64}, rng);
/// for (int epoch = 0; epoch < 10; ++epoch) {
///   loader.start_epoch();
///   while (auto batch = loader.next()) { ... batch->x, batch->y ... }
/// }
/// @endcode
template <class Target>
class DataLoader {
 public:
  /// @throws ShapeError when x and y disagree on N or the batch size is 0.
  DataLoader(Tensor x, Target y, LoaderOptions options, Rng& rng);
  /// Samples in the data set.
  std::size_t num_samples() const { return n_; }
  /// Batches per epoch (after `drop_last`).
  std::size_t num_batches() const;
  /// Begins an epoch: reshuffles when `shuffle` is set.
  void start_epoch();
  /// The next batch of the epoch, or nothing when the epoch is over.
  std::optional<Batch<Target>> next();

 private:
  Tensor x_;
  Target y_;
  LoaderOptions options_;
  Rng* rng_;
  std::size_t n_;
  std::vector<std::size_t> order_;
  std::size_t cursor_ = 0;
};

extern template class DataLoader<Tensor>;
extern template class DataLoader<Labels>;
extern template Tensor take_rows(const Tensor&, const std::vector<std::size_t>&);
extern template Labels take_rows(const Labels&, const std::vector<std::size_t>&);

}  // namespace nnlab
