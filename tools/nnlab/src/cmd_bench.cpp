// `bench`: build the bench programs, run solution and exercise programs interleaved, and
// turn their JSON into one markdown table (build/bench/results.md) and results.json.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "nnlab/tool/bench_report.hpp"
#include "nnlab/tool/bench_runner.hpp"
#include "nnlab/tool/build.hpp"
#include "nnlab/tool/commands.hpp"
#include "nnlab/tool/console.hpp"
#include "nnlab/tool/grade.hpp"
#include "nnlab/tool/process.hpp"

namespace nnlab::tool {
namespace {

namespace fs = std::filesystem;

/// The bench programs of `chapters` (all when empty) that the command selects.
std::vector<BenchEntry> select_programs(const Index& index, const std::vector<std::string>& chapters,
                                        const BenchCommand& cmd) {
  std::vector<BenchEntry> out;
  for (const auto& b : index.benches) {
    if (!chapters.empty() && std::find(chapters.begin(), chapters.end(), b.chapter) == chapters.end()) {
      continue;
    }
    if ((cmd.gpu_only && !b.gpu) || (cmd.cpu_only && b.gpu)) continue;
    out.push_back(b);
  }
  return out;
}

}  // namespace

int cmd_bench(const Context& ctx, const BenchCommand& cmd) {
  std::vector<std::string> chapters;
  for (const auto& c : cmd.chapters) {
    const auto chapter = resolve_chapter(ctx.index, c);
    if (chapter.empty()) {
      std::string valid;
      for (const auto& ch : ctx.index.chapters) valid += " " + ch.chapter;
      throw std::runtime_error(fmt::format("unknown chapter \"{}\"; chapters:{}", c, valid));
    }
    chapters.push_back(chapter);
  }
  if (ctx.index.benches.empty()) {
    fmt::print("This build has no bench programs. Configure it with benchmarks on:\n"
               "  cmake -S {} -B {} -DNNLAB_BUILD_BENCH=ON\n"
               "(Google Benchmark is the Debian package libbenchmark-dev; libtorch rows need "
               "libtorch-dev.)\n", ctx.root.string(), ctx.build_dir.string());
    return 1;
  }
  if (cmd.gpu_only && !ctx.index.cuda) {
    fmt::print("--gpu: this build has no CUDA (NNLAB_CUDA=OFF or no nvcc), so it has no GPU "
               "rows.\n");
    return 1;
  }
  std::vector<BenchEntry> programs = select_programs(ctx.index, chapters, cmd);
  if (programs.empty()) {
    fmt::print("No bench programs match (chapters: {}{}).\n",
               chapters.empty() ? std::string("all") : fmt::format("{}", fmt::join(chapters, " ")),
               cmd.gpu_only ? ", GPU only" : cmd.cpu_only ? ", CPU only" : "");
    return 1;
  }

  // Build: the solution programs first; a student's compile error must not cost the
  // reference rows, it only drops the student's.
  const fs::path dir = ctx.build_dir / "bench";
  std::vector<std::string> notes;
  std::set<std::string> dropped_variants;
  for (const std::string variant : {"solution", "exercise"}) {
    BuildOptions b;
    b.build_dir = ctx.build_dir;
    for (const auto& p : programs) {
      if (p.variant == variant) b.targets.push_back(p.target);
    }
    if (b.targets.empty()) continue;
    b.log = dir / fmt::format("build-{}.log", variant);
    b.root = ctx.root.string();
    progress_line(fmt::format("building the {} bench programs ...", variant));
    const auto built = build_targets(b);
    if (built.ok) continue;
    if (variant == "solution") {
      fmt::print("{} the solution bench programs did not build:\n{}full log: {}\n",
                 styled("build error:", Style::red), built.excerpt, built.log.string());
      return 1;
    }
    dropped_variants.insert(variant);
    notes.push_back(fmt::format("student rows missing: the exercise programs did not build "
                                "(`./nnlab grade` shows why; log: {})", built.log.string()));
  }
  // The build may have re-run CMake: take the paths from the index it wrote.
  try {
    const Index fresh = load_index(ctx.build_dir);
    programs = select_programs(fresh, chapters, cmd);
  } catch (const std::exception&) {
  }
  BenchRunOptions run;
  for (const auto& p : programs) {
    if (dropped_variants.count(p.variant)) continue;
    if (!cmd.filter.empty()) {  // leave out programs none of whose rows the filter selects
      try {
        if (list_rows(p.path, cmd.filter).empty()) continue;
      } catch (const std::exception&) {
        // run it anyway: the run reports what is wrong
      }
    }
    run.programs.push_back({p.path, fmt::format("{}.{}-{}", p.chapter, p.stem(), p.variant),
                            p.variant, p.gpu, cmd.filter});
  }
  if (run.programs.empty()) {
    fmt::print("No rows match --filter {} in the bench programs of {}.\n", cmd.filter,
               chapters.empty() ? std::string("any chapter") : fmt::format("{}", fmt::join(chapters, " ")));
    return 1;
  }
  run.rounds = std::max(1, cmd.rounds);
  run.min_time = cmd.min_time;
  run.work_dir = dir / "runs";
  run.threads = cmd.threads;
  run.progress = progress_line;
  const BenchRunResult result = run_benchmarks(run);
  for (const auto& p : result.problems) notes.push_back("a run failed: " + p);

  const auto rows = summarize(result.runs);
  const BenchMachine machine = describe_machine(result.runs);
  const bool has_gpu_programs = std::any_of(programs.begin(), programs.end(),
                                            [](const BenchEntry& p) { return p.gpu; });
  if (cmd.gpu_only && !machine.has_gpu) {
    notes.insert(notes.begin(), fmt::format("--gpu: {}: every GPU row was skipped", machine.gpu));
  } else if (!has_gpu_programs && !cmd.cpu_only) {
    notes.push_back(ctx.index.cuda ? "no GPU programs in the chapters chosen"
                                   : "no GPU rows: this build has no CUDA (NNLAB_CUDA=OFF or no nvcc)");
  }
  BenchReportOptions ro;
  ro.rounds = run.rounds;
  ro.min_time = run.min_time;
  ro.filter = cmd.filter;
  ro.notes = notes;
  ro.targets = bench_targets(result.runs);
  const std::string markdown = bench_markdown(machine, rows, ro);
  fmt::print("\n{}\n", markdown);
  write_text_file(dir / "results.md", markdown);
  write_text_file(dir / "results.json",
                  bench_results_json(machine, result.runs, rows, ro).dump(2) + "\n");
  fmt::print("table: {}\nraw results: {}\n", (dir / "results.md").string(),
             (dir / "results.json").string());
  const bool measured = std::any_of(rows.begin(), rows.end(), [](const BenchSummary& r) { return r.runs > 0; });
  return measured || (cmd.gpu_only && !machine.has_gpu) ? 0 : 1;
}

}  // namespace nnlab::tool
