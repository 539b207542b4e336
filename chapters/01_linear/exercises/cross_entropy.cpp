// Exercise 01.8 — cross-entropy.  Contract: include/nnlab/linear/cross_entropy.hpp
// Check with `./nnlab check 01.8`; stuck? `./nnlab hint 01.8`.
#include "nnlab/linear/cross_entropy.hpp"

#include "nnlab/errors.hpp"
#include "nnlab/linear/softmax.hpp"

namespace nnlab::linear {

// logits: (N, K), y: (N) -> L = 1/N sum_n (logsumexp(z[n, :]) - z[n, y[n]])
float cross_entropy([[maybe_unused]] const Tensor& logits, [[maybe_unused]] const Labels& y) {
  // TODO(01.8): L = -1/N sum_n log_softmax(z)[n, y[n]] = 1/N sum_n (logsumexp(z[n]) - z[n, y[n]]).
  // Check shapes and that every label is in [0, K) before indexing; your log_softmax (01.7)
  // already does the stable log-sum-exp.
  throw nnlab::NotImplemented("01.8 cross_entropy");
}

// logits: (N, K), y: (N) -> dlogits: (N, K)
Tensor cross_entropy_backward([[maybe_unused]] const Tensor& logits,
                              [[maybe_unused]] const Labels& y) {
  // TODO(01.8): dz[n, k] = (softmax(z)[n, k] - [k == y[n]]) / N.
  // Start from softmax(z), subtract 1 at each row's label, divide everything by N.
  throw nnlab::NotImplemented("01.8 cross_entropy_backward");
}

}  // namespace nnlab::linear
