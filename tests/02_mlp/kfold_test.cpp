// Graded tests of exercise 02.12, K-fold cross-validation splits.
//
// The reference semantics are sklearn.model_selection.KFold(shuffle=False), but sklearn is not
// installed where the golden data is made, so there is no golden file: the expected folds of
// the extra cases below were worked out by hand (the arithmetic is in the comments).
#include "nnlab/mlp/kfold.hpp"

#include <cstddef>
#include <string>
#include <vector>

#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

using Idx = std::vector<std::size_t>;

// The train part of a fold is every index of 0..n-1 outside valid, in order.
Idx complement(std::size_t n, const Idx& valid) {
  Idx out;
  for (std::size_t j = 0; j < n; ++j) {
    bool in = false;
    for (std::size_t v : valid) in = in || v == j;
    if (!in) out.push_back(j);
  }
  return out;
}

void expect_folds(std::size_t n, std::size_t k, const std::vector<Idx>& valid) {
  SCOPED_TRACE("n = " + std::to_string(n) + ", k = " + std::to_string(k));
  const std::vector<Fold> folds = kfold_splits(n, k);
  ASSERT_EQ(folds.size(), valid.size());
  for (std::size_t i = 0; i < folds.size(); ++i) {
    SCOPED_TRACE("fold " + std::to_string(i));
    EXPECT_EQ(folds[i].valid, valid[i]);
    EXPECT_EQ(folds[i].train, complement(n, valid[i]));
  }
}

// n = 7, k = 3: 7 / 3 = 2 per fold, 7 % 3 = 1 extra for the first fold: sizes 3, 2, 2.
//   fold 0: valid [0, 1, 2], train [3, 4, 5, 6]
//   fold 1: valid [3, 4],    train [0, 1, 2, 5, 6]
//   fold 2: valid [5, 6],    train [0, 1, 2, 3, 4]
NNLAB_TEST(KFold, HandComputed, 2) {
  const std::vector<Fold> folds = kfold_splits(7, 3);
  ASSERT_EQ(folds.size(), 3u);
  EXPECT_EQ(folds[0].valid, (Idx{0, 1, 2}));
  EXPECT_EQ(folds[0].train, (Idx{3, 4, 5, 6}));
  EXPECT_EQ(folds[1].valid, (Idx{3, 4}));
  EXPECT_EQ(folds[1].train, (Idx{0, 1, 2, 5, 6}));
  EXPECT_EQ(folds[2].valid, (Idx{5, 6}));
  EXPECT_EQ(folds[2].train, (Idx{0, 1, 2, 3, 4}));
}

// What sklearn's KFold(n_splits=k).split(range(n)) gives, worked out by hand:
// n = 10, k = 4: 10 / 4 = 2, 10 % 4 = 2 extra: sizes 3, 3, 2, 2 ->
//   [0, 1, 2], [3, 4, 5], [6, 7], [8, 9].
// n = 5, k = 5 (leave-one-out): sizes 1 each -> [0], [1], [2], [3], [4].
// n = 6, k = 2: sizes 3, 3 -> [0, 1, 2], [3, 4, 5].
NNLAB_TEST(KFold, MatchesSklearnByHand, 2) {
  expect_folds(10, 4, {{0, 1, 2}, {3, 4, 5}, {6, 7}, {8, 9}});
  expect_folds(5, 5, {{0}, {1}, {2}, {3}, {4}});
  expect_folds(6, 2, {{0, 1, 2}, {3, 4, 5}});
}

// For many (n, k): every index is validated exactly once, train and valid of a fold are
// disjoint and together all of 0..n-1, both increasing, the validation chunks are consecutive
// in order and their sizes are n / k + 1 for the first n % k folds and n / k after.
NNLAB_TEST(KFold, PartitionProperties, 2) {
  for (std::size_t n = 2; n <= 23; ++n) {
    for (std::size_t k = 2; k <= n; ++k) {
      SCOPED_TRACE("n = " + std::to_string(n) + ", k = " + std::to_string(k));
      const std::vector<Fold> folds = kfold_splits(n, k);
      ASSERT_EQ(folds.size(), k);
      std::vector<int> seen(n, 0);
      std::size_t next = 0;
      for (std::size_t i = 0; i < k; ++i) {
        const Fold& f = folds[i];
        ASSERT_EQ(f.valid.size(), n / k + (i < n % k ? 1 : 0)) << "fold " << i;
        ASSERT_EQ(f.train.size() + f.valid.size(), n) << "fold " << i;
        for (std::size_t v : f.valid) {
          ASSERT_EQ(v, next++) << "fold " << i;
          ++seen[v];
        }
        EXPECT_EQ(f.train, complement(n, f.valid)) << "fold " << i;
      }
      for (std::size_t j = 0; j < n; ++j) EXPECT_EQ(seen[j], 1) << "index " << j;
    }
  }
}

NNLAB_TEST(KFold, RejectsBadInput, 1) {
  NNLAB_EXPECT_THROW_MSG(kfold_splits(5, 1), ShapeError, "kfold_splits", "k");
  NNLAB_EXPECT_THROW_MSG(kfold_splits(5, 0), ShapeError, "kfold_splits", "k");
  NNLAB_EXPECT_THROW_MSG(kfold_splits(3, 4), ShapeError, "kfold_splits", "k = 4", "n = 3");
  NNLAB_EXPECT_THROW_MSG(kfold_splits(0, 2), ShapeError, "kfold_splits", "n = 0");
}

}  // namespace
}  // namespace nnlab::mlp
