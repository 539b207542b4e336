// nnlab::Rng against an independent Python model of the same algorithms
// (tools/golden/nnlab_golden.py, printed by tools/golden/rng_reference.py): one seed, the same
// numbers everywhere.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "nnlab/errors.hpp"
#include "nnlab/random.hpp"

using nnlab::Rng;

TEST(Rng, RawOutputMatchesReferenceXoshiro) {
  Rng rng(42);
  EXPECT_EQ(rng.next_u64(), 0x15780b2e0c2ec716ULL);
  EXPECT_EQ(rng.next_u64(), 0x6104d9866d113a7eULL);
  EXPECT_EQ(rng.next_u64(), 0xae17533239e499a1ULL);
  EXPECT_FLOAT_EQ(rng.uniform(), 0.9246929287910461f);  // the 4th output's top 24 bits
}

TEST(Rng, PermutationMatchesReference) {
  Rng rng(7);
  const std::vector<std::size_t> expected{1, 8, 3, 0, 4, 5, 9, 6, 2, 7};
  EXPECT_EQ(rng.permutation(10), expected);
}

TEST(Rng, NormalMatchesReferencePolarMethod) {
  Rng rng(1);
  const double expected[] = {1.884396, 0.189781, 1.30209, -1.909434};
  for (double e : expected) EXPECT_NEAR(rng.normal(), e, 1e-5);
}

TEST(Rng, SameSeedSameStreamDifferentSeedDifferentStream) {
  Rng a(3), b(3), c(4);
  for (int i = 0; i < 100; ++i) {
    const auto va = a.next_u64();
    EXPECT_EQ(va, b.next_u64());
    EXPECT_NE(va, c.next_u64());
  }
}

TEST(Rng, UniformAndNormalMomentsAreRight) {
  // 100k draws: the standard error of the mean is 0.29/sqrt(1e5) ~ 1e-3 for U(0,1) and
  // 3e-3 for N(0,1); bounds are about 5 standard errors.
  Rng rng(11);
  double su = 0, sn = 0, sn2 = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const float u = rng.uniform();
    ASSERT_GE(u, 0.0f);
    ASSERT_LT(u, 1.0f);
    su += u;
    const double z = rng.normal(2.0f, 3.0f);
    sn += z;
    sn2 += z * z;
  }
  EXPECT_NEAR(su / n, 0.5, 5e-3);
  const double mean = sn / n;
  EXPECT_NEAR(mean, 2.0, 0.05);
  EXPECT_NEAR(std::sqrt(sn2 / n - mean * mean), 3.0, 0.05);
}

TEST(Rng, BelowIsUnbiasedAndInRange) {
  Rng rng(5);
  std::vector<int> counts(6, 0);
  for (int i = 0; i < 60000; ++i) counts[rng.below(6)]++;
  for (int c : counts) EXPECT_NEAR(c, 10000, 500);  // ~5 standard deviations (sd ~ 91)
  EXPECT_THROW(rng.below(0), nnlab::ShapeError);
}

TEST(Rng, TensorsFillRowMajorFromTheSameStream) {
  Rng a(9), b(9);
  const nnlab::Tensor t = a.uniform({2, 3}, -1.0f, 1.0f);
  ASSERT_EQ(t.shape()[0], 2u);
  ASSERT_EQ(t.shape()[1], 3u);
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(t.data()[i], b.uniform(-1.0f, 1.0f));
}

TEST(Rng, PermutationIsAPermutation) {
  Rng rng(2);
  auto p = rng.permutation(1000);
  std::sort(p.begin(), p.end());
  for (std::size_t i = 0; i < p.size(); ++i) ASSERT_EQ(p[i], i);
  EXPECT_TRUE(rng.permutation(0).empty());
}

TEST(Rng, BracedShapesMakeTensorsNotScalars) {
  Rng a(4), b(4);
  const nnlab::Tensor t = a.normal({3});
  ASSERT_EQ(t.dimension(), 1u);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t(0), b.normal());
  EXPECT_EQ(a.uniform({2, 2}).size(), 4u);
}
