#include <algorithm>
#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "nnlab/tool/commands.hpp"
#include "nnlab/tool/console.hpp"
#include "nnlab/tool/grade.hpp"
#include "nnlab/tool/parallel.hpp"
#include "nnlab/tool/perf.hpp"
#include "nnlab/tool/process.hpp"
#include "nnlab/tool/report.hpp"

namespace nnlab::tool {

namespace {

/// The performance column: "2/2 (0.98x)", "0/2 too slow (2.31x > 1.5x)", "0/2 withheld", ...
std::string perf_cell(const ExerciseResult& e) {
  if (!e.perf) return "";
  const auto& p = *e.perf;
  switch (p.status) {
    case PerfStatus::awarded:
      return styled(fmt::format("{:g}/{:g} ({:.2f}x)", p.points, p.max_points, p.ratio), Style::green);
    case PerfStatus::too_slow:
      return styled(fmt::format("0/{:g} too slow ({:.2f}x > {:g}x)", p.max_points, p.ratio,
                                p.max_ratio), Style::red);
    case PerfStatus::withheld:
      return styled(fmt::format("0/{:g} withheld", p.max_points), Style::yellow);
    case PerfStatus::not_graded:
      return styled(fmt::format("({:g} not graded)", p.max_points), Style::cyan);
  }
  return "";
}

}  // namespace

std::filesystem::path state_file(const Context& ctx) { return ctx.build_dir / "nnlab-state.json"; }
std::filesystem::path hints_file(const Context& ctx) { return ctx.build_dir / "nnlab-hints.json"; }

int cmd_grade(const Context& ctx, const GradeCommand& cmd) {
  GradeOptions o;
  o.variant = cmd.solution ? "solution" : "exercise";
  o.timeout_s = cmd.timeout_s;
  o.jobs = cmd.jobs > 0 ? cmd.jobs : hardware_jobs();
  o.isolation_jobs = o.jobs;  // a hanging binary's tests re-run side by side
  o.work_dir = ctx.build_dir / "grade";
  o.progress = progress_line;
  for (const auto& c : cmd.chapters) {
    const auto chapter = resolve_chapter(ctx.index, c);
    if (chapter.empty()) {
      std::string valid;
      for (const auto& ch : ctx.index.chapters) valid += " " + ch.chapter;
      throw std::runtime_error(fmt::format("unknown chapter \"{}\"; chapters:{}", c, valid));
    }
    o.chapters.push_back(chapter);
  }

  const auto started = static_cast<long long>(std::time(nullptr));
  GradeReport report = grade(ctx.index, ctx.build_dir, ctx.root, o);
  if (cmd.perf) {
    PerfOptions p;
    p.variant = o.variant;
    p.rounds = cmd.perf_rounds;
    p.min_time = cmd.perf_min_time;
    p.work_dir = ctx.build_dir / "grade" / "perf";
    p.progress = progress_line;
    const auto perf_start = std::chrono::steady_clock::now();
    grade_performance(report, ctx.index, ctx.build_dir, ctx.root, p);
    report.seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - perf_start).count();
  }

  // The table.
  std::vector<std::string> header{"chapter", "id", "title", "points", "status"};
  if (cmd.perf) header.push_back("performance");
  Table table(header);
  table.align_right(3);
  int unavailable = 0, build_errors = 0;
  std::string skip_reason;
  for (const auto& c : report.chapters) {
    for (const auto& e : c.exercises) {
      std::string points = fmt::format("{:g}/{:g}", e.points, e.max_points);
      if (e.ungraded_points > 0) {
        points = e.max_points > 0 ? fmt::format("{} (+{:g} not graded)", points, e.ungraded_points)
                                  : fmt::format("({:g} not graded)", e.ungraded_points);
        if (skip_reason.empty()) skip_reason = e.detail;
      }
      std::vector<std::string> row{c.chapter, e.id, e.title, points,
                                   styled(to_string(e.status), style_of(e.status))};
      if (cmd.perf) row.push_back(perf_cell(e));
      table.add(row);
      unavailable += e.status == ExerciseStatus::unavailable;
      build_errors += e.status == ExerciseStatus::build_error;
    }
  }
  const Totals tot = totals(report.all_exercises());
  table.rule();
  std::vector<std::string> total_row{
      "total", "", fmt::format("{} of {} exercises passed", tot.passed, tot.exercises),
      fmt::format("{:g}/{:g}", tot.points, tot.max_points),
      styled(fmt::format("{:.1f}%", tot.percentage()), Style::bold)};
  if (cmd.perf) total_row.push_back(fmt::format("{:g}/{:g}", tot.perf_points, tot.perf_max_points));
  table.add(total_row);
  fmt::print("\n{}", table.render());
  fmt::print("({} variant, {:.0f} s)\n", report.variant, report.seconds);

