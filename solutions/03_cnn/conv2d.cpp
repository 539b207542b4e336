// Exercise 03.5 — reference solution: im2col + one GEMM per image (OpenBLAS through the cblas
// interface that xtensor-blas declares), raw-pointer loops on contiguous row-major buffers.
#include "nnlab/cnn/conv2d.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include <xtensor-blas/xlinalg.hpp>  // declares cblas_sgemm (do not include <cblas.h> too)

#include "nnlab/errors.hpp"

namespace nnlab::cnn {
namespace {

// Everything about one image and its windows.
struct Geometry {
  std::size_t C, H, W;      // image (C, H, W)
  std::size_t kh, kw;       // kernel
  std::size_t sh, sw;       // stride
  std::size_t ph, pw;       // padding
  std::size_t oh, ow;       // output (H', W')
  std::size_t rows() const { return C * kh * kw; }
  std::size_t cols() const { return oh * ow; }
};

// Validates kernel, stride and padding for a (C, H, W) image; `name` and `shape` (the
// argument it came from) go into the error.
Geometry make_geometry(const char* fn, const char* name, const Shape& shape, std::size_t C,
                       std::size_t H, std::size_t W, Size2 kernel, Size2 stride,
                       Size2 padding) {
  if (kernel[0] == 0 || kernel[1] == 0 || stride[0] == 0 || stride[1] == 0) {
    throw ShapeError(fn, name, shape, "kernel sizes and strides must be >= 1");
  }
  if (H + 2 * padding[0] < kernel[0] || W + 2 * padding[1] < kernel[1]) {
    throw ShapeError(fn, name, shape,
                     "the " + std::to_string(kernel[0]) + "x" + std::to_string(kernel[1]) +
                         " kernel does not fit into the padded input");
  }
  Geometry g{C, H, W, kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], 0, 0};
  g.oh = conv_output_size(H, g.kh, g.ph, g.sh);
  g.ow = conv_output_size(W, g.kw, g.pw, g.sw);
  return g;
}

// The output columns j whose input column j sw + b - pw lies inside [0, W): [j0, j1).
void valid_columns(const Geometry& g, std::size_t b, std::size_t& j0, std::size_t& j1) {
  j0 = b >= g.pw ? 0 : (g.pw - b + g.sw - 1) / g.sw;
  // First j with j sw + b - pw >= W: none valid when the kernel column b lies beyond the
  // image and its right padding (b >= W + pw; unsigned arithmetic must not wrap).
  j1 = b >= g.W + g.pw ? 0 : (g.W + g.pw - b + g.sw - 1) / g.sw;
  j0 = std::min(j0, g.ow);
  j1 = std::min(std::max(j1, j0), g.ow);
}

// x: (C, H, W) -> col: (C kh kw, H' W'), both contiguous.
void im2col_raw(const float* x, const Geometry& g, float* col) {
  const std::size_t P = g.cols();
  for (std::size_t c = 0; c < g.C; ++c) {
    const float* xc = x + c * g.H * g.W;
    for (std::size_t a = 0; a < g.kh; ++a)
      for (std::size_t b = 0; b < g.kw; ++b) {
        float* row = col + ((c * g.kh + a) * g.kw + b) * P;
        std::size_t j0, j1;
        valid_columns(g, b, j0, j1);
        for (std::size_t i = 0; i < g.oh; ++i) {
          float* out = row + i * g.ow;
          const long ih = long(i * g.sh + a) - long(g.ph);
          if (ih < 0 || ih >= long(g.H)) {
            std::fill(out, out + g.ow, 0.0f);
            continue;
          }
          const float* xr = xc + std::size_t(ih) * g.W + b - g.pw;  // xr[j sw] = x[c, ih, iw]
          std::fill(out, out + j0, 0.0f);
          if (g.sw == 1) {
            std::memcpy(out + j0, xr + j0, (j1 - j0) * sizeof(float));
          } else {
            for (std::size_t j = j0; j < j1; ++j) out[j] = xr[j * g.sw];
          }
          std::fill(out + j1, out + g.ow, 0.0f);
        }
      }
  }
}

// The adjoint: dx: (C, H, W) += col2im(dcol). dx must be zeroed by the caller.
void col2im_raw(const float* dcol, const Geometry& g, float* dx) {
  const std::size_t P = g.cols();
  for (std::size_t c = 0; c < g.C; ++c) {
    float* dxc = dx + c * g.H * g.W;
    for (std::size_t a = 0; a < g.kh; ++a)
      for (std::size_t b = 0; b < g.kw; ++b) {
        const float* row = dcol + ((c * g.kh + a) * g.kw + b) * P;
        std::size_t j0, j1;
        valid_columns(g, b, j0, j1);
        for (std::size_t i = 0; i < g.oh; ++i) {
          const long ih = long(i * g.sh + a) - long(g.ph);
          if (ih < 0 || ih >= long(g.H)) continue;  // padding rows: dropped
          const float* in = row + i * g.ow;
          float* xr = dxc + std::size_t(ih) * g.W + b - g.pw;
          for (std::size_t j = j0; j < j1; ++j) xr[j * g.sw] += in[j];
        }
      }
  }
}

// C = alpha op(A) op(B) + beta C, row-major.
void sgemm(bool trans_a, bool trans_b, std::size_t M, std::size_t N, std::size_t K,
           const float* A, const float* B, float beta, float* C) {
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, int(M), int(N), int(K), 1.0f, A,
              int(trans_a ? M : K), B, int(trans_b ? K : N), beta, C, int(N));
}

