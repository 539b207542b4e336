// Grading end to end on the fixtures: a hand-made chapter whose exercise is graded by the
// crash fixture's tests, and one whose test target does not compile.
#include <gtest/gtest.h>

#include "nnlab/tool/grade.hpp"
#include "nnlab/tool/report.hpp"
#include "test_util.hpp"

namespace nnlab::tool {
namespace {

/// A source root with chapter 99_fixture whose exercise 99.1 is graded by `target`.
struct FixtureChapter {
  test::TempDir root;
  Index index;
  explicit FixtureChapter(const std::string& target) {
    test::write_file(root / "chapters/99_fixture/exercises.json", R"({
      "chapter": "99_fixture", "title": "Fixtures",
      "exercises": [
        {"id": "99.1", "title": "Crash", "file": "exercises/crash.cpp", "suites": ["CrashFixture"],
         "points": 15, "hints": ["a", "b"]},
        {"id": "99.2", "title": "Gpu only", "file": "exercises/gpu.cu", "suites": ["Gpu"],
         "points": 4, "hints": ["a", "b"]}
      ]})");
    index.source_dir = root.path();
    index.binary_dir = NNLAB_TOOL_BINARY_DIR;
    index.chapters.push_back({"99_fixture", "fixture", {"exercise"}});
    index.tests.push_back({"99_fixture", "99.1", "exercise", target, test::fixture(target),
                           "tools/tests/fixtures/crash.cpp"});
    index.unavailable.push_back({"99_fixture", "99.2", "built without CUDA"});
  }
  GradeReport grade_it() {
    GradeOptions o;
    o.exercise = "99.1";
    o.timeout_s = 30;
    o.work_dir = root / "grade";
    o.reload_index = false;
    return grade(index, NNLAB_TOOL_BINARY_DIR, root.path(), o);
  }
};

TEST(Grade, CrashingExerciseGetsPartialCreditForItsOtherTests) {
  FixtureChapter ch("fixture_crash");
  const auto report = ch.grade_it();
  ASSERT_EQ(report.chapters.size(), 1u);
  ASSERT_TRUE(report.chapters[0].build_ok) << report.chapters[0].build.excerpt;
  const auto all = report.all_exercises();
  ASSERT_EQ(all.size(), 1u);  // only the exercise asked for
  const auto& ex = all[0];
  EXPECT_EQ(ex.id, "99.1");
  EXPECT_EQ(ex.tests.size(), 5u);
  EXPECT_EQ(ex.status, ExerciseStatus::crashed);
  EXPECT_DOUBLE_EQ(ex.points, 6);  // Passes (1) + PassesToo (5)
  EXPECT_DOUBLE_EQ(ex.max_points, 15);
}

TEST(Grade, WholeChapterListsUnavailableExercises) {
  FixtureChapter ch("fixture_crash");
  GradeOptions o;
  o.timeout_s = 30;
  o.work_dir = ch.root / "grade";
  o.reload_index = false;
  // The chapter target fixture_exercise_tests does not exist: a build error for 99.1, while
  // 99.2 stays unavailable.
  const auto report = grade(ch.index, NNLAB_TOOL_BINARY_DIR, ch.root.path(), o);
  const auto all = report.all_exercises();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].status, ExerciseStatus::build_error);
  EXPECT_EQ(all[1].status, ExerciseStatus::unavailable);
  EXPECT_EQ(all[1].detail, "built without CUDA");
  const auto gs = gradescope_json(report);
  EXPECT_DOUBLE_EQ(gs["score"].get<double>(), 0);
  EXPECT_EQ(gs["tests"].size(), 2u);
}

TEST(Grade, BrokenBuildIsABuildErrorAndNothingRuns) {
  FixtureChapter ch("fixture_broken");
  const auto report = ch.grade_it();
  ASSERT_EQ(report.chapters.size(), 1u);
  EXPECT_FALSE(report.chapters[0].build_ok);
  const auto& ex = report.all_exercises().at(0);
  EXPECT_EQ(ex.status, ExerciseStatus::build_error);
  EXPECT_DOUBLE_EQ(ex.points, 0);
  EXPECT_NE(ex.detail.find("broken.cpp"), std::string::npos) << ex.detail;
  EXPECT_FALSE(std::filesystem::exists(ch.root / "grade/fixture_broken.json"));
}

}  // namespace
}  // namespace nnlab::tool
