// Graded tests of exercise 01.13, squared_loss_cuda. They need a GPU and skip without one.
#include <cmath>
#include <cstddef>
#include <utility>

#include "nnlab/gpu/graph.hpp"
#include "nnlab/linear/cuda.hpp"
#include "nnlab/testing.hpp"

namespace nnlab::linear {
namespace {

using gpu::DeviceTensor;

// 1/(2N) sum_n (y_hat[n] - y[n])^2, summed in double.
double loss_reference(const Tensor& y_hat, const Tensor& y) {
  double sum = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double d = double(y_hat(i)) - double(y(i));
    sum += d * d;
  }
  return sum / (2.0 * double(y.size()));
}

// Runs squared_loss_cuda on the default stream and returns the loss.
double run_loss(const Tensor& y_hat, const Tensor& y) {
  const DeviceTensor dy_hat = gpu::to_device(y_hat);
  const DeviceTensor dy = gpu::to_device(y);
  DeviceTensor loss(Shape{1});
  squared_loss_cuda(dy_hat, dy, loss);
  return gpu::to_host(loss)(0);  // a copy on the default stream waits for the kernel
}

float read_loss(const DeviceTensor& loss) { return gpu::to_host(loss)(0); }

// y_hat = [1, 2, 3], y = [1, 0, 5]: d = [0, 2, -2], sum d^2 = 8, L = 8 / (2 * 3) = 4/3.
// One sample: y_hat = [3], y = [-1]: L = 16 / 2 = 8.
NNLAB_TEST(SquaredLossCuda, HandComputed, 2) {
  NNLAB_REQUIRE_GPU();
  // Exact squares and sums; the only roundings are 1/(2N) and the products by it.
  EXPECT_NEAR(run_loss(Tensor{1, 2, 3}, Tensor{1, 0, 5}), 4.0 / 3.0, 1e-6);
  EXPECT_NEAR(run_loss(Tensor{3}, Tensor{-1}), 8.0, 1e-6);
}

// Sizes below a warp, around a warp and a block, and a large prime: lanes without data,
// partial warps and blocks, and the grid-stride tail must all be handled, every sample
// counted once. The last sample carries a large error (d ~ 100, d^2 ~ 1e4, against ~2 per
// sample elsewhere), so a launch that misses the tail is off by far more than the tolerance
// at every size.
NNLAB_TEST(SquaredLossCuda, OddSizesMatchDoubleSum, 3) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1301);
  for (std::size_t n : {std::size_t(1), std::size_t(2), std::size_t(31), std::size_t(32),
                        std::size_t(33), std::size_t(255), std::size_t(257), std::size_t(4099),
                        std::size_t(1000003)}) {
    Tensor y_hat = rng.normal(Shape{n});
    const Tensor y = rng.normal(Shape{n});
    y_hat(n - 1) = 100.0f;
    const double expected = loss_reference(y_hat, y);
    // A sum of positive terms, so the float result is within k u of the exact one, where k
    // is the number of roundings on the longest path of the summation tree (u = 2^-24 ~ 6e-8):
    // k ~ 15 for one block (n <= 256: the difference, the square, 8 tree levels, the scaling),
    // 1e-5 leaves room for other trees. For n = 1000003 about 1000 blocks meet through
    // atomicAdd, k ~ 1100: k u ~ 7e-5 in the worst case, ~2e-6 in practice; see
    // LargeMatchesDoubleSum.
    const double rtol = n <= 256 ? 1e-5 : 1e-4;
    EXPECT_NEAR(run_loss(y_hat, y), expected, rtol * expected) << "  n = " << n;
  }
}

// 2^24 samples against a double-precision sum. On a 132-SM GPU the reference launches
// 132 * 8 = 1056 blocks of 256 threads: each thread adds ~63 squares, each block reduces 8
// warps of 32 lanes (5 + 3 tree levels), and 1056 partials meet in one float through
// atomicAdd, in no fixed order. All terms are positive, so the relative error is at most k u
// (u = 2^-24) with k ~ 63 + 8 + 1056 the longest chain of roundings: ~7e-5 in the worst case.
// Rounding errors are random, so in practice it is ~u sqrt(k) ~ 2e-6. rtol = 1e-4 covers the
// worst case of any grid up to ~1500 blocks; adding the 2^24 terms one by one into a single
// float (one atomic per sample) stalls once the total dwarfs the terms and misses by far more.
NNLAB_TEST(SquaredLossCuda, LargeMatchesDoubleSum, 2) {
  NNLAB_REQUIRE_GPU();
  const std::size_t n = std::size_t(1) << 24;
  Rng rng(1302);
  const Tensor y_hat = rng.uniform(Shape{n}, -2.0f, 2.0f);
  const Tensor y = rng.uniform(Shape{n}, -1.0f, 1.0f);
  const double expected = loss_reference(y_hat, y);  // ~(4/3 + 1/3) / 2 = 0.83
  EXPECT_NEAR(run_loss(y_hat, y), expected, 1e-4 * expected);
}

