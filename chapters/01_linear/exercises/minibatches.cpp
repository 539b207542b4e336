// Exercise 01.4 — shuffled minibatches.  Contract: include/nnlab/linear/minibatches.hpp
// Check with `./nnlab check 01.4`; stuck? `./nnlab hint 01.4`.
#include "nnlab/linear/minibatches.hpp"

#include "nnlab/errors.hpp"

namespace nnlab::linear {

std::vector<std::vector<std::size_t>> minibatch_indices([[maybe_unused]] std::size_t n,
                                                        [[maybe_unused]] std::size_t batch_size,
                                                        [[maybe_unused]] Rng& rng) {
  // TODO(01.4): order = rng.permutation(n) (call it exactly once), then cut order into
  // consecutive chunks of batch_size: [0, B), [B, 2B), ...; the last chunk may be shorter.
  // A batch_size of 0 is an error:
  //   throw nnlab::ShapeError("minibatch_indices", "batch_size must be at least 1, got 0");
  throw nnlab::NotImplemented("01.4 minibatch_indices");
}

}  // namespace nnlab::linear
