// Graded tests of exercise 02.15, bias_relu_cuda and bias_relu_backward_cuda. They need a GPU
// and skip without one.
//
// Every check is exact (tolerance 0). The forward does one float addition per element, which
// rounds the same way on the GPU as in the host reference. The backward's column sums use
// eighths (multiples of 1/8 in [-4, 4]): every partial sum of up to 2^18 of them is a multiple
// of 1/8 below 2^20 in size, exactly representable in float, so any order of summation (and
// atomics add in no fixed order) gives the exact sum.
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include "nnlab/gpu/graph.hpp"
#include "nnlab/mlp/cuda.hpp"
#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

using gpu::DeviceTensor;

// Multiples of 1/8 in [-4, 4]; about 1 in 64 of them is exactly 0 (the ReLU's kink).
Tensor eighths(Rng& rng, const Shape& shape) { return nnlab::testing::eighths(rng, shape, 4.0f); }

// y = max(x + b, 0) (or x + b), one float addition per element.
Tensor forward_reference(const Tensor& x, const Tensor& b, bool relu) {
  Tensor y = Tensor::from_shape(x.shape());
  for (std::size_t n = 0; n < x.shape(0); ++n) {
    for (std::size_t h = 0; h < x.shape(1); ++h) {
      const float z = x(n, h) + b(h);
      y(n, h) = relu ? (z > 0.0f ? z : 0.0f) : z;
    }
  }
  return y;
}

struct Grads {
  Tensor dz, db;
};

// dz = dy [y > 0] (or dy); db = db0 + column sums of dz, summed in double.
Grads backward_reference(const Tensor& dy, const Tensor& y, const Tensor& db0, bool relu) {
  Grads g{Tensor::from_shape(dy.shape()), Tensor::from_shape(db0.shape())};
  for (std::size_t h = 0; h < dy.shape(1); ++h) {
    double sum = db0(h);
    for (std::size_t n = 0; n < dy.shape(0); ++n) {
      g.dz(n, h) = !relu || y(n, h) > 0.0f ? dy(n, h) : 0.0f;
      sum += g.dz(n, h);
    }
    g.db(h) = static_cast<float>(sum);
  }
  return g;
}

Tensor run_forward(const Tensor& x, const Tensor& b, bool relu) {
  const DeviceTensor dx = gpu::to_device(x);
  const DeviceTensor db = gpu::to_device(b);
  DeviceTensor dy(shape_of(x));
  bias_relu_cuda(dx, db, dy, relu);
  return gpu::to_host(dy);  // a copy on the default stream waits for the kernel
}

Grads run_backward(const Tensor& dy, const Tensor& y, const Tensor& db0, bool relu) {
  const DeviceTensor d_dy = gpu::to_device(dy);
  const DeviceTensor d_y = gpu::to_device(y);
  DeviceTensor d_dz(shape_of(dy));
  DeviceTensor d_db = gpu::to_device(db0);
  bias_relu_backward_cuda(d_dy, d_y, d_dz, d_db, relu);
  return {gpu::to_host(d_dz), gpu::to_host(d_db)};
}

std::string sizes(std::size_t N, std::size_t H, bool relu) {
  return "  N, H = " + std::to_string(N) + ", " + std::to_string(H) +
         (relu ? ", relu" : ", no relu");
}

// Forward: x = [[1, -2, 3], [-4, 5, -6]], b = [0.5, 1, -3]:
//   z = x + b = [[1.5, -1, 0], [-3.5, 6, -9]], ReLU: y = [[1.5, 0, 0], [0, 6, 0]].
// Backward with dy = [[1, 2, 3], [4, 5, 6]] and that y: the mask [y > 0] is
//   [[1, 0, 0], [0, 1, 0]] (z = 0 counts as inactive), dz = [[1, 0, 0], [0, 5, 0]];
//   db starts at [10, 20, 30] and gains the column sums [1, 5, 0]: [11, 25, 30].
// Without ReLU: y = z, dz = dy, db = [10, 20, 30] + [5, 7, 9] = [15, 27, 39].
NNLAB_TEST(BiasReluCuda, HandComputed, 2) {
  NNLAB_REQUIRE_GPU();
  const Tensor x = {{1, -2, 3}, {-4, 5, -6}};
  const Tensor b = {0.5, 1, -3};
  const Tensor z = {{1.5, -1, 0}, {-3.5, 6, -9}};
  const Tensor y = {{1.5, 0, 0}, {0, 6, 0}};
  NNLAB_EXPECT_ALLCLOSE(run_forward(x, b, true), y, 0.0, 0.0) << "  forward, relu";
  NNLAB_EXPECT_ALLCLOSE(run_forward(x, b, false), z, 0.0, 0.0) << "  forward, no relu";

  const Tensor dy = {{1, 2, 3}, {4, 5, 6}};
  const Tensor db0 = {10, 20, 30};
  const Grads g = run_backward(dy, y, db0, true);
  NNLAB_EXPECT_ALLCLOSE(g.dz, (Tensor{{1, 0, 0}, {0, 5, 0}}), 0.0, 0.0) << "  dz, relu";
  NNLAB_EXPECT_ALLCLOSE(g.db, (Tensor{11, 25, 30}), 0.0, 0.0) << "  db, relu";
  const Grads g2 = run_backward(dy, z, db0, false);
  NNLAB_EXPECT_ALLCLOSE(g2.dz, dy, 0.0, 0.0) << "  dz, no relu";
  NNLAB_EXPECT_ALLCLOSE(g2.db, (Tensor{15, 27, 39}), 0.0, 0.0) << "  db, no relu";
}

