// Graded tests of exercise 02.14, sgemm_tiled_cuda. They need a GPU and skip without one.
//
// Most inputs are multiples of 1/8 in [-2, 2] ("eighths"). Their products are multiples of
// 1/64 of size <= 4, so for K < 65536 every partial sum is a multiple of 1/64 below 2^18 in
// size: exactly representable in float (24-bit significand). Every summation order, with or
// without FMA, then gives the exact result, and those tests compare with tolerance 0: any
// missing, doubled or misplaced product shows. One test uses general floats with the
// rounding-error bound instead.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>

#include "nnlab/gpu/graph.hpp"
#include "nnlab/mlp/cuda.hpp"
#include "nnlab/testing.hpp"

#include "gemm_reference.hpp"

namespace nnlab::mlp {
namespace {

using nnlab::testing::eighths;
using nnlab::testing::filled;
using test::gemm_reference;
using test::ops;

using gpu::DeviceTensor;

// The stored shapes of A and B for op(A): (M, K), op(B): (K, N).
Shape a_shape(std::size_t M, std::size_t K, bool ta) { return ta ? Shape{K, M} : Shape{M, K}; }
Shape b_shape(std::size_t K, std::size_t N, bool tb) { return tb ? Shape{N, K} : Shape{K, N}; }

// Runs sgemm_tiled_cuda on the default stream with C starting as C0; returns C.
Tensor run_tiled(const Tensor& A, const Tensor& B, const Tensor& C0, const SgemmOptions& o) {
  const DeviceTensor dA = gpu::to_device(A);
  const DeviceTensor dB = gpu::to_device(B);
  DeviceTensor dC = gpu::to_device(C0);
  sgemm_tiled_cuda(dA, dB, dC, o);
  return gpu::to_host(dC);  // a copy on the default stream waits for the kernel
}


std::string describe(std::size_t M, std::size_t N, std::size_t K, const SgemmOptions& o) {
  return "  M, N, K = " + std::to_string(M) + ", " + std::to_string(N) + ", " +
         std::to_string(K) + (o.transpose_a ? ", A^T" : "") + (o.transpose_b ? ", B^T" : "");
}

// A = [[1, 2, 3], [4, 5, 6]] (2x3), B = [[7, 8], [9, 10], [11, 12]] (3x2):
//   C[0, 0] = 1*7 + 2*9 + 3*11 = 58     C[0, 1] = 1*8 + 2*10 + 3*12 = 64
//   C[1, 0] = 4*7 + 5*9 + 6*11 = 139    C[1, 1] = 4*8 + 5*10 + 6*12 = 154.
// The same product from A^T (3x2) and B^T (2x3) stored, with the transpose flags.
// alpha = 2, beta = 0.5 on C0 = [[1, 2], [3, 4]]: [[116.5, 129], [279.5, 310]].
NNLAB_TEST(SgemmTiledCuda, HandComputed, 2) {
  NNLAB_REQUIRE_GPU();
  const Tensor A = {{1, 2, 3}, {4, 5, 6}};
  const Tensor B = {{7, 8}, {9, 10}, {11, 12}};
  const Tensor expected = {{58, 64}, {139, 154}};
  const Tensor nan = filled({2, 2}, std::numeric_limits<float>::quiet_NaN());
  // Small integers: exact in float whatever the order of the sums.
  NNLAB_EXPECT_ALLCLOSE(run_tiled(A, B, nan, ops(false, false)), expected, 0.0, 0.0);
  const Tensor At = {{1, 4}, {2, 5}, {3, 6}};
  const Tensor Bt = {{7, 9, 11}, {8, 10, 12}};
  NNLAB_EXPECT_ALLCLOSE(run_tiled(At, B, nan, ops(true, false)), expected, 0.0, 0.0) << "  A^T";
  NNLAB_EXPECT_ALLCLOSE(run_tiled(A, Bt, nan, ops(false, true)), expected, 0.0, 0.0) << "  B^T";
  NNLAB_EXPECT_ALLCLOSE(run_tiled(At, Bt, nan, ops(true, true)), expected, 0.0, 0.0)
      << "  A^T and B^T";
  const Tensor C0 = {{1, 2}, {3, 4}};
  const Tensor expected2 = {{116.5, 129}, {279.5, 310}};
  NNLAB_EXPECT_ALLCLOSE(run_tiled(A, B, C0, ops(false, false, 2.0f, 0.5f)), expected2, 0.0, 0.0)
      << "  alpha = 2, beta = 0.5";
}

// Sizes that are not multiples of any tile (1, 17, 33, 65, ...), exactly one tile (64 x 64 x
// 8) and tiles plus one, each with the four combinations of transposes. A missing bounds
// check, a partial tile not zero-filled, a wrong transpose index or an uncovered edge shows as
// wrong elements. Eighths: the result is exact, so tolerance 0.
NNLAB_TEST(SgemmTiledCuda, OddSizesAndTransposesExact, 3) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1401);
  const std::size_t sizes[][3] = {{1, 1, 1},   {17, 33, 65}, {64, 64, 8},  {65, 63, 9},
                                  {1, 130, 257}, {129, 1, 7}, {33, 31, 100}, {200, 150, 129}};
  for (const auto& s : sizes) {
    const std::size_t M = s[0], N = s[1], K = s[2];
    for (int t = 0; t < 4; ++t) {
      const SgemmOptions o = ops(t & 1, t & 2);
      const Tensor A = eighths(rng, a_shape(M, K, o.transpose_a));
      const Tensor B = eighths(rng, b_shape(K, N, o.transpose_b));
      const Tensor C0 = filled({M, N}, std::numeric_limits<float>::quiet_NaN());
      NNLAB_EXPECT_ALLCLOSE(run_tiled(A, B, C0, o), gemm_reference(A, B, C0, o).C, 0.0, 0.0)
          << describe(M, N, K, o);
    }
  }
}

