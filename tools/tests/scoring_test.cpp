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

TEST(ScoreExercise, SkippedTestsEarnNothing) {
  auto ex = exercise_with({{S::passed, 2}, {S::skipped, 4}}, 6);
  score_exercise(ex);
  EXPECT_DOUBLE_EQ(ex.points, 2);
  EXPECT_EQ(ex.status, E::skipped);
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
  mark_exercise(c, E::unavailable, "no CUDA");
  c.max_points = 10;
  const Totals t = totals({a, b, c});
  EXPECT_DOUBLE_EQ(t.points, 5);
  EXPECT_DOUBLE_EQ(t.max_points, 20);
  EXPECT_DOUBLE_EQ(t.percentage(), 25);
  EXPECT_EQ(t.passed, 1);
  EXPECT_EQ(t.exercises, 3);
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
