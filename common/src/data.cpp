#include "nnlab/data.hpp"

#include <numeric>

#include <fmt/format.h>
#include <xtensor-blas/xlinalg.hpp>

#include "nnlab/errors.hpp"

namespace nnlab {

template <class T>
xt::xarray<T> take_rows(const xt::xarray<T>& a, const std::vector<std::size_t>& idx) {
  if (a.dimension() == 0) throw ShapeError("take_rows", "a", shape_of(a), "needs at least 1-D");
  Shape out_shape = shape_of(a);
  const std::size_t rows = out_shape[0];
  const std::size_t row_size = rows ? a.size() / rows : 0;
  out_shape[0] = idx.size();
  xt::xarray<T> out = xt::xarray<T>::from_shape(out_shape);
  for (std::size_t i = 0; i < idx.size(); ++i) {
    if (idx[i] >= rows) {
      throw ShapeError("take_rows", fmt::format("index {} out of range for {} rows", idx[i], rows));
    }
    std::copy_n(a.data() + idx[i] * row_size, row_size, out.data() + i * row_size);
  }
  return out;
}

template Tensor take_rows(const Tensor&, const std::vector<std::size_t>&);
template Labels take_rows(const Labels&, const std::vector<std::size_t>&);

RegressionData synthetic_regression(const Tensor& w, float b, std::size_t n, float noise_std,
                                    Rng& rng) {
  require(w.dimension() == 1, "synthetic_regression", "w", w, "must be 1-D (D)");
  RegressionData d;
  d.x = rng.normal({n, w.size()});
  d.y = xt::linalg::dot(d.x, w) + b;
  d.y += rng.normal({n}, 0.0f, noise_std);
  return d;
}

Tensor polynomial_features(const Tensor& x, std::size_t degree) {
  require(x.dimension() == 1, "polynomial_features", "x", x, "must be 1-D (N)");
  Tensor out = Tensor::from_shape({x.size(), degree});
  for (std::size_t n = 0; n < x.size(); ++n) {
    double term = 1.0;  // x^i / i!, built up incrementally
    for (std::size_t i = 0; i < degree; ++i) {
      out(n, i) = static_cast<float>(term);
      term *= x(n) / static_cast<double>(i + 1);
    }
  }
  return out;
}

ClassificationData gaussian_blobs(std::size_t k, std::size_t n_per_class, std::size_t dims,
                                  float spread, float stddev, Rng& rng) {
  const Tensor centres = rng.uniform({k, dims}, -spread, spread);
  const std::size_t n = k * n_per_class;
  Tensor x = Tensor::from_shape({n, dims});
  Labels y = Labels::from_shape({n});
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t c = i / n_per_class;
    y(i) = static_cast<std::int64_t>(c);
    for (std::size_t d = 0; d < dims; ++d) x(i, d) = rng.normal(centres(c, d), stddev);
  }
  const auto order = rng.permutation(n);
  return {take_rows(x, order), take_rows(y, order)};
}

template <class Target>
DataLoader<Target>::DataLoader(Tensor x, Target y, LoaderOptions options, Rng& rng)
    : x_(std::move(x)), y_(std::move(y)), options_(options), rng_(&rng) {
  require(x_.dimension() >= 1 && y_.dimension() >= 1 && x_.shape()[0] == y_.shape()[0],
          "DataLoader", "x", x_, "y", y_, "x and y must have the same number of samples N");
  if (options_.batch_size == 0) throw ShapeError("DataLoader", "batch_size must be positive");
  n_ = x_.shape()[0];
  order_.resize(n_);
  std::iota(order_.begin(), order_.end(), std::size_t{0});
  cursor_ = n_;  // nothing until start_epoch()
}

template <class Target>
std::size_t DataLoader<Target>::num_batches() const {
  const std::size_t b = options_.batch_size;
  return options_.drop_last ? n_ / b : (n_ + b - 1) / b;
}

template <class Target>
void DataLoader<Target>::start_epoch() {
  if (options_.shuffle) order_ = rng_->permutation(n_);
  cursor_ = 0;
}

template <class Target>
std::optional<Batch<Target>> DataLoader<Target>::next() {
  const std::size_t left = n_ - cursor_;
  if (left == 0 || (options_.drop_last && left < options_.batch_size)) return std::nullopt;
  const std::size_t take = std::min(left, options_.batch_size);
  Batch<Target> batch;
  batch.indices.assign(order_.begin() + static_cast<std::ptrdiff_t>(cursor_),
                       order_.begin() + static_cast<std::ptrdiff_t>(cursor_ + take));
  cursor_ += take;
  batch.x = take_rows(x_, batch.indices);
  batch.y = take_rows(y_, batch.indices);
  return batch;
}

template class DataLoader<Tensor>;
template class DataLoader<Labels>;

}  // namespace nnlab
