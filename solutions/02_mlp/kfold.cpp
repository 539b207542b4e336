// Exercise 02.12 — reference solution.
#include "nnlab/mlp/kfold.hpp"

#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

// fold i validates on the i-th of k consecutive chunks, trains on the rest
std::vector<Fold> kfold_splits(std::size_t n, std::size_t k) {
  if (k < 2 || k > n) {
    throw ShapeError("kfold_splits", "k = " + std::to_string(k) + " must lie in [2, n = " +
                                         std::to_string(n) + "]");
  }
  std::vector<Fold> folds(k);
  std::size_t start = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t stop = start + n / k + (i < n % k ? 1 : 0);
    Fold& f = folds[i];
    f.valid.reserve(stop - start);
    f.train.reserve(n - (stop - start));
    for (std::size_t j = 0; j < n; ++j) (j >= start && j < stop ? f.valid : f.train).push_back(j);
    start = stop;
  }
  return folds;
}

}  // namespace nnlab::mlp
