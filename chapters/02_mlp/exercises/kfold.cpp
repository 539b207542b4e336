// Exercise 02.12 — K-fold cross-validation splits.  Contract: include/nnlab/mlp/kfold.hpp
// Check with `./nnlab check 02.12`; stuck? `./nnlab hint 02.12`.
#include "nnlab/mlp/kfold.hpp"

#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

// fold i validates on the i-th of k consecutive chunks, trains on the rest
std::vector<Fold> kfold_splits([[maybe_unused]] std::size_t n, [[maybe_unused]] std::size_t k) {
  // TODO(02.12): reject k < 2 or k > n. Chunk i has n / k + (i < n % k ? 1 : 0) indices and
  // starts where chunk i - 1 ended; valid = that chunk, train = every index outside it, in order.
  throw nnlab::NotImplemented("02.12 kfold_splits");
}

}  // namespace nnlab::mlp
