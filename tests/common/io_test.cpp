// .npy reading and writing: round trips, files written by NumPy's rules, and bad files.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "nnlab/io.hpp"
#include "nnlab/testing.hpp"

using namespace nnlab;
using nnlab::testing::TempDir;

namespace {
void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}
std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
// A version 1.0 .npy file as NumPy writes it, with the given header dict and data.
std::string npy(const std::string& dict, const std::string& data) {
  std::string h = dict;
  while ((10 + h.size() + 1) % 64) h += ' ';
  h += '\n';
  return std::string("\x93NUMPY\x01\x00", 8) + char(h.size() & 0xff) + char(h.size() >> 8) + h +
         data;
}
}  // namespace

TEST(Npy, RoundTripsFloatsAndLabels) {
  TempDir dir;
  const Tensor t = {{1.5f, -2.0f, 3.25f}, {0.0f, 1e-8f, -1e8f}};
  save_npy(dir.file("t.npy"), t);
  EXPECT_TRUE(nnlab::testing::all_close(load_npy(dir.file("t.npy")), t, 0, 0));
  const Labels y = {3, 0, -1, 1234567890123LL};
  save_npy(dir.file("y.npy"), y);
  EXPECT_TRUE(nnlab::testing::labels_equal(load_npy_labels(dir.file("y.npy")), y));
  EXPECT_FALSE(std::filesystem::exists(dir.file("t.npy.tmp")));
}

TEST(Npy, WritesTheHeaderNumPyWrites) {
  TempDir dir;
  save_npy(dir.file("v.npy"), Tensor{1.0f, 2.0f});
  const std::string bytes = read_bytes(dir.file("v.npy"));
  ASSERT_EQ(bytes.size(), 128u + 8u);  // the header is padded to a multiple of 64 bytes
  EXPECT_NE(bytes.find("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"),
            std::string::npos);
}

TEST(Npy, ReadsFloat64AndInt32AndScalars) {
  TempDir dir;
  const double d[] = {0.5, -4.0};
  write_bytes(dir.file("d.npy"), npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
                                     std::string(reinterpret_cast<const char*>(d), 16)));
  EXPECT_TRUE(nnlab::testing::all_close(load_npy(dir.file("d.npy")), Tensor{0.5f, -4.0f}, 0, 0));
  const std::int32_t i[] = {7, -2, 5};
  write_bytes(dir.file("i.npy"), npy("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }",
                                     std::string(reinterpret_cast<const char*>(i), 12)));
  EXPECT_TRUE(nnlab::testing::labels_equal(load_npy_labels(dir.file("i.npy")), Labels{7, -2, 5}));
  const float s = 2.5f;
  write_bytes(dir.file("s.npy"), npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
                                     std::string(reinterpret_cast<const char*>(&s), 4)));
  const Tensor scalar = load_npy(dir.file("s.npy"));
  EXPECT_EQ(scalar.dimension(), 0u);
  EXPECT_EQ(scalar(), 2.5f);
}

TEST(Npy, BadFilesRaiseDataErrorNamingFileAndProblem) {
  TempDir dir;
  using nnlab::testing::throws_with;
  const std::string missing = dir.file("missing.npy");
  EXPECT_TRUE(throws_with<DataError>([&] { load_npy(missing); }, {missing, "cannot open"}));

  write_bytes(dir.file("junk.npy"), "PK\x03\x04 this is a zip file");
  EXPECT_TRUE(throws_with<DataError>([&] { load_npy(dir.file("junk.npy")); },
                                     {"junk.npy", "not a .npy file"}));

  save_npy(dir.file("short.npy"), Tensor{{1.0f, 2.0f}, {3.0f, 4.0f}});
  std::filesystem::resize_file(dir.file("short.npy"), 128 + 10);  // 10 of 16 data bytes
  EXPECT_TRUE(throws_with<DataError>([&] { load_npy(dir.file("short.npy")); },
                                     {"short.npy", "truncated", "(2, 2)", "16 bytes", "has 10"}));

  write_bytes(dir.file("f.npy"), npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }",
                                     std::string(4, '\0')));
  EXPECT_TRUE(throws_with<DataError>([&] { load_npy(dir.file("f.npy")); }, {"Fortran"}));

  write_bytes(dir.file("c.npy"), npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }",
                                     std::string(8, '\0')));
  EXPECT_TRUE(throws_with<DataError>([&] { load_npy(dir.file("c.npy")); }, {"'<c8'"}));

  save_npy(dir.file("floats.npy"), Tensor{1.0f});
  EXPECT_TRUE(throws_with<DataError>([&] { load_npy_labels(dir.file("floats.npy")); },
                                     {"expected integer labels"}));
}

TEST(Npy, FailedWriteLeavesTheOldFileIntact) {
  TempDir dir;
  save_npy(dir.file("keep.npy"), Tensor{1.0f});
  const std::string bad = dir.file("no-such-dir/x.npy");
  EXPECT_THROW(save_npy(bad, Tensor{2.0f}), DataError);
  EXPECT_EQ(load_npy(dir.file("keep.npy"))(0), 1.0f);
}
