#pragma once
// Test helpers shared by the SGEMM tests (sgemm_tiled_cuda_test.cpp, linear_cuda_test.cpp): a
// double-precision oracle for C = alpha op(A) op(B) + beta C0, and the options in one call.
#include <algorithm>
#include <cmath>
#include <cstddef>

#include "nnlab/mlp/cuda.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::mlp::test {

/// The oracle's result.
struct GemmReference {
  Tensor C;            ///< alpha op(A) op(B) + beta C0, summed in double, rounded once
  double bound = 0.0;  ///< max over C of |alpha| sum_k |op(A)_mk op(B)_kn| + |beta C0_mn|
};

/// `A` is stored (M, K), or (K, M) with `transpose_a`; `B` (K, N), or (N, K) with `transpose_b`.
inline GemmReference gemm_reference(const Tensor& A, const Tensor& B, const Tensor& C0,
                                    const SgemmOptions& o) {
  const std::size_t M = o.transpose_a ? A.shape(1) : A.shape(0);
  const std::size_t K = o.transpose_a ? A.shape(0) : A.shape(1);
  const std::size_t N = o.transpose_b ? B.shape(0) : B.shape(1);
  const float* a = A.data();
  const float* b = B.data();
  GemmReference r;
  r.C = Tensor::from_shape({M, N});
  for (std::size_t m = 0; m < M; ++m) {
    for (std::size_t n = 0; n < N; ++n) {
      double s = 0.0, s_abs = 0.0;
      for (std::size_t k = 0; k < K; ++k) {
        const double p = double(o.transpose_a ? a[k * M + m] : a[m * K + k]) *
                         double(o.transpose_b ? b[n * K + k] : b[k * N + n]);
        s += p;
        s_abs += std::abs(p);
      }
      const double c0 = o.beta == 0.0f ? 0.0 : double(o.beta) * double(C0(m, n));
      r.C(m, n) = static_cast<float>(double(o.alpha) * s + c0);
      r.bound = std::max(r.bound, std::abs(double(o.alpha)) * s_abs + std::abs(c0));
    }
  }
  return r;
}

/// SgemmOptions in one expression.
inline SgemmOptions ops(bool ta, bool tb, float alpha = 1.0f, float beta = 0.0f) {
  SgemmOptions o;
  o.transpose_a = ta;
  o.transpose_b = tb;
  o.alpha = alpha;
  o.beta = beta;
  return o;
}

}  // namespace nnlab::mlp::test
