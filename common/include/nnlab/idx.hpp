#pragma once
/// @file
/// IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed.
///
/// An IDX file is a big-endian header followed by the data, one unsigned byte per value,
/// in row-major order:
///
/// | bytes | images file (`train-images-idx3-ubyte`) | labels file (`train-labels-idx1-ubyte`) |
/// |-------|------------------------------------------|------------------------------------------|
/// | 0–3   | magic `0x00000803` (ubyte, 3 dimensions) | magic `0x00000801` (ubyte, 1 dimension)  |
/// | 4–7   | N, the number of images                  | N, the number of labels                  |
/// | 8–11  | rows                                     | (data starts here: N bytes)              |
/// | 12–15 | cols                                     |                                          |
/// | 16–   | N · rows · cols pixel bytes, 0 = black   |                                          |
///
/// The readers take the files as downloaded (`.gz`, recognised by the gzip magic `1f 8b`) or
/// decompressed; either way they go through zlib's `gzread`. Every problem with a file raises
/// `DataError` naming the file and the problem: missing, bad magic (a labels file given as
/// images, or the other way round, is said to be a likely mix-up), truncated (the bytes
/// expected from the header against the bytes found), extra bytes after the data, corrupt
/// gzip data, and images and labels files that disagree on N.

#include <string>

#include "nnlab/data.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab {

/// The magic number of an IDX file of unsigned-byte images (N, rows, cols).
inline constexpr unsigned kIdxImagesMagic = 0x00000803;
/// The magic number of an IDX file of unsigned-byte labels (N).
inline constexpr unsigned kIdxLabelsMagic = 0x00000801;

/// Reads an IDX images file into `x: (N, rows, cols)` with values `byte / 255` in [0, 1].
/// @throws DataError when the file is missing, not an IDX images file, truncated, followed
///         by extra bytes, or corrupt gzip data.
Tensor load_idx_images(const std::string& path);

/// Reads an IDX labels file into `y: (N)` (values 0–255 as stored; 0–9 for MNIST).
/// @throws DataError as `load_idx_images`.
Labels load_idx_labels(const std::string& path);

/// Reads an images file and its labels file: `x: (N, rows, cols)`, `y: (N)`.
/// @throws DataError as the two readers, and when the files hold different numbers of
///         samples (the message names both files and both counts).
ClassificationData load_idx(const std::string& images_path, const std::string& labels_path);

/// Writes `images: (N, rows, cols)` as an IDX images file, each value `v` stored as the byte
/// `round(255 · clamp(v, 0, 1))`, so `load_idx_images` gives back `v` to within 1/510.
/// With `gzip` the file is gzip-compressed (name it `.gz`). The write is atomic.
/// @throws ShapeError when `images` is not of rank 3; DataError when the file cannot be written.
void save_idx_images(const std::string& path, const Tensor& images, bool gzip = false);

/// Writes `labels: (N)` as an IDX labels file, optionally gzip-compressed, atomically.
/// @throws ShapeError when `labels` is not of rank 1 or a label is outside [0, 255];
///         DataError when the file cannot be written.
void save_idx_labels(const std::string& path, const Labels& labels, bool gzip = false);

/// Fashion-MNIST's class names, by label.
extern const char* const kFashionMnistNames[10];

/// A data set as distributed in IDX files: its training and test parts.
struct IdxFolder {
  ClassificationData train;  ///< `x: (N, rows, cols)`, `y: (N)`
  ClassificationData test;
};

/// Reads the four files of MNIST or Fashion-MNIST from the folder `dir`, as downloaded:
/// `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte` and
/// `t10k-labels-idx1-ubyte`, each either as named or gzip-compressed with `.gz` added.
/// @throws DataError naming the first missing file and listing the four expected, or as
///         `load_idx` for a bad file.
IdxFolder load_idx_folder(const std::string& dir);

}  // namespace nnlab
