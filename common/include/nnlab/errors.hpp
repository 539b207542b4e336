#pragma once
/// @file
/// The three errors nnlab raises. Every message names where the problem is: the function and
/// the shapes, the file and what is wrong with it, or the exercise still to be written.

#include <stdexcept>
#include <string>

#include "nnlab/tensor.hpp"

namespace nnlab {

/// Base of all nnlab errors.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad input shapes. The message names the function, each offending argument with its shape,
/// and the rule that was broken:
/// `linreg_forward: x has shape (4, 3) and w has shape (2): w must have length D = x.shape[1]`.
class ShapeError : public Error {
 public:
  /// One argument with a wrong shape.
  ShapeError(const std::string& function, const std::string& name, const Shape& shape,
             const std::string& rule);
  /// Two arguments whose shapes do not fit together.
  ShapeError(const std::string& function, const std::string& name_a, const Shape& shape_a,
             const std::string& name_b, const Shape& shape_b, const std::string& rule);
  /// A bad argument that is not a shape (a batch size of 0, a class id out of range, ...).
  ShapeError(const std::string& function, const std::string& message);
};

/// A file that cannot be used: missing, truncated, of the wrong format or content.
/// The message is `<file>: <problem>`.
class DataError : public Error {
 public:
  DataError(const std::string& file, const std::string& problem);
  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

/// Thrown by every exercise stub until the student replaces it. The message carries the
/// marker `[not implemented]`, the exercise id and the function, which the grader reads.
class NotImplemented : public Error {
 public:
  /// `what` is the exercise id and function, e.g. `"01.1 linreg_forward"`.
  explicit NotImplemented(const std::string& what);
};

/// Throws `ShapeError(function, name, shape, rule)` unless `ok`.
template <class E>
void require(bool ok, const std::string& function, const std::string& name, const E& e,
             const std::string& rule) {
  if (!ok) throw ShapeError(function, name, shape_of(e), rule);
}

/// Throws `ShapeError(function, name_a, shape_a, name_b, shape_b, rule)` unless `ok`.
template <class A, class B>
void require(bool ok, const std::string& function, const std::string& name_a, const A& a,
             const std::string& name_b, const B& b, const std::string& rule) {
  if (!ok) throw ShapeError(function, name_a, shape_of(a), name_b, shape_of(b), rule);
}

}  // namespace nnlab
