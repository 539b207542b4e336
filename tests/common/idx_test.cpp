// IDX files (MNIST / Fashion-MNIST): hand-made bytes, round trips and every bad file.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <xtensor/xview.hpp>

#include "nnlab/errors.hpp"
#include "nnlab/idx.hpp"
#include "nnlab/testing.hpp"

using namespace nnlab;
using nnlab::testing::TempDir;
using nnlab::testing::throws_with;

namespace {
void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}
std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
// 2 images of 2 x 3 and 3 labels, written byte by byte as in the IDX specification.
const std::string kImages = std::string("\x00\x00\x08\x03", 4) + std::string("\x00\x00\x00\x02", 4) +
                            std::string("\x00\x00\x00\x02", 4) + std::string("\x00\x00\x00\x03", 4) +
                            std::string("\x00\xff\x33\x66\x99\xcc" "\x01\x02\x03\x04\x05\x80", 12);
const std::string kLabels = std::string("\x00\x00\x08\x01", 4) + std::string("\x00\x00\x00\x03", 4) +
                            std::string("\x07\x00\x09", 3);
}  // namespace

TEST(Idx, ReadsHandMadeBytes) {
  TempDir dir;
  write_bytes(dir.file("img"), kImages);
  write_bytes(dir.file("lab"), kLabels);
  const Tensor x = load_idx_images(dir.file("img"));
  // byte / 255: 0x33 = 51 -> 0.2, 0x66 = 102 -> 0.4, 0x99 = 153 -> 0.6, 0xcc = 204 -> 0.8.
  const Tensor expected = {{{0.0f, 1.0f, 0.2f}, {0.4f, 0.6f, 0.8f}},
                           {{1 / 255.0f, 2 / 255.0f, 3 / 255.0f}, {4 / 255.0f, 5 / 255.0f, 128 / 255.0f}}};
  EXPECT_TRUE(nnlab::testing::all_close(x, expected, 1e-7, 0));  // atol 1e-7: float rounding
  EXPECT_TRUE(nnlab::testing::labels_equal(load_idx_labels(dir.file("lab")), Labels{7, 0, 9}));
}

TEST(Idx, RoundTripsPlainAndGzip) {
  TempDir dir;
  const Tensor x = {{{0.0f, 0.5f}, {1.0f, 0.25f}}, {{2.0f, -1.0f}, {0.1f, 0.9f}},
                    {{0.3f, 0.7f}, {0.0f, 1.0f}}};
  const Tensor clamped = xt::clip(x, 0.0f, 1.0f);
  const Labels y = {3, 255, 0};
  for (bool gzip : {false, true}) {
    const std::string img = dir.file(gzip ? "x.gz" : "x"), lab = dir.file(gzip ? "y.gz" : "y");
    save_idx_images(img, x, gzip);
    save_idx_labels(lab, y, gzip);
    EXPECT_EQ(read_bytes(img).substr(0, 2) == "\x1f\x8b", gzip) << img;
    EXPECT_FALSE(std::filesystem::exists(img + ".tmp"));
    const ClassificationData d = load_idx(img, lab);
    // Bytes hold round(255 v): back to within half a step, 1/510.
    EXPECT_TRUE(nnlab::testing::all_close(d.x, clamped, 1.0 / 510 + 1e-7, 0)) << img;
    EXPECT_TRUE(nnlab::testing::labels_equal(d.y, y)) << lab;
  }
  // The plain file is byte for byte the IDX layout.
  save_idx_labels(dir.file("hand"), Labels{7, 0, 9});
  EXPECT_EQ(read_bytes(dir.file("hand")), kLabels);
}

TEST(Idx, SaveRejectsBadShapesAndLabels) {
  TempDir dir;
  EXPECT_TRUE(throws_with<ShapeError>([&] { save_idx_images(dir.file("a"), Tensor(xt::ones<float>({1, 1}))); },
                                      {"save_idx_images", "(1, 1)", "rank 3"}));
  EXPECT_TRUE(throws_with<ShapeError>([&] { save_idx_labels(dir.file("b"), Labels{1LL, 256LL}); },
                                      {"save_idx_labels", "256", "index 1"}));
}

