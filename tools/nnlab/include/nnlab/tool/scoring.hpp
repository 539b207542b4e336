#pragma once
/// @file
/// From test results to exercise results: partial credit and one status per exercise.

#include <optional>
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

/// What happened to an exercise's performance points (`grade --perf`, perf.hpp).
enum class PerfStatus {
  awarded,     ///< correct, and at most max_ratio times the reference's time
  too_slow,    ///< correct, but slower than that: 0 points
  withheld,    ///< its correctness tests do not all pass: 0 points, nothing measured
  not_graded,  ///< could not be measured here (no GPU, no bench program): not counted
};

/// "awarded", "too slow", "withheld", "not graded".
std::string to_string(PerfStatus s);

/// The performance points of one exercise.
struct PerfScore {
  PerfStatus status = PerfStatus::not_graded;
  double points = 0;      ///< earned
  double max_points = 0;  ///< the manifest's perf points
  double max_ratio = 0;   ///< the manifest's limit on student time / reference time
  double ratio = 0;       ///< measured student time / reference time; 0 when not measured
  double student_seconds = 0, reference_seconds = 0;  ///< medians of one call
  int runs = 0;                    ///< interleaved runs of each program
  std::string row, reference_row;  ///< "SquaredLoss/student/1048576", ".../reference/..."
  std::string reason;              ///< one line for people
  /// Whether it counts in the totals (everything but not_graded).
  bool graded() const { return status != PerfStatus::not_graded; }
};

/// One exercise's result.
struct ExerciseResult {
  std::string chapter, id, title, file;
  ExerciseStatus status = ExerciseStatus::not_graded;
  double points = 0;      ///< earned
  /// Possible: the manifest's points less `ungraded_points`.
  double max_points = 0;
  /// Points of tests that were skipped (GPU tests without a GPU): neither earned nor possible.
  double ungraded_points = 0;
  std::vector<GradedTestResult> tests;
  std::string detail;     ///< build errors, why it is unavailable, or why not graded
  std::optional<PerfScore> perf;  ///< set by `grade --perf` for exercises with perf points
};

/// The exercise status from its tests' statuses, by these rules in order: no tests ->
/// not_graded; any crashed -> crashed; any timed out -> timed_out; all passed -> passed;
/// every non-passing test not_implemented -> not_implemented; every non-passing test skipped
/// -> skipped; otherwise failing. (build_error and unavailable are set by the caller.)
ExerciseStatus aggregate_status(const std::vector<TestStatus>& statuses);

/// Fills `status` and `points` from `tests` (partial credit: the points of passed tests).
/// Skipped tests are not graded: their points move from `max_points` to `ungraded_points`, and
/// `detail` says why ("not graded: no GPU (...)", from the skip message).
void score_exercise(ExerciseResult& ex);

/// Marks every test of the exercise with `status` (build_error, unavailable) and the exercise
/// likewise, with no points earned. A build error keeps all its points possible; an
/// unavailable exercise (not buildable here, e.g. CUDA off) moves them to `ungraded_points`.
void mark_exercise(ExerciseResult& ex, ExerciseStatus status, const std::string& detail);

/// Totals over a list of exercises.
struct Totals {
  double points = 0, max_points = 0;  ///< correctness points (skipped tests excluded)
  int exercises = 0, passed = 0;
  double ungraded_points = 0;  ///< points of skipped tests
  int ungraded_exercises = 0;  ///< exercises with skipped tests
  /// Performance points, of exercises whose perf was graded (`grade --perf`).
  double perf_points = 0, perf_max_points = 0;
  double perf_ungraded_points = 0;  ///< perf points that could not be measured
  bool perf_graded = false;         ///< some exercise carries a PerfScore
  /// Everything earned over everything possible, performance included when graded.
  double percentage() const {
    const double max = max_points + perf_max_points;
    return max > 0 ? 100.0 * (points + perf_points) / max : 0.0;
  }
};
Totals totals(const std::vector<ExerciseResult>& exercises);

}  // namespace nnlab::tool
