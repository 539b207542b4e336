// Provided code (the same in the exercise and the solution variant): a fully connected layer on
// the GPU, built on exercises 02.14 (sgemm_tiled_cuda) and 02.15 (bias_relu_cuda and its
// backward). Contract: include/nnlab/mlp/cuda.hpp.
#include <cstddef>

#include "nnlab/errors.hpp"
#include "nnlab/mlp/cuda.hpp"

namespace nnlab::mlp {

namespace {
// Reallocates `t` when it does not have `shape` (a DeviceTensor's shape is fixed). The old
// buffer's cudaFree waits for the work still using it.
void ensure_shape(gpu::DeviceTensor& t, const Shape& shape) {
  if (t.shape() != shape) t = gpu::DeviceTensor(shape);
}
}  // namespace

LinearCuda::LinearCuda(const Tensor& W, const Tensor& b, bool relu) : relu_(relu) {
  require(W.dimension() == 2, "LinearCuda", "weight", W, "weight must be 2-D (in, out)");
  require(b.dimension() == 1 && b.shape(0) == W.shape(1), "LinearCuda", "weight", W, "bias", b,
          "bias must be (out) with out = weight.shape[1]");
  weight = gpu::to_device(W);
  bias = gpu::to_device(b);
  weight_grad = gpu::DeviceTensor(shape_of(W));
  bias_grad = gpu::DeviceTensor(shape_of(b));
  zero_grad(nullptr);
  // The copies and the zeroing went to the legacy default stream; a caller's non-blocking
  // stream would not wait for them.
  NNLAB_CUDA_CHECK(cudaDeviceSynchronize());
}

// x: (N, in) -> y: (N, out) = act(x W + b)
const gpu::DeviceTensor& LinearCuda::forward(const gpu::DeviceTensor& x, cudaStream_t stream) {
  require(x.shape().size() == 2 && x.dim(1) == weight.dim(0), "LinearCuda::forward", "x", x,
          "weight", weight, "x must be (N, in) with in = weight.shape[0]");
  ensure_shape(x_, x.shape());
  if (x.size()) {
    NNLAB_CUDA_CHECK(cudaMemcpyAsync(x_.data(), x.data(), x.size() * sizeof(float),
                                     cudaMemcpyDeviceToDevice, stream));
  }
  ensure_shape(y_, Shape{x.dim(0), weight.dim(1)});
  sgemm_tiled_cuda(x_, weight, y_, SgemmOptions{}, stream);  // y = x W
  bias_relu_cuda(y_, bias, y_, relu_, stream);               // y = act(y + b), in place
  has_input_ = true;
  return y_;
}

// dy: (N, out) -> dx: (N, in); dW += x^T dz, db += sum_n dz, with dz = dy [y > 0] (or dy)
const gpu::DeviceTensor& LinearCuda::backward(const gpu::DeviceTensor& dy, cudaStream_t stream) {
  if (!has_input_) throw ShapeError("LinearCuda::backward", "called before forward");
  require(dy.shape() == y_.shape(), "LinearCuda::backward", "dy", dy, "y", y_,
          "dy must have the shape of the last output (N, out)");
  ensure_shape(dz_, dy.shape());
  bias_relu_backward_cuda(dy, y_, dz_, bias_grad, relu_, stream);

  SgemmOptions accumulate_xt;  // dW += x^T dz: x is stored (N, in), op(x) = x^T is (in, N)
  accumulate_xt.transpose_a = true;
  accumulate_xt.beta = 1.0f;
  sgemm_tiled_cuda(x_, dz_, weight_grad, accumulate_xt, stream);

  SgemmOptions wt;  // dx = dz W^T: W is stored (in, out), op(W) = W^T is (out, in)
  wt.transpose_b = true;
  ensure_shape(dx_, x_.shape());
  sgemm_tiled_cuda(dz_, weight, dx_, wt, stream);
  return dx_;
}

void LinearCuda::zero_grad(cudaStream_t stream) {
  if (weight_grad.size()) {
    NNLAB_CUDA_CHECK(
        cudaMemsetAsync(weight_grad.data(), 0, weight_grad.size() * sizeof(float), stream));
  }
  if (bias_grad.size()) {
    NNLAB_CUDA_CHECK(
        cudaMemsetAsync(bias_grad.data(), 0, bias_grad.size() * sizeof(float), stream));
  }
}

}  // namespace nnlab::mlp