// `loss` is overwritten, not added to: whatever it held before does not matter, and calling
// twice gives the same value.
NNLAB_TEST(SquaredLossCuda, OverwritesTheLoss, 1) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1303);
  const Tensor y_hat = rng.normal(Shape{1000});
  const Tensor y = rng.normal(Shape{1000});
  const double expected = loss_reference(y_hat, y);
  const DeviceTensor dy_hat = gpu::to_device(y_hat);
  const DeviceTensor dy = gpu::to_device(y);
  DeviceTensor loss = gpu::to_device(Tensor{1234.5f});
  squared_loss_cuda(dy_hat, dy, loss);
  // 1000 positive terms, 4 blocks: well inside 1e-5 (see OddSizesMatchDoubleSum).
  EXPECT_NEAR(read_loss(loss), expected, 1e-5 * expected) << "  first call";
  squared_loss_cuda(dy_hat, dy, loss);
  EXPECT_NEAR(read_loss(loss), expected, 1e-5 * expected) << "  second call on the same loss";
}

// The zeroing and the kernel both go on the stream given. Captured into a CUDA graph, nothing
// may run before the graph is launched (loss keeps its old value); then directly on the stream.
NNLAB_TEST(SquaredLossCuda, QueuesOnTheGivenStream, 2) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1304);
  const std::size_t n = 5003;
  const Tensor y_hat = rng.normal(Shape{n});
  const Tensor y = rng.normal(Shape{n});
  const double expected = loss_reference(y_hat, y);
  const DeviceTensor dy_hat = gpu::to_device(y_hat);
  const DeviceTensor dy = gpu::to_device(y);
  DeviceTensor loss = gpu::to_device(Tensor{-7.0f});
  gpu::Stream stream;  // does not synchronise with the default stream...
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());  // ...so let the copies above land first

  gpu::CapturedGraph g(stream.get(),
                       [&] { squared_loss_cuda(dy_hat, dy, loss, stream.get()); });
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());
  EXPECT_EQ(read_loss(loss), -7.0f)
      << "  loss changed before the captured work ran: the zeroing or the kernel was not "
         "queued on `stream`";
  g.launch(stream.get());
  stream.synchronize();
  // 5003 positive terms over ~20 blocks: well inside 1e-5.
  EXPECT_NEAR(read_loss(loss), expected, 1e-5 * expected) << "  replaying the graph";

  NNLAB_CUDA_CHECK(cudaMemset(loss.data(), 0xff, sizeof(float)));  // NaN, on the default stream
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());
  squared_loss_cuda(dy_hat, dy, loss, stream.get());
  stream.synchronize();
  EXPECT_NEAR(read_loss(loss), expected, 1e-5 * expected) << "  on the stream";
}

NNLAB_TEST(SquaredLossCuda, RejectsBadShapes, 2) {
  NNLAB_REQUIRE_GPU();  // allocating a DeviceTensor needs a device
  const DeviceTensor a(Shape{4});
  const DeviceTensor b(Shape{3});
  DeviceTensor loss(Shape{1});
  NNLAB_EXPECT_THROW_MSG(squared_loss_cuda(a, b, loss), ShapeError, "squared_loss_cuda", "(4)",
                         "(3)");
  // No silent broadcast of (4, 1) against (4).
  const DeviceTensor a41(Shape{4, 1});
  NNLAB_EXPECT_THROW_MSG(squared_loss_cuda(a41, a, loss), ShapeError, "squared_loss_cuda",
                         "(4, 1)", "(4)");
  // N = 0: the mean of nothing is undefined.
  const DeviceTensor empty(Shape{0});
  NNLAB_EXPECT_THROW_MSG(squared_loss_cuda(empty, empty, loss), ShapeError, "squared_loss_cuda",
                         "(0)");
  // The loss is one number, shape (1).
  DeviceTensor loss2(Shape{2});
  NNLAB_EXPECT_THROW_MSG(squared_loss_cuda(a, a, loss2), ShapeError, "squared_loss_cuda", "(2)");
  DeviceTensor scalar(Shape{});
  NNLAB_EXPECT_THROW_MSG(squared_loss_cuda(a, a, scalar), ShapeError, "squared_loss_cuda", "()");
}

}  // namespace
}  // namespace nnlab::linear
