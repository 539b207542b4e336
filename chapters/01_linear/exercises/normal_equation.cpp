// Exercise 01.6 — the normal equation.  Contract: include/nnlab/linear/normal_equation.hpp
// Check with `./nnlab check 01.6`; stuck? `./nnlab hint 01.6`.
#include "nnlab/linear/normal_equation.hpp"

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xview.hpp>

#include "nnlab/errors.hpp"

namespace nnlab::linear {

// x: (N, D), y: (N)  ->  w: (D), b: (1)
LinregFit normal_equation([[maybe_unused]] const Tensor& x, [[maybe_unused]] const Tensor& y) {
  // TODO(01.6): build A = [x 1] of shape (N, D + 1) (a column of ones for the bias), solve
  // (A^T A) theta = A^T y for theta: (D + 1), then w = theta[0:D], b = {theta[D]}.
  // Check shapes and N >= D + 1 first; xt::linalg::solve solves a square linear system.
  throw nnlab::NotImplemented("01.6 normal_equation");
}

}  // namespace nnlab::linear
