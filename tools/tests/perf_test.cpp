// Performance points with fixture bench programs: an equally fast student earns them, a three
// times slower one does not, a student whose tests fail never gets them (and nothing is
// measured), and a row skipped for want of a GPU is not graded.
#include <gtest/gtest.h>

#include "nnlab/tool/manifest.hpp"
#include "nnlab/tool/perf.hpp"
#include "nnlab/tool/report.hpp"
#include "test_util.hpp"

namespace nnlab::tool {
namespace {

namespace fs = std::filesystem;

PerfSpec work_spec(const std::string& size = "") {
  PerfSpec s;
  s.points = 2;
  s.benchmark = "Work";
  s.max_ratio = 1.5;
  s.size = size;
  return s;
}

PerfSides sides_with(const std::string& student_fixture) {
  PerfSides s;
  s.reference = {test::fixture("fixture_bench_reference"), "ref", "solution", false, ""};
  s.student = {test::fixture(student_fixture), "stu", "exercise", false, ""};
  return s;
}

PerfOptions quick(const test::TempDir& dir) {
  PerfOptions o;
  o.rounds = 5;
  o.min_time = 0.02;
  o.work_dir = dir.path();
  return o;
}

TEST(PerfManifest, ParsesAndChecksThePerfObject) {
  const auto m = parse_manifest(R"({"chapter": "09_toy", "exercises": [
    {"id": "09.1", "file": "a.cpp", "points": 3,
     "perf": {"points": 2, "benchmark": "Add", "max_ratio": 1.5, "size": 4096,
              "description": "fast enough"}},
    {"id": "09.2", "file": "b.cpp", "points": 3}]})");
  ASSERT_TRUE(m.exercises[0].perf);
  EXPECT_DOUBLE_EQ(m.exercises[0].perf->points, 2);
  EXPECT_EQ(m.exercises[0].perf->benchmark, "Add");
  EXPECT_DOUBLE_EQ(m.exercises[0].perf->max_ratio, 1.5);
  EXPECT_EQ(m.exercises[0].perf->size, "4096");
  EXPECT_FALSE(m.exercises[1].perf);
  EXPECT_DOUBLE_EQ(m.perf_points(), 2);
  EXPECT_THROW(parse_manifest(R"({"exercises": [{"id": "09.1", "file": "a.cpp",
                 "perf": {"points": 2, "benchmark": "Add", "max_ratio": 0}}]})", "09_toy"),
               std::runtime_error);
  EXPECT_THROW(parse_manifest(R"({"exercises": [{"id": "09.1", "file": "a.cpp",
                 "perf": {"points": 2, "max_ratio": 1.5}}]})", "09_toy"),
               std::runtime_error);
}

TEST(PerfGrade, FailingCorrectnessWithholdsWithoutMeasuring) {
  test::TempDir dir;
  for (auto status : {ExerciseStatus::failing, ExerciseStatus::not_implemented,
                      ExerciseStatus::crashed, ExerciseStatus::build_error}) {
    const auto s = grade_perf(work_spec(), status, sides_with("fixture_bench_fast"), quick(dir));
    EXPECT_EQ(s.status, PerfStatus::withheld) << to_string(status);
    EXPECT_DOUBLE_EQ(s.points, 0);
    EXPECT_DOUBLE_EQ(s.max_points, 2);
    EXPECT_TRUE(s.graded());  // counts as 0 of 2
    EXPECT_EQ(s.runs, 0);
    EXPECT_NE(s.reason.find("correctness tests do not all pass"), std::string::npos) << s.reason;
  }
  EXPECT_TRUE(fs::is_empty(dir.path()));  // nothing ran
}

TEST(PerfGrade, SkippedCorrectnessIsNotGraded) {
  test::TempDir dir;
  const auto s = grade_perf(work_spec(), ExerciseStatus::skipped, sides_with("fixture_bench_fast"),
                            quick(dir));
  EXPECT_EQ(s.status, PerfStatus::not_graded);
  EXPECT_FALSE(s.graded());
}

