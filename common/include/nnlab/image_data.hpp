#pragma once
/// @file
/// What the image-classification demos share: their data (shapes10, or MNIST / Fashion-MNIST
/// IDX files the user provides) split into train, dev and test sets, and a per-class report of
/// a classifier's test predictions with a picture of its mistakes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "nnlab/data.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab {

/// Train, dev and test images `x: (N, 28, 28)` with labels, and the class names.
struct ImageSplits {
  ClassificationData train, dev, test;
  std::vector<std::string> class_names;
  std::string source;  ///< `"shapes10"` or `"IDX files in DIR"`
};

/// With an empty `data_dir`: shapes10, `n_train`, `n_dev` and `n_test` images drawn from the
/// seeds `seed`, `seed + 1` and `seed + 2`. Otherwise the four IDX files of `data_dir`
/// (`load_idx_folder`): the training file's last min(5000, N / 10) images are the dev set (the
/// counts are ignored), the class names Fashion-MNIST's.
/// @throws DataError as `load_idx_folder`, or naming the folder when a label is 10 or more.
ImageSplits load_image_splits(const std::string& data_dir, std::uint64_t seed,
                              std::size_t n_train, std::size_t n_dev, std::size_t n_test);

/// Prints each class's test accuracy (`logits: (N, K)`, the argmax against `y: (N)`) as a
/// table under `title`, and writes the first 64 misclassified images of `images` (N, H, W)
/// or (N, 1, H, W) or (N, H * W) with H = W to `png_path` as a contact sheet (nothing when
/// every prediction is right).
/// @returns the overall accuracy.
double report_per_class(const std::string& title, const Tensor& logits, const Labels& y,
                        const std::vector<std::string>& class_names, const Tensor& images,
                        const std::string& png_path);

}  // namespace nnlab