// General floats, uniform in [-1, 1), many tiles and a long K. Any order of summation with
// float roundings (u = 2^-24) stays within gamma_n S of the exact value, where
// gamma_n = n u / (1 - n u), n = K + 2 roundings on the longest path (K - 1 additions, one
// product, the alpha and beta steps) and S = |alpha| sum_k |a_mk b_kn| + |beta c_mn| (Higham,
// Accuracy and Stability of Numerical Algorithms, §3.1). The reference is a double sum,
// rounded once. With K = 1000 and S ~ 250 the bound is ~1.5e-2 (in practice errors are ~1e-5);
// one missing product already costs ~0.25 in some element.
NNLAB_TEST(SgemmTiledCuda, RandomFloatsWithinRoundingBound, 1) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1402);
  const std::size_t M = 257, N = 300, K = 1000;
  for (int t = 0; t < 4; ++t) {
    const SgemmOptions o = ops(t & 1, t & 2, 1.5f, 0.75f);
    const Tensor A = rng.uniform(a_shape(M, K, o.transpose_a), -1.0f, 1.0f);
    const Tensor B = rng.uniform(b_shape(K, N, o.transpose_b), -1.0f, 1.0f);
    const Tensor C0 = rng.uniform({M, N}, -1.0f, 1.0f);
    const test::GemmReference r = gemm_reference(A, B, C0, o);
    const double u = std::ldexp(1.0, -24), n = double(K + 2);
    const double atol = n * u / (1.0 - n * u) * r.bound;
    NNLAB_EXPECT_ALLCLOSE(run_tiled(A, B, C0, o), r.C, atol, 0.0) << describe(M, N, K, o);
  }
}

// beta = 1 accumulates into C (as dW += x^T dy does); alpha = -0.5, beta = 2 scales both;
// beta = 0 never reads C, so NaN in the old C leaves no trace. Eighths: exact.
NNLAB_TEST(SgemmTiledCuda, AlphaAndBeta, 1) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1403);
  const std::size_t M = 70, N = 45, K = 33;
  const Tensor A = eighths(rng, {M, K});
  const Tensor B = eighths(rng, {K, N});
  const Tensor C0 = eighths(rng, {M, N});
  for (const auto& [alpha, beta] : {std::pair{1.0f, 1.0f}, std::pair{-0.5f, 2.0f},
                                    std::pair{0.0f, 1.0f}, std::pair{1.0f, 0.0f}}) {
    const SgemmOptions o = ops(false, false, alpha, beta);
    NNLAB_EXPECT_ALLCLOSE(run_tiled(A, B, C0, o), gemm_reference(A, B, C0, o).C, 0.0, 0.0)
        << "  alpha = " << alpha << ", beta = " << beta;
  }
  const SgemmOptions o = ops(false, false);
  const Tensor nan = filled({M, N}, std::numeric_limits<float>::quiet_NaN());
  NNLAB_EXPECT_ALLCLOSE(run_tiled(A, B, nan, o), gemm_reference(A, B, nan, o).C, 0.0, 0.0)
      << "  beta = 0 with NaN in the old C";
}

