// Graded tests of exercise 01.12, axpy_cuda. They need a GPU and skip without one.
#include <cstddef>
#include <utility>

#include "nnlab/gpu/graph.hpp"
#include "nnlab/linear/cuda.hpp"
#include "nnlab/testing.hpp"

namespace nnlab::linear {
namespace {

using gpu::DeviceTensor;

// a x + y in double, rounded once: what any float implementation (fused or not) is close to.
Tensor axpy_reference(float a, const Tensor& x, const Tensor& y) {
  Tensor r = Tensor::from_shape(y.shape());
  for (std::size_t i = 0; i < y.size(); ++i) {
    r.flat(i) = static_cast<float>(double(a) * double(x.flat(i)) + double(y.flat(i)));
  }
  return r;
}

// Runs axpy_cuda on copies of x and y on the default stream and returns the new y.
Tensor run_axpy(float a, const Tensor& x, const Tensor& y) {
  const DeviceTensor dx = gpu::to_device(x);
  DeviceTensor dy = gpu::to_device(y);
  axpy_cuda(a, dx, dy);
  return gpu::to_host(dy);  // a copy on the default stream waits for the kernel
}

// a = 2, x = [1, 2, 3, 4], y = [10, 20, 30, 40]:  a x + y = [12, 24, 36, 48].
// Any shapes with the same element count: x (2, 3), y (6), a = -0.5:
//   x = [[2, 4, 6], [8, 10, 12]], y = [1, 1, 1, 1, 1, 1]  ->  [0, -1, -2, -3, -4, -5].
NNLAB_TEST(AxpyCuda, HandComputed, 2) {
  NNLAB_REQUIRE_GPU();
  const Tensor expected = {12, 24, 36, 48};
  // Small integers and halves: exact in float, fused or not.
  NNLAB_EXPECT_ALLCLOSE(run_axpy(2.0f, Tensor{1, 2, 3, 4}, Tensor{10, 20, 30, 40}), expected,
                        0.0, 0.0);
  const Tensor x = {{2, 4, 6}, {8, 10, 12}};
  const Tensor y = {1, 1, 1, 1, 1, 1};
  const Tensor expected2 = {0, -1, -2, -3, -4, -5};
  NNLAB_EXPECT_ALLCLOSE(run_axpy(-0.5f, x, y), expected2, 0.0, 0.0);
}

// Sizes around the warp (32) and the block (256), and a large prime: a missing bounds check,
// a grid that does not cover the tail, or a grid-stride loop that visits an element twice or
// not at all shows up as wrong entries. n = 0 must do nothing (and not launch 0 blocks).
NNLAB_TEST(AxpyCuda, OddSizesTouchEveryElementOnce, 3) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1201);
  for (std::size_t n : {std::size_t(0), std::size_t(1), std::size_t(31), std::size_t(33),
                        std::size_t(255), std::size_t(257), std::size_t(1000003)}) {
    const Tensor x = rng.normal(Shape{n});
    const Tensor y = rng.normal(Shape{n});
    const Tensor out = run_axpy(-1.5f, x, y);
    // One or two float roundings of values below ~10 in size: at most ~1e-6 absolute
    // (also where a x and y nearly cancel), or 1 ulp of the result.
    NNLAB_EXPECT_ALLCLOSE(out, axpy_reference(-1.5f, x, y), 2e-6, 2e-7) << "  n = " << n;
  }
}

// 2^24 elements: far more than one thread per element fits on the device at once, so a grid
// capped at a few blocks per SM only covers the vector with a grid-stride loop.
NNLAB_TEST(AxpyCuda, LargeVector, 2) {
  NNLAB_REQUIRE_GPU();
  const std::size_t n = std::size_t(1) << 24;
  Rng rng(1202);
  const Tensor x = rng.uniform(Shape{n}, -1.0f, 1.0f);
  const Tensor y = rng.uniform(Shape{n}, -1.0f, 1.0f);
  // Values below 2 in size: one or two roundings, < 3e-7 absolute.
  NNLAB_EXPECT_ALLCLOSE(run_axpy(0.75f, x, y), axpy_reference(0.75f, x, y), 5e-7, 2e-7);
}

// The work goes on the stream it is given. First it is captured into a CUDA graph: if the
// launcher queued it on `stream`, nothing has run yet when the capture ends, and it runs
// when the graph is launched. Then it runs on the stream directly.
NNLAB_TEST(AxpyCuda, QueuesOnTheGivenStream, 2) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1203);
  const std::size_t n = 4099;
  const Tensor x = rng.normal(Shape{n});
  const Tensor y = rng.normal(Shape{n});
  const Tensor expected = axpy_reference(3.0f, x, y);
  const DeviceTensor dx = gpu::to_device(x);
  DeviceTensor dy = gpu::to_device(y);
  gpu::Stream stream;  // does not synchronise with the default stream...
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());  // ...so let the copies above land first

  gpu::CapturedGraph g(stream.get(), [&] { axpy_cuda(3.0f, dx, dy, stream.get()); });
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(dy), y, 0.0, 0.0)
      << "  y changed before the captured work ran: axpy_cuda did not queue it on `stream`";
  g.launch(stream.get());
  stream.synchronize();
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(dy), expected, 2e-6, 2e-7) << "  replaying the graph";

  // Directly on the stream: y <- 3 x + (3 x + y).
  axpy_cuda(3.0f, dx, dy, stream.get());
  stream.synchronize();
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(dy), axpy_reference(3.0f, x, expected), 4e-6, 4e-7)
      << "  on the stream";
}

NNLAB_TEST(AxpyCuda, RejectsMismatchedSizes, 1) {
  NNLAB_REQUIRE_GPU();  // allocating a DeviceTensor needs a device
  const DeviceTensor x(Shape{4});
  DeviceTensor y(Shape{3});
  NNLAB_EXPECT_THROW_MSG(axpy_cuda(1.0f, x, y), ShapeError, "axpy_cuda", "(4)", "(3)");
  DeviceTensor y23(Shape{2, 3});
  NNLAB_EXPECT_THROW_MSG(axpy_cuda(1.0f, x, y23), ShapeError, "axpy_cuda", "(4)", "(2, 3)");
}

}  // namespace
}  // namespace nnlab::linear
