// Graded tests of exercise 01.4, minibatch_indices.
// No PyTorch golden data here: the order comes from nnlab's own Rng, which the tests replay.
#include "nnlab/linear/minibatches.hpp"

#include <algorithm>
#include <numeric>

#include "nnlab/testing.hpp"

namespace nnlab::linear {
namespace {

// n = 10, batch_size = 3: batches of 3, 3, 3 and 1 that together hold 0..9 once each.
NNLAB_TEST(Minibatches, SizesAndCoverage, 2) {
  Rng rng(1);
  const auto batches = minibatch_indices(10, 3, rng);
  ASSERT_EQ(batches.size(), 4u);
  EXPECT_EQ(batches[0].size(), 3u);
  EXPECT_EQ(batches[1].size(), 3u);
  EXPECT_EQ(batches[2].size(), 3u);
  EXPECT_EQ(batches[3].size(), 1u);
  std::vector<std::size_t> all;
  for (const auto& b : batches) all.insert(all.end(), b.begin(), b.end());
  std::sort(all.begin(), all.end());
  std::vector<std::size_t> expected(10);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(all, expected);
}

// The batches are consecutive chunks of Rng(seed).permutation(n), drawn here independently.
NNLAB_TEST(Minibatches, ChunksOfThePermutation, 2) {
  for (std::uint64_t seed : {7u, 8u}) {
    Rng ref(seed);
    const std::vector<std::size_t> order = ref.permutation(23);
    Rng rng(seed);
    const auto batches = minibatch_indices(23, 5, rng);
    ASSERT_EQ(batches.size(), 5u);
    for (std::size_t i = 0; i < batches.size(); ++i) {
      const std::size_t stop = std::min<std::size_t>(5 * i + 5, 23);
      const std::vector<std::size_t> chunk(order.begin() + 5 * i, order.begin() + stop);
      EXPECT_EQ(batches[i], chunk) << "  batch " << i << ", seed " << seed;
    }
  }
}

// Exactly one permutation is drawn: afterwards the generator is where a fresh one would be
// after permutation(n), so the next epoch gets the next permutation.
NNLAB_TEST(Minibatches, DrawsOnePermutationPerCall, 1) {
  Rng ref(9);
  ref.permutation(12);
  Rng rng(9);
  minibatch_indices(12, 4, rng);
  EXPECT_EQ(rng.next_u64(), ref.next_u64());
}

NNLAB_TEST(Minibatches, EdgeCases, 2) {
  Rng rng(2);
  // batch_size > n: one batch with everything.
  const auto one = minibatch_indices(5, 8, rng);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].size(), 5u);
  // batch_size divides n: no empty batch at the end.
  const auto even = minibatch_indices(12, 4, rng);
  ASSERT_EQ(even.size(), 3u);
  for (const auto& b : even) EXPECT_EQ(b.size(), 4u);
  // batch_size 1: n singleton batches.
  EXPECT_EQ(minibatch_indices(6, 1, rng).size(), 6u);
  // n = 0: no batches.
  EXPECT_TRUE(minibatch_indices(0, 4, rng).empty());
}

NNLAB_TEST(Minibatches, RejectsZeroBatchSize, 2) {
  Rng rng(0);
  NNLAB_EXPECT_THROW_MSG(minibatch_indices(10, 0, rng), ShapeError, "minibatch_indices",
                         "batch_size");
}

}  // namespace
}  // namespace nnlab::linear
