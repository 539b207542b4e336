// Exercise 02.1 — reference solution.
//
// Both passes are matrix products, handed to BLAS's sgemm on the tensors' own buffers:
// sgemm reads a transposed operand in place (its transA/transB flags), so neither W^T nor x^T
// is ever copied, and with beta = 1 it adds into a y that already holds the bias.
#include "nnlab/mlp/linear_layer.hpp"

#include <algorithm>
#include <cstddef>

#include <xtensor-blas/xlinalg.hpp>  // declares cblas_sgemm (do not include <cblas.h> too)

#include "nnlab/errors.hpp"

namespace nnlab::mlp {

namespace {

// C = op(A) op(B) + beta C on row-major buffers, op(A): (m, k), op(B): (k, n), C: (m, n).
// A is stored (m, k), or (k, m) when trans_a; B (k, n), or (n, k) when trans_b.
void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k,
          const float* A, const float* B, float beta, float* C) {
  if (m == 0 || n == 0) return;
  const auto lda = int(std::max<std::size_t>(1, trans_a ? m : k));
  const auto ldb = int(std::max<std::size_t>(1, trans_b ? k : n));
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, int(m), int(n), int(k), 1.0f, A, lda, B, ldb,
              beta, C, int(n));
}

}  // namespace

// x: (N, D), W: (D, H), b: (H) -> y: (N, H)
Tensor linear_forward(const Tensor& x, const Tensor& W, const Tensor& b) {
  require(x.dimension() == 2, "linear_forward", "x", x, "x must be 2-D (N, D)");
  require(W.dimension() == 2 && W.shape(0) == x.shape(1), "linear_forward", "x", x, "W", W,
          "W must be (D, H) with D = x.shape[1]");
  require(b.dimension() == 1 && b.shape(0) == W.shape(1), "linear_forward", "W", W, "b", b,
          "b must be (H) with H = W.shape[1]");
  const std::size_t N = x.shape(0), D = x.shape(1), H = W.shape(1);
  Tensor y = Tensor::from_shape({N, H});
  for (std::size_t n = 0; n < N; ++n) std::copy(b.data(), b.data() + H, y.data() + n * H);
  gemm(false, false, N, H, D, x.data(), W.data(), 1.0f, y.data());  // y += x W
  return y;
}

// dy: (N, H), x: (N, D), W: (D, H) -> dx: (N, D), dW: (D, H), db: (H)
LinearGrads linear_backward(const Tensor& dy, const Tensor& x, const Tensor& W) {
  require(x.dimension() == 2 && W.dimension() == 2 && W.shape(0) == x.shape(1),
          "linear_backward", "x", x, "W", W, "x must be (N, D) and W (D, H)");
  require(dy.dimension() == 2 && dy.shape(0) == x.shape(0) && dy.shape(1) == W.shape(1),
          "linear_backward", "dy", dy, "W", W, "dy must be (N, H) with H = W.shape[1]");
  const std::size_t N = x.shape(0), D = x.shape(1), H = W.shape(1);
  LinearGrads g;
  g.dx = Tensor::from_shape({N, D});
  gemm(false, true, N, D, H, dy.data(), W.data(), 0.0f, g.dx.data());  // dx = dy W^T
  g.dW = Tensor::from_shape({D, H});
  gemm(true, false, D, H, N, x.data(), dy.data(), 0.0f, g.dW.data());  // dW = x^T dy
  g.db = xt::zeros<float>({H});
  float* db = g.db.data();
  for (std::size_t n = 0; n < N; ++n) {  // db = the column sums of dy
    const float* row = dy.data() + n * H;
    for (std::size_t h = 0; h < H; ++h) db[h] += row[h];
  }
  return g;
}

}  // namespace nnlab::mlp
