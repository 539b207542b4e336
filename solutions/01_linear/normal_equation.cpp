// Exercise 01.6 — reference solution.
#include "nnlab/linear/normal_equation.hpp"

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xview.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::linear {

// x: (N, D), y: (N)  ->  w: (D), b: (1)
LinregFit normal_equation(const Tensor& x, const Tensor& y) {
  require(x.dimension() == 2, "normal_equation", "x", x, "x must be 2-D (N, D)");
  require(y.dimension() == 1 && y.shape(0) == x.shape(0), "normal_equation", "x", x, "y", y,
          "y must have shape (N) with N = x.shape[0]");
  const std::size_t N = x.shape(0), D = x.shape(1);
  require(N >= D + 1, "normal_equation", "x", x,
          "need at least D + 1 samples (rows) to fit D weights and a bias");

  // A = [x 1]: (N, D + 1), in double: A^T A squares the condition number.
  xt::xarray<double> A = xt::ones<double>({N, D + 1});
  xt::view(A, xt::all(), xt::range(0, D)) = xt::cast<double>(x);
  const xt::xarray<double> At = xt::transpose(A);                          // (D + 1, N)
  const xt::xarray<double> AtA = xt::linalg::dot(At, A);                   // (D + 1, D + 1)
  const xt::xarray<double> Aty = xt::linalg::dot(At, xt::cast<double>(y)); // (D + 1)
  const xt::xarray<double> theta = xt::linalg::solve(AtA, Aty);            // (D + 1)

  LinregFit fit;
  fit.w = xt::cast<float>(xt::view(theta, xt::range(0, D)));
  fit.b = Tensor({1}, static_cast<float>(theta(D)));
  return fit;
}

}  // namespace nnlab::linear
