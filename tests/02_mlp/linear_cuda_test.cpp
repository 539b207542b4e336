// Tests of the provided CUDA code of chapter 02 (ungraded: they run against the solution
// variant only, see cmake/nnlab_chapter.cmake): the naive, register-blocked and cuBLAS rungs of
// the SGEMM ladder, and the GPU Linear layer against the CPU mlp::Linear. They need a GPU and
// skip without one.
//
// As in the graded tests, most inputs are eighths (multiples of 1/8 in [-2, 2]): every partial
// sum of their products is exact in float (see sgemm_tiled_cuda_test.cpp), so any correct
// implementation, whatever its order of summation, matches the reference exactly.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xmath.hpp>

#include "nnlab/mlp/cuda.hpp"
#include "nnlab/mlp/layers.hpp"
#include "nnlab/testing.hpp"

#include "gemm_reference.hpp"

namespace nnlab::mlp {
namespace {

using nnlab::testing::eighths;
using nnlab::testing::filled;
using test::gemm_reference;
using test::ops;

using gpu::DeviceTensor;

using Sgemm = void (*)(const DeviceTensor&, const DeviceTensor&, DeviceTensor&,
                       const SgemmOptions&, cudaStream_t);

struct Rung {
  const char* name;
  Sgemm fn;
};
const Rung kRungs[] = {{"sgemm_naive_cuda", sgemm_naive_cuda},
                       {"sgemm_regblocked_cuda", sgemm_regblocked_cuda},
                       {"sgemm_cublas", sgemm_cublas}};



Tensor run(Sgemm fn, const Tensor& A, const Tensor& B, const Tensor& C0, const SgemmOptions& o) {
  const DeviceTensor dA = gpu::to_device(A);
  const DeviceTensor dB = gpu::to_device(B);
  DeviceTensor dC = gpu::to_device(C0);
  fn(dA, dB, dC, o, nullptr);
  return gpu::to_host(dC);
}

std::string describe(const char* name, std::size_t M, std::size_t N, std::size_t K,
                     const SgemmOptions& o) {
  return std::string("  ") + name + ": M, N, K = " + std::to_string(M) + ", " +
         std::to_string(N) + ", " + std::to_string(K) + (o.transpose_a ? ", A^T" : "") +
         (o.transpose_b ? ", B^T" : "") + ", alpha = " + std::to_string(o.alpha) +
         ", beta = " + std::to_string(o.beta);
}

// Sizes around the register-blocked kernel's 128 x 128 x 8 tiles (exact, one over, partial),
// the naive kernel's 16 x 16 blocks, and degenerate ones, each with all four transposes,
// alpha and beta; the old C holds NaN when beta = 0 (it must not be read). Exact: tolerance 0.
TEST(SgemmLadderCuda, MatchesDoubleReferenceExactly) {
  NNLAB_REQUIRE_GPU();
  Rng rng(2);
  const std::size_t sizes[][3] = {{1, 1, 1},     {17, 33, 65},  {128, 128, 8}, {129, 127, 9},
                                  {256, 256, 64}, {1, 300, 257}, {300, 1, 20},  {200, 150, 129},
                                  {16, 16, 16}};
  for (const Rung& r : kRungs) {
    for (const auto& s : sizes) {
      const std::size_t M = s[0], N = s[1], K = s[2];
      for (int t = 0; t < 8; ++t) {
        const SgemmOptions o = ops(t & 1, t & 2, t & 4 ? -0.5f : 1.0f, t & 4 ? 2.0f : 0.0f);
        const Tensor A = eighths(rng, o.transpose_a ? Shape{K, M} : Shape{M, K});
        const Tensor B = eighths(rng, o.transpose_b ? Shape{N, K} : Shape{K, N});
        const Tensor C0 = o.beta == 0.0f
                              ? filled({M, N}, std::numeric_limits<float>::quiet_NaN())
                              : eighths(rng, {M, N});
        NNLAB_EXPECT_ALLCLOSE(run(r.fn, A, B, C0, o), gemm_reference(A, B, C0, o).C, 0.0, 0.0)
            << describe(r.name, M, N, K, o);
      }
    }
  }
}

// General floats on a size with many tiles and a long K: within the worst-case rounding bound
// gamma_{K+2} S (see sgemm_tiled_cuda_test.cpp, RandomFloatsWithinRoundingBound).
TEST(SgemmLadderCuda, RandomFloatsWithinRoundingBound) {
  NNLAB_REQUIRE_GPU();
  Rng rng(3);
  const std::size_t M = 300, N = 260, K = 1030;
  const Tensor A = rng.uniform({M, K}, -1.0f, 1.0f);
  const Tensor B = rng.uniform({K, N}, -1.0f, 1.0f);
  const Tensor C0 = rng.uniform({M, N}, -1.0f, 1.0f);
  const SgemmOptions o = ops(false, false, 1.0f, 1.0f);
  const test::GemmReference ref = gemm_reference(A, B, C0, o);
  const Tensor& expected = ref.C;
  const double bound = ref.bound;
  const double u = std::ldexp(1.0, -24), n = double(K + 2);
  const double atol = n * u / (1.0 - n * u) * bound;  // ~1.6e-2 here; typical errors ~1e-5
  for (const Rung& r : kRungs) {
    NNLAB_EXPECT_ALLCLOSE(run(r.fn, A, B, C0, o), expected, atol, 0.0) << "  " << r.name;
  }
}

// M or N = 0: nothing to do. K = 0: C = beta C (zeros for beta = 0, whatever C held).
TEST(SgemmLadderCuda, EmptyDimensions) {
  NNLAB_REQUIRE_GPU();
  const Tensor nan = filled({3, 2}, std::numeric_limits<float>::quiet_NaN());
  const Tensor C0 = {{2, 4}, {6, 8}, {10, 12}};
  for (const Rung& r : kRungs) {
    EXPECT_EQ(run(r.fn, Tensor::from_shape({0, 5}), filled({5, 3}, 1.0f),
                  Tensor::from_shape({0, 3}), ops(false, false))
                  .size(),
              0u)
        << r.name;
    const Tensor A = Tensor::from_shape({3, 0});
    const Tensor B = Tensor::from_shape({0, 2});
    NNLAB_EXPECT_ALLCLOSE(run(r.fn, A, B, nan, ops(false, false)), filled({3, 2}, 0.0f), 0.0,
                          0.0)
        << "  " << r.name << ", K = 0, beta = 0";
    NNLAB_EXPECT_ALLCLOSE(run(r.fn, A, B, C0, ops(false, false, 1.0f, 0.5f)), C0 * 0.5f, 0.0,
                          0.0)
        << "  " << r.name << ", K = 0, beta = 0.5";
    NNLAB_EXPECT_ALLCLOSE(run(r.fn, A, B, C0, ops(false, false, 1.0f, 1.0f)), C0, 0.0, 0.0)
        << "  " << r.name << ", K = 0, beta = 1";
  }
}

TEST(SgemmLadderCuda, RejectsBadShapesNamingTheFunction) {
  NNLAB_REQUIRE_GPU();
  const DeviceTensor a23(Shape{2, 3}), b45(Shape{4, 5});
  DeviceTensor c25(Shape{2, 5});
  for (const Rung& r : kRungs) {
    NNLAB_EXPECT_THROW_MSG(r.fn(a23, b45, c25, SgemmOptions{}, nullptr), ShapeError, r.name,
                           "(2, 3)", "(4, 5)");
  }
}

// ---- LinearCuda against the CPU mlp::Linear (and ReLU) -----------------------------------

// A CPU Linear with eighths for its parameters, and the GPU layer made from them.
struct Pair {
  Linear cpu;
  LinearCuda gpu;
  Pair(std::size_t in, std::size_t out, bool relu, Rng& rng)
      : cpu(in, out, rng), gpu(set(cpu, rng), cpu.bias.value, relu) {}
  static const Tensor& set(Linear& l, Rng& rng) {
    l.weight.value = eighths(rng, shape_of(l.weight.value));
    l.bias.value = eighths(rng, shape_of(l.bias.value));
    return l.weight.value;
  }
};

// Forward and backward, twice (the gradients accumulate), for layers with and without ReLU,
// sizes off the tiles. The CPU side is Linear (+ ReLU) from the chapter's solutions: with
// eighths both sides are exact, so they agree to the bit. ReLU's derivative at z = 0 is 0 on
// both sides (z = 0 happens with eighths).
TEST(LinearCuda, MatchesCpuLinearForwardAndBackward) {
  NNLAB_REQUIRE_GPU();
  Rng rng(4);
  const std::size_t shapes[][3] = {{33, 17, 65}, {1, 1, 1}, {130, 70, 9}, {64, 64, 64}};
  for (bool relu : {false, true}) {
    for (const auto& s : shapes) {
      const std::size_t N = s[0], in = s[1], out = s[2];
      const std::string what = std::string(relu ? "  relu" : "  linear") + ", N, in, out = " +
                               std::to_string(N) + ", " + std::to_string(in) + ", " +
                               std::to_string(out);
      Pair p(in, out, relu, rng);
      ReLU cpu_relu;
      for (int step = 0; step < 2; ++step) {
        const Tensor x = eighths(rng, {N, in});
        const Tensor dy = eighths(rng, {N, out});
        Tensor y = p.cpu.forward(x);
        if (relu) y = cpu_relu.forward(y);
        const Tensor dx = p.cpu.backward(relu ? cpu_relu.backward(dy) : dy);

        const DeviceTensor d_x = gpu::to_device(x);
        const DeviceTensor d_dy = gpu::to_device(dy);
        const Tensor gy = gpu::to_host(p.gpu.forward(d_x));
        const Tensor gdx = gpu::to_host(p.gpu.backward(d_dy));
        NNLAB_EXPECT_ALLCLOSE(gy, y, 0.0, 0.0) << what << ", y, step " << step;
        NNLAB_EXPECT_ALLCLOSE(gdx, dx, 0.0, 0.0) << what << ", dx, step " << step;
        NNLAB_EXPECT_ALLCLOSE(gpu::to_host(p.gpu.weight_grad), p.cpu.weight.grad, 0.0, 0.0)
            << what << ", dW accumulated, step " << step;
        NNLAB_EXPECT_ALLCLOSE(gpu::to_host(p.gpu.bias_grad), p.cpu.bias.grad, 0.0, 0.0)
            << what << ", db accumulated, step " << step;
      }
      p.gpu.zero_grad();
      NNLAB_EXPECT_ALLCLOSE(gpu::to_host(p.gpu.weight_grad), filled({in, out}, 0.0f), 0.0, 0.0)
          << what << ", zero_grad";
    }
  }
}

// General floats: y = relu(x W + b) for N = 256, in = 300, out = 200 against the CPU layer,
// within the rounding bound of a dot product of length in + 1 (the bias is one more term):
// gamma_{in + 3} max_n,h (sum_d |x_nd W_dh| + |b_h|), ~1e-3 here; and likewise for dx
// (length out) and dW (length N).
TEST(LinearCuda, RandomFloatsMatchCpuWithinRoundingBound) {
  NNLAB_REQUIRE_GPU();
  Rng rng(5);
  const std::size_t N = 256, in = 300, out = 200;
  Linear cpu(in, out, rng);
  cpu.bias.value = rng.uniform({out}, -1.0f, 1.0f);
  LinearCuda layer(cpu.weight.value, cpu.bias.value, true);
  ReLU cpu_relu;
  const Tensor x = rng.uniform({N, in}, -1.0f, 1.0f);
  const Tensor dy = rng.uniform({N, out}, -1.0f, 1.0f);
  const Tensor y = cpu_relu.forward(cpu.forward(x));
  const Tensor gy = gpu::to_host(layer.forward(gpu::to_device(x)));
  const Tensor gdx = gpu::to_host(layer.backward(gpu::to_device(dy)));
  // Where the exact z lies within rounding error of 0, the two sides may round it to
  // different signs (of the 51200 here, a few lie within 1e-4 of 0), and the masks differ; y
  // differs there by less than its tolerance, but dz by a whole dy. So the CPU backward takes
  // the GPU's mask, the one its backward used: dz = dy [y_gpu > 0].
  Tensor dz = dy;
  for (std::size_t i = 0; i < dz.size(); ++i) {
    if (!(gy.flat(i) > 0.0f)) dz.flat(i) = 0.0f;
  }
  const Tensor dx = cpu.backward(dz);

  const double u = std::ldexp(1.0, -24);
  auto gamma = [&](std::size_t n) { return double(n) * u / (1.0 - double(n) * u); };
  auto max_abs_product = [](const Tensor& a, const Tensor& b) {  // max of |a| |b| (matrices)
    double bound = 0.0;
    const Tensor pa = xt::abs(a), pb = xt::abs(b);
    const Tensor prod = xt::linalg::dot(pa, pb);
    for (float v : prod) bound = std::max(bound, double(v));
    return bound * (1.0 + 1e-5);  // the float product of |a| |b| may itself round low
  };
  // Each side is within gamma S of the exact value, so the two are within 2 gamma S.
  const double y_tol = 2 * gamma(in + 3) * (max_abs_product(x, cpu.weight.value) + 1.0);
  NNLAB_EXPECT_ALLCLOSE(gy, y, y_tol, 0.0) << "  y";
  const Tensor wt = xt::transpose(cpu.weight.value);
  NNLAB_EXPECT_ALLCLOSE(gdx, dx, 2 * gamma(out + 2) * max_abs_product(dz, wt), 0.0) << "  dx";
  const Tensor xt_ = xt::transpose(x);
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(layer.weight_grad), cpu.weight.grad,
                        2 * gamma(N + 2) * max_abs_product(xt_, dz), 0.0)
      << "  dW";
  double db_bound = 0.0;
  for (std::size_t h = 0; h < out; ++h) {
    double s = 0.0;
    for (std::size_t n = 0; n < N; ++n) s += std::abs(double(dz(n, h)));
    db_bound = std::max(db_bound, s);
  }
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(layer.bias_grad), cpu.bias.grad,
                        2 * gamma(N + 2) * db_bound, 0.0)
      << "  db";
}

