#pragma once
/// @file
/// From test results to exercise results: partial credit and one status per exercise.

#include <string>
#include <vector>

#include "nnlab/tool/test_result.hpp"

namespace nnlab::tool {

/// The status of one exercise.
enum class ExerciseStatus {
  passed,           ///< every graded test passed
  failing,          ///< some test failed for real
  not_implemented,  ///< every test that did not pass is not_implemented
  crashed,          ///< a test crashed
  timed_out,        ///< a test timed out
  skipped,          ///< nothing failed, but some tests were skipped (no GPU)
  build_error,      ///< the chapter did not compile
  unavailable,      ///< this build cannot build it (e.g. CUDA off)
  not_graded,       ///< no result (yet)
};

/// "passed", "failing", "not implemented", "crashed", "timed out", "skipped",
/// "build error", "unavailable", "not graded yet".
std::string to_string(ExerciseStatus s);
/// Inverse of to_string (also accepts the snake_case spelling); not_graded when unknown.
ExerciseStatus exercise_status_from_string(const std::string& s);

/// A graded test with its points and outcome.
struct GradedTestResult {
  TestResult result;
  double points = 0;  ///< what it is worth
  double earned() const { return result.status == TestStatus::passed ? points : 0.0; }
};

/// One exercise's result.
struct ExerciseResult {
  std::string chapter, id, title, file;
  ExerciseStatus status = ExerciseStatus::not_graded;
  double points = 0;      ///< earned
  double max_points = 0;  ///< possible (the manifest's points)
  std::vector<GradedTestResult> tests;
  std::string detail;     ///< build errors, or why it is unavailable
};

/// The exercise status from its tests' statuses, by these rules in order: no tests ->
/// not_graded; any crashed -> crashed; any timed out -> timed_out; all passed -> passed;
/// every non-passing test not_implemented -> not_implemented; every non-passing test skipped
/// -> skipped; otherwise failing. (build_error and unavailable are set by the caller.)
ExerciseStatus aggregate_status(const std::vector<TestStatus>& statuses);

/// Fills `status` and `points` from `tests` (partial credit: the points of passed tests).
void score_exercise(ExerciseResult& ex);

/// Marks every test of the exercise with `status` (build_error, unavailable) and the exercise
/// likewise, with no points earned.
void mark_exercise(ExerciseResult& ex, ExerciseStatus status, const std::string& detail);

/// Totals over a list of exercises.
struct Totals {
  double points = 0, max_points = 0;
  int exercises = 0, passed = 0;
  double percentage() const { return max_points > 0 ? 100.0 * points / max_points : 0.0; }
};
Totals totals(const std::vector<ExerciseResult>& exercises);

}  // namespace nnlab::tool