// M = 0 or N = 0: C is empty and nothing is launched (0 blocks would be an error). K = 0: the
// sum over k is empty, so C = beta C: zeros for beta = 0 (whatever C held), halved for 0.5.
NNLAB_TEST(SgemmTiledCuda, EmptyDimensions, 1) {
  NNLAB_REQUIRE_GPU();
  EXPECT_EQ(run_tiled(Tensor::from_shape({0, 5}), filled({5, 3}, 1.0f),
                      Tensor::from_shape({0, 3}), ops(false, false))
                .size(),
            0u);
  EXPECT_EQ(run_tiled(filled({4, 5}, 1.0f), Tensor::from_shape({5, 0}),
                      Tensor::from_shape({4, 0}), ops(false, false))
                .size(),
            0u);
  const Tensor A = Tensor::from_shape({3, 0});
  const Tensor B = Tensor::from_shape({0, 2});
  const Tensor nan = filled({3, 2}, std::numeric_limits<float>::quiet_NaN());
  NNLAB_EXPECT_ALLCLOSE(run_tiled(A, B, nan, ops(false, false)), filled({3, 2}, 0.0f), 0.0, 0.0)
      << "  K = 0, beta = 0";
  const Tensor C0 = {{2, 4}, {6, 8}, {10, 12}};
  const Tensor half = {{1, 2}, {3, 4}, {5, 6}};
  NNLAB_EXPECT_ALLCLOSE(run_tiled(A, B, C0, ops(false, false, 1.0f, 0.5f)), half, 0.0, 0.0)
      << "  K = 0, beta = 0.5";
}

// The kernel goes on the stream given: captured into a CUDA graph, nothing runs before the
// graph is launched (C keeps its old values); then directly on the stream.
NNLAB_TEST(SgemmTiledCuda, QueuesOnTheGivenStream, 1) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1404);
  const std::size_t M = 100, N = 90, K = 80;
  const Tensor A = eighths(rng, {M, K});
  const Tensor B = eighths(rng, {K, N});
  const Tensor C0 = eighths(rng, {M, N});
  const SgemmOptions o = ops(false, false);
  const Tensor expected = gemm_reference(A, B, C0, o).C;
  const DeviceTensor dA = gpu::to_device(A);
  const DeviceTensor dB = gpu::to_device(B);
  DeviceTensor dC = gpu::to_device(C0);
  gpu::Stream stream;  // does not synchronise with the default stream...
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());  // ...so let the copies above land first

  gpu::CapturedGraph g(stream.get(), [&] { sgemm_tiled_cuda(dA, dB, dC, o, stream.get()); });
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(dC), C0, 0.0, 0.0)
      << "  C changed before the captured work ran: the kernel was not queued on `stream`";
  g.launch(stream.get());
  stream.synchronize();
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(dC), expected, 0.0, 0.0) << "  replaying the graph";

  NNLAB_CUDA_CHECK(cudaMemset(dC.data(), 0xff, dC.size() * sizeof(float)));  // NaN
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());
  sgemm_tiled_cuda(dA, dB, dC, o, stream.get());
  stream.synchronize();
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(dC), expected, 0.0, 0.0) << "  on the stream";
}

NNLAB_TEST(SgemmTiledCuda, RejectsBadShapes, 1) {
  NNLAB_REQUIRE_GPU();  // allocating a DeviceTensor needs a device
  const DeviceTensor a4(Shape{4}), a23(Shape{2, 3}), b45(Shape{4, 5}), b35(Shape{3, 5});
  DeviceTensor c25(Shape{2, 5}), c52(Shape{5, 2}), c35(Shape{3, 5});
  const SgemmOptions plain;
  // A must be 2-D.
  NNLAB_EXPECT_THROW_MSG(sgemm_tiled_cuda(a4, b45, c25, plain), ShapeError, "sgemm_tiled_cuda",
                         "(4)");
  // K differs: op(A) is (2, 3), op(B) is (4, 5).
  NNLAB_EXPECT_THROW_MSG(sgemm_tiled_cuda(a23, b45, c25, plain), ShapeError, "sgemm_tiled_cuda",
                         "(2, 3)", "(4, 5)");
  // C must be (M, N) = (2, 5).
  NNLAB_EXPECT_THROW_MSG(sgemm_tiled_cuda(a23, b35, c52, plain), ShapeError, "sgemm_tiled_cuda",
                         "(5, 2)");
  // With transpose_a, A (2, 3) is op(A) = (3, 2): K = 2 does not meet B's 3.
  NNLAB_EXPECT_THROW_MSG(sgemm_tiled_cuda(a23, b35, c35, ops(true, false)), ShapeError,
                         "sgemm_tiled_cuda", "(2, 3)", "(3, 5)");
}

}  // namespace
}  // namespace nnlab::mlp
