#pragma once
/// @file
/// The testing library every chapter's tests use: graded tests with points, tolerant
/// comparison that explains itself, finite-difference gradient checks and golden data.
///
/// @code
/// NNLAB_TEST(LinregForward, HandComputed, 2) {
///   Tensor y = linreg_forward(x, w, b);
///   NNLAB_EXPECT_ALLCLOSE(y, expected, 1e-6, 1e-6);
/// }
/// @endcode

#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "nnlab/errors.hpp"
#include "nnlab/module.hpp"
#include "nnlab/random.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab::testing {

/// One graded test as the grader sees it (`<test binary> --nnlab_list` prints them as JSON).
struct GradedTest {
  std::string suite;
  std::string name;
  double points;
  std::string file;
  int line;
};

/// Records a graded test; used by `NNLAB_TEST`. Returns true.
bool register_graded(const char* suite, const char* name, double points, const char* file,
                     int line);
/// All graded tests of this binary, in registration order.
const std::vector<GradedTest>& graded_tests();

/// `|a - e| <= atol + rtol * |e|` element-wise, with equal shapes. On failure the message
/// gives the shapes or the worst element (its index, both values, the difference and the
/// share of the tolerance used) and how many elements are out of tolerance.
::testing::AssertionResult all_close(const Tensor& actual, const Tensor& expected, double atol,
                                    double rtol);
/// The same for double-precision tensors (gradient checks).
::testing::AssertionResult all_close(const xt::xarray<double>& actual,
                                    const xt::xarray<double>& expected, double atol, double rtol);
/// Exact equality of integer tensors (labels, ids, keep lists), naming the first difference.
::testing::AssertionResult labels_equal(const Labels& actual, const Labels& expected);

/// Central differences `(f(x + h e_i) - f(x - h e_i)) / 2h` for every element of `x`,
/// in double. `f` must not keep state between calls.
xt::xarray<double> numerical_gradient(const std::function<double(const Tensor&)>& f,
                                      const Tensor& x, double h = 1e-2);

/// Checks `analytic` (dL/dx from a backward pass) against `numerical_gradient(f, x, h)`.
::testing::AssertionResult gradcheck(const std::function<double(const Tensor&)>& f,
                                     const Tensor& x, const Tensor& analytic, double atol,
                                     double rtol, double h = 1e-2);

/// `sum(a * b)` accumulated in double: the scalar `L = <y, g>` whose gradient with respect
/// to y is g, used to check a backward pass with an arbitrary upstream gradient g.
double dot(const Tensor& a, const Tensor& b);

/// Gradient check of a whole `Module`: runs `forward(x)`, draws an upstream gradient g from
/// `rng`, runs `backward(g)` and compares dL/dx and every parameter's gradient, for
/// L = <forward(x), g>, with central differences.
::testing::AssertionResult gradcheck_module(Module& module, const Tensor& x, Rng& rng,
                                            double atol, double rtol, double h = 1e-2);

/// Sets a module's parameters, in `params()` order, from one flat vector (how the golden
/// scripts store a model's weights). Fails, naming the parameter, when the sizes differ.
::testing::AssertionResult set_params_from_flat(Module& module, const Tensor& flat);
/// Every parameter's gradient, in `params()` order, as one flat vector.
Tensor flat_grads(Module& module);

/// A tensor of `shape` drawn uniformly from [-bound, bound] and rounded to a multiple of 1/8.
/// With the default bound 2, products of two such values are multiples of 1/64 below 4 in
/// magnitude, and float holds every sum of a few thousand of them exactly, in any order: so a
/// parallel kernel's result can be compared with tolerance 0 against a sequential loop.
Tensor eighths(Rng& rng, const Shape& shape, float bound = 2.0f);
/// A tensor of `shape` with every element `value`.
Tensor filled(const Shape& shape, float value);

/// Loads `tests/<chapter>/golden/<name>.npy` as floats.
/// @throws DataError naming the missing file and the script that writes it,
///         `tools/golden/<chapter>.py`.
Tensor golden(const std::string& chapter, const std::string& name);
/// Loads `tests/<chapter>/golden/<name>.npy` as integer labels.
Labels golden_labels(const std::string& chapter, const std::string& name);

/// Checks that `fn` throws `E` whose message contains every one of `fragments`.
template <class E>
::testing::AssertionResult throws_with(const std::function<void()>& fn,
                                       const std::vector<std::string>& fragments);

/// A fresh directory under the system's temporary directory, removed with its contents when
/// the object goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  /// `path/name`.
  std::string file(const std::string& name) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// ---- implementation of the template --------------------------------------------------------

// Hidden from Doxygen, which documents the declaration above.
/// @cond
template <class E>
::testing::AssertionResult throws_with(const std::function<void()>& fn,
                                       const std::vector<std::string>& fragments) {
  try {
    fn();
  } catch (const E& e) {
    // A stub's NotImplemented is never the expected error, even when E is its base class.
    if constexpr (!std::is_same_v<E, NotImplemented>) {
      if (dynamic_cast<const NotImplemented*>(&e)) return ::testing::AssertionFailure() << e.what();
    }
    const std::string msg = e.what();
    for (const auto& f : fragments) {
      if (msg.find(f) == std::string::npos) {
        return ::testing::AssertionFailure()
               << "the error message \"" << msg << "\" does not mention \"" << f << "\"";
      }
    }
    return ::testing::AssertionSuccess();
  } catch (const std::exception& e) {
    if (dynamic_cast<const NotImplemented*>(&e)) return ::testing::AssertionFailure() << e.what();
    return ::testing::AssertionFailure()
           << "threw a different exception than expected: \"" << e.what() << "\"";
  }
  return ::testing::AssertionFailure() << "threw nothing";
}
/// @endcond

}  // namespace nnlab::testing

/// A graded test worth `points`: `NNLAB_TEST(Suite, Name, 2) { ... }`. The suite must be
/// listed under exactly one exercise in the chapter's exercises.json.
#define NNLAB_TEST(suite, name, points)                                                       \
  static const bool nnlab_graded_##suite##_##name [[maybe_unused]] =                          \
      ::nnlab::testing::register_graded(#suite, #name, points, __FILE__, __LINE__);           \
  TEST(suite, name)

/// `EXPECT_TRUE(all_close(actual, expected, atol, rtol))` with the expressions in the message.
#define NNLAB_EXPECT_ALLCLOSE(actual, expected, atol, rtol) \
  EXPECT_TRUE(::nnlab::testing::all_close((actual), (expected), (atol), (rtol))) \
      << "  comparing " #actual " with " #expected " (atol " #atol ", rtol " #rtol ")"
/// Fatal form of `NNLAB_EXPECT_ALLCLOSE`.
#define NNLAB_ASSERT_ALLCLOSE(actual, expected, atol, rtol) \
  ASSERT_TRUE(::nnlab::testing::all_close((actual), (expected), (atol), (rtol))) \
      << "  comparing " #actual " with " #expected " (atol " #atol ", rtol " #rtol ")"

/// Expects `statement` to throw `ErrorType` whose message contains each string that follows,
/// e.g. `NNLAB_EXPECT_THROW_MSG(linreg_forward(x, w, b), ShapeError, "linreg_forward", "(4, 3)")`.
#define NNLAB_EXPECT_THROW_MSG(statement, ErrorType, ...)                               \
  EXPECT_TRUE(::nnlab::testing::throws_with<ErrorType>([&] { (void)(statement); },    \
                                                       {__VA_ARGS__}))                 \
      << "  statement: " #statement
