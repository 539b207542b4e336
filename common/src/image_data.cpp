#include "nnlab/image_data.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>

#include <fmt/format.h>

#include "nnlab/errors.hpp"
#include "nnlab/idx.hpp"
#include "nnlab/shapes10.hpp"

namespace nnlab {

ImageSplits load_image_splits(const std::string& data_dir, std::uint64_t seed,
                              std::size_t n_train, std::size_t n_dev, std::size_t n_test) {
  ImageSplits s;
  if (data_dir.empty()) {
    s.source = "shapes10";
    s.train = shapes10(n_train, seed);
    s.dev = shapes10(n_dev, seed + 1);
    s.test = shapes10(n_test, seed + 2);
    s.class_names.assign(std::begin(kShapes10Names), std::end(kShapes10Names));
    return s;
  }
  s.source = "IDX files in " + data_dir;
  IdxFolder files = load_idx_folder(data_dir);
  const std::size_t n = files.train.x.shape(0);
  const std::size_t dev = std::min<std::size_t>(5000, n / 10);
  std::vector<std::size_t> tr(n - dev), dv(dev);
  std::iota(tr.begin(), tr.end(), std::size_t{0});
  std::iota(dv.begin(), dv.end(), n - dev);
  s.train = {take_rows(files.train.x, tr), take_rows(files.train.y, tr)};
  s.dev = {take_rows(files.train.x, dv), take_rows(files.train.y, dv)};
  s.test = std::move(files.test);
  for (const Labels* y : {&files.train.y, &s.test.y}) {
    const auto top = y->size() ? *std::max_element(y->begin(), y->end()) : 0;
    if (top >= 10) {
      throw DataError(data_dir, fmt::format("labels go up to {}; expected 10 classes", top));
    }
  }
  s.class_names.assign(std::begin(kFashionMnistNames), std::end(kFashionMnistNames));
  return s;
}

double report_per_class(const std::string& title, const Tensor& logits, const Labels& y,
                        const std::vector<std::string>& class_names, const Tensor& images,
                        const std::string& png_path) {
  require(logits.dimension() == 2 && y.dimension() == 1 && logits.shape(0) == y.shape(0),
          "report_per_class", "logits", logits, "y", y, "logits must be (N, K) and y (N)");
  const std::size_t n = logits.shape(0), k = logits.shape(1);
  std::vector<std::size_t> right(k, 0), total(k, 0), wrong;
  for (std::size_t i = 0; i < n; ++i) {
    const float* row = logits.data() + i * k;
    const auto pred = std::size_t(std::max_element(row, row + k) - row);
    const auto label = std::size_t(y(i));
    if (label >= k) continue;
    ++total[label];
    if (pred == label) {
      ++right[label];
    } else if (wrong.size() < 64) {
      wrong.push_back(i);
    }
  }
  fmt::print("\n{}:\n", title);
  for (std::size_t c = 0; c < k; ++c) {
    const std::string name = c < class_names.size() ? class_names[c] : std::to_string(c);
    fmt::print("  {:>2} {:<12} {:>5.1f}%  ({}/{})\n", c, name,
               total[c] ? 100.0 * double(right[c]) / double(total[c]) : 0.0, right[c], total[c]);
  }
  if (!wrong.empty()) {
    Tensor pictures = take_rows(images, wrong);
    const std::size_t pixels = pictures.size() / wrong.size();
    const auto side = static_cast<std::size_t>(std::lround(std::sqrt(double(pixels))));
    if (side * side == pixels) {
      pictures.reshape({wrong.size(), side, side});
      save_image_grid_png(png_path, pictures, 16, 2);
      fmt::print("the first {} misclassified test images: {}\n", wrong.size(), png_path);
    }
  }
  const std::size_t all_right = std::accumulate(right.begin(), right.end(), std::size_t{0});
  return n ? double(all_right) / double(n) : 0.0;
}

}  // namespace nnlab
