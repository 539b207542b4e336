// Exercise 03.5 — convolution by im2col and matrix products.  Contract:
// include/nnlab/cnn/conv2d.hpp
// Check with `./nnlab check 03.5`; stuck? `./nnlab hint 03.5`.
#include "nnlab/cnn/conv2d.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include <xtensor-blas/xlinalg.hpp>  // xt::linalg::dot, and cblas_sgemm (do not include <cblas.h>)

#include "nnlab/errors.hpp"

namespace nnlab::cnn {

// x: (C, H, W) -> col: (C kh kw, H' W')
Tensor im2col([[maybe_unused]] const Tensor& x, [[maybe_unused]] Size2 kernel,
              [[maybe_unused]] Size2 stride, [[maybe_unused]] Size2 padding) {
  // TODO(03.5): col[(c kh + a) kw + b, i W' + j] = x[c, i s_h + a - p_h, j s_w + b - p_w], or 0
  // where that position is padding. H', W' from conv_output_size (03.2).
  throw nnlab::NotImplemented("03.5 im2col");
}

// col: (C kh kw, H' W') -> dx: (C, H, W)
Tensor col2im([[maybe_unused]] const Tensor& col, [[maybe_unused]] const Shape& image_shape,
              [[maybe_unused]] Size2 kernel, [[maybe_unused]] Size2 stride,
              [[maybe_unused]] Size2 padding) {
  // TODO(03.5): the same loops as im2col, but dx[c, row, column] += col[r, q] (skip padding).
  throw nnlab::NotImplemented("03.5 col2im");
}

// x: (N, C_in, H, W), weight: (C_out, C_in, kh, kw), bias: (C_out) -> y: (N, C_out, H', W')
Tensor conv2d_forward([[maybe_unused]] const Tensor& x, [[maybe_unused]] const Tensor& weight,
                      [[maybe_unused]] const Tensor& bias, [[maybe_unused]] Size2 stride,
                      [[maybe_unused]] Size2 padding) {
  // TODO(03.5): for each image n: y[n] viewed as (C_out, H' W') = W (C_out, C_in kh kw) times
  // im2col(x[n]) (C_in kh kw, H' W'), plus bias[o] on row o. Check the shapes first.
  throw nnlab::NotImplemented("03.5 conv2d_forward");
}

// dy: (N, C_out, H', W'), x: (N, C_in, H, W), weight: (C_out, C_in, kh, kw)
//   -> dx: (N, C_in, H, W), dweight: (C_out, C_in, kh, kw), dbias: (C_out)
Conv2dGrads conv2d_backward([[maybe_unused]] const Tensor& dy, [[maybe_unused]] const Tensor& x,
                            [[maybe_unused]] const Tensor& weight, [[maybe_unused]] Size2 stride,
                            [[maybe_unused]] Size2 padding) {
  // TODO(03.5): per image, with dY_n = dy[n] viewed as (C_out, H' W') and col_n = im2col(x[n]):
  // dweight += dY_n col_n^T, dx[n] = col2im(W^T dY_n), dbias[o] += sum of row o of dY_n.
  throw nnlab::NotImplemented("03.5 conv2d_backward");
}

}  // namespace nnlab::cnn
