// Tests of the demos' image data helpers: the splits and the per-class report.
#include "nnlab/image_data.hpp"

#include <filesystem>

#include <gtest/gtest.h>
#include <xtensor/xview.hpp>

#include "nnlab/errors.hpp"
#include "nnlab/idx.hpp"
#include "nnlab/testing.hpp"

namespace nnlab {
namespace {

using nnlab::testing::TempDir;
using nnlab::testing::throws_with;

TEST(ImageData, Shapes10SplitsUseThreeSeeds) {
  const ImageSplits s = load_image_splits("", 5, 30, 20, 10);
  EXPECT_EQ(s.source, "shapes10");
  EXPECT_EQ(s.train.x.shape(0), 30u);
  EXPECT_EQ(s.dev.x.shape(0), 20u);
  EXPECT_EQ(s.test.x.shape(0), 10u);
  EXPECT_EQ(s.train.x.shape(1), 28u);
  EXPECT_EQ(s.class_names.size(), 10u);
  // The dev set is drawn from seed + 1, not a prefix of the training set.
  EXPECT_FALSE(nnlab::testing::all_close(Tensor(xt::view(s.train.x, 0)),
                                         Tensor(xt::view(s.dev.x, 0)), 0, 0));
}

TEST(ImageData, IdxFolderKeepsTheLastTenthForDev) {
  TempDir dir;
  Tensor x = xt::zeros<float>({20, 2, 2});
  Labels y = Labels::from_shape({20});
  for (std::size_t i = 0; i < 20; ++i) y(i) = std::int64_t(i % 10);
  save_idx_images(dir.file("train-images-idx3-ubyte"), x);
  save_idx_labels(dir.file("train-labels-idx1-ubyte"), y);
  save_idx_images(dir.file("t10k-images-idx3-ubyte"), xt::zeros<float>({3, 2, 2}));
  save_idx_labels(dir.file("t10k-labels-idx1-ubyte"), Labels{1, 2, 3});
  const ImageSplits s = load_image_splits(dir.path(), 0, 999, 999, 999);
  EXPECT_EQ(s.train.x.shape(0), 18u);  // 20 - min(5000, 20 / 10)
  EXPECT_EQ(s.dev.x.shape(0), 2u);
  EXPECT_EQ(s.dev.y(0), 8);            // images 18 and 19
  EXPECT_EQ(s.test.x.shape(0), 3u);
  EXPECT_EQ(s.class_names[0], "T-shirt/top");

  save_idx_labels(dir.file("t10k-labels-idx1-ubyte"), Labels{1, 12, 3});
  EXPECT_TRUE(throws_with<DataError>([&] { load_image_splits(dir.path(), 0, 1, 1, 1); },
                                     {"labels go up to 12"}));
}

// Three samples of two classes: rows 0 and 2 right, row 1 wrong -> 2/3, one mistake pictured.
TEST(ImageData, ReportCountsPerClassAndDrawsTheMistakes) {
  TempDir dir;
  const Tensor logits = {{2, 1}, {3, 0}, {0, 5}};
  const Labels y = {0, 1, 1};
  const Tensor images = xt::zeros<float>({3, 4, 4});
  const double acc =
      report_per_class("test", logits, y, {"a", "b"}, images, dir.file("mistakes.png"));
  EXPECT_NEAR(acc, 2.0 / 3.0, 1e-12);
  EXPECT_TRUE(std::filesystem::exists(dir.file("mistakes.png")));
  EXPECT_TRUE(throws_with<ShapeError>(
      [&] { report_per_class("t", logits, Labels{0, 1}, {}, images, dir.file("m.png")); },
      {"report_per_class"}));
}

}  // namespace
}  // namespace nnlab
