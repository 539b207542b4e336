#include "nnlab/tool/perf.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "nnlab/tool/build.hpp"

namespace nnlab::tool {
namespace {

namespace fs = std::filesystem;

PerfScore base_score(const PerfSpec& spec) {
  PerfScore s;
  s.max_points = spec.points;
  s.max_ratio = spec.max_ratio;
  return s;
}

PerfScore not_graded(PerfScore s, std::string reason) {
  s.status = PerfStatus::not_graded;
  s.points = 0;
  s.reason = "not graded: " + std::move(reason);
  return s;
}

PerfScore withheld(PerfScore s, std::string reason) {
  s.status = PerfStatus::withheld;
  s.points = 0;
  s.reason = "withheld: " + std::move(reason);
  return s;
}

bool no_gpu(const std::string& error) { return error.rfind("no GPU", 0) == 0; }

/// A program that lists rows `op/implementation/...`, among `candidates`.
const BenchEntry* program_with(const std::vector<const BenchEntry*>& candidates,
                               const std::string& op, const std::string& implementation,
                               std::string& problems) {
  for (const auto* b : candidates) {
    try {
      if (!list_rows(b->path, row_filter(op, implementation)).empty()) return b;
    } catch (const std::exception& e) {
      problems += std::string(problems.empty() ? "" : "; ") + e.what();
    }
  }
  return nullptr;
}

BenchProgram program_of(const BenchEntry& b, const std::string& label) {
  return {b.path, label, b.variant, b.gpu, ""};
}

}  // namespace

std::optional<PerfSides> find_perf_sides(const Index& index, const std::string& chapter,
                                         const PerfSpec& spec, const std::string& variant,
                                         std::string& why) {
  const auto solution = index.benches_of(chapter, "solution");
  const auto graded = index.benches_of(chapter, variant);
  if (solution.empty() || graded.empty()) {
    why = index.benches.empty()
              ? "this build has no bench programs (configure with -DNNLAB_BUILD_BENCH=ON; "
                "Debian package libbenchmark-dev)"
              : fmt::format("{} has no bench programs of the {} and solution variants", chapter,
                            variant);
    return std::nullopt;
  }
  PerfSides sides;
  sides.student_implementation = variant == "solution" ? "reference" : "student";
  std::string problems;
  const auto* ref = program_with(solution, spec.benchmark, "reference", problems);
  const auto* stu = program_with(graded, spec.benchmark, sides.student_implementation, problems);
  if (!ref || !stu) {
    why = fmt::format("no bench program of {} has rows {}/{}/...{}{}", chapter, spec.benchmark,
                      !ref ? "reference" : sides.student_implementation,
                      index.cuda ? "" : " (this build has no CUDA: GPU programs are not built)",
                      problems.empty() ? "" : ": " + problems);
    return std::nullopt;
  }
  sides.reference = program_of(*ref, "perf-reference");
  sides.student = program_of(*stu, "perf-" + variant);
  return sides;
}

PerfScore grade_perf(const PerfSpec& spec, ExerciseStatus correctness,
                     const std::optional<PerfSides>& sides, const PerfOptions& o,
                     const std::string& why_no_sides) {
  PerfScore s = base_score(spec);
  if (correctness == ExerciseStatus::skipped) {
    return not_graded(s, "its correctness tests were skipped");
  }
  if (correctness != ExerciseStatus::passed) {
    return withheld(s, fmt::format("its correctness tests do not all pass ({})",
                                   to_string(correctness)));
  }
  if (!sides) return not_graded(s, why_no_sides.empty() ? "no bench programs" : why_no_sides);

  // The size: the manifest's, else the largest both sides have.
  std::vector<RowName> ref_rows, stu_rows;
  try {
    ref_rows = list_rows(sides->reference.path, row_filter(spec.benchmark, "reference"));
    stu_rows = list_rows(sides->student.path,
                         row_filter(spec.benchmark, sides->student_implementation));
  } catch (const std::exception& e) {
    return not_graded(s, e.what());
  }
  std::set<std::string> ref_sizes;
  for (const auto& r : ref_rows) ref_sizes.insert(r.size);
  std::string size;
  for (const auto& r : stu_rows) {
    if (!ref_sizes.count(r.size)) continue;
    if (!spec.size.empty()) {
      if (r.size == spec.size) size = r.size;
    } else if (size.empty() || size_volume(r.size) > size_volume(size)) {
      size = r.size;
    }
  }
  if (size.empty()) {
    return not_graded(s, spec.size.empty()
                             ? fmt::format("no size has both {}/reference and {}/{} rows",
                                           spec.benchmark, spec.benchmark,
                                           sides->student_implementation)
                             : fmt::format("no {} rows of size {}", spec.benchmark, spec.size));
  }
  const RowName ref_id{spec.benchmark, "reference", size};
  const RowName stu_id{spec.benchmark, sides->student_implementation, size};
  s.reference_row = ref_id.str();
  s.row = stu_id.str();

  BenchRunOptions run;
  run.programs = {sides->reference, sides->student};
  run.programs[0].filter = row_filter(spec.benchmark, "reference", size);
  run.programs[1].filter = row_filter(spec.benchmark, sides->student_implementation, size);
  run.rounds = o.rounds;
  run.min_time = o.min_time;
  run.work_dir = o.work_dir;
  run.timeout_s = o.timeout_s;
  run.threads = o.threads;
  run.progress = o.progress;
  const auto result = run_benchmarks(run);

  std::vector<double> ref_times, stu_times;
  std::string ref_error, stu_error;
  for (const auto& r : result.runs) {
    const bool reference_side = r.program == sides->reference.label;
    const RowName& want = reference_side ? ref_id : stu_id;
    for (const auto& row : r.rows) {
      if (row.id.str() != want.str()) continue;
      if (row.error) {
        (reference_side ? ref_error : stu_error) = row.error_message;
      } else {
        (reference_side ? ref_times : stu_times).push_back(row.seconds);
      }
    }
  }
  if (stu_times.empty() && !stu_error.empty()) {
    if (no_gpu(stu_error)) return not_graded(s, stu_error);
    return withheld(s, fmt::format("the benchmark row {} failed: {}", s.row, stu_error));
  }
  if (ref_times.empty() && !ref_error.empty()) {
    return not_graded(s, fmt::format("the reference row {} failed: {}", s.reference_row,
                                     ref_error));
  }
  if (ref_times.empty() || stu_times.empty()) {
    std::string problems;
    for (const auto& p : result.problems) problems += "\n" + p;
    return not_graded(s, "the benchmark runs produced no times" + problems);
  }
  s.runs = static_cast<int>(std::min(ref_times.size(), stu_times.size()));
  s.reference_seconds = median(ref_times);
  s.student_seconds = median(stu_times);
  s.ratio = s.student_seconds / s.reference_seconds;
  const std::string measured = fmt::format(
      "{:.2f}x the reference's time (limit {:g}x): {} against {} on {} {}, medians of {} "
      "interleaved runs", s.ratio, s.max_ratio, format_seconds(s.student_seconds),
      format_seconds(s.reference_seconds), spec.benchmark, format_size(size), s.runs);
  if (s.ratio <= s.max_ratio) {
    s.status = PerfStatus::awarded;
    s.points = s.max_points;
    s.reason = "awarded: " + measured;
  } else {
    s.status = PerfStatus::too_slow;
    s.points = 0;
    s.reason = "too slow: " + measured;
  }
  return s;
}

void grade_performance(GradeReport& report, const Index& index, const fs::path& build_dir,
                       const fs::path& root, const PerfOptions& options) {
  PerfOptions o = options;
  if (o.work_dir.empty()) o.work_dir = build_dir / "grade" / "perf";
  for (auto& chapter : report.chapters) {
    const Manifest manifest = load_manifest(root, chapter.chapter);
    std::vector<ExerciseResult*> todo;
    for (auto& e : chapter.exercises) {
      const auto* ex = manifest.find(e.id);
      if (ex && ex->perf) todo.push_back(&e);
    }
    if (todo.empty()) continue;

    // Build the chapter's bench programs, unless no exercise needs a measurement.
    const bool any_passed = std::any_of(todo.begin(), todo.end(), [](const ExerciseResult* e) {
      return e->status == ExerciseStatus::passed;
    });
    std::string build_problem;
    const auto programs = index.benches_of(chapter.chapter);
    if (any_passed && !programs.empty()) {
      BuildOptions b;
      b.build_dir = build_dir;
      for (const auto* p : programs) b.targets.push_back(p->target);
      b.log = o.work_dir / fmt::format("build-bench-{}.log", chapter.chapter);
      b.jobs = o.build_jobs;
      b.root = root.string();
      if (o.progress) o.progress(fmt::format("building the bench programs of {} ...", chapter.chapter));
      const auto built = build_targets(b);
      if (!built.ok) {
        build_problem = "the bench programs did not build:\n" + built.excerpt;
      }
    }
    for (auto* e : todo) {
      const PerfSpec& spec = *manifest.find(e->id)->perf;
      if (e->status != ExerciseStatus::passed || !build_problem.empty()) {
        PerfScore s = grade_perf(spec, e->status, std::nullopt, o, build_problem);
        e->perf = s;
        continue;
      }
      std::string why;
      const auto sides = find_perf_sides(index, chapter.chapter, spec, o.variant, why);
      if (o.progress) o.progress(fmt::format("measuring {} ({}) ...", e->id, spec.benchmark));
      PerfOptions one = o;
      one.work_dir = o.work_dir / e->id;
      e->perf = grade_perf(spec, e->status, sides, one, why);
      if (o.progress) o.progress(fmt::format("{} performance: {}", e->id, e->perf->reason));
    }
  }
}

}  // namespace nnlab::tool
