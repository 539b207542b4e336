#pragma once
/// @file
/// What grading writes: build/grade/report.json (everything) and build/grade/results.json
/// (Gradescope's autograder format).

#include <nlohmann/json.hpp>

#include "nnlab/tool/grade.hpp"

namespace nnlab::tool {

/// The full report: variant, timestamp, totals (performance and not-graded points apart), and
/// per chapter, exercise and test the status, points, failure excerpt and duration; an
/// exercise graded with `--perf` has a "perf" object.
nlohmann::json report_json(const GradeReport& report);

/// Gradescope's results.json: {"score", "execution_time", "output", "tests": [{"name",
/// "number", "score", "max_score", "status", "output"}]}, one entry per exercise, and after it
/// "<id> performance" when its performance was graded. Skipped exercises have no "status"
/// (nothing to pass or fail); "score" includes performance points.
nlohmann::json gradescope_json(const GradeReport& report);

/// A short plain-text account of an exercise that did not pass: its failing tests with their
/// (shortened) messages, or its build errors.
std::string failure_summary(const ExerciseResult& ex, std::size_t max_chars = 4000);

}  // namespace nnlab::tool