TEST(LinearCuda, RejectsBadShapes) {
  NNLAB_REQUIRE_GPU();
  Rng rng(6);
  NNLAB_EXPECT_THROW_MSG(LinearCuda(Tensor::from_shape({4}), Tensor::from_shape({4})),
                         ShapeError, "LinearCuda", "(4)");
  NNLAB_EXPECT_THROW_MSG(LinearCuda(Tensor::from_shape({4, 3}), Tensor::from_shape({4})),
                         ShapeError, "LinearCuda", "(4, 3)", "(4)");
  LinearCuda layer(rng.uniform({4, 3}), Tensor::from_shape({3}));
  NNLAB_EXPECT_THROW_MSG(layer.backward(DeviceTensor(Shape{2, 3})), ShapeError,
                         "LinearCuda::backward", "before forward");
  NNLAB_EXPECT_THROW_MSG(layer.forward(DeviceTensor(Shape{2, 5})), ShapeError,
                         "LinearCuda::forward", "(2, 5)", "(4, 3)");
  layer.forward(DeviceTensor(Shape{2, 4}));
  NNLAB_EXPECT_THROW_MSG(layer.backward(DeviceTensor(Shape{3, 3})), ShapeError,
                         "LinearCuda::backward", "(3, 3)", "(2, 3)");
}

}  // namespace
}  // namespace nnlab::mlp
