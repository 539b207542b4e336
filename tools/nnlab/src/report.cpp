#include "nnlab/tool/report.hpp"

#include <cmath>

#include <fmt/format.h>

namespace nnlab::tool {
namespace {

using nlohmann::json;

double round2(double x) { return std::round(x * 100.0) / 100.0; }

json test_json(const GradedTestResult& t) {
  return {{"suite", t.result.suite},
          {"name", t.result.name},
          {"status", to_string(t.result.status)},
          {"points", t.earned()},
          {"max_points", t.points},
          {"seconds", round2(t.result.seconds)},
          {"message", t.result.message}};
}

json perf_json(const PerfScore& p) {
  return {{"status", to_string(p.status)},
          {"points", p.points},
          {"max_points", p.max_points},
          {"graded", p.graded()},
          {"ratio", p.ratio > 0 ? json(p.ratio) : json(nullptr)},
          {"max_ratio", p.max_ratio},
          {"student_seconds", p.student_seconds},
          {"reference_seconds", p.reference_seconds},
          {"runs", p.runs},
          {"row", p.row},
          {"reference_row", p.reference_row},
          {"reason", p.reason}};
}

}  // namespace

std::string failure_summary(const ExerciseResult& ex, std::size_t max_chars) {
  std::string out;
  if (!ex.detail.empty()) out += ex.detail + "\n";
  for (const auto& t : ex.tests) {
    if (t.result.status == TestStatus::passed || t.result.status == TestStatus::build_error ||
        t.result.status == TestStatus::unavailable) {
      continue;
    }
    out += fmt::format("{} [{}] ({:g} point{}):\n", t.result.full_name(), to_string(t.result.status),
                       t.points, t.points == 1 ? "" : "s");
    if (!t.result.message.empty()) out += t.result.message + "\n";
  }
  if (out.size() > max_chars) out = out.substr(0, max_chars) + "\n[...]";
  return out;
}

json report_json(const GradeReport& report) {
  const auto all = report.all_exercises();
  const Totals tot = totals(all);
  json chapters = json::array();
  for (const auto& c : report.chapters) {
    json exercises = json::array();
    for (const auto& e : c.exercises) {
      json tests = json::array();
      for (const auto& t : e.tests) tests.push_back(test_json(t));
      json ex = {{"id", e.id},
                 {"title", e.title},
                 {"file", e.file},
                 {"status", to_string(e.status)},
                 {"points", e.points},
                 {"max_points", e.max_points},
                 {"ungraded_points", e.ungraded_points},
                 {"detail", e.detail},
                 {"tests", tests}};
      if (e.perf) ex["perf"] = perf_json(*e.perf);
      exercises.push_back(std::move(ex));
    }
    const Totals ct = totals(c.exercises);
    chapters.push_back({{"chapter", c.chapter},
                        {"title", c.title},
                        {"build", {{"ok", c.build_ok},
                                   {"seconds", round2(c.build.seconds)},
                                   {"log", c.build.log.string()},
                                   {"errors", c.build_ok ? "" : c.build.excerpt}}},
                        {"points", ct.points},
                        {"max_points", ct.max_points},
                        {"ungraded_points", ct.ungraded_points},
                        {"perf_points", ct.perf_points},
                        {"perf_max_points", ct.perf_max_points},
                        {"warnings", c.warnings},
                        {"exercises", exercises}});
  }
  return {{"variant", report.variant},
          {"timestamp", report.timestamp},
          {"seconds", round2(report.seconds)},
          {"timeout_s", report.timeout_s},
          {"points", tot.points},
          {"max_points", tot.max_points},
          {"ungraded_points", tot.ungraded_points},
          {"perf_graded", tot.perf_graded},
          {"perf_points", tot.perf_points},
          {"perf_max_points", tot.perf_max_points},
          {"perf_ungraded_points", tot.perf_ungraded_points},
          {"total_points", tot.points + tot.perf_points},
          {"total_max_points", tot.max_points + tot.perf_max_points},
          {"percentage", round2(tot.percentage())},
          {"exercises_passed", tot.passed},
          {"exercises", tot.exercises},
          {"chapters", chapters}};
}

json gradescope_json(const GradeReport& report) {
  const auto all = report.all_exercises();
  const Totals tot = totals(all);
  json tests = json::array();
  for (const auto& e : all) {
    json t = {{"name", e.id + " " + e.title},
              {"number", e.id},
              {"score", e.points},
              {"max_score", e.max_points}};
    if (e.status == ExerciseStatus::passed) {
      t["status"] = "passed";
      t["output"] = e.ungraded_points > 0 ? "All graded tests passed.\n" + e.detail
                                          : std::string("All tests passed.");
    } else {
      // Skipped exercises (no GPU) are not graded: no pass/fail colour for them.
      if (e.status != ExerciseStatus::skipped) t["status"] = "failed";
      t["output"] = to_string(e.status) + "\n" + failure_summary(e);
    }
    tests.push_back(std::move(t));
    if (e.perf) {
      const auto& p = *e.perf;
      json pt = {{"name", e.id + " performance"},
                 {"number", e.id},
                 {"score", p.points},
                 {"max_score", p.graded() ? p.max_points : 0.0},
                 {"output", p.reason}};
      if (p.graded()) pt["status"] = p.status == PerfStatus::awarded ? "passed" : "failed";
      tests.push_back(std::move(pt));
    }
  }
  std::string output = fmt::format(
      "nnlab grade ({} variant): {:g}/{:g} points ({:.1f}%), {} of {} exercises passed.",
      report.variant, tot.points + tot.perf_points, tot.max_points + tot.perf_max_points,
      tot.percentage(), tot.passed, tot.exercises);
  if (tot.perf_graded) {
    output += fmt::format(" Performance: {:g}/{:g} of those points.", tot.perf_points,
                          tot.perf_max_points);
  }
  if (tot.ungraded_points + tot.perf_ungraded_points > 0) {
    output += fmt::format(" Not graded here (skipped tests, e.g. no GPU): {:g} points.",
                          tot.ungraded_points + tot.perf_ungraded_points);
  }
  return {{"score", tot.points + tot.perf_points},
          {"execution_time", static_cast<int>(std::lround(report.seconds))},
          {"output", output},
          {"tests", tests}};
}

}  // namespace nnlab::tool
