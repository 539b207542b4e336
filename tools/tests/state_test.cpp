// Progress files: hint progression and the state list reads.
#include <gtest/gtest.h>

#include "nnlab/tool/state.hpp"
#include "test_util.hpp"

namespace nnlab::tool {
namespace {

TEST(Hints, AdvanceOneByOneThenRepeatTheLast) {
  test::TempDir dir;
  const auto file = dir / "hints.json";
  {
    HintBook book(file);
    EXPECT_EQ(book.shown("01.1"), 0);
    EXPECT_EQ(book.advance("01.1", 3), 1);
    book.save();
  }
  HintBook book(file);  // progress survives between calls
  EXPECT_EQ(book.advance("01.1", 3), 2);
  EXPECT_EQ(book.advance("01.1", 3), 3);
  EXPECT_EQ(book.advance("01.1", 3), 3);
  EXPECT_EQ(book.shown("01.1"), 3);
  EXPECT_EQ(book.advance("01.2", 2), 1);  // independent per exercise
  book.reset("01.1");
  EXPECT_EQ(book.advance("01.1", 3), 1);
  EXPECT_EQ(book.advance("01.3", 0), 0);
}

TEST(Hints, DamagedFileStartsOver) {
  test::TempDir dir;
  test::write_file(dir / "hints.json", "{not json");
  HintBook book(dir / "hints.json");
  EXPECT_EQ(book.advance("01.1", 2), 1);
}

TEST(State, RecordsAndReloads) {
  test::TempDir dir;
  ExerciseResult r;
  r.id = "01.1";
  r.status = ExerciseStatus::not_implemented;
  r.points = 1;
  r.max_points = 6;
  {
    StateFile s(dir / "state.json");
    EXPECT_EQ(s.find("01.1"), nullptr);
    s.record(r, 1000);
    s.save();
  }
  StateFile s(dir / "state.json");
  ASSERT_NE(s.find("01.1"), nullptr);
  EXPECT_EQ(s.find("01.1")->status, ExerciseStatus::not_implemented);
  EXPECT_DOUBLE_EQ(s.find("01.1")->points, 1);
  EXPECT_DOUBLE_EQ(s.find("01.1")->max_points, 6);
  EXPECT_EQ(s.find("01.1")->time, 1000);
}

TEST(State, FileMtime) {
  test::TempDir dir;
  test::write_file(dir / "f.cpp", "x");
  EXPECT_GT(file_mtime(dir / "f.cpp"), 1600000000);
  EXPECT_EQ(file_mtime(dir / "missing.cpp"), 0);
}

}  // namespace
}  // namespace nnlab::tool
