#pragma once
/// @file
/// Exercise 02.12: K-fold cross-validation splits, as sklearn.model_selection.KFold(shuffle=False).
///
/// The n sample indices 0..n-1 are cut into k consecutive chunks; fold i validates on the i-th
/// chunk and trains on all the others. d2l's get_k_fold_data (§5.7) uses chunks of n / k and
/// drops the remainder; here no sample is dropped: like sklearn, the first n % k folds get one
/// extra sample, so the chunk sizes are n / k + 1 (n % k times) then n / k.

#include <cstddef>
#include <vector>

namespace nnlab::mlp {

/// One split: the indices to train on and the indices to validate on, both increasing.
struct Fold {
  std::vector<std::size_t> train, valid;
};

/// The k folds of 0..n-1 in order. Fold i's `valid` is the i-th consecutive chunk (sizes
/// n / k + 1 for the first n % k folds, n / k for the rest); its `train` is every other index
/// in increasing order. Every index is validated exactly once.
/// @throws ShapeError naming `kfold_splits` when k < 2 or k > n.
std::vector<Fold> kfold_splits(std::size_t n, std::size_t k);

}  // namespace nnlab::mlp