TEST(Idx, BadFilesRaiseDataErrorNamingFileAndProblem) {
  TempDir dir;
  const std::string missing = dir.file("missing-idx3-ubyte");
  EXPECT_TRUE(throws_with<DataError>([&] { load_idx_images(missing); }, {missing, "cannot open"}));

  write_bytes(dir.file("zip"), "PK\x03\x04 not an idx file at all");
  EXPECT_TRUE(throws_with<DataError>([&] { load_idx_images(dir.file("zip")); },
                                     {"zip", "bad magic number 0x504b0304", "expected 0x00000803"}));
  write_bytes(dir.file("lab"), kLabels);
  write_bytes(dir.file("img"), kImages);
  EXPECT_TRUE(throws_with<DataError>([&] { load_idx_images(dir.file("lab")); },
                                     {"lab", "0x00000801", "expected 0x00000803", "swapped"}));
  EXPECT_TRUE(throws_with<DataError>([&] { load_idx_labels(dir.file("img")); },
                                     {"img", "0x00000803", "expected 0x00000801", "swapped"}));

  write_bytes(dir.file("tiny"), std::string("\x00\x00", 2));
  EXPECT_TRUE(throws_with<DataError>([&] { load_idx_images(dir.file("tiny")); },
                                     {"tiny", "truncated", "16-byte", "found 2 bytes"}));
  write_bytes(dir.file("header"), kImages.substr(0, 10));
  EXPECT_TRUE(throws_with<DataError>([&] { load_idx_images(dir.file("header")); },
                                     {"header", "truncated", "16-byte", "found 10 bytes"}));
  write_bytes(dir.file("short"), kImages.substr(0, 25));  // 9 of 12 pixel bytes
  EXPECT_TRUE(throws_with<DataError>([&] { load_idx_images(dir.file("short")); },
                                     {"short", "truncated", "expected 28 bytes", "2 images of 2 x 3",
                                      "found 25 bytes"}));
  write_bytes(dir.file("shortlab"), kLabels.substr(0, 10));
  EXPECT_TRUE(throws_with<DataError>([&] { load_idx_labels(dir.file("shortlab")); },
                                     {"shortlab", "expected 11 bytes", "3 labels", "found 10"}));
  write_bytes(dir.file("long"), kLabels + "xy");
  EXPECT_TRUE(throws_with<DataError>([&] { load_idx_labels(dir.file("long")); },
                                     {"long", "2 extra bytes", "expected 11 bytes"}));

  // Files that do not belong together: 2 images, 3 labels.
  EXPECT_TRUE(throws_with<DataError>([&] { load_idx(dir.file("img"), dir.file("lab")); },
                                     {dir.file("img"), dir.file("lab"), "2 images", "3 labels"}));
}

TEST(Idx, CorruptOrTruncatedGzipRaisesDataError) {
  TempDir dir;
  Tensor x = xt::zeros<float>({20, 8, 8});
  for (std::size_t i = 0; i < x.size(); ++i) x.data()[i] = float((i * 37) % 256) / 255.0f;
  save_idx_images(dir.file("x.gz"), x, true);
  const std::string gz = read_bytes(dir.file("x.gz"));
  ASSERT_GT(gz.size(), 40u);

  write_bytes(dir.file("cut.gz"), gz.substr(0, gz.size() / 2));
  EXPECT_TRUE(throws_with<DataError>([&] { load_idx_images(dir.file("cut.gz")); },
                                     {"cut.gz", "gzip", "truncated"}));
  std::string bad = gz;
  for (std::size_t i = 12; i < 24; ++i) bad[i] = static_cast<char>(bad[i] ^ 0x5a);
  write_bytes(dir.file("bad.gz"), bad);
  EXPECT_TRUE(throws_with<DataError>([&] { load_idx_images(dir.file("bad.gz")); },
                                     {"bad.gz", "gzip"}));
  std::string crc = gz;  // a wrong CRC-32 in the trailer
  crc[crc.size() - 6] = static_cast<char>(crc[crc.size() - 6] ^ 0x01);
  write_bytes(dir.file("crc.gz"), crc);
  EXPECT_TRUE(throws_with<DataError>([&] { load_idx_images(dir.file("crc.gz")); },
                                     {"crc.gz", "corrupt gzip data"}));
}

// A folder as downloaded: training files gzip-compressed, test files plain.
TEST(Idx, LoadsAFolderOfTheFourFiles) {
  TempDir dir;
  const Tensor x = {{{0.0f, 1.0f}, {1.0f, 0.0f}}, {{1.0f, 1.0f}, {0.0f, 0.0f}}};
  save_idx_images(dir.file("train-images-idx3-ubyte.gz"), x, true);
  save_idx_labels(dir.file("train-labels-idx1-ubyte.gz"), Labels{4, 2}, true);
  save_idx_images(dir.file("t10k-images-idx3-ubyte"), xt::view(x, xt::range(0, 1)));
  EXPECT_TRUE(throws_with<DataError>([&] { load_idx_folder(dir.path()); },
                                     {"t10k-labels-idx1-ubyte", "not found"}));
  save_idx_labels(dir.file("t10k-labels-idx1-ubyte"), Labels{9});
  const IdxFolder f = load_idx_folder(dir.path());
  EXPECT_TRUE(nnlab::testing::all_close(f.train.x, x, 0, 0));
  EXPECT_TRUE(nnlab::testing::labels_equal(f.train.y, Labels{4, 2}));
  EXPECT_EQ(f.test.x.shape(0), 1u);
  EXPECT_TRUE(nnlab::testing::labels_equal(f.test.y, Labels{9}));
  EXPECT_STREQ(kFashionMnistNames[9], "Ankle boot");
}
