#include <ctime>

#include <fmt/format.h>

#include "nnlab/tool/commands.hpp"
#include "nnlab/tool/console.hpp"
#include "nnlab/tool/grade.hpp"
#include "nnlab/tool/parallel.hpp"
#include "nnlab/tool/process.hpp"
#include "nnlab/tool/report.hpp"

namespace nnlab::tool {

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
  const GradeReport report = grade(ctx.index, ctx.build_dir, ctx.root, o);

  // The table.
  Table table({"chapter", "id", "title", "points", "status"});
  table.align_right(3);
  int unavailable = 0, skipped = 0, build_errors = 0;
  for (const auto& c : report.chapters) {
    for (const auto& e : c.exercises) {
      table.add({c.chapter, e.id, e.title, fmt::format("{:g}/{:g}", e.points, e.max_points),
                 styled(to_string(e.status), style_of(e.status))});
      unavailable += e.status == ExerciseStatus::unavailable;
      build_errors += e.status == ExerciseStatus::build_error;
      for (const auto& t : e.tests) skipped += t.result.status == TestStatus::skipped;
    }
  }
  const Totals tot = totals(report.all_exercises());
  table.rule();
  table.add({"total", "", fmt::format("{} of {} exercises passed", tot.passed, tot.exercises),
             fmt::format("{:g}/{:g}", tot.points, tot.max_points),
             styled(fmt::format("{:.1f}%", tot.percentage()), Style::bold)});
  fmt::print("\n{}", table.render());
  fmt::print("({} variant, {:.0f} s)\n", report.variant, report.seconds);

  // Notes under the table.
  if (unavailable > 0) {
    fmt::print("{} exercise(s) are unavailable in this build (e.g. CUDA exercises without nvcc): "
               "they count 0 of their points.\n", unavailable);
  }
  if (skipped > 0) {
    fmt::print("{} test(s) were skipped (e.g. GPU tests without a GPU) and earn no points.\n",
               skipped);
  }
  for (const auto& c : report.chapters) {
    if (!c.build_ok) {
      fmt::print("\n{} {} did not compile; first errors:\n{}full log: {}\n",
                 styled("build error:", Style::red), c.chapter, c.build.excerpt,
                 c.build.log.string());
    }
    for (const auto& w : c.warnings) fmt::print("warning: {}\n", w);
  }
  if (build_errors == 0 && tot.passed < tot.exercises) {
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