// Column counts below, at and above a warp (32) and a block of threads (256), row counts that
// leave partial groups of rows, a single row and a single column. A missing bounds check, a
// grid that does not cover every row or column, or a bias read from the wrong column shows as
// wrong elements.
NNLAB_TEST(BiasReluCuda, ForwardOddSizes, 1) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1501);
  const std::size_t shapes[][2] = {{1, 1},   {3, 257}, {1000, 33}, {70, 1},
                                   {513, 300}, {1, 4099}, {5, 31}};
  for (const auto& s : shapes) {
    const std::size_t N = s[0], H = s[1];
    const Tensor x = rng.normal({N, H});
    const Tensor b = rng.normal({H});
    for (bool relu : {true, false}) {
      NNLAB_EXPECT_ALLCLOSE(run_forward(x, b, relu), forward_reference(x, b, relu), 0.0, 0.0)
          << sizes(N, H, relu);
    }
  }
}

// The same sizes for the backward, plus tall matrices whose columns are summed by many blocks
// (N = 100000, H = 3: 300000 values; N = 20000, H = 70), all against double-precision sums of
// eighths (exact, see the top of the file). db starts non-zero: it is accumulated into.
NNLAB_TEST(BiasReluCuda, BackwardOddSizesAndLongColumns, 2) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1502);
  const std::size_t shapes[][2] = {{1, 1},   {3, 257},    {1000, 33}, {70, 1}, {513, 300},
                                   {1, 4099}, {5, 31}, {100000, 3}, {20000, 70}};
  for (const auto& s : shapes) {
    const std::size_t N = s[0], H = s[1];
    const Tensor y = forward_reference(eighths(rng, {N, H}), Tensor(xt::zeros<float>({H})), true);
    const Tensor dy = eighths(rng, {N, H});
    const Tensor db0 = eighths(rng, {H});
    for (bool relu : {true, false}) {
      const Grads expected = backward_reference(dy, y, db0, relu);
      const Grads g = run_backward(dy, y, db0, relu);
      NNLAB_EXPECT_ALLCLOSE(g.dz, expected.dz, 0.0, 0.0) << "  dz" << sizes(N, H, relu);
      NNLAB_EXPECT_ALLCLOSE(g.db, expected.db, 0.0, 0.0) << "  db" << sizes(N, H, relu);
    }
  }
}

// In place: y may be x itself (the layer applies the bias to its SGEMM output this way), and
// dz may be dy itself.
NNLAB_TEST(BiasReluCuda, InPlace, 1) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1503);
  const std::size_t N = 300, H = 77;
  const Tensor x = eighths(rng, {N, H});
  const Tensor b = eighths(rng, {H});
  const Tensor y = forward_reference(x, b, true);
  DeviceTensor d = gpu::to_device(x);
  const DeviceTensor db = gpu::to_device(b);
  bias_relu_cuda(d, db, d, true);
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(d), y, 0.0, 0.0) << "  forward in place";

  const Tensor dy = eighths(rng, {N, H});
  const Tensor db0 = Tensor(xt::zeros<float>({H}));
  const Grads expected = backward_reference(dy, y, db0, true);
  DeviceTensor g = gpu::to_device(dy);
  const DeviceTensor d_y = gpu::to_device(y);
  DeviceTensor d_db = gpu::to_device(db0);
  bias_relu_backward_cuda(g, d_y, g, d_db, true);
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(g), expected.dz, 0.0, 0.0) << "  dz in place over dy";
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(d_db), expected.db, 0.0, 0.0) << "  db";
}

