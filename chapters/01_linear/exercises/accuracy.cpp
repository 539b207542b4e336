// Exercise 01.10 — accuracy.  Contract: include/nnlab/linear/accuracy.hpp
// Check with `./nnlab check 01.10`; stuck? `./nnlab hint 01.10`.
#include "nnlab/linear/accuracy.hpp"

#include "nnlab/errors.hpp"

namespace nnlab::linear {

// logits: (N, K), y: (N) -> share of rows whose argmax equals the label
float accuracy([[maybe_unused]] const Tensor& logits, [[maybe_unused]] const Labels& y) {
  // TODO(01.10): acc = 1/N * #{n : argmax_k z[n, k] == y[n]}, ties going to the first index.
  // Check shapes; in each row keep the best index and replace it only on a strictly larger score.
  throw nnlab::NotImplemented("01.10 accuracy");
}

}  // namespace nnlab::linear