#if NNLAB_TOOL_HAVE_BENCH_FIXTURES
TEST(PerfGrade, EquallyFastStudentEarnsThePoints) {
  test::TempDir dir;
  const auto s = grade_perf(work_spec(), ExerciseStatus::passed, sides_with("fixture_bench_fast"),
                            quick(dir));
  EXPECT_EQ(s.status, PerfStatus::awarded) << s.reason;
  EXPECT_DOUBLE_EQ(s.points, 2);
  EXPECT_GT(s.ratio, 0.5);
  EXPECT_LT(s.ratio, 1.5);
  EXPECT_EQ(s.runs, 5);
  EXPECT_EQ(s.row, "Work/student/4096");  // the largest size
  EXPECT_EQ(s.reference_row, "Work/reference/4096");
  EXPECT_NE(s.reason.find("awarded"), std::string::npos);
}

TEST(PerfGrade, ThreeTimesSlowerStudentIsTooSlow) {
  test::TempDir dir;
  const auto s = grade_perf(work_spec(), ExerciseStatus::passed, sides_with("fixture_bench_slow"),
                            quick(dir));
  EXPECT_EQ(s.status, PerfStatus::too_slow) << s.reason;
  EXPECT_DOUBLE_EQ(s.points, 0);
  EXPECT_TRUE(s.graded());
  EXPECT_GT(s.ratio, 2.0);
  EXPECT_NE(s.reason.find("too slow"), std::string::npos);
}

TEST(PerfGrade, TheManifestsSizeIsMeasured) {
  test::TempDir dir;
  const auto s = grade_perf(work_spec("1024"), ExerciseStatus::passed,
                            sides_with("fixture_bench_fast"), quick(dir));
  EXPECT_EQ(s.row, "Work/student/1024");
  const auto none = grade_perf(work_spec("77"), ExerciseStatus::passed,
                               sides_with("fixture_bench_fast"), quick(dir));
  EXPECT_EQ(none.status, PerfStatus::not_graded);
  EXPECT_NE(none.reason.find("size 77"), std::string::npos) << none.reason;
}

TEST(PerfGrade, NoGpuRowIsNotGraded) {
  test::TempDir dir;
  const auto s = grade_perf(work_spec(), ExerciseStatus::passed, sides_with("fixture_bench_nogpu"),
                            quick(dir));
  EXPECT_EQ(s.status, PerfStatus::not_graded) << s.reason;
  EXPECT_NE(s.reason.find("no GPU (fixture)"), std::string::npos) << s.reason;
}

/// A hand-made build: chapter 99_fixture with bench programs that are the fixtures.
Index fixture_index(const fs::path& root, const std::string& student_fixture) {
  Index index;
  index.source_dir = root;
  index.binary_dir = NNLAB_TOOL_BINARY_DIR;
  index.chapters.push_back({"99_fixture", "fixture", {"exercise", "solution"}});
  index.benches.push_back({"99_fixture", "solution", "fixture_bench_reference",
                           test::fixture("fixture_bench_reference"), "bench/99_fixture/work_bench.cpp",
                           false});
  index.benches.push_back({"99_fixture", "exercise", student_fixture,
                           test::fixture(student_fixture), "bench/99_fixture/work_bench.cpp", false});
  return index;
}

TEST(PerfGrade, FindsTheProgramsOfBothSides) {
  test::TempDir dir;
  const Index index = fixture_index(dir.path(), "fixture_bench_slow");
  std::string why;
  auto sides = find_perf_sides(index, "99_fixture", work_spec(), "exercise", why);
  ASSERT_TRUE(sides) << why;
  EXPECT_EQ(sides->student.path, test::fixture("fixture_bench_slow"));
  EXPECT_EQ(sides->student_implementation, "student");
  // Grading the solutions compares the reference with itself.
  sides = find_perf_sides(index, "99_fixture", work_spec(), "solution", why);
  ASSERT_TRUE(sides) << why;
  EXPECT_EQ(sides->student.path, test::fixture("fixture_bench_reference"));
  EXPECT_EQ(sides->student_implementation, "reference");
  PerfSpec other = work_spec();
  other.benchmark = "Nothing";
  EXPECT_FALSE(find_perf_sides(index, "99_fixture", other, "exercise", why));
  EXPECT_NE(why.find("Nothing/reference"), std::string::npos) << why;
  EXPECT_FALSE(find_perf_sides(Index{}, "99_fixture", work_spec(), "exercise", why));
  EXPECT_NE(why.find("NNLAB_BUILD_BENCH"), std::string::npos) << why;
}

