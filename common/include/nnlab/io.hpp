#pragma once
/// @file
/// NumPy `.npy` files (format versions 1.0–3.0, little-endian, C order), for golden data,
/// datasets and checkpoints. nnlab reads them itself instead of through `xt::load_npy` so that
/// a short, corrupt or mistyped file raises `DataError` naming the file and the problem instead
/// of returning garbage.

#include <string>

#include "nnlab/tensor.hpp"

namespace nnlab {

/// Reads a float tensor. `float32` is read as is; `float64`, `int32` and `int64` are converted.
/// @throws DataError when the file is missing, not a .npy file, truncated, Fortran-ordered,
///         big-endian or of another element type.
Tensor load_npy(const std::string& path);

/// Reads integer labels. `int64` is read as is; `int32` and `uint8` are converted.
/// @throws DataError as `load_npy`, and for floating-point data.
Labels load_npy_labels(const std::string& path);

/// Writes `t` as `float32` (`<f4`). The write is atomic: the data goes to `path.tmp`, which
/// is renamed to `path` only once complete, so an interrupted save never leaves a broken file.
/// @throws DataError when the file cannot be written.
void save_npy(const std::string& path, const Tensor& t);

/// Writes labels as `int64` (`<i8`), atomically as `save_npy`.
void save_npy(const std::string& path, const Labels& t);

/// Writes `content` to `path` atomically (temporary file in the same folder, then rename).
/// @throws DataError when the file cannot be written.
void write_file_atomic(const std::string& path, const std::string& content);

}  // namespace nnlab
