// Exercise 02.3 — fused softmax cross-entropy.
// Contract: include/nnlab/mlp/softmax_cross_entropy.hpp
// Check with `./nnlab check 02.3`; stuck? `./nnlab hint 02.3`.
#include "nnlab/mlp/softmax_cross_entropy.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

// logits: (N, K), y: (N) -> mean loss, dlogits: (N, K)
LossAndGrad softmax_cross_entropy([[maybe_unused]] const Tensor& logits,
                                  [[maybe_unused]] const Labels& y) {
  // TODO(02.3): per row n, m = max_k z[n, k], s = sum_k exp(z[n, k] - m):
  //   loss_n = m + log s - z[n, y_n];   dz[n, k] = (exp(z[n, k] - m) / s - [k == y_n]) / N.
  // Return the mean loss over n. Check shapes and that every label is in [0, K).
  throw nnlab::NotImplemented("02.3 softmax_cross_entropy");
}

}  // namespace nnlab::mlp