// Both launchers queue on the stream they are given: captured into a CUDA graph, nothing runs
// before the graph is launched; then directly on the stream.
NNLAB_TEST(BiasReluCuda, QueuesOnTheGivenStream, 1) {
  NNLAB_REQUIRE_GPU();
  Rng rng(1504);
  const std::size_t N = 600, H = 130;
  const Tensor x = eighths(rng, {N, H});
  const Tensor b = eighths(rng, {H});
  const Tensor dy = eighths(rng, {N, H});
  const Tensor db0 = eighths(rng, {H});
  const Tensor y = forward_reference(x, b, true);
  const Grads expected = backward_reference(dy, y, db0, true);
  const DeviceTensor d_x = gpu::to_device(x), d_b = gpu::to_device(b), d_dy = gpu::to_device(dy);
  DeviceTensor d_y = gpu::to_device(x);  // starts as x: must stay so until the graph runs
  DeviceTensor d_dz = gpu::to_device(dy);
  DeviceTensor d_db = gpu::to_device(db0);
  gpu::Stream stream;  // does not synchronise with the default stream...
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());  // ...so let the copies above land first

  gpu::CapturedGraph g(stream.get(), [&] {
    bias_relu_cuda(d_x, d_b, d_y, true, stream.get());
    bias_relu_backward_cuda(d_dy, d_y, d_dz, d_db, true, stream.get());
  });
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(d_y), x, 0.0, 0.0)
      << "  y changed before the captured work ran: bias_relu_cuda did not queue on `stream`";
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(d_db), db0, 0.0, 0.0)
      << "  db changed before the captured work ran: the backward did not queue on `stream`";
  g.launch(stream.get());
  stream.synchronize();
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(d_y), y, 0.0, 0.0) << "  y, replaying the graph";
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(d_dz), expected.dz, 0.0, 0.0) << "  dz, replaying";
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(d_db), expected.db, 0.0, 0.0) << "  db, replaying";

  // Directly on the stream, once more: db gains the column sums a second time.
  bias_relu_backward_cuda(d_dy, d_y, d_dz, d_db, true, stream.get());
  stream.synchronize();
  const Grads twice = backward_reference(dy, y, expected.db, true);
  NNLAB_EXPECT_ALLCLOSE(gpu::to_host(d_db), twice.db, 0.0, 0.0) << "  db, on the stream";
}

NNLAB_TEST(BiasReluCuda, RejectsBadShapes, 1) {
  NNLAB_REQUIRE_GPU();  // allocating a DeviceTensor needs a device
  const DeviceTensor x23(Shape{2, 3}), x6(Shape{6}), b3(Shape{3}), b2(Shape{2}), b31(Shape{3, 1});
  DeviceTensor y23(Shape{2, 3}), y32(Shape{3, 2}), db3(Shape{3}), db4(Shape{4});
  NNLAB_EXPECT_THROW_MSG(bias_relu_cuda(x6, b3, y23), ShapeError, "bias_relu_cuda", "(6)");
  NNLAB_EXPECT_THROW_MSG(bias_relu_cuda(x23, b2, y23), ShapeError, "bias_relu_cuda", "(2, 3)",
                         "(2)");
  // No silent broadcast of a (3, 1) bias.
  NNLAB_EXPECT_THROW_MSG(bias_relu_cuda(x23, b31, y23), ShapeError, "bias_relu_cuda", "(3, 1)");
  NNLAB_EXPECT_THROW_MSG(bias_relu_cuda(x23, b3, y32), ShapeError, "bias_relu_cuda", "(2, 3)",
                         "(3, 2)");

  const DeviceTensor& dy = x23;
  NNLAB_EXPECT_THROW_MSG(bias_relu_backward_cuda(x6, x6, y23, db3), ShapeError,
                         "bias_relu_backward_cuda", "(6)");
  NNLAB_EXPECT_THROW_MSG(bias_relu_backward_cuda(dy, y32, y23, db3), ShapeError,
                         "bias_relu_backward_cuda", "(2, 3)", "(3, 2)");
  NNLAB_EXPECT_THROW_MSG(bias_relu_backward_cuda(dy, x23, y32, db3), ShapeError,
                         "bias_relu_backward_cuda", "(2, 3)", "(3, 2)");
  NNLAB_EXPECT_THROW_MSG(bias_relu_backward_cuda(dy, x23, y23, db4), ShapeError,
                         "bias_relu_backward_cuda", "(2, 3)", "(4)");
}

}  // namespace
}  // namespace nnlab::mlp
