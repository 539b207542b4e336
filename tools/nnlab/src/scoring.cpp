#include "nnlab/tool/scoring.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

namespace nnlab::tool {
namespace {

constexpr std::array<std::pair<ExerciseStatus, const char*>, 9> kNames{{
    {ExerciseStatus::passed, "passed"},
    {ExerciseStatus::failing, "failing"},
    {ExerciseStatus::not_implemented, "not implemented"},
    {ExerciseStatus::crashed, "crashed"},
    {ExerciseStatus::timed_out, "timed out"},
    {ExerciseStatus::skipped, "skipped"},
    {ExerciseStatus::build_error, "build error"},
    {ExerciseStatus::unavailable, "unavailable"},
    {ExerciseStatus::not_graded, "not graded yet"},
}};

}  // namespace

std::string to_string(ExerciseStatus s) {
  for (const auto& [status, name] : kNames) {
    if (status == s) return name;
  }
  return "unknown";
}

ExerciseStatus exercise_status_from_string(const std::string& s) {
  std::string spaced = s;
  std::replace(spaced.begin(), spaced.end(), '_', ' ');
  for (const auto& [status, name] : kNames) {
    if (spaced == name) return status;
  }
  return ExerciseStatus::not_graded;
}

ExerciseStatus aggregate_status(const std::vector<TestStatus>& statuses) {
  if (statuses.empty()) return ExerciseStatus::not_graded;
  auto any = [&](TestStatus s) { return std::find(statuses.begin(), statuses.end(), s) != statuses.end(); };
  auto all_non_passing_are = [&](TestStatus s) {
    return std::all_of(statuses.begin(), statuses.end(),
                       [&](TestStatus t) { return t == TestStatus::passed || t == s; });
  };
  if (any(TestStatus::build_error)) return ExerciseStatus::build_error;
  if (any(TestStatus::unavailable)) return ExerciseStatus::unavailable;
  if (any(TestStatus::crashed)) return ExerciseStatus::crashed;
  if (any(TestStatus::timed_out)) return ExerciseStatus::timed_out;
  if (all_non_passing_are(TestStatus::passed)) return ExerciseStatus::passed;
  if (all_non_passing_are(TestStatus::not_implemented)) return ExerciseStatus::not_implemented;
  if (all_non_passing_are(TestStatus::skipped)) return ExerciseStatus::skipped;
  return ExerciseStatus::failing;
}

std::string to_string(PerfStatus s) {
  switch (s) {
    case PerfStatus::awarded: return "awarded";
    case PerfStatus::too_slow: return "too slow";
    case PerfStatus::withheld: return "withheld";
    case PerfStatus::not_graded: return "not graded";
  }
  return "unknown";
}

void score_exercise(ExerciseResult& ex) {
  std::vector<TestStatus> statuses;
  ex.max_points += ex.ungraded_points;  // scoring again starts from the manifest's points
  ex.ungraded_points = 0;
  ex.points = 0;
  std::string skip_reason;
  int skipped = 0;
  for (const auto& t : ex.tests) {
    statuses.push_back(t.result.status);
    ex.points += t.earned();
    if (t.result.status == TestStatus::skipped) {
      ex.ungraded_points += t.points;
      ++skipped;
      if (skip_reason.empty()) skip_reason = t.result.message.substr(0, t.result.message.find('\n'));
    }
  }
  ex.max_points = std::max(0.0, ex.max_points - ex.ungraded_points);
  ex.status = aggregate_status(statuses);
  if (skipped > 0 && ex.detail.empty()) {
    if (skip_reason.empty()) skip_reason = "its tests were skipped";
    ex.detail = skipped == static_cast<int>(ex.tests.size())
                    ? "not graded: " + skip_reason
                    : fmt::format("{} of {} tests not graded ({:g} points): {}", skipped,
                                  ex.tests.size(), ex.ungraded_points, skip_reason);
  }
}

void mark_exercise(ExerciseResult& ex, ExerciseStatus status, const std::string& detail) {
  const TestStatus test_status =
      status == ExerciseStatus::build_error ? TestStatus::build_error : TestStatus::unavailable;
  for (auto& t : ex.tests) {
    t.result.status = test_status;
    t.result.message.clear();
  }
  ex.status = status;
  ex.points = 0;
  ex.max_points += ex.ungraded_points;
  ex.ungraded_points = 0;
  if (status == ExerciseStatus::unavailable) {
    // Not gradable on this build (a CUDA exercise without CUDA), like a skipped GPU test:
    // its points are neither earned nor possible, and the footer says so.
    ex.ungraded_points = ex.max_points;
    ex.max_points = 0;
  }
  ex.detail = detail;
}

Totals totals(const std::vector<ExerciseResult>& exercises) {
  Totals t;
  for (const auto& e : exercises) {
    t.points += e.points;
    t.max_points += e.max_points;
    ++t.exercises;
    if (e.status == ExerciseStatus::passed) ++t.passed;
    t.ungraded_points += e.ungraded_points;
    if (e.ungraded_points > 0) ++t.ungraded_exercises;
    if (e.perf) {
      t.perf_graded = true;
      if (e.perf->graded()) {
        t.perf_points += e.perf->points;
        t.perf_max_points += e.perf->max_points;
      } else {
        t.perf_ungraded_points += e.perf->max_points;
      }
    }
  }
  return t;
}

}  // namespace nnlab::tool
