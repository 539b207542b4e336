// Scoring: partial credit, exercise statuses, totals.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "nnlab/tool/scoring.hpp"

namespace nnlab::tool {
namespace {

using S = TestStatus;
using E = ExerciseStatus;

ExerciseResult exercise_with(const std::vector<std::pair<S, double>>& tests, double max) {
  ExerciseResult ex;
  ex.id = "01.1";
  ex.max_points = max;
  int i = 0;
  for (const auto& [status, points] : tests) {
    GradedTestResult t;
    t.result.suite = "Suite";
    t.result.name = fmt::format("T{}", i++);
    t.result.status = status;
    t.points = points;
    ex.tests.push_back(t);
  }
  return ex;
}

TEST(AggregateStatus, FollowsTheRulesInOrder) {
  EXPECT_EQ(aggregate_status({}), E::not_graded);
  EXPECT_EQ(aggregate_status({S::passed, S::passed}), E::passed);
  EXPECT_EQ(aggregate_status({S::not_implemented, S::not_implemented}), E::not_implemented);
  EXPECT_EQ(aggregate_status({S::passed, S::not_implemented}), E::not_implemented);
  EXPECT_EQ(aggregate_status({S::failed, S::not_implemented}), E::failing);
  EXPECT_EQ(aggregate_status({S::passed, S::failed}), E::failing);
  EXPECT_EQ(aggregate_status({S::passed, S::crashed, S::timed_out}), E::crashed);
  EXPECT_EQ(aggregate_status({S::failed, S::timed_out}), E::timed_out);
  EXPECT_EQ(aggregate_status({S::passed, S::skipped}), E::skipped);
  EXPECT_EQ(aggregate_status({S::failed, S::skipped}), E::failing);
  EXPECT_EQ(aggregate_status({S::build_error}), E::build_error);
  EXPECT_EQ(aggregate_status({S::unavailable}), E::unavailable);
}

TEST(ScoreExercise, PartialCreditIsThePointsOfPassedTests) {
  auto ex = exercise_with({{S::passed, 2}, {S::failed, 3}, {S::passed, 1.5}}, 6.5);
  score_exercise(ex);
  EXPECT_DOUBLE_EQ(ex.points, 3.5);
  EXPECT_EQ(ex.status, E::failing);
}

TEST(ScoreExercise, AllPassedEarnsEverything) {
  auto ex = exercise_with({{S::passed, 2}, {S::passed, 4}}, 6);
  score_exercise(ex);
  EXPECT_DOUBLE_EQ(ex.points, 6);
  EXPECT_EQ(ex.status, E::passed);
}

TEST(ScoreExercise, SkippedTestsAreNotGraded) {
  auto ex = exercise_with({{S::passed, 2}, {S::skipped, 4}}, 6);
  ex.tests[1].result.message = "no GPU (cudaErrorNoDevice)";
  score_exercise(ex);
  EXPECT_DOUBLE_EQ(ex.points, 2);
  EXPECT_DOUBLE_EQ(ex.max_points, 2);  // the skipped test's 4 points are not possible here
  EXPECT_DOUBLE_EQ(ex.ungraded_points, 4);
  EXPECT_EQ(ex.status, E::skipped);
  EXPECT_NE(ex.detail.find("no GPU (cudaErrorNoDevice)"), std::string::npos) << ex.detail;
  score_exercise(ex);  // scoring again changes nothing
  EXPECT_DOUBLE_EQ(ex.max_points, 2);
  EXPECT_DOUBLE_EQ(ex.ungraded_points, 4);
}

TEST(ScoreExercise, AllSkippedIsNotGradedAtAll) {
  auto ex = exercise_with({{S::skipped, 3}, {S::skipped, 7}}, 10);
  ex.tests[0].result.message = "no GPU (cudaErrorInsufficientDriver)\nmore";
  score_exercise(ex);
  EXPECT_EQ(ex.status, E::skipped);
  EXPECT_DOUBLE_EQ(ex.points, 0);
  EXPECT_DOUBLE_EQ(ex.max_points, 0);
  EXPECT_DOUBLE_EQ(ex.ungraded_points, 10);
  EXPECT_EQ(ex.detail, "not graded: no GPU (cudaErrorInsufficientDriver)");
  // A build error makes every point possible again (and earns none).
  mark_exercise(ex, E::build_error, "boom");
  EXPECT_DOUBLE_EQ(ex.max_points, 10);
  EXPECT_DOUBLE_EQ(ex.ungraded_points, 0);
}

TEST(ScoreExercise, SkippedTestsOfAFailingExerciseAreStillNotPossible) {
  auto ex = exercise_with({{S::failed, 2}, {S::skipped, 4}}, 6);
  score_exercise(ex);
  EXPECT_EQ(ex.status, E::failing);
  EXPECT_DOUBLE_EQ(ex.max_points, 2);
  EXPECT_DOUBLE_EQ(ex.ungraded_points, 4);
}

TEST(MarkExercise, BuildErrorZeroesPointsAndMarksTests) {
  auto ex = exercise_with({{S::passed, 2}, {S::passed, 4}}, 6);
  score_exercise(ex);
  mark_exercise(ex, E::build_error, "x.cpp:3:1: error: boom");
  EXPECT_DOUBLE_EQ(ex.points, 0);
  EXPECT_EQ(ex.status, E::build_error);
  for (const auto& t : ex.tests) EXPECT_EQ(t.result.status, S::build_error);
  EXPECT_EQ(ex.detail, "x.cpp:3:1: error: boom");
}

TEST(Totals, SumAndPercentage) {
  auto a = exercise_with({{S::passed, 2}, {S::passed, 2}}, 4);
  auto b = exercise_with({{S::passed, 1}, {S::failed, 5}}, 6);
  score_exercise(a);
  score_exercise(b);
  ExerciseResult c;
  c.max_points = 10;
  mark_exercise(c, E::build_error, "x.cu:1: error");
  ExerciseResult d;  // a CUDA exercise in a build without CUDA: not gradable, not possible
  d.max_points = 7;
  mark_exercise(d, E::unavailable, "built without CUDA");
  EXPECT_DOUBLE_EQ(d.max_points, 0);
  EXPECT_DOUBLE_EQ(d.ungraded_points, 7);
  const Totals t = totals({a, b, c, d});
  EXPECT_DOUBLE_EQ(t.points, 5);
  EXPECT_DOUBLE_EQ(t.max_points, 20);
  EXPECT_DOUBLE_EQ(t.ungraded_points, 7);
  EXPECT_DOUBLE_EQ(t.percentage(), 25);
  EXPECT_EQ(t.passed, 1);
  EXPECT_EQ(t.exercises, 4);
  EXPECT_FALSE(t.perf_graded);
}

TEST(Totals, SkippedPointsAreLeftOutSoTheSolutionsScoreEverything) {
  auto cpu = exercise_with({{S::passed, 2}, {S::passed, 2}}, 4);
  auto gpu = exercise_with({{S::skipped, 6}}, 6);
  score_exercise(cpu);
  score_exercise(gpu);
  const Totals t = totals({cpu, gpu});
  EXPECT_DOUBLE_EQ(t.points, 4);
  EXPECT_DOUBLE_EQ(t.max_points, 4);
  EXPECT_DOUBLE_EQ(t.percentage(), 100);
  EXPECT_DOUBLE_EQ(t.ungraded_points, 6);
  EXPECT_EQ(t.ungraded_exercises, 1);
}

TEST(Totals, PerformancePointsCountWhenGraded) {
  auto a = exercise_with({{S::passed, 4}}, 4);
  auto b = exercise_with({{S::passed, 4}}, 4);
  auto c = exercise_with({{S::passed, 4}}, 4);
  score_exercise(a);
  score_exercise(b);
  score_exercise(c);
  PerfScore awarded;
  awarded.status = PerfStatus::awarded;
  awarded.points = awarded.max_points = 2;
  a.perf = awarded;
  PerfScore slow;
  slow.status = PerfStatus::too_slow;
  slow.max_points = 2;
  b.perf = slow;
  PerfScore no_gpu;
  no_gpu.status = PerfStatus::not_graded;
  no_gpu.max_points = 3;
  c.perf = no_gpu;
  const Totals t = totals({a, b, c});
  EXPECT_TRUE(t.perf_graded);
  EXPECT_DOUBLE_EQ(t.perf_points, 2);
  EXPECT_DOUBLE_EQ(t.perf_max_points, 4);
  EXPECT_DOUBLE_EQ(t.perf_ungraded_points, 3);
  EXPECT_DOUBLE_EQ(t.percentage(), 100.0 * 14 / 16);
  EXPECT_EQ(to_string(PerfStatus::too_slow), "too slow");
}

TEST(ExerciseStatusNames, RoundTripBothSpellings) {
  EXPECT_EQ(exercise_status_from_string("not implemented"), E::not_implemented);
  EXPECT_EQ(exercise_status_from_string("not_implemented"), E::not_implemented);
  EXPECT_EQ(exercise_status_from_string("build error"), E::build_error);
  EXPECT_EQ(exercise_status_from_string("???"), E::not_graded);
  EXPECT_EQ(to_string(E::timed_out), "timed out");
}

}  // namespace
}  // namespace nnlab::tool
