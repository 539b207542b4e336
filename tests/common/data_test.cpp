// DataLoader, take_rows and the synthetic data sets.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "nnlab/data.hpp"
#include "nnlab/errors.hpp"
#include "nnlab/testing.hpp"

using namespace nnlab;

TEST(TakeRows, GathersRowsAndRejectsBadIndices) {
  const Tensor a = {{1, 2}, {3, 4}, {5, 6}};
  EXPECT_TRUE(nnlab::testing::all_close(take_rows(a, {2, 0}), Tensor{{5, 6}, {1, 2}}, 0, 0));
  EXPECT_TRUE(nnlab::testing::throws_with<ShapeError>([&] { take_rows(a, {3}); },
                                                      {"take_rows", "index 3", "3 rows"}));
}

TEST(DataLoader, CoversEveryRowOnceKeepingTheLastPartialBatch) {
  Rng rng(1);
  const Tensor x = xt::arange<float>(10 * 2).reshape({10, 2});
  const Labels y = xt::arange<std::int64_t>(10);
  DataLoader<Labels> loader(x, y, {.batch_size = 4}, rng);
  EXPECT_EQ(loader.num_batches(), 3u);
  loader.start_epoch();
  std::vector<std::size_t> sizes, seen;
  while (auto b = loader.next()) {
    sizes.push_back(b->indices.size());
    for (std::size_t i = 0; i < b->indices.size(); ++i) {
      // x row i is (2 idx, 2 idx + 1) and y is idx: rows stay paired with their labels.
      EXPECT_EQ(b->y(i), static_cast<std::int64_t>(b->indices[i]));
      EXPECT_EQ(b->x(i, 0), 2.0f * b->indices[i]);
      seen.push_back(b->indices[i]);
    }
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{4, 4, 2}));
  std::sort(seen.begin(), seen.end());
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(seen[i], i);
}

TEST(DataLoader, DropLastAndNoShuffle) {
  Rng rng(1);
  DataLoader<Tensor> loader(xt::zeros<float>({10, 3}), xt::zeros<float>({10}),
                            {.batch_size = 4, .shuffle = false, .drop_last = true}, rng);
  EXPECT_EQ(loader.num_batches(), 2u);
  loader.start_epoch();
  auto b1 = loader.next();
  ASSERT_TRUE(b1);
  EXPECT_EQ(b1->indices, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_TRUE(loader.next());
  EXPECT_FALSE(loader.next());
}

TEST(DataLoader, ShufflesDifferentlyEachEpochButReproduciblyBySeed) {
  auto first_batches = [](std::uint64_t seed) {
    Rng rng(seed);
    DataLoader<Tensor> loader(xt::zeros<float>({50, 1}), xt::zeros<float>({50}),
                              {.batch_size = 50}, rng);
    loader.start_epoch();
    auto e1 = loader.next()->indices;
    loader.start_epoch();
    auto e2 = loader.next()->indices;
    return std::make_pair(e1, e2);
  };
  const auto a = first_batches(3), b = first_batches(3);
  EXPECT_EQ(a, b);
  EXPECT_NE(a.first, a.second);
}

TEST(DataLoader, RejectsMismatchedSizesAndZeroBatch) {
  Rng rng(0);
  EXPECT_TRUE(nnlab::testing::throws_with<ShapeError>(
      [&] { DataLoader<Tensor>(xt::zeros<float>({5, 2}), xt::zeros<float>({4}), {}, rng); },
      {"DataLoader", "(5, 2)", "(4)"}));
  EXPECT_TRUE(nnlab::testing::throws_with<ShapeError>(
      [&] {
        DataLoader<Tensor>(xt::zeros<float>({5, 2}), xt::zeros<float>({5}), {.batch_size = 0},
                           rng);
      },
      {"batch_size"}));
}

TEST(SyntheticData, RegressionFollowsTheModel) {
  Rng rng(42);
  const Tensor w = {2.0f, -3.4f};
  const auto d = synthetic_regression(w, 4.2f, 2000, 0.01f, rng);
  ASSERT_EQ(shape_of(d.x), (Shape{2000, 2}));
  ASSERT_EQ(shape_of(d.y), (Shape{2000}));
  // The residual is the noise: mean ~ 0, std ~ 0.01.
  const Tensor resid = d.y - (xt::view(d.x, xt::all(), 0) * 2.0f -
                              xt::view(d.x, xt::all(), 1) * 3.4f + 4.2f);
  EXPECT_NEAR(xt::mean(resid)(), 0.0, 1e-3);
  EXPECT_NEAR(xt::stddev(resid)(), 0.01, 1e-3);
}

TEST(SyntheticData, PolynomialFeaturesAreScaledPowers) {
  const Tensor f = polynomial_features(Tensor{2.0f, -1.0f}, 4);
  // x^i / i!: for x = 2: 1, 2, 2, 4/3; for x = -1: 1, -1, 1/2, -1/6.
  EXPECT_TRUE(nnlab::testing::all_close(
      f, Tensor{{1.0f, 2.0f, 2.0f, 4.0f / 3.0f}, {1.0f, -1.0f, 0.5f, -1.0f / 6.0f}}, 1e-7, 1e-6));
}

TEST(SyntheticData, GaussianBlobsAreBalancedAndSeparated) {
  Rng rng(5);
  const auto d = gaussian_blobs(3, 100, 2, 5.0f, 0.5f, rng);
  ASSERT_EQ(shape_of(d.x), (Shape{300, 2}));
  std::vector<int> counts(3, 0);
  for (auto c : d.y) counts[static_cast<std::size_t>(c)]++;
  EXPECT_EQ(counts, (std::vector<int>{100, 100, 100}));
  EXPECT_NE(d.y(0) + d.y(1) + d.y(2) + d.y(3), 0) << "samples are shuffled, not sorted";
}
