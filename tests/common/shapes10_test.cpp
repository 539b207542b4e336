// The shapes10 synthetic data set and the PNG contact sheet.
#include <cstring>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "nnlab/errors.hpp"
#include "nnlab/shapes10.hpp"
#include "nnlab/testing.hpp"

using namespace nnlab;
using nnlab::testing::TempDir;
using nnlab::testing::throws_with;

TEST(Shapes10, ShapesRangesAndLabels) {
  const ClassificationData d = shapes10(50, 3);
  EXPECT_EQ(shape_of(d.x), (Shape{50, 28, 28}));
  EXPECT_EQ(shape_of(d.y), (Shape{50}));
  EXPECT_GE(xt::amin(d.x)(), 0.0f);
  EXPECT_LE(xt::amax(d.x)(), 1.0f);
  EXPECT_LT(xt::mean(d.x)(), 0.3f);  // a dark background with one shape on it
  for (std::size_t i = 0; i < 50; ++i) {
    EXPECT_GE(d.y(i), 0);
    EXPECT_LT(d.y(i), 10);
  }
  EXPECT_STREQ(kShapes10Names[0], "circle");
  EXPECT_STREQ(kShapes10Names[9], "two dots");
}

TEST(Shapes10, DeterministicBySeed) {
  const ClassificationData a = shapes10(30, 7), b = shapes10(30, 7), c = shapes10(30, 8);
  EXPECT_EQ(std::memcmp(a.x.data(), b.x.data(), a.x.size() * sizeof(float)), 0);
  EXPECT_TRUE(nnlab::testing::labels_equal(a.y, b.y));
  EXPECT_NE(std::memcmp(a.x.data(), c.x.data(), a.x.size() * sizeof(float)), 0);
}

TEST(Shapes10, BalancedAndShuffled) {
  const ClassificationData d = shapes10(103, 1);
  std::vector<int> count(10, 0);
  bool in_order = true;
  for (std::size_t i = 0; i < 103; ++i) {
    ++count[d.y(i)];
    in_order = in_order && d.y(i) == static_cast<std::int64_t>(i % 10);
  }
  // 103 = 10 x 10 + 3: the remainder goes to classes 0, 1 and 2.
  EXPECT_EQ(count, (std::vector<int>{11, 11, 11, 10, 10, 10, 10, 10, 10, 10}));
  EXPECT_FALSE(in_order);
}

TEST(Shapes10, ClassMeanImagesDiffer) {
  const ClassificationData d = shapes10(400, 5);
  xt::xarray<double> mean = xt::zeros<double>({10, 28 * 28});
  for (std::size_t i = 0; i < 400; ++i) {
    for (std::size_t j = 0; j < 28 * 28; ++j) mean(d.y(i), j) += d.x.data()[i * 28 * 28 + j] / 40.0;
  }
  for (std::size_t a = 0; a < 10; ++a) {
    for (std::size_t b = a + 1; b < 10; ++b) {
      const double dist = std::sqrt(xt::sum(xt::square(xt::row(mean, a) - xt::row(mean, b)))());
      EXPECT_GT(dist, 0.3) << kShapes10Names[a] << " vs " << kShapes10Names[b];
    }
  }
}

TEST(Shapes10, NoNoiseLeavesTheBackgroundBlack) {
  Shapes10Options o;
  o.noise = 0.0f;
  o.max_intensity = 0.8f;
  const ClassificationData d = shapes10(20, 2, o);
  EXPECT_LE(xt::amax(d.x)(), 0.8f + 1e-6f);
  for (std::size_t i = 0; i < 20; ++i) {
    const auto img = xt::view(d.x, i);
    EXPECT_GT(xt::sum(xt::equal(img, 0.0f))(), 300u) << "image " << i;  // background
    EXPECT_GT(xt::amax(img)(), 0.3f) << "image " << i;                  // a visible shape
  }
}

TEST(Shapes10, RejectsBadOptions) {
  Shapes10Options o;
  o.min_scale = 9.0f;
  o.max_scale = 5.0f;
  EXPECT_TRUE(throws_with<ShapeError>([&] { shapes10(10, 1, o); }, {"shapes10", "scale"}));
  Shapes10Options n;
  n.noise = -1.0f;
  EXPECT_TRUE(throws_with<ShapeError>([&] { shapes10(10, 1, n); }, {"shapes10", "noise"}));
}

TEST(ImageGrid, WritesAPngAtomically) {
  TempDir dir;
  const std::string path = dir.file("grid.png");
  save_image_grid_png(path, shapes10(12, 1).x, 5, 2);
  std::ifstream in(path, std::ios::binary);
  const std::string bytes(std::istreambuf_iterator<char>(in), {});
  ASSERT_GT(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

  EXPECT_TRUE(throws_with<ShapeError>([&] { save_image_grid_png(path, Tensor(xt::ones<float>({1, 1})), 2); },
                                      {"save_image_grid_png", "rank 3"}));
  const std::string nowhere = dir.file("no/such/folder/grid.png");
  EXPECT_TRUE(throws_with<DataError>(
      [&] { save_image_grid_png(nowhere, xt::zeros<float>({1, 2, 2}), 1); }, {nowhere}));
}