// Shapes of conv2d's x and weight, checked; the geometry of one image.
Geometry conv_geometry(const char* fn, const Tensor& x, const Tensor& weight, Size2 stride,
                       Size2 padding) {
  require(x.dimension() == 4, fn, "x", x, "x must be 4-D (N, C_in, H, W)");
  require(weight.dimension() == 4, fn, "weight", weight,
          "weight must be 4-D (C_out, C_in, kh, kw)");
  require(x.shape(1) == weight.shape(1), fn, "x", x, "weight", weight,
          "x has " + std::to_string(x.shape(1)) + " channels but weight expects " +
              std::to_string(weight.shape(1)));
  return make_geometry(fn, "x", shape_of(x), x.shape(1), x.shape(2), x.shape(3),
                       {weight.shape(2), weight.shape(3)}, stride, padding);
}

}  // namespace

// x: (C, H, W) -> col: (C kh kw, H' W')
Tensor im2col(const Tensor& x, Size2 kernel, Size2 stride, Size2 padding) {
  require(x.dimension() == 3, "im2col", "x", x, "x must be 3-D (C, H, W)");
  const Geometry g = make_geometry("im2col", "x", shape_of(x), x.shape(0), x.shape(1),
                                   x.shape(2), kernel, stride, padding);
  Tensor col = Tensor::from_shape({g.rows(), g.cols()});
  im2col_raw(x.data(), g, col.data());
  return col;
}

// col: (C kh kw, H' W') -> dx: (C, H, W)
Tensor col2im(const Tensor& col, const Shape& image_shape, Size2 kernel, Size2 stride,
              Size2 padding) {
  if (image_shape.size() != 3) {
    throw ShapeError("col2im", "image_shape", image_shape, "image_shape must be (C, H, W)");
  }
  const Geometry g = make_geometry("col2im", "image_shape", image_shape, image_shape[0],
                                   image_shape[1], image_shape[2], kernel, stride, padding);
  if (col.dimension() != 2 || col.shape(0) != g.rows() || col.shape(1) != g.cols()) {
    throw ShapeError("col2im", "col", shape_of(col), "image_shape", image_shape,
                     "col must be (C kh kw, H' W') = (" + std::to_string(g.rows()) + ", " +
                         std::to_string(g.cols()) + ")");
  }
  Tensor dx = xt::zeros<float>(image_shape);
  col2im_raw(col.data(), g, dx.data());
  return dx;
}

// x: (N, C_in, H, W), weight: (C_out, C_in, kh, kw), bias: (C_out) -> y: (N, C_out, H', W')
Tensor conv2d_forward(const Tensor& x, const Tensor& weight, const Tensor& bias, Size2 stride,
                      Size2 padding) {
  const Geometry g = conv_geometry("conv2d_forward", x, weight, stride, padding);
  const std::size_t N = x.shape(0), C_out = weight.shape(0), K = g.rows(), P = g.cols();
  require(bias.dimension() == 1 && bias.shape(0) == C_out, "conv2d_forward", "weight", weight,
          "bias", bias, "bias must be (C_out)");
  Tensor y = Tensor::from_shape({N, C_out, g.oh, g.ow});
  std::vector<float> col(K * P);
  for (std::size_t n = 0; n < N; ++n) {
    float* yn = y.data() + n * C_out * P;  // (C_out, H' W')
    for (std::size_t o = 0; o < C_out; ++o) std::fill(yn + o * P, yn + (o + 1) * P, bias(o));
    im2col_raw(x.data() + n * g.C * g.H * g.W, g, col.data());
    sgemm(false, false, C_out, P, K, weight.data(), col.data(), 1.0f, yn);  // y_n += W col
  }
  return y;
}

// dy: (N, C_out, H', W'), x: (N, C_in, H, W), weight: (C_out, C_in, kh, kw)
//   -> dx: (N, C_in, H, W), dweight: (C_out, C_in, kh, kw), dbias: (C_out)
Conv2dGrads conv2d_backward(const Tensor& dy, const Tensor& x, const Tensor& weight,
                            Size2 stride, Size2 padding) {
  const Geometry g = conv_geometry("conv2d_backward", x, weight, stride, padding);
  const std::size_t N = x.shape(0), C_out = weight.shape(0), K = g.rows(), P = g.cols();
  require(dy.dimension() == 4 && dy.shape(0) == N && dy.shape(1) == C_out && dy.shape(2) == g.oh &&
              dy.shape(3) == g.ow,
          "conv2d_backward", "dy", dy, "x", x,
          "dy must be (N, C_out, H', W') = (" + std::to_string(N) + ", " +
              std::to_string(C_out) + ", " + std::to_string(g.oh) + ", " +
              std::to_string(g.ow) + ")");
  Conv2dGrads grads{xt::zeros<float>(x.shape()), xt::zeros<float>(weight.shape()),
                    xt::zeros<float>({C_out})};
  std::vector<float> col(K * P), dcol(K * P);
  for (std::size_t n = 0; n < N; ++n) {
    const float* dyn = dy.data() + n * C_out * P;  // (C_out, H' W')
    for (std::size_t o = 0; o < C_out; ++o) {
      double s = 0.0;
      for (std::size_t q = 0; q < P; ++q) s += dyn[o * P + q];
      grads.dbias(o) += float(s);
    }
    im2col_raw(x.data() + n * g.C * g.H * g.W, g, col.data());
    sgemm(false, true, C_out, K, P, dyn, col.data(), 1.0f, grads.dweight.data());  // += dy_n col^T
    sgemm(true, false, K, P, C_out, weight.data(), dyn, 0.0f, dcol.data());        // W^T dy_n
    col2im_raw(dcol.data(), g, grads.dx.data() + n * g.C * g.H * g.W);
  }
  return grads;
}

}  // namespace nnlab::cnn