TEST(PerfGrade, GradePerformanceAwardsAndWithholdsInAReport) {
  test::TempDir root;
  test::write_file(root / "chapters/99_fixture/exercises.json", R"({
    "chapter": "99_fixture", "title": "Fixtures",
    "exercises": [
      {"id": "99.1", "title": "Fast", "file": "exercises/a.cpp", "suites": ["A"], "points": 3,
       "perf": {"points": 2, "benchmark": "Work", "max_ratio": 1.5}},
      {"id": "99.2", "title": "Broken", "file": "exercises/b.cpp", "suites": ["B"], "points": 3,
       "perf": {"points": 1, "benchmark": "Work", "max_ratio": 1.5}},
      {"id": "99.3", "title": "No perf", "file": "exercises/c.cpp", "suites": ["C"], "points": 4}
    ]})");
  GradeReport report;
  report.variant = "exercise";
  ChapterResult ch;
  ch.chapter = "99_fixture";
  for (auto [id, status, points] : {std::tuple{"99.1", ExerciseStatus::passed, 3.0},
                                    std::tuple{"99.2", ExerciseStatus::failing, 1.0},
                                    std::tuple{"99.3", ExerciseStatus::passed, 4.0}}) {
    ExerciseResult e;
    e.chapter = ch.chapter;
    e.id = id;
    e.title = id;
    e.status = status;
    e.points = points;
    e.max_points = e.id == "99.3" ? 4 : 3;
    ch.exercises.push_back(e);
  }
  report.chapters.push_back(ch);
  PerfOptions o = quick(root);
  o.work_dir = root / "perf";
  grade_performance(report, fixture_index(root.path(), "fixture_bench_fast"),
                    NNLAB_TOOL_BINARY_DIR, root.path(), o);
  const auto& ex = report.chapters[0].exercises;
  ASSERT_TRUE(ex[0].perf);
  EXPECT_EQ(ex[0].perf->status, PerfStatus::awarded) << ex[0].perf->reason;
  ASSERT_TRUE(ex[1].perf);
  EXPECT_EQ(ex[1].perf->status, PerfStatus::withheld);
  EXPECT_FALSE(ex[2].perf);

  const Totals t = totals(report.all_exercises());
  EXPECT_TRUE(t.perf_graded);
  EXPECT_DOUBLE_EQ(t.perf_points, 2);
  EXPECT_DOUBLE_EQ(t.perf_max_points, 3);
  EXPECT_DOUBLE_EQ(t.percentage(), 100.0 * (8 + 2) / (10 + 3));

  const auto gs = gradescope_json(report);
  ASSERT_EQ(gs["tests"].size(), 5u);  // three exercises, two performance entries
  EXPECT_EQ(gs["tests"][1]["name"], "99.1 performance");
  EXPECT_DOUBLE_EQ(gs["tests"][1]["score"].get<double>(), 2);
  EXPECT_EQ(gs["tests"][1]["status"], "passed");
  EXPECT_EQ(gs["tests"][3]["name"], "99.2 performance");
  EXPECT_DOUBLE_EQ(gs["tests"][3]["score"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(gs["tests"][3]["max_score"].get<double>(), 1);
  EXPECT_DOUBLE_EQ(gs["score"].get<double>(), 10);
  const auto rj = report_json(report);
  EXPECT_EQ(rj["chapters"][0]["exercises"][0]["perf"]["status"], "awarded");
  EXPECT_DOUBLE_EQ(rj["perf_points"].get<double>(), 2);
  EXPECT_DOUBLE_EQ(rj["total_max_points"].get<double>(), 13);
}
#endif

}  // namespace
}  // namespace nnlab::tool
