// Exercise 03.9 — global average pooling, counting parameters and multiply-adds, receptive
// fields.  Contract: include/nnlab/cnn/model_stats.hpp
// Check with `./nnlab check 03.9`; stuck? `./nnlab hint 03.9`.
#include "nnlab/cnn/model_stats.hpp"

#include <string>

#include "nnlab/errors.hpp"

namespace nnlab::cnn {

// x: (N, C, H, W) -> y: (N, C)
Tensor global_avg_pool_forward([[maybe_unused]] const Tensor& x) {
  // TODO(03.9): y[n, c] = the mean of the H W values of plane (n, c). Check that x is 4-D
  // with at least one pixel.
  throw nnlab::NotImplemented("03.9 global_avg_pool_forward");
}

// dy: (N, C) -> dx: (N, C, H, W)
Tensor global_avg_pool_backward([[maybe_unused]] const Tensor& dy,
                                [[maybe_unused]] const Shape& x_shape) {
  // TODO(03.9): each pixel of plane (n, c) had weight 1 / (H W) in the mean:
  // dx[n, c, i, j] = dy[n, c] / (H W).
  throw nnlab::NotImplemented("03.9 global_avg_pool_backward");
}

std::size_t count_params([[maybe_unused]] Module& model) {
  // TODO(03.9): add up value.size() over model.params().
  throw nnlab::NotImplemented("03.9 count_params");
}

// out_shape: (N, C_out, H', W')
std::uint64_t conv2d_macs([[maybe_unused]] const Shape& out_shape,
                          [[maybe_unused]] std::size_t in_channels, [[maybe_unused]] Size2 kernel) {
  // TODO(03.9): every one of the N C_out H' W' outputs is a dot product of length C_in kh kw.
  throw nnlab::NotImplemented("03.9 conv2d_macs");
}

// out_shape: (N, out)
std::uint64_t linear_macs([[maybe_unused]] const Shape& out_shape,
                          [[maybe_unused]] std::size_t in_features) {
  // TODO(03.9): every one of the N out outputs is a dot product of length in.
  throw nnlab::NotImplemented("03.9 linear_macs");
}

std::vector<ReceptiveField> receptive_fields(
    [[maybe_unused]] const std::vector<LayerGeometry>& layers) {
  // TODO(03.9): start from r = 1, j = 1, start = 0; per layer, with k_e = d (k - 1) + 1:
  // start += ((k_e - 1) / 2 - p) j;  r += (k_e - 1) j;  j *= s; record (r, j, start).
  throw nnlab::NotImplemented("03.9 receptive_fields");
}

}  // namespace nnlab::cnn