  // Notes under the table.
  if (cmd.perf) {
    fmt::print("The total includes performance: {:g}/{:g} points, {:.1f}% in all.\n",
               tot.points + tot.perf_points, tot.max_points + tot.perf_max_points,
               tot.percentage());
    for (const auto& e : report.all_exercises()) {
      if (e.perf) fmt::print("  {} performance: {}\n", e.id, e.perf->reason);
    }
  } else {
    double perf_points = 0;
    std::string ids;
    for (const auto& c : report.chapters) {
      try {
        const Manifest m = load_manifest(ctx.root, c.chapter);
        for (const auto& e : m.exercises) {
          if (e.perf) {
            perf_points += e.perf->points;
            ids += (ids.empty() ? "" : ", ") + e.id;
          }
        }
      } catch (const std::exception&) {
      }
    }
    if (perf_points > 0) {
      fmt::print("Performance points ({:g}, of {}) are not part of this total: "
                 "./nnlab grade --perf measures them.\n", perf_points, ids);
    }
  }
  if (unavailable > 0) {
    fmt::print("{} exercise(s) are unavailable in this build (e.g. CUDA exercises without nvcc): "
               "they count 0 of their points.\n", unavailable);
  }
  if (tot.ungraded_points > 0) {
    const std::string prefix = "not graded: ";
    if (skip_reason.rfind(prefix, 0) == 0) skip_reason.erase(0, prefix.size());
    fmt::print("{:g} point(s) of {} exercise(s) were not graded, their tests skipped ({}): they "
               "count neither earned nor possible.\n",
               tot.ungraded_points, tot.ungraded_exercises, skip_reason);
  }
  if (tot.perf_ungraded_points > 0) {
    fmt::print("{:g} performance point(s) could not be measured here and are not counted.\n",
               tot.perf_ungraded_points);
  }
  for (const auto& c : report.chapters) {
    if (!c.build_ok) {
      fmt::print("\n{} {} did not compile; first errors:\n{}full log: {}\n",
                 styled("build error:", Style::red), c.chapter, c.build.excerpt,
                 c.build.log.string());
    }
    for (const auto& w : c.warnings) fmt::print("warning: {}\n", w);
  }
  const bool failing = std::any_of(
      report.chapters.begin(), report.chapters.end(), [](const ChapterResult& c) {
        return std::any_of(c.exercises.begin(), c.exercises.end(), [](const ExerciseResult& e) {
          return e.status != ExerciseStatus::passed && e.status != ExerciseStatus::skipped &&
                 e.status != ExerciseStatus::unavailable;
        });
      });
  if (build_errors == 0 && failing) {
    fmt::print("\nDetails of a failing exercise: ./nnlab check <id>\n");
  }

  // Files.
  const auto dir = ctx.build_dir / "grade";
  write_text_file(dir / "report.json", report_json(report).dump(2) + "\n");
  write_text_file(dir / "results.json", gradescope_json(report).dump(2) + "\n");
  fmt::print("report: {}\nGradescope results: {}\n", (dir / "report.json").string(),
             (dir / "results.json").string());

  // Only the student's own work is remembered for `list`.
  if (!cmd.solution) {
    StateFile state(state_file(ctx));
    for (const auto& e : report.all_exercises()) {
      if (e.status != ExerciseStatus::not_graded && e.status != ExerciseStatus::unavailable) {
        state.record(e, started);
      }
    }
    state.save();
  }
  return 0;
}

}  // namespace nnlab::tool
